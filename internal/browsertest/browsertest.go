// Package browsertest holds what the real-browser tests (tietopankki/browser
// and tietopankki/browser/offline) share: finding Chromium, the rule that a
// missing browser skips a test or, with TIETOPANKKI_REQUIRE_BROWSER=1,
// fails it, starting headless Chromium with a fresh profile, and opening a
// tab in a browser context of its own. What a package serves and how its
// tabs look at pages stays in that package's harness.
package browsertest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Required is true in CI (TIETOPANKKI_REQUIRE_BROWSER=1): a missing
// browser is then a failure, not a skip.
var Required = os.Getenv("TIETOPANKKI_REQUIRE_BROWSER") == "1"

// NoChromium says where FindChromium looked, for a skip reason.
const NoChromium = "no Chromium binary found ($TIETOPANKKI_CHROMIUM, /usr/bin/chromium, or chromium, chromium-browser, google-chrome on the PATH)"

// FindChromium returns the browser to drive: $TIETOPANKKI_CHROMIUM when
// set (and "" when that file does not exist), else Debian's
// /usr/bin/chromium, else one on the PATH; "" when there is none.
func FindChromium() string {
	if p := os.Getenv("TIETOPANKKI_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Need skips the test when skipReason is not empty, or fails it when
// Required.
func Need(t testing.TB, skipReason string) {
	t.Helper()
	if skipReason == "" {
		return
	}
	if Required {
		t.Fatalf("TIETOPANKKI_REQUIRE_BROWSER=1 but %s", skipReason)
	}
	t.Skip(skipReason)
}

// Start starts the Chromium at execPath headless, 1280×900, with a fresh
// profile folder and no background traffic of its own. It returns the
// browser's context and stop, which closes the browser and removes the
// profile.
func Start(execPath string) (browser context.Context, stop func(), err error) {
	profile, err := os.MkdirTemp("", "tietopankki-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	stop = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, err
	}
	return bctx, stop, nil
}

// NewTab opens a tab of the browser in a browser context of its own
// (cookies, storage, caches and service workers of its own), closed when
// the test ends. The context it returns times out after timeout.
func NewTab(t testing.TB, browser context.Context, timeout time.Duration) context.Context {
	t.Helper()
	tctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	ctx, cancelT := context.WithTimeout(tctx, timeout)
	t.Cleanup(cancelT)
	return ctx
}

// RepoRoot returns the folder above the working folder that holds go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
}
