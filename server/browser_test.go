package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
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
	base := ts.URL + "/tools/teams/liity-kokoukseen/"
	for name, ran := range map[string]bool{"x/": true, "paha.html": false, "paha.svg": false} {
		tab := browsertest.NewTab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(base+name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		title, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.title`))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := title == "AJETTU"; got != ran {
			t.Errorf("%s: the site's script ran: %v, want %v", name, got, ran)
		}
	}

	// The PDF: Chromium's viewer is a frame of its PDF extension.
	tab := browsertest.NewTab(t, browser, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(base+"ohje.pdf")); err != nil {
		t.Fatal(err)
	}
	for {
		infos, err := chromedp.Targets(browser)
		if err != nil {
			t.Fatal(err)
		}
		viewer := false
		for _, ti := range infos {
			viewer = viewer || strings.HasPrefix(ti.URL, "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/")
		}
		if viewer {
			break
		}
		select {
		case <-tab.Done():
			t.Fatal("the PDF did not open in Chromium's viewer")
		case <-time.After(50 * time.Millisecond): // the viewer starts on its own
		}
	}
}
