// Package offline holds the real-browser tests of search and reading with
// no server at all: the tests' knowledge bank (testdata/content) is built
// with the tietopankki binary and served by a plain static file server (no
// search API, as on IIS, nginx or S3), and Debian's Chromium, driven headless with
// chromedp, searches it as you type and on the results page with the
// static export (search-index/, themes/default/assets/search-static.js),
// then goes offline after the service worker (sw.js) is active and reads
// an opened card and searches again.
//
// TestStaticFigures (TIETOPANKKI_STATIC_FIGURES=1) measures the bytes a
// first and a later query transfer at 1,000 and 10,000 synthetic cards,
// side by side with Hugo + Pagefind on the same cards, and the time from
// the keystroke to the first result on a 10,000-card site: the figures of
// docs/benchmarks-static.md.
//
// Without a Chromium binary the tests skip, unless
// TIETOPANKKI_REQUIRE_BROWSER=1, which makes them fail instead.
package offline
