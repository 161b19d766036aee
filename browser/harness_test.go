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
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tietopankki/devserver"
	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/internal/browsertest"
)

// The shared state of the package's tests: one build of the sample site,
// one server, one browser. TestMain sets them up; skipReason says why the
// tests cannot run when it is not empty.
var (
	root       string          // the repository root
	siteURL    string          // http://127.0.0.1:port, no trailing slash
	browserCtx context.Context // the browser; each test opens its own tab
	skipReason string
	chromePath string
	chromeVer  string
)

// requireBrowser is true in CI: a missing browser is then a failure.
var requireBrowser = browsertest.Required

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	root, err = browsertest.RepoRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser:", err)
		return 1
	}
	chromePath = browsertest.FindChromium()
	if chromePath == "" {
		skipReason = browsertest.NoChromium + "; install Debian's chromium (bash .ci/run does) to run the browser tests"
		return m.Run()
	}

	// Build the sample site once, with the theme on disk.
	var diags strings.Builder
	ds, err := devserver.New(filepath.Join(root, "content"), "", func(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
		return generator.LoadSite(content, filepath.Join(root, "themes"))
	}, &diags, i18n.MustGet("fi"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser: building the sample site:", err)
		return 1
	}
	defer ds.Close()
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
func needBrowser(t *testing.T) {
	t.Helper()
	browsertest.Need(t, skipReason)
}

// tab is one browser tab with its own browser context (cookies, storage
// and cache of its own), closed when the test ends.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func newTab(t *testing.T) *tab {
	t.Helper()
	needBrowser(t)
	ctx := browsertest.NewTab(t, browserCtx, 150*time.Second) // generous: the machine may be busy with other tests
	tb := &tab{t: t, ctx: ctx}
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		// Reduced motion: the theme then scrolls at once, not smoothly, so
		// a focused element is on screen when the test looks.
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		if err != nil {
			return err
		}
		// Tabs run side by side; each must behave as the focused window,
		// or focus rings and focus events go missing.
		_, err = cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
	// Record script errors and CSP violations of every page the tab loads.
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: errorRecorder})
		return err
	}))
	return tb
}

// errorRecorder runs before every page's own scripts: it records script
// errors and CSP violations, and defines the helpers the tests call as
// __tp.name(...).
const errorRecorder = `(function () {
  window.__tpErrors = [];
  window.__tp = {
    // focus describes the focused element and whether its focus is visible:
    // a visible outline, a box shadow, or a background other than the one
    // the same element has without focus; and on screen.
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
  addEventListener("securitypolicyviolation", function (e) { __tpErrors.push("CSP " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")); });
  addEventListener("error", function (e) { __tpErrors.push("error: " + (e.message || (e.target && e.target.src) || e.type)); }, true);
  addEventListener("unhandledrejection", function (e) { __tpErrors.push("unhandled rejection: " + e.reason); });
})();`

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// open navigates to a path of the sample site and waits for the load.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(siteURL + path))
}

// pageErrors returns the script errors and CSP violations of the page.
func (tb *tab) pageErrors() []string {
	tb.t.Helper()
	return eval[[]string](tb, `window.__tpErrors || []`)
}

// press sends one key as a real keyboard does on Linux: rawKeyDown, then a
// char event for a key that types (Enter types "\r"), then keyUp. Unlike
// chromedp.KeyEvent's keyDown, a rawKeyDown that the page handles (Enter on
// a link) suppresses its char event, as in a real browser.
func press(key string, mods ...chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		r := []rune(key)
		if len(r) != 1 {
			return fmt.Errorf("press: one key, not %q", key)
		}
		evs := kb.Encode(r[0])
		for _, ev := range evs {
			for _, m := range mods {
				ev.Modifiers |= int64(m)
			}
			if ev.Type == kb.KeyDown {
				ev.Type = kb.KeyRawDown
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// focus focuses the nth (from 0) element that matches a CSS selector,
// with script: chromedp's node queries wait forever for a missing element.
func (tb *tab) focus(css string, nth int) {
	tb.t.Helper()
	if !eval[bool](tb, fmt.Sprintf(`(function () { var e = document.querySelectorAll(%s)[%d]; if (!e) return false; e.focus(); return document.activeElement === e; })()`, jsString(css), nth)) {
		tb.t.Fatalf("cannot focus %s number %d", css, nth+1)
	}
}

// watchSearches wraps the page's search function so that the test knows
// which query the suggestions on screen answer: window.__tpShown is the
// query of the last search that came back. (Under load a search for a
// prefix of the typed query can come back first, and its suggestions show
// until the next one comes.) app.js shows the results right after.
func (tb *tab) watchSearches() {
	tb.t.Helper()
	if !eval[bool](tb, `(function () {
  var T = window.Tietopankki;
  if (!T || !T.search) return false;
  if (T.search.__watched) return true;
  var orig = T.search;
  T.search = function (q, n) { return orig.apply(this, arguments).then(function (r) { window.__tpShown = q; return r; }); };
  T.search.__watched = true;
  return true;
})()`) {
		tb.t.Fatal("the page has no window.Tietopankki.search")
	}
}

// waitSuggestions waits until the suggestions for the query q are shown.
func (tb *tab) waitSuggestions(q string) {
	tb.t.Helper()
	tb.waitFor("the suggestions for "+q, `window.__tpShown === `+jsString(q)+` && document.getElementById("q").value === `+jsString(q)+
		` && document.getElementById("q").getAttribute("aria-expanded") === "true" && !!document.querySelector("#q-list [role=option]")`)
}

// typeKeys types text as a keyboard does, one DevTools message per key
// press: a keyDown that carries the text (the browser makes the keydown,
// keypress and input events of it together, as for a real key) and a
// keyUp. chromedp.KeyEvent sends the char as a message of its own, so the
// input event comes one round trip after the keydown.
func typeKeys(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range text {
			var down *input.DispatchKeyEventParams
			for _, ev := range kb.Encode(r) {
				if ev.Type == kb.KeyDown {
					down = ev
				}
				if ev.Type == kb.KeyChar && down != nil {
					down.Text, down.UnmodifiedText = ev.Text, ev.UnmodifiedText
				}
			}
			if down == nil {
				return fmt.Errorf("typeKeys: no key for %q", r)
			}
			up := *down
			up.Type, up.Text, up.UnmodifiedText = kb.KeyUp, "", ""
			for _, ev := range []input.DispatchKeyEventParams{*down, up} {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
