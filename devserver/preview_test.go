package devserver

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/internal/testwait"
)

// smallContent is a content folder of its own (the sample content is the
// mentors' and may change): one tool, a published card and a draft.
var smallContent = map[string]string{
	"site.yaml": "title: Testipankki\nlanguage: fi\nbaseURL: https://tietopankki.example.fi/\nhelp:\n  name: Digimentorit\n" +
		"segments:\n  - id: alkava\n    name: Alkava\nareas:\n  - id: terveys\n    name: Terveys\n",
	"tools/teams/_index.md": "---\ntitle: Teams\npurpose: Teamsilla pidät kokouksia.\n---\nTeams on viestintätyökalu.\n",
	"tools/teams/liity.md":  card("Liity kokoukseen", "Avaa kalenteri ja valitse kokous."),
	"tools/teams/luonnos.md": "---\ntitle: Soita puhelu\nsummary: Näin soitat.\ndraft: true\n---\n" +
		"Avaa Teams ja valitse puhelu.\n\n![Soita-painike](luonnos/soita.svg)\n",
	"tools/teams/luonnos/soita.svg": `<svg xmlns="http://www.w3.org/2000/svg"/>`,
}

// syncBuffer is a log that tests read while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// previewFixture is a fixture without the watcher, with its log.
type previewFixture struct {
	*fixture
	log *syncBuffer
}

// startPreview writes files into a temp content folder and serves it
// without the watcher: tests call Changed as the watcher would.
func startPreview(tb testing.TB, files map[string]string, opts ...generator.LoadOption) *previewFixture {
	tb.Helper()
	f := &previewFixture{fixture: &fixture{dir: filepath.Join(tb.TempDir(), "content")}, log: &syncBuffer{}}
	for name, data := range files {
		f.write(tb, name, data)
	}
	load := func(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
		return generator.LoadSite(content, "", opts...)
	}
	srv, err := New(f.dir, "", load, f.log, i18n.MustGet("fi"))
	if err != nil {
		tb.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	events, stop := srv.Subscribe()
	tb.Cleanup(func() {
		stop()
		hs.Close()
		srv.Close()
	})
	f.srv, f.http, f.events = srv, hs, events
	return f
}

func (f *previewFixture) path(rel string) string {
	return filepath.Join(f.dir, filepath.FromSlash(rel))
}

// next returns the next event; Changed sends it before it returns.
func (f *previewFixture) next(tb testing.TB) string {
	tb.Helper()
	select {
	case e := <-f.events:
		return e
	case <-time.After(testwait.Deadline):
		tb.Fatalf("no event within %v; log:\n%s", testwait.Deadline, f.log.String())
	}
	return ""
}

// TestServeShowsDrafts: the preview shows a draft with its banner and its
// picture, and finds it in search; --drafts=false (no WithDrafts) hides it.
func TestServeShowsDrafts(t *testing.T) {
	f := startPreview(t, smallContent, generator.WithDrafts)
	code, body := f.get(t, "/tools/teams/luonnos/")
	if code != 200 || !strings.Contains(body, `<p class="draft-banner">Luonnos – ei vielä julkaistu</p>`) {
		t.Fatalf("draft page: %d, banner: %v", code, strings.Contains(body, "draft-banner"))
	}
	if code, _ := f.get(t, "/tools/teams/luonnos/soita.svg"); code != 200 {
		t.Errorf("the draft's picture: %d", code)
	}
	if _, tool := f.get(t, "/tools/teams/"); !strings.Contains(tool, "Soita puhelu") {
		t.Error("the tool page does not list the draft")
	}
	if _, sitemap := f.get(t, "/sitemap.xml"); strings.Contains(sitemap, "luonnos") {
		t.Error("the preview's sitemap names the draft")
	}
	if ids := f.searchIDs(t, "puhelu"); !slices.Contains(ids, "teams/luonnos") {
		t.Errorf("search does not find the draft: %v", ids)
	}

	// A new draft, as `new card` writes it, shows after the change.
	f.write(t, "tools/teams/uusi.md", "---\ntitle: Uusi kortti\nsummary: "+generator.Placeholders.CardSummary+"\ndraft: true\n---\nTeksti.\n")
	f.srv.Changed([]string{f.path("tools/teams/uusi.md")})
	if e := f.next(t); e != "reload" {
		t.Fatalf("event %q after a new draft, want reload", e)
	}
	if code, body := f.get(t, "/tools/teams/uusi/"); code != 200 || !strings.Contains(body, "draft-banner") {
		t.Errorf("new draft: %d", code)
	}

	hidden := startPreview(t, smallContent)
	if code, _ := hidden.get(t, "/tools/teams/luonnos/"); code != 404 {
		t.Errorf("--drafts=false: the draft answers %d, want 404", code)
	}
	if _, tool := hidden.get(t, "/tools/teams/"); strings.Contains(tool, "Soita puhelu") {
		t.Error("--drafts=false: the tool page lists the draft")
	}
}

// TestStartupErrorsAreTheOverlay: when the content has errors from the
// start, every page is the same Finnish overlay that later errors show,
// and the event stream sends the same lines.
func TestStartupErrorsAreTheOverlay(t *testing.T) {
	f := startPreview(t, map[string]string{
		"site.yaml":             smallContent["site.yaml"],
		"tools/teams/_index.md": smallContent["tools/teams/_index.md"],
		"tools/teams/liity.md":  "---\ntitle: Teams: liity\nsummary: Näin liityt.\n---\nTeksti.\n",
	})
	code, body := f.get(t, "/tools/teams/liity/")
	want := filepath.ToSlash(f.dir) + `/tools/teams/liity.md:2:8: title: tekstissä on kaksoispiste (:), ja se sekoittaa tiedot (lisää otsikon ympärille lainausmerkit: title: &#34;Teams: liity&#34;)`
	for _, part := range []string{
		`<html lang="fi">`,
		`<title>Sivua ei voitu päivittää. Korjaa nämä virheet.</title>`,
		`<link rel="stylesheet" href="/_tietopankki/overlay.css">`,
		`<script src="/_tietopankki/reload.js" defer></script>`,
		`<div class="dev-overlay" role="alertdialog" aria-modal="true" aria-labelledby="dev-overlay-title" tabindex="-1">`,
		`<h1 id="dev-overlay-title">Sivua ei voitu päivittää. Korjaa nämä virheet.</h1>`,
		"<li><pre>" + want + "</pre></li>",
	} {
		if !strings.Contains(body, part) {
			t.Errorf("the startup error page has no %s:\n%s", part, body)
		}
	}
	if code != 500 || strings.Contains(body, `lang="en"`) || strings.Contains(body, "style=") {
		t.Errorf("status %d; the page must be Finnish and styled by overlay.css only", code)
	}
	// The stream's first event is the same overlay.
	st := f.srv.current()
	var data struct {
		Title  string
		Errors []string
	}
	if err := json.Unmarshal([]byte(f.srv.overlay(st.errors)), &data); err != nil {
		t.Fatal(err)
	}
	if data.Title != "Sivua ei voitu päivittää. Korjaa nämä virheet." || len(data.Errors) != 1 ||
		data.Errors[0] != strings.ReplaceAll(want, "&#34;", `"`) {
		t.Errorf("overlay event: %+v", data)
	}
	if code, css := f.get(t, "/_tietopankki/overlay.css"); code != 200 || !strings.Contains(css, ".dev-overlay") {
		t.Errorf("overlay.css: %d", code)
	}
}

// TestTruncateThenWriteIsOneSave: an editor that empties a file and then
// writes it causes one rebuild and no false "no front matter" error; each
// error is logged once.
func TestTruncateThenWriteIsOneSave(t *testing.T) {
	f := startPreview(t, smallContent)
	liity := f.path("tools/teams/liity.md")

	f.write(t, "tools/teams/liity.md", "") // the editor truncates...
	f.srv.Changed([]string{liity})
	if got := f.srv.Held(); len(got) != 1 || got[0] != liity {
		t.Fatalf("held %v, want the emptied file", got)
	}
	f.write(t, "tools/teams/liity.md", card("Liity ajoissa", "Uusi teksti.")) // ...and writes
	f.srv.Changed([]string{liity})
	if e := f.next(t); e != "reload" {
		t.Fatalf("first event %q, want reload (no errors in between)", e)
	}
	if _, body := f.get(t, "/tools/teams/liity/"); !strings.Contains(body, "Liity ajoissa") {
		t.Error("the save was not applied")
	}
	if log := f.log.String(); strings.Contains(log, "alkutiedot") {
		t.Errorf("a false error was logged:\n%s", log)
	}

	// A file emptied for real is reported once the editor has had its time.
	f.write(t, "tools/teams/liity.md", "")
	for range HoldRounds + 1 {
		f.srv.Changed([]string{liity})
	}
	if e := f.next(t); e != "errors" {
		t.Fatalf("event %q for an emptied file, want errors\n%s", e, f.log.String())
	}
	if len(f.srv.Held()) != 0 {
		t.Errorf("still held: %v", f.srv.Held())
	}
	// Saved again unchanged, the error is not logged twice.
	f.srv.Changed([]string{liity})
	if e := f.next(t); e != "errors" {
		t.Fatalf("event %q, want errors", e)
	}
	if n := strings.Count(f.log.String(), "tiedoston alusta puuttuvat alkutiedot"); n != 1 {
		t.Errorf("the error was logged %d times, want once:\n%s", n, f.log.String())
	}
}
