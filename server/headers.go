package server

import (
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"

	"tietopankki/generator"
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

// AttachmentCSP is the policy of every file of a build that is not a page
// or the service worker: above all the files copied from content/ (images,
// SVG, and anything a mentor's pull request slipped past the build's
// allow-list). The file, opened on its own, is a sandboxed document (an
// opaque origin: no script, no forms, no pop-ups) that may show only its
// own inline style and images, so that even a file with a script in it
// cannot run it on the site's origin. Browsers ignore the CSP of styles,
// scripts, images and fetched JSON, so the theme's assets and the search
// export work the same with it; only documents and workers obey it.
const AttachmentCSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; " +
	"frame-ancestors 'none'"

// PDFCSP is the policy of PDFs: no sandbox, since the browsers' PDF
// viewers refuse to open in a sandboxed frame (Chrome shows "This page has
// been blocked", Firefox falls back to a download link) and Chrome did so
// in sandboxed documents too, but no script of the site's origin either.
// The viewers run apart from the page (Chrome: an extension frame of its
// own origin, Firefox: a privileged document), with PDF scripting
// isolated; the document around the viewer may run no script, load
// nothing but the PDF itself (object-src, which older Chrome applies to
// its internal <embed>) and use only inline style. X-Content-Type-Options:
// nosniff keeps a ".pdf" with HTML in it from being rendered as HTML.
const PDFCSP = "default-src 'none'; script-src 'none'; object-src 'self'; style-src 'unsafe-inline'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// FileCSP returns the Content-Security-Policy of the build's file at rel
// (relative to the site's root): ContentSecurityPolicy for pages (every
// page is a folder's index.html, or 404.html) and for the service worker
// (a worker obeys the CSP of its own script: a sandbox would stop it from
// caching the site for offline use), PDFCSP for PDFs, AttachmentCSP for
// everything else. Both servers set it on every file they serve; Netlify
// gets it from netlify.toml's rules by extension and from the _headers
// file that the build writes (NetlifyHeaders).
func FileCSP(rel string) string {
	switch {
	case path.Base(rel) == "index.html" || rel == "404.html" || rel == generator.ServiceWorker:
		return ContentSecurityPolicy
	case strings.EqualFold(path.Ext(rel), ".pdf"):
		return PDFCSP
	}
	return AttachmentCSP
}

// NetlifyHeadersFile is the file of the publish folder where Netlify reads
// header rules besides netlify.toml's.
const NetlifyHeadersFile = "_headers"

// NetlifyHeaders returns a _headers file that gives each of files (the
// files a build copied from content/, relative to the site's root) its
// FileCSP. netlify.toml sets the same policy by extension for the types
// the build publishes; this list also covers a file of any other type, in
// case one gets through. A name that Netlify would read as a pattern (a
// "*", a segment starting with ":") or that breaks the file's lines cannot
// be listed, and is an error.
func NetlifyHeaders(files []string) ([]byte, error) {
	var b strings.Builder
	b.WriteString("# Written by `tietopankki build`: the files copied from content/ may run no script (server.FileCSP).\n")
	for _, f := range files {
		if strings.ContainsAny(f, "*\r\n") || strings.HasPrefix(f, ":") || strings.Contains(f, "/:") ||
			strings.TrimSpace(f) != f || strings.Contains(f, " /") || strings.Contains(f, "/ ") {
			return nil, fmt.Errorf("%s: Netlify's %s cannot name this file; rename it (letters, digits, - and _)", f, NetlifyHeadersFile)
		}
		fmt.Fprintf(&b, "/%s\n  Content-Security-Policy: %s\n", f, FileCSP(f))
	}
	return []byte(b.String()), nil
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
// content hashes ("search-index/t/n3eavlrm.json.gz"; the export's entry.json,
// beside the folders, changes with every build). netlify.toml cannot look
// at names, so a test checks that every file under assets/ is fingerprinted.
func Fingerprinted(rel string) bool {
	if rest, ok := strings.CutPrefix(rel, search.ExportDir+"/"); ok {
		return strings.Contains(rest, "/")
	}
	return strings.HasPrefix(rel, ImmutablePrefix) && fingerprint.MatchString(path.Base(rel))
}
