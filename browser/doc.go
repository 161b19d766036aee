// Package browser holds the real-browser tests of the site: they build the
// sample knowledge bank in content/, serve it on a loopback port with the
// dev server's handler, and drive Debian's Chromium headless with chromedp.
//
// The tests check what a person meets on a ward PC or a phone: WCAG 2.1 A and
// AA with axe-core (the npm package pinned in the repository's package.json,
// installed by `npm ci`), keyboard use of the search, the search UI against
// the API, learning-path progress, the phone layout and tap targets, print,
// and the figures in docs/benchmarks-browser.md (page weight, time to the
// first search suggestion). They write screenshots of every page type under
// the folder they print.
//
// Without a Chromium binary the tests skip, unless TIETOPANKKI_REQUIRE_BROWSER=1
// (set by .ci/run), which makes them fail instead.
package browser
