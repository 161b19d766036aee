package browser

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"tietopankki/devserver"
	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/internal/browsertest"
	"tietopankki/internal/testcontent"
)

// The shared state of the package's tests: one build of the tests'
// knowledge bank (testcontent.Fixture), one server, one browser. TestMain
// sets them up; skipReason says why the tests cannot run when it is not
// empty.
var (
	root       string          // the repository root (for the themes and node_modules)
	siteURL    string          // http://127.0.0.1:port, no trailing slash
	browserCtx context.Context // the browser; each test opens its own tab
	skipReason string
	chromePath string
	chromeVer  string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	root, err = testcontent.Root()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser:", err)
		return 1
	}
	chromePath = browsertest.FindChromium()
	if chromePath == "" {
		skipReason = browsertest.NoChromium + "; install Debian's chromium (bash .ci/run does) to run the browser tests"
		return m.Run()
	}

	// Build the tests' knowledge bank once, with the theme on disk.
	tmp, err := os.MkdirTemp("", "tietopankki-browser-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	content := filepath.Join(tmp, "content")
	if err := testcontent.CopyFixture(content); err != nil {
		fmt.Fprintln(os.Stderr, "browser:", err)
		return 1
	}
	var diags strings.Builder
	ds, err := devserver.New(content, "", func(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
		return generator.LoadSite(content, filepath.Join(root, "themes"))
	}, &diags, i18n.MustGet("fi"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser: building the sample site:", err)
		return 1
	}
	defer ds.Close()
	<-ds.Indexed() // the dev server builds its search index after the pages
	srv := httptest.NewServer(withoutLiveReload(ds))
	defer srv.Close()
	siteURL = srv.URL
	resp, err := http.Get(siteURL + "/")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser: the sample site:", err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "browser: the sample site does not build (GET / answers %s):\n%s", resp.Status, diags.String())
		return 1
	}

	bctx, stopBrowser, err := browsertest.Start(chromePath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "browser: starting %s: %v\n", chromePath, err)
		return 1
	}
	defer stopBrowser()
	browserCtx = bctx
	if v, err := chromedp.CallBrowser(bctx, cdpbrowser.GetVersion, cdp.Empty{}); err == nil {
		chromeVer = v.Product
	}
	fmt.Printf("browser: %s (%s), sample site at %s\n", chromeVer, chromePath, siteURL)
	return m.Run()
}

// withoutLiveReload serves the dev server but answers its live-reload
// script with an empty one: the script holds an event stream open, which
// would count in the page weight and keep connections busy.
func withoutLiveReload(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_tietopankki/") {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// needBrowser skips (or, in CI, fails) a test that has no browser.
func needBrowser(t testing.TB) {
	t.Helper()
	browsertest.Need(t, skipReason)
}

// tab is a browsertest.Tab on the sample site, with the package's own
// helpers for focus (keyboard_test.go).
type tab struct{ *browsertest.Tab }

func newTab(t testing.TB) *tab {
	t.Helper()
	needBrowser(t)
	tb := &tab{browsertest.OpenTab(t, browserCtx, siteURL)}
	tb.AddScript(focusHelper)
	return tb
}

// focusHelper defines window.__tp.focus, which describes the focused
// element and whether its focus is visible: a visible outline, a box
// shadow, or a background other than the one the same element has without
// focus; and on screen.
const focusHelper = `(function () {
  window.__tp = {
    focus: function () {
      var el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { tag: "body", visible: false, why: "nothing focused" };
      var cs = getComputedStyle(el);
      var transparent = function (c) { return c === "transparent" || /rgba\([^)]*,\s*0\)$/.test(c); };
      var outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0 && !transparent(cs.outlineColor);
      var shadow = cs.boxShadow !== "none";
      var clone = el.cloneNode(true);
      clone.removeAttribute("id");
      clone.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
      el.parentNode.insertBefore(clone, el.nextSibling);
      var restBg = getComputedStyle(clone).backgroundColor;
      clone.remove();
      var background = cs.backgroundColor !== restBg;
      var r = el.getBoundingClientRect();
      var onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
      return {
        tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || el.value || "").trim().slice(0, 60),
        outline: cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor, boxShadow: cs.boxShadow,
        background: cs.backgroundColor, restBackground: restBg, onScreen: onScreen,
        visible: onScreen && (outline || shadow || background)
      };
    }
  };
})();`

// eval runs a JavaScript expression in the tab's page (browsertest.Eval).
func eval[T any](tb *tab, js string) T {
	tb.T.Helper()
	return browsertest.Eval[T](tb.Tab, js)
}

// focus focuses the nth (from 0) element that matches a CSS selector,
// with script: chromedp's node queries wait forever for a missing element.
func (tb *tab) focus(css string, nth int) {
	tb.T.Helper()
	if !eval[bool](tb, fmt.Sprintf(`(function () { var e = document.querySelectorAll(%s)[%d]; if (!e) return false; e.focus(); return document.activeElement === e; })()`, jsString(css), nth)) {
		tb.T.Fatalf("cannot focus %s number %d", css, nth+1)
	}
}

// scriptsOff turns the page's scripts off, for the tests of the site
// without JavaScript (DevTools' Runtime.evaluate still runs).
var scriptsOff = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
})

// Shorter names for the harness's key and quoting helpers.
var (
	press    = browsertest.Press
	typeKeys = browsertest.TypeKeys
	jsString = browsertest.JSString
)
