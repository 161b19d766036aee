// Package browsertest is the one harness of the real-browser tests
// (tietopankki/browser and tietopankki/browser/offline): finding Chromium,
// the rule that a missing browser skips a test or, with
// TIETOPANKKI_REQUIRE_BROWSER=1, fails it, starting headless Chromium with
// a fresh profile, and a Tab (a browser context of its own) with what the
// tests do in it: navigate, evaluate, wait for a condition, type, read the
// search suggestions, collect script errors and CSP violations.
//
// Nothing here sleeps to synchronise: a tab waits for a condition of the
// page (WaitFor polls it inside the page), and every wait and action has a
// generous deadline (Wait), so that a machine busy with other test
// binaries, -race and other tabs is slow but not a failure.
//
// What a package serves, and what it measures, stays in that package.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tietopankki/internal/testwait"
)

// Wait is the deadline of one action or one wait of a tab. A page that
// needs longer is broken, not slow.
const Wait = testwait.Deadline

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

// Tab is one browser tab in a browser context of its own (cookies,
// storage, caches and service workers of its own), closed when the test
// ends. Its methods fail the test on an error.
type Tab struct {
	T    testing.TB
	Ctx  context.Context // the tab's chromedp context
	Base string          // the site's URL, no trailing slash: Open's paths are under it
}

// OpenTab opens a tab of the browser for the site at base. The tab
// prefers reduced motion (the theme then scrolls at once, so a focused
// element is on screen when the test looks), behaves as the focused window
// (tabs run side by side; without it focus rings and focus events go
// missing), and records the script errors and CSP violations of every page
// it loads (PageErrors).
func OpenTab(t testing.TB, browser context.Context, base string) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first action on a new context opens the tab, on that context
	// itself: one on a context with a deadline of its own would tie the
	// tab to it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tb := &Tab{T: t, Ctx: ctx, Base: base}
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
	tb.AddScript(errorRecorder)
	return tb
}

// errorRecorder runs before every page's own scripts and records script
// errors and CSP violations for PageErrors.
const errorRecorder = `(function () {
  window.__tpErrors = [];
  addEventListener("securitypolicyviolation", function (e) { __tpErrors.push("CSP " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")); });
  addEventListener("error", function (e) { __tpErrors.push("error: " + (e.message || (e.target && e.target.src) || e.type)); }, true);
  addEventListener("unhandledrejection", function (e) { __tpErrors.push("unhandled rejection: " + e.reason); });
})();`

// AddScript runs src in every page the tab loads from now on, before the
// page's own scripts.
func (tb *Tab) AddScript(src string) {
	tb.T.Helper()
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
}

// Close closes the tab before the test ends: an open page whose search
// box has focus keeps drawing its blinking caret, which costs a busy
// machine.
func (tb *Tab) Close() {
	tb.T.Helper()
	if err := chromedp.Cancel(tb.Ctx); err != nil {
		tb.T.Logf("closing a tab: %v", err)
	}
}

// Do runs actions, within Wait.
func (tb *Tab) Do(actions ...chromedp.Action[chromedp.Void]) {
	tb.T.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, Wait)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.T.Fatal(err)
	}
}

// Run runs one action that gives a value, within Wait.
func Run[T any](tb *Tab, a chromedp.Action[T]) T {
	tb.T.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, Wait)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tb.T.Fatal(err)
	}
	return v
}

// Eval runs a JavaScript expression in the page, awaits it when it is a
// promise, and decodes its value.
func Eval[T any](tb *Tab, js string) T {
	tb.T.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, Wait)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.T.Fatalf("evaluating %.100q: %v", js, err)
	}
	return v
}

// Open navigates to a path of the site and waits for the load event.
func (tb *Tab) Open(path string) {
	tb.T.Helper()
	tb.Do(chromedp.Navigate(tb.Base + path))
}

// WaitFor waits until the JavaScript condition cond is true (a promise is
// awaited; an exception counts as false), for at most Wait. The page checks
// it every 20 ms (a promise of the page's own, awaited over the DevTools
// protocol) in rounds of at most a second; a round that does not answer
// (a page with scripts switched off runs no timers) or a navigation under
// the wait starts another round, in the new page.
func (tb *Tab) WaitFor(what, cond string) {
	tb.T.Helper()
	const round = time.Second
	deadline := time.Now().Add(Wait)
	var err error
	for {
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		ctx, cancel := context.WithTimeout(tb.Ctx, min(left, round))
		var ok bool
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(waitJS, cond, min(left, round).Milliseconds()), chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		if tb.Ctx.Err() != nil {
			break
		}
	}
	tb.T.Fatalf("waiting for %s (%s): not within %v (%v)", what, cond, Wait, err)
}

// waitJS resolves to true when the condition (%s) holds, to false after
// %d milliseconds.
const waitJS = `new Promise(function (resolve) {
  var until = Date.now() + %[2]d;
  function again() { if (Date.now() > until) resolve(false); else setTimeout(check, 20); }
  function check() {
    Promise.resolve().then(function () { return (%[1]s); }).then(function (ok) { if (ok) resolve(true); else again(); }, again);
  }
  check();
})`

// PageErrors returns the script errors and CSP violations of the page.
func (tb *Tab) PageErrors() []string {
	tb.T.Helper()
	return Eval[[]string](tb, `window.__tpErrors || []`)
}

// WatchSearches wraps the page's search function so that the test knows
// which query the suggestions on screen answer: window.__tpShown is the
// query of the last search that came back. Under load a search for a
// prefix of the typed query can come back last but one, and its
// suggestions show until the next one comes; app.js shows the results
// right after the search resolves.
func (tb *Tab) WatchSearches() {
	tb.T.Helper()
	if !Eval[bool](tb, `(function () {
  var T = window.Tietopankki;
  if (!T || !T.search) return false;
  if (T.search.__watched) return true;
  var orig = T.search;
  T.search = function (q, n) { return orig.apply(this, arguments).then(function (r) { window.__tpShown = q; return r; }); };
  T.search.__watched = true;
  return true;
})()`) {
		tb.T.Fatal("the page has no window.Tietopankki.search")
	}
}

// WaitSuggestions waits until the suggestions for the query q are shown,
// all of them (the static search shows the best first and marks the list
// aria-busy until the rest are there). The page must be watched
// (WatchSearches) before q is typed.
func (tb *Tab) WaitSuggestions(q string) {
	tb.T.Helper()
	tb.WaitFor("the suggestions for "+q, `window.__tpShown === `+JSString(q)+` && document.getElementById("q").value === `+JSString(q)+
		` && document.getElementById("q").getAttribute("aria-expanded") === "true" && !!document.querySelector("#q-list [role=option]")`+
		` && !document.querySelector("#q-list[aria-busy]")`)
}

// Suggestions returns the titles of the suggestions shown.
func (tb *Tab) Suggestions() []string {
	tb.T.Helper()
	return Eval[[]string](tb, `Array.from(document.querySelectorAll("#q-list [role=option] .suggest-title")).map(e => e.textContent)`)
}

// Press sends one key as a real keyboard does on Linux: rawKeyDown, then a
// char event for a key that types (Enter types "\r"), then keyUp. Unlike
// chromedp.KeyEvent's keyDown, a rawKeyDown that the page handles (Enter on
// a link) suppresses its char event, as in a real browser.
func Press(key string, mods ...chromedp.Modifier) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		r := []rune(key)
		if len(r) != 1 {
			return fmt.Errorf("press: one key, not %q", key)
		}
		for _, ev := range kb.Encode(r[0]) {
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

// TypeKeys types text as a keyboard does, one DevTools message per key
// press: a keyDown that carries the text (the browser makes the keydown,
// keypress and input events of it together, as for a real key) and a
// keyUp. chromedp.KeyEvent sends the char as a message of its own, so the
// input event comes one round trip after the keydown.
func TypeKeys(text string) chromedp.Action[chromedp.Void] {
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

// JSString quotes s as a JavaScript string literal.
func JSString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Median is the middle value of xs (the mean of the two middle ones for an
// even count); 0 for none.
func Median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	switch {
	case len(s) == 0:
		return 0
	case len(s)%2 == 1:
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Machine describes the machine for a table of figures: cores, CPU model
// and the load averages, since timings from a busy machine do not compare
// with a quiet one's.
func Machine() string {
	model := runtime.GOARCH
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			load = strings.Join(f[:3], " ")
		}
	}
	return fmt.Sprintf("%d cores (runtime.NumCPU), %s, load average %s", runtime.NumCPU(), model, load)
}
