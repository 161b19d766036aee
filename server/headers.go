package server

import "net/http"

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
