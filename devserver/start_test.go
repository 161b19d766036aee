package devserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"tietopankki/i18n"
	"tietopankki/internal/testcontent"
	"tietopankki/internal/testwait"
)

// startHeld starts a server on a copy of the tests' knowledge bank with
// its build held back by h until gate is closed, and serves it without the
// watcher. release closes gate; it is called before the server closes.
func startHeld(t *testing.T, h hooks, gate chan struct{}) (f *fixture, release func()) {
	t.Helper()
	dir := testcontent.Fixture(t)
	srv := newServer(dir, "", loader, io.Discard, i18n.MustGet("fi"))
	srv.hooks = h
	if err := srv.start(); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	events, stop := srv.Subscribe()
	release = sync.OnceFunc(func() { close(gate) })
	t.Cleanup(func() {
		release()
		stop()
		hs.Close()
		srv.Close()
	})
	return &fixture{dir: dir, srv: srv, http: hs, events: events}, release
}

// TestFirstPageBeforeTheRest: New returns once the first page is written;
// a page asked for before it is written is answered with the page once it
// is (not 404), a change made meanwhile is applied after the build, and a
// page that does not exist is 404 once every page is written.
func TestFirstPageBeforeTheRest(t *testing.T) {
	const held = "tools/teams/index.html"
	gate := make(chan struct{})
	f, release := startHeld(t, hooks{write: func(rel string) {
		if rel == held {
			<-gate
		}
	}}, gate)
	if _, ok := f.srv.current().out.File(held); ok {
		t.Fatal("the held page is written")
	}
	if code, body := f.get(t, "/"); code != 200 || !strings.Contains(body, "<main") {
		t.Fatalf("the first page: %d", code)
	}

	type answer struct {
		code int
		body string
	}
	answered := make(chan answer, 1)
	go func() {
		res, err := http.Get(f.http.URL + "/tools/teams/")
		if err != nil {
			answered <- answer{0, err.Error()}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		answered <- answer{res.StatusCode, string(b)}
	}()
	testwait.Until(t, "the request to wait for its page", func() bool { return f.srv.current().out.waiting.Load() > 0 || len(answered) > 0 })
	select {
	case a := <-answered:
		t.Fatalf("/tools/teams/ answered %d before its page was written", a.code)
	default:
	}

	// A change while the build renders: applied once it has.
	f.write(t, "tools/teams/jaa-naytto.md", strings.Replace(readFile(t, filepath.Join(f.dir, "tools/teams/jaa-naytto.md")),
		"Kun jaat näyttösi", "Kun jaat kaleidoskooppisi", 1))
	changed := make(chan struct{})
	go func() {
		f.srv.Changed([]string{filepath.Join(f.dir, "tools/teams/jaa-naytto.md")})
		close(changed)
	}()

	release()
	a := testwait.For(t, "the answer for /tools/teams/", answered)
	if a.code != 200 || !strings.Contains(a.body, "Jaa näyttösi kokouksessa") {
		t.Errorf("/tools/teams/ while it was rendered: %d, lists its cards: %v", a.code, strings.Contains(a.body, "Jaa näyttösi kokouksessa"))
	}
	testwait.For(t, "Changed", changed)
	f.wait(t, "reload")
	if _, body := f.get(t, "/tools/teams/jaa-naytto/"); !strings.Contains(body, "kaleidoskooppisi") {
		t.Error("the change made while the site was rendered is not on its page")
	}
	if code, body := f.get(t, "/ei-tallaista/"); code != 404 || !strings.Contains(body, "<main") {
		t.Errorf("a page that does not exist: %d, the site's 404 page: %v", code, strings.Contains(body, "<main"))
	}
}

// TestSearchWhileIndexing: until the index is built, the API answers 503
// with Retry-After and the catalogue's Finnish words, and the results page
// is the site's page with the form and the same words; changes made
// meanwhile are in the index once it answers.
func TestSearchWhileIndexing(t *testing.T) {
	gate := make(chan struct{})
	f, release := startHeld(t, hooks{index: gate}, gate)
	building := i18n.MustGet("fi").T("search.building")

	res, err := http.Get(f.http.URL + "/api/search?q=teams")
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Error string }
	err = json.NewDecoder(res.Body).Decode(&answer)
	res.Body.Close()
	if err != nil || res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || answer.Error != building ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("API while indexing: %d, Retry-After %q, %q, error %q (%v); want 503, Retry-After, JSON, %q",
			res.StatusCode, res.Header.Get("Retry-After"), res.Header.Get("Content-Type"), answer.Error, err, building)
	}
	code, page := f.get(t, "/search/?q=kaleidoskooppi&tool=teams")
	for _, want := range []string{`<p class="error-text" role="alert">` + building + `</p>`, `id="search-form"`,
		`value="kaleidoskooppi"`, `<option value="teams" selected>`, `/_tietopankki/reload.js`} {
		if !strings.Contains(page, want) {
			t.Errorf("results page while indexing: no %s", want)
		}
	}
	if code != 503 {
		t.Errorf("results page while indexing: %d, want 503", code)
	}

	// Changes while the index is built: a card gets a word, another card
	// goes, and a new card comes and goes again (in that order).
	file := filepath.Join(f.dir, "tools/teams/jaa-naytto.md")
	f.write(t, "tools/teams/jaa-naytto.md", readFile(t, file)+"\nKaleidoskooppi näyttää kuvion.\n")
	f.srv.Changed([]string{file})
	f.wait(t, "reload")
	gone := filepath.Join(f.dir, "tools/hyvis/laheta-e-kirje.md")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	f.srv.Changed([]string{gone})
	f.wait(t, "reload")
	brief := filepath.Join(f.dir, "tools/teams/lyhyt.md")
	f.write(t, "tools/teams/lyhyt.md", card("Lyhyt kortti", "Zeppeliini lentää."))
	f.srv.Changed([]string{brief})
	f.wait(t, "reload")
	if err := os.Remove(brief); err != nil {
		t.Fatal(err)
	}
	f.srv.Changed([]string{brief})
	f.wait(t, "reload")

	release()
	if ids := f.searchIDs(t, "kaleidoskooppi"); !slices.Equal(ids, []string{"teams/jaa-naytto"}) {
		t.Errorf("a word added while indexing finds %v, want [teams/jaa-naytto]", ids)
	}
	if ids := f.searchIDs(t, "e-kirje"); slices.Contains(ids, "hyvis/laheta-e-kirje") {
		t.Errorf("a card deleted while indexing is still found: %v", ids)
	}
	if ids := f.searchIDs(t, "zeppeliini"); len(ids) != 0 {
		t.Errorf("a card added and deleted while indexing is found: %v", ids)
	}
	if code, page := f.get(t, "/search/?q=kaleidoskooppi"); code != 200 || !strings.Contains(page, "Jaa näyttösi kokouksessa") {
		t.Errorf("results page once indexed: %d, finds the card: %v", code, strings.Contains(page, "Jaa näyttösi kokouksessa"))
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
