// Package server serves a built site: the production server behind
// `tietopankki serve --production`, and the security headers every server
// of the site sends.
package server
