// Package browser holds the real-browser tests of the site: they build the
// tests' knowledge bank (testdata/content, a frozen snapshot of the sample
// content: internal/testcontent), serve it on a loopback port with the dev
// server's handler, and drive Debian's Chromium headless with chromedp
// through the one harness of the browser tests, internal/browsertest.
//
// The tests check what a person meets on a ward PC or a phone: WCAG 2.1 A and
// AA with axe-core (the npm package pinned in the repository's package.json,
// installed by `npm ci`), keyboard use of the search, the search UI against
// the API, learning-path progress, the phone layout and tap targets, print,
// and the page weight of docs/benchmarks-browser.md. TestScreenshots checks
// and writes screenshots of every page type, into $TIETOPANKKI_SCREENSHOTS
// when it names a folder. BenchmarkFirstSuggestion measures the time to the first
// search suggestion (timing is measured in benchmarks, never asserted in a
// test).
//
// Without a Chromium binary the tests skip, unless TIETOPANKKI_REQUIRE_BROWSER=1
// (set by .ci/run), which makes them fail instead.
package browser
