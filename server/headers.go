package server

import (
	"net/http"
	"path"
	"regexp"
	"strings"
	"tietopankki/search"
)

// ContentSecurityPolicy allows only the site's own files: no inline
// script or style, no other origins, no framing. The theme is built for it.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders are set on every response of every server of the site;
// netlify.toml sets the same on Netlify's static files (a test keeps the
// two equal).
func SecurityHeaders() http.Header {
	return http.Header{
		"Content-Security-Policy":    {ContentSecurityPolicy},
		"X-Content-Type-Options":     {"nosniff"},
		"Referrer-Policy":            {"same-origin"},
		"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
		"X-Frame-Options":            {"DENY"},
		"Cross-Origin-Opener-Policy": {"same-origin"},
	}
}

// SetHeaders copies h into w's headers.
func SetHeaders(w http.ResponseWriter, h http.Header) {
	for k, v := range h {
		w.Header()[k] = v
	}
}

// Cache-Control values of static files, the same here and in netlify.toml.
const (
	// ImmutablePrefix is the folder, relative to the site's root, whose
	// files have content hashes in their names (app.3f9c1e2a07.css).
	ImmutablePrefix = "assets/"
	// CacheImmutable is for files under ImmutablePrefix: a new version has
	// a new name, so browsers keep them for a year without asking.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheRevalidate is for pages and every other file: browsers may keep
	// them but ask (with ETag/Last-Modified) before each use.
	CacheRevalidate = "public, max-age=0, must-revalidate"
)

var fingerprint = regexp.MustCompile(`^[^/]+\.[0-9a-f]{8,}\.[0-9A-Za-z]+$`)

// Fingerprinted reports whether the file at rel (relative to the site's
// root) may be cached as immutable: it is under ImmutablePrefix and has a
// content hash in its name ("assets/app.3f9c1e2a07.css"), or it is a file
// of the static search export in one of its folders, whose names are all
// content hashes ("search-index/t/n3eavlrm.json"; the export's entry.json,
// beside the folders, changes with every build). netlify.toml cannot look
// at names, so a test checks that every file under assets/ is fingerprinted.
func Fingerprinted(rel string) bool {
	if rest, ok := strings.CutPrefix(rel, search.ExportDir+"/"); ok {
		return strings.Contains(rest, "/")
	}
	return strings.HasPrefix(rel, ImmutablePrefix) && fingerprint.MatchString(path.Base(rel))
}
