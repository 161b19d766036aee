package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/internal/testcontent"
	"tietopankki/internal/testwait"
)

func loader(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
	return generator.LoadSite(content, "") // the built-in theme
}

type fixture struct {
	dir    string
	srv    *Server
	http   *httptest.Server
	events <-chan string
}

// start copies the tests' knowledge bank (testcontent.Fixture) into a
// temporary folder, builds it, serves it, and watches it: it returns once
// the watcher watches every folder, so that every change the test makes
// is seen.
func start(tb testing.TB) *fixture {
	tb.Helper()
	dir := testcontent.Fixture(tb)
	srv, err := New(dir, "", loader, io.Discard, i18n.MustGet("fi"))
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	watching := make(chan error, 1)
	go func() { watching <- srv.Watch(ctx) }()
	hs := httptest.NewServer(srv)
	events, stop := srv.Subscribe()
	tb.Cleanup(func() {
		stop()
		hs.Close()
		cancel()
		<-watching
		srv.Close()
	})
	select {
	case <-srv.Ready():
	case err := <-watching:
		tb.Fatalf("the watcher stopped before it was ready: %v", err)
	case <-time.After(testwait.Deadline):
		tb.Fatalf("the watcher was not ready within %v", testwait.Deadline)
	}
	return &fixture{dir: dir, srv: srv, http: hs, events: events}
}

// wait waits for the next event and checks its name.
func (f *fixture) wait(tb testing.TB, want string) {
	tb.Helper()
	if got := testwait.For(tb, "a "+want+" event", f.events); got != want {
		tb.Fatalf("event %q, want %q", got, want)
	}
}

// reloadUntil waits for reload events until the page at path holds text;
// any other event fails the test.
func (f *fixture) reloadUntil(tb testing.TB, path, text string) {
	tb.Helper()
	for {
		f.wait(tb, "reload")
		if _, body := f.get(tb, path); strings.Contains(body, text) {
			return
		}
	}
}

// write saves a file of the content folder as an editor does, in one
// step (a temporary file renamed over it): the watcher never sees it half
// written, however long the machine keeps the test between two system
// calls.
func (f *fixture) write(tb testing.TB, rel, text string) {
	tb.Helper()
	p := filepath.Join(f.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p+".tmp", []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(p+".tmp", p); err != nil {
		tb.Fatal(err)
	}
}

func (f *fixture) get(tb testing.TB, path string) (int, string) {
	tb.Helper()
	res, err := http.Get(f.http.URL + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// searchIDs searches once the search index is built.
func (f *fixture) searchIDs(tb testing.TB, q string) []string {
	tb.Helper()
	testwait.For(tb, "the search index", f.srv.Indexed())
	code, body := f.get(tb, "/api/search?q="+strings.ReplaceAll(q, " ", "+"))
	if code != 200 {
		tb.Fatalf("search %q: %d %s", q, code, body)
	}
	var res struct{ Results []struct{ ID string } }
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		tb.Fatal(err)
	}
	var ids []string
	for _, r := range res.Results {
		ids = append(ids, r.ID)
	}
	return ids
}

func card(title, body string) string {
	return "---\ntitle: " + title + "\nsummary: Lyhyt kuvaus.\nsegments: [alkava]\nupdated: 2026-11-01\n---\n" + body + "\n"
}

func TestEditCreateRenameDelete(t *testing.T) {
	f := start(t)
	if code, body := f.get(t, "/tools/teams/liity-kokoukseen/"); code != 200 || !strings.Contains(body, "/_tietopankki/reload.js") {
		t.Fatalf("card page: %d, reload script present: %v", code, strings.Contains(body, "reload.js"))
	}

	// Edit: the card, its tool page and search change.
	f.write(t, "tools/teams/liity-kokoukseen.md", card("Liity kokoukseen ajoissa", "Käytä Kalenteria. Sana zeppeliini on uusi."))
	f.wait(t, "reload")
	if _, body := f.get(t, "/tools/teams/liity-kokoukseen/"); !strings.Contains(body, "Liity kokoukseen ajoissa") {
		t.Error("edited card page still shows the old title")
	}
	if _, body := f.get(t, "/tools/teams/"); !strings.Contains(body, "Liity kokoukseen ajoissa") {
		t.Error("the tool page does not list the new title")
	}
	if ids := f.searchIDs(t, "zeppeliini"); len(ids) == 0 || ids[0] != "teams/liity-kokoukseen" {
		t.Errorf("search for the new word: %v", ids)
	}

	// Create.
	f.write(t, "tools/teams/uusi-ohje.md", card("Uusi ohje", "Tämä kertoo kolibrista."))
	f.wait(t, "reload")
	if code, _ := f.get(t, "/tools/teams/uusi-ohje/"); code != 200 {
		t.Errorf("new card: %d", code)
	}
	if ids := f.searchIDs(t, "kolibri"); len(ids) == 0 || ids[0] != "teams/uusi-ohje" {
		t.Errorf("search finds the new card: %v", ids)
	}

	// Rename.
	if err := os.Rename(filepath.Join(f.dir, "tools/teams/uusi-ohje.md"), filepath.Join(f.dir, "tools/teams/toinen-ohje.md")); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "reload")
	if code, _ := f.get(t, "/tools/teams/uusi-ohje/"); code != 404 {
		t.Errorf("old URL after rename: %d, want 404", code)
	}
	if code, _ := f.get(t, "/tools/teams/toinen-ohje/"); code != 200 {
		t.Errorf("new URL after rename: %d", code)
	}
	if ids := f.searchIDs(t, "kolibri"); len(ids) != 1 || ids[0] != "teams/toinen-ohje" {
		t.Errorf("search after rename: %v", ids)
	}

	// Delete.
	os.Remove(filepath.Join(f.dir, "tools/teams/toinen-ohje.md"))
	f.wait(t, "reload")
	if code, _ := f.get(t, "/tools/teams/toinen-ohje/"); code != 404 {
		t.Errorf("deleted card: %d, want 404", code)
	}
	if ids := f.searchIDs(t, "kolibri"); len(ids) != 0 {
		t.Errorf("search still finds the deleted card: %v", ids)
	}
}

func TestBrokenEditKeepsLastGoodPage(t *testing.T) {
	f := start(t)
	_, before := f.get(t, "/tools/teams/jaa-naytto/")
	f.write(t, "tools/teams/jaa-naytto.md", "---\ntitle: [rikki\nsummary: x\n---\nRikki.\n")
	f.wait(t, "errors")
	if _, body := f.get(t, "/tools/teams/jaa-naytto/"); body != before {
		t.Error("a broken edit replaced the last good page")
	}
	// A page opened now gets the errors at once, with file:line:col.
	res, err := http.Get(f.http.URL + "/_tietopankki/events")
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(res.Body)
	var head []string
	for len(head) < 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		head = append(head, strings.TrimSpace(line))
	}
	res.Body.Close()
	if head[0] != "event: errors" || !regexp.MustCompile(`jaa-naytto\.md:2:8: luettelon lopusta puuttuu \]`).MatchString(head[1]) {
		t.Errorf("event stream starts %q; want the errors with their position", head)
	}
	// Another, good edit elsewhere while the broken file stays: still errors.
	f.write(t, "tools/teams/liity-kokoukseen.md", card("Liity", "Teksti."))
	f.wait(t, "errors")
	// The fix: the page reloads with the new text.
	f.write(t, "tools/teams/jaa-naytto.md", card("Jaa näyttö korjattu", "Korjattu."))
	f.wait(t, "reload")
	if _, body := f.get(t, "/tools/teams/jaa-naytto/"); !strings.Contains(body, "Jaa näyttö korjattu") {
		t.Error("the fixed page was not rebuilt")
	}
	if _, body := f.get(t, "/tools/teams/liity-kokoukseen/"); !strings.Contains(body, "<h1>Liity</h1>") {
		t.Error("the edit made while another file was broken was lost")
	}
}

func TestEditorSavePatterns(t *testing.T) {
	f := start(t)
	// vim: swap file, write test file, then write; others: temp file then rename over.
	f.write(t, "tools/teams/.liity-kokoukseen.md.swp", "swap")
	f.write(t, "tools/teams/4913", "")
	os.Remove(filepath.Join(f.dir, "tools/teams/4913"))
	tmp := filepath.Join(f.dir, "tools/teams/liity-kokoukseen.md.tmp")
	os.WriteFile(tmp, []byte(card("Tallennettu nimeämällä", "Teksti.")), 0o644)
	if err := os.Rename(tmp, filepath.Join(f.dir, "tools/teams/liity-kokoukseen.md")); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(f.dir, "tools/teams/.liity-kokoukseen.md.swp"))
	// The save's files never break the build: whatever the debouncing made
	// of them (one batch on a quiet machine, more on a busy one), every
	// event is a reload, up to the saved page and then up to a later,
	// separate edit.
	f.reloadUntil(t, "/tools/teams/liity-kokoukseen/", "Tallennettu nimeämällä")
	f.write(t, "tools/teams/jaa-naytto.md", card("Merkki tallennuksen jälkeen", "Teksti."))
	f.reloadUntil(t, "/tools/teams/jaa-naytto/", "Merkki tallennuksen jälkeen")
	if code, _ := f.get(t, "/tools/teams/.liity-kokoukseen.md.swp"); code != 404 {
		t.Errorf("a swap file was published: %d", code)
	}
}

func TestNewAndRemovedFolder(t *testing.T) {
	f := start(t)
	// A whole new tool folder moved in at once.
	staging := filepath.Join(t.TempDir(), "uusityokalu")
	os.MkdirAll(filepath.Join(staging, "kuvat"), 0o755)
	os.WriteFile(filepath.Join(staging, "_index.md"), []byte("---\ntitle: Uusi työkalu\npurpose: Kokeilu.\n---\nRunko.\n"), 0o644)
	os.WriteFile(filepath.Join(staging, "aloita.md"), []byte(card("Aloita uusi työkalu", "Ensimmäinen askel.")), 0o644)
	if err := os.Rename(staging, filepath.Join(f.dir, "tools/uusityokalu")); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "reload")
	for _, p := range []string{"/tools/uusityokalu/", "/tools/uusityokalu/aloita/"} {
		if code, _ := f.get(t, p); code != 200 {
			t.Errorf("%s: %d", p, code)
		}
	}
	if _, body := f.get(t, "/"); !strings.Contains(body, "Uusi työkalu") {
		t.Error("the home page does not list the new tool")
	}
	// Moved out at once, as to the trash. (os.RemoveAll deletes file by
	// file: on a busy machine the watcher may rebuild halfway, when the
	// card's tool has lost its _index.md, and rightly report an error.)
	if err := os.Rename(filepath.Join(f.dir, "tools/uusityokalu"), filepath.Join(t.TempDir(), "roskakori")); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "reload")
	for _, p := range []string{"/tools/uusityokalu/", "/tools/uusityokalu/aloita/"} {
		if code, _ := f.get(t, p); code != 404 {
			t.Errorf("%s after removing the folder: %d", p, code)
		}
	}
}

// TestAttachments follows an attachment through the incremental build: it
// is published only while a page links to it, and a link in its place is
// refused with its position.
func TestAttachments(t *testing.T) {
	f := start(t)
	// A new tool with a card and a picture, moved in at once.
	staging := filepath.Join(t.TempDir(), "kuvatesti")
	os.MkdirAll(filepath.Join(staging, "kortti"), 0o755)
	os.WriteFile(filepath.Join(staging, "_index.md"), []byte("---\ntitle: Kuvatesti\npurpose: Kokeilu.\n---\nRunko.\n"), 0o644)
	os.WriteFile(filepath.Join(staging, "kortti.md"), []byte(card("Kortti", "Ei vielä kuvaa.")), 0o644)
	os.WriteFile(filepath.Join(staging, "kortti", "kuva.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	if err := os.Rename(staging, filepath.Join(f.dir, "tools/kuvatesti")); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "reload")
	const picture = "/tools/kuvatesti/kortti/kuva.svg"
	if code, _ := f.get(t, picture); code != 404 {
		t.Errorf("a picture no page links to: %d, want 404", code)
	}
	f.write(t, "tools/kuvatesti/kortti.md", card("Kortti", "![Kuva](kortti/kuva.svg)"))
	f.wait(t, "reload")
	if code, body := f.get(t, picture); code != 200 || !strings.Contains(body, "<svg") {
		t.Errorf("the picture once linked: %d %q", code, body)
	}
	f.write(t, "tools/kuvatesti/kortti.md", card("Kortti", "Kuva poistettu."))
	f.wait(t, "reload")
	if code, _ := f.get(t, picture); code != 404 {
		t.Errorf("the picture after its link was removed: %d, want 404", code)
	}

	// A link to a file outside the folder, where the picture was.
	secret := filepath.Join(t.TempDir(), "salainen.txt")
	os.WriteFile(secret, []byte("SALAISUUS"), 0o644)
	os.Remove(filepath.Join(f.dir, "tools/kuvatesti/kortti/kuva.svg"))
	f.wait(t, "reload")
	if err := os.Symlink(secret, filepath.Join(f.dir, "tools/kuvatesti/kortti/kuva.svg")); err != nil {
		t.Fatal(err)
	}
	f.wait(t, "errors")
	errs := strings.Join(f.srv.current().errors, "\n")
	if want := "tools/kuvatesti/kortti/kuva.svg:1:1: tämä on symbolinen linkki"; !strings.Contains(errs, want) {
		t.Errorf("errors %q, want one with %q", errs, want)
	}
	f.write(t, "tools/kuvatesti/kortti.md", card("Kortti", "![Kuva](kortti/kuva.svg)"))
	f.wait(t, "errors")
	if code, body := f.get(t, picture); code != 404 || strings.Contains(body, "SALAISUUS") {
		t.Errorf("the link: %d %q, want 404", code, body)
	}
}

func TestSynonyms(t *testing.T) {
	f := start(t)
	if ids := f.searchIDs(t, "zeppeliinikokous"); len(ids) != 0 {
		t.Fatalf("zeppeliinikokous finds %v before it is a synonym", ids)
	}
	b, _ := os.ReadFile(filepath.Join(f.dir, "synonyms.yaml"))
	f.write(t, "synonyms.yaml", string(b)+"\n- [zeppeliinikokous, kokous]\n")
	f.wait(t, "reload")
	if ids := f.searchIDs(t, "zeppeliinikokous"); len(ids) == 0 {
		t.Error("a synonym added to synonyms.yaml does not work without a restart")
	}
}
