package server

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
	"tietopankki/internal/testwait"
)

// TestFileCSPInBrowser opens files that a build's allow-list could miss
// in headless Chromium, through the production server: an HTML file and
// an SVG that load a script of the site's origin run nothing, while the
// same HTML as a page does (so the test would see a script that ran), and
// a PDF opens in the browser's viewer.
func TestFileCSPInBrowser(t *testing.T) {
	chromium := browsertest.FindChromium()
	if chromium == "" {
		browsertest.Need(t, browsertest.NoChromium)
	}
	_, ts, public := newTestServer(t, Options{})
	card := filepath.Join(public, "tools/teams/liity-kokoukseen")
	html := `<!DOCTYPE html><title>ei</title><script src="/tools/teams/liity-kokoukseen/paha.js"></script>`
	pdf, err := os.ReadFile("testdata/ohje.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"paha.js":      `document.title = "AJETTU";`,
		"paha.html":    html,
		"x/index.html": html, // a page: the site's policy lets its scripts run
		"paha.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>ei</title>` +
			`<script href="/tools/teams/liity-kokoukseen/paha.js"/></svg>`,
		"ohje.pdf": string(pdf),
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(card, name)), 0o755)
		if err := os.WriteFile(filepath.Join(card, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	browser, stop, err := browsertest.Start(chromium)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	base := "/tools/teams/liity-kokoukseen/"
	for name, ran := range map[string]bool{"x/": true, "paha.html": false, "paha.svg": false} {
		tab := browsertest.OpenTab(t, browser, ts.URL)
		tab.Open(base + name)
		if got := browsertest.Eval[string](tab, `document.title`) == "AJETTU"; got != ran {
			t.Errorf("%s: the site's script ran: %v, want %v", name, got, ran)
		}
	}

	// The PDF: Chromium's viewer is a frame of its PDF extension, which
	// starts on its own after the navigation.
	tab := browsertest.OpenTab(t, browser, ts.URL)
	tab.Open(base + "ohje.pdf")
	testwait.Until(t, "the PDF in Chromium's viewer", func() bool {
		infos, err := chromedp.Targets(browser)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(infos, func(ti *target.Info) bool {
			return strings.HasPrefix(ti.URL, "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/")
		})
	})
}
