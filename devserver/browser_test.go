package devserver

import (
	"strings"
	"testing"

	"tietopankki/internal/browsertest"
	"tietopankki/internal/testwait"
)

// TestSearchBoxWhileIndexing, in a real browser: a page opened while the
// index is built searches, is told that search is not ready (no script
// error), and searches through the API once the index answers: its 503
// does not turn the page to the static index for good (the dev server has
// none).
func TestSearchBoxWhileIndexing(t *testing.T) {
	chromium := browsertest.FindChromium()
	if chromium == "" {
		browsertest.Need(t, browsertest.NoChromium)
	}
	gate := make(chan struct{})
	f, release := startHeld(t, hooks{index: gate}, gate)
	browser, stop, err := browsertest.Start(chromium)
	if err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	defer stop()
	tb := browsertest.OpenTab(t, browser, f.http.URL)
	tb.Open("/")
	search := `window.Tietopankki.search("teams", 5).then(function (r) { return "found " + r.length; }, function () { return "failed"; })`
	if got := browsertest.Eval[string](tb, search); got != "failed" {
		t.Errorf("a search while the index is built: %s, want failed", got)
	}
	release()
	testwait.For(t, "the search index", f.srv.Indexed())
	if got := browsertest.Eval[string](tb, search); got == "failed" || got == "found 0" {
		t.Errorf("a search on the same page once the index answers: %s, want results", got)
	}
	if errs := tb.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %s", strings.Join(errs, "; "))
	}
}
