package browser

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tietopankki/internal/browsertest"
)

// viewports are the two sizes every page is looked at: a ward PC and a phone.
var viewports = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"desktop", 1280, 900, false},
	{"phone", 360, 800, true},
}

// emulate sets the tab's viewport; a phone gets mobile emulation (the
// viewport meta tag applies) and touch.
func emulate(width, height int64, mobile bool) chromedp.Action[chromedp.Void] {
	if mobile {
		return chromedp.EmulateViewport(width, height, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(width, height)
}

// fullPNG is a screenshot of the whole page as PNG, encoded for speed
// rather than size.
var fullPNG = chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	yes := true
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: &yes, FromSurface: &yes, OptimizeForSpeed: &yes})
	return r.Data, err
})

// screenshotDir is where the screenshots and the printed card go:
// $TIETOPANKKI_SCREENSHOTS, or tietopankki-screenshots in the temporary
// folder.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TIETOPANKKI_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "tietopankki-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestScreenshots writes a full-page PNG of every page type at desktop and
// phone size, plus the open search suggestions, for a person to look at,
// into $TIETOPANKKI_SCREENSHOTS (or the temporary folder), and checks that
// each is a PNG as wide as the viewport and, for a whole page, at least as
// tall (a page that failed to render or lay out gives neither):
//
//	TIETOPANKKI_SCREENSHOTS=/tmp/shots go test -run TestScreenshots ./browser/
func TestScreenshots(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	dir := screenshotDir(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.Do(emulate(vp.width, vp.height, vp.mobile))
			save := func(name string, data []byte, fullPage bool) {
				t.Helper()
				cfg, err := png.DecodeConfig(bytes.NewReader(data))
				switch {
				case err != nil:
					t.Errorf("%s at %s: not a PNG: %v", name, vp.name, err)
				case int64(cfg.Width) != vp.width || int64(cfg.Height) < vp.height || !fullPage && int64(cfg.Height) != vp.height:
					t.Errorf("%s at %s: a %d×%d screenshot of a %d×%d viewport", name, vp.name, cfg.Width, cfg.Height, vp.width, vp.height)
				}
				if err := os.WriteFile(filepath.Join(dir, name+"-"+vp.name+".png"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, pt := range pageTypes {
				tb.Open(pt.path)
				save(pt.name, browsertest.Run(tb.Tab, fullPNG), true)
			}
			tb.Open("/")
			tb.WatchSearches()
			tb.focus("#q", 0)
			tb.Do(chromedp.KeyEvent(sampleQuery))
			tb.WaitSuggestions(sampleQuery)
			tb.Do(press(kb.ArrowDown))
			save("home-suggest", browsertest.Run(tb.Tab, chromedp.CaptureScreenshot()), false)
		})
	}
	t.Logf("screenshots of %d page types, and of the open suggestions, at desktop 1280×900 and phone 360×800: %s", len(pageTypes), dir)
}
