package browser

import (
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tietopankki/devserver"
	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/internal/testwait"
)

// previewContent is a small content folder: a tool, and a draft card.
var previewContent = map[string]string{
	"site.yaml": "title: Testipankki\nlanguage: fi\nbaseURL: https://tietopankki.example.fi/\nhelp:\n  name: Digimentorit\n" +
		"segments:\n  - id: alkava\n    name: Alkava\nareas:\n  - id: terveys\n    name: Terveys\n",
	"tools/teams/_index.md": "---\ntitle: Teams\npurpose: Teamsilla pidät kokouksia.\n---\nTeams on viestintätyökalu.\n",
	"tools/teams/luonnos.md": "---\ntitle: Soita puhelu\nsummary: Näin soitat.\ndraft: true\n---\n" +
		"## Näin soitat\n\n1. Avaa Teams.\n2. Valitse **Puhelut**.\n",
}

// startDev serves files with the dev server in preview (drafts shown),
// live reload included, and returns its URL and the server.
func startDev(t *testing.T, files map[string]string) (string, *devserver.Server, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := devserver.New(dir, "", func(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
		return generator.LoadSite(content, filepath.Join(root, "themes"), generator.WithDrafts)
	}, io.Discard, i18n.MustGet("fi"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ds)
	t.Cleanup(func() { srv.CloseClientConnections(); srv.Close(); ds.Close() }) // the page's event stream stays open
	testwait.For(t, "the search index", ds.Indexed())
	return srv.URL, ds, dir
}

// TestPreviewAccessible: a draft's banner, the error overlay over a page
// and the page answered when the content has never built pass axe-core,
// with no script error or CSP violation.
func TestPreviewAccessible(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	axeScript(t)
	tb := newTab(t)
	check := func(name string) {
		t.Helper()
		tb.axeClean(name)
		if errs := tb.PageErrors(); len(errs) > 0 {
			t.Errorf("%s: script errors or CSP violations: %s", name, strings.Join(errs, "; "))
		}
	}

	url, ds, dir := startDev(t, previewContent)
	tb.Do(chromedp.Navigate(url + "/tools/teams/luonnos/"))
	if got := eval[string](tb, `document.querySelector(".draft-banner").textContent`); got != "Luonnos – ei vielä julkaistu" {
		t.Errorf("banner %q", got)
	}
	check("draft")

	// A broken save: the overlay comes over the page.
	card := filepath.Join(dir, "tools", "teams", "luonnos.md")
	if err := os.WriteFile(card, []byte("---\ntitle: Teams: soita\nsummary: Näin soitat.\ndraft: true\n---\nTeksti.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ds.Changed([]string{card}) // the page gets the errors now, or when its event stream connects
	tb.WaitFor("the overlay", `!!document.querySelector(".dev-overlay li")`)
	if got := eval[string](tb, `document.querySelector(".dev-overlay h2").textContent`); got != "Sivua ei voitu päivittää. Korjaa nämä virheet." {
		t.Errorf("overlay title %q", got)
	}
	check("overlay")

	// Content that has never built: the same overlay, as a page.
	url, _, _ = startDev(t, map[string]string{
		"site.yaml":             previewContent["site.yaml"],
		"tools/teams/_index.md": previewContent["tools/teams/_index.md"],
		"tools/teams/rikki.md":  "---\ntitle: Teams: rikki\nsummary: Rikki.\n---\nTeksti.\n",
	})
	tb.Do(chromedp.Navigate(url + "/"))
	if got := eval[string](tb, `document.documentElement.lang + " " + document.querySelector(".dev-overlay pre").textContent`); !strings.HasPrefix(got, "fi ") || !strings.Contains(got, "lisää otsikon ympärille lainausmerkit") {
		t.Errorf("the startup page: %q", got)
	}
	check("startup errors")
	tb.Do(chromedp.Navigate("about:blank")) // closes the event stream before the servers
}
