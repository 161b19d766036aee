package offline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tietopankki/internal/browsertest"
)

// The queries measured, the same on both sides: a first query on a page
// that has loaded nothing of the search, then later ones on the same page.
var (
	firstQuery   = "kokous"
	laterQueries = []string{"tiedosto", "asiakkaan ajanvaraus"}
	shown        = 6 // results shown: the suggestions of app.js
	latencyRuns  = 9 // fresh pages a time is the median of: the machine is shared, single runs vary
)

// TestStaticFigures builds 1,000 and 10,000 synthetic cards (internal/synth;
// TIETOPANKKI_STATIC_FIGURES_CARDS=N measures bytes at N cards only, with
// no latency table)
// with the tietopankki binary and with Hugo + Pagefind (bench/: `npm ci`
// there installs Pagefind), serves both with the same gzipping static
// server, and measures in Chromium the bytes each transfers (the network's
// encodedDataLength, client code included) for a first and later queries,
// served gzipped and again by a server that does not compress (as python's
// http.server and many intranet file servers),
// and the time from the keystroke to the first result. It prints the
// tables of docs/benchmarks-static.md. It takes minutes: it runs only with
// TIETOPANKKI_STATIC_FIGURES=1. Each tab is closed once measured, so that
// no earlier page competes with a measurement for the machine.
func TestStaticFigures(t *testing.T) {
	if os.Getenv("TIETOPANKKI_STATIC_FIGURES") != "1" {
		t.Skip("set TIETOPANKKI_STATIC_FIGURES=1 to measure the static search against Pagefind (minutes)")
	}
	needBrowser(t)
	pagefind := filepath.Join(root, "bench", "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(pagefind); err != nil {
		t.Fatalf("no Pagefind: run `npm ci` in bench/ (%v)", err)
	}
	tmp := t.TempDir()
	synth := filepath.Join(tmp, "synth")
	if err := command(root, "go", "build", "-o", synth, "./bench/synth"); err != nil {
		t.Fatal(err)
	}
	hugoSite := filepath.Join(tmp, "hugosite")
	if err := os.CopyFS(hugoSite, os.DirFS(filepath.Join(root, "bench", "hugo"))); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "machine: %s\n\n", browsertest.Machine())
	fmt.Fprintf(&b, "| cards | | tietopankki | Pagefind |\n|---|---|---|---|\n")
	var lat10k []string
	sizes := []int{1000, 10000}
	if v := os.Getenv("TIETOPANKKI_STATIC_FIGURES_CARDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("TIETOPANKKI_STATIC_FIGURES_CARDS=%q: want a number of cards", v)
		}
		sizes = []int{n}
	}
	for _, n := range sizes {
		corpus := filepath.Join(tmp, fmt.Sprintf("corpus-%d", n))
		ours := filepath.Join(tmp, fmt.Sprintf("tp-%d", n))
		hugo := filepath.Join(tmp, fmt.Sprintf("hugo-%d", n))
		for _, c := range [][]string{
			{root, synth, "-q", "-n", fmt.Sprint(n), "-seed", "1", "-out", corpus},
			{root, binary, "build", "--content", corpus, "--out", ours},
			{root, "hugo", "--quiet", "--source", hugoSite, "--contentDir", corpus, "--destination", hugo, "--cacheDir", filepath.Join(tmp, "hugo-cache")},
			{filepath.Join(root, "bench"), pagefind, "--site", hugo, "--force-language", "fi"},
		} {
			start := time.Now()
			if err := command(c[0], c[1], c[2:]...); err != nil {
				t.Fatal(err)
			}
			t.Logf("%d cards: %s in %v", n, filepath.Base(c[1]), time.Since(start).Round(time.Millisecond))
		}
		writePagefindPage(t, hugo)
		tp, typed := measureOurs(t, staticServer(t, ours, true, true).URL)
		pf := measurePagefind(t, staticServer(t, hugo, false, true).URL)
		row := func(what string, x, y float64) {
			fmt.Fprintf(&b, "| %d | %s | %.1f KB | %.1f KB |\n", n, what, x/1024, y/1024)
		}
		row("first query ("+firstQuery+"), client code included", tp.first, pf.first)
		for i, q := range laterQueries {
			row("later query ("+q+")", tp.later[i], pf.later[i])
		}
		fmt.Fprintf(&b, "| %d | first query (%s) typed letter by letter in the search box, client code included | %.1f KB | |\n", n, firstQuery, typed/1024)
		tpPlain, _ := measureOurs(t, staticServer(t, ours, true, false).URL)
		pfPlain := measurePagefind(t, staticServer(t, hugo, false, false).URL)
		row("no HTTP compression: first query ("+firstQuery+"), client code included", tpPlain.first, pfPlain.first)
		for i, q := range laterQueries {
			row("no HTTP compression: later query ("+q+")", tpPlain.later[i], pfPlain.later[i])
		}
		for i, x := range append([]float64{tp.first}, tp.later...) {
			y := append([]float64{pf.first}, pf.later...)[i]
			if x > y {
				t.Errorf("%d cards, query %d: tietopankki transferred %.1f KB, Pagefind %.1f KB", n, i, x/1024, y/1024)
			}
		}
		if n == 10000 && len(sizes) > 1 {
			lat10k = latencyTable(t, staticServer(t, ours, true, true).URL, staticServer(t, hugo, false, true).URL)
		}
	}
	b.WriteString("\n" + strings.Join(lat10k, "\n") + "\n")
	fmt.Print(b.String())
}

type queryBytes struct {
	first float64
	later []float64
}

// measureOurs runs the queries on a tietopankki site's home page with
// window.Tietopankki.search (what the search box calls), for the results
// the box shows, and adds up what each transfers; the first query counts
// search.js, loaded with the page, as client code. typed is what typing
// the first query letter by letter in the box transfers (app.js searches
// at every keystroke).
func measureOurs(t *testing.T, base string) (out queryBytes, typed float64) {
	tb := newTab(t, base)
	tb.Open("/")
	reqs, _ := tb.transferred()
	for _, r := range reqs {
		if strings.Contains(r.url, "/assets/search.") {
			out.first += r.size
		}
	}
	for i, q := range append([]string{firstQuery}, laterQueries...) {
		eval[int](tb, fmt.Sprintf(`window.Tietopankki.search(%s, %d).then(r => r.length)`, jsString(q), shown))
		idle(tb)
		reqs, total := tb.transferred()
		if i == 0 {
			out.first += total
		} else {
			out.later = append(out.later, total)
		}
		t.Logf("tietopankki %s: %d requests, %.1f KB", q, len(reqs), total/1024)
	}
	tb.Close()
	tb = newTab(t, base)
	tb.Open("/")
	reqs, _ = tb.transferred()
	for _, r := range reqs {
		if strings.Contains(r.url, "/assets/search.") {
			typed += r.size
		}
	}
	tb.typeInto("#q", firstQuery)
	tb.WaitFor("suggestions", `document.querySelectorAll("#q-list [role=option]").length > 0`)
	idle(tb)
	_, total := tb.transferred()
	tb.Close()
	return out, typed + total
}

// idle waits until the page has finished no request for 300 ms (Resource
// Timing, so also without network recording): no event says that a page
// will load nothing more, so the page watches for a quiet spell itself.
func idle(tb *tab) {
	tb.T.Helper()
	eval[bool](tb, `new Promise(function (resolve) {
  var n = -1;
  (function check() {
    var m = performance.getEntriesByType("resource").length;
    if (m === n) return resolve(true);
    n = m;
    setTimeout(check, 300);
  })();
})`)
}

// pagefindPage is a page with nothing but Pagefind's JavaScript API, which
// the test calls: it loads nothing before the first search.
const pagefindPage = `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Pagefind</title></head><body><p>Pagefind</p></body></html>`

func writePagefindPage(t *testing.T, dir string) {
	if err := os.WriteFile(filepath.Join(dir, "pagefind-bench.html"), []byte(pagefindPage), 0o644); err != nil {
		t.Fatal(err)
	}
}

// pagefindSearch runs a query with Pagefind's JavaScript API and loads the
// data (fragments) of the first results, as its UI does for the results
// it shows; it resolves to the milliseconds from the call to the first
// result's data.
const pagefindSearch = `(async function (q, shown) {
  var t0 = performance.now();
  if (!window.__pf) {
    window.__pf = await import("/pagefind/pagefind.js");
    await window.__pf.options({ noWorker: true }); // in the page, where the DevTools protocol sees its requests
  }
  var res = await window.__pf.search(q);
  var first = 0;
  await Promise.all(res.results.slice(0, shown).map(function (r, i) {
    return r.data().then(function (d) { if (i === 0) first = performance.now() - t0; return d; });
  }));
  return first;
})(%s, %d)`

func measurePagefind(t *testing.T, base string) queryBytes {
	tb := newTab(t, base)
	tb.Open("/pagefind-bench.html")
	tb.transferred()
	var out queryBytes
	for i, q := range append([]string{firstQuery}, laterQueries...) {
		eval[float64](tb, fmt.Sprintf(pagefindSearch, jsString(q), shown))
		idle(tb)
		reqs, total := tb.transferred()
		if i == 0 {
			out.first = total
		} else {
			out.later = append(out.later, total)
		}
		t.Logf("Pagefind %s: %d requests, %.1f KB", q, len(reqs), total/1024)
	}
	tb.Close()
	return out
}

// latencyJS arms the measurement: the times of the keydown and the input
// event in the search box, and a MutationObserver for the first
// suggestion, then two frames for it to be painted, and for all the
// suggestions shown (the best show as soon as they are there). The
// arguments are what the box holds already (set without events, so no
// search starts for it) and how many suggestions make all.
const latencyJS = `(function (prefill) {
  var input = document.getElementById("q"), list = document.getElementById("q-list");
  var t = window.__lat = { focus: 0, key: 0, input: 0, dom: 0, paint: 0, all: 0 };
  list.textContent = "";
  input.addEventListener("keydown", function () { t.key = performance.now(); }, true);
  input.addEventListener("input", function () { t.input = t.input || performance.now(); }, true);
  new MutationObserver(function (m, obs) {
    if (!list.querySelector("[role=option]")) return;
    if (!t.dom) {
      t.dom = performance.now();
      requestAnimationFrame(function () { requestAnimationFrame(function () { t.paint = performance.now(); }); });
    }
    if (list.querySelectorAll(".suggest-title").length < %d) return;
    t.all = performance.now();
    obs.disconnect();
  }).observe(list, { childList: true, subtree: true });
  t.focus = performance.now();
  input.focus();
  input.value = prefill;
  return true;
})(%s)`

// timelineJS reads what happened around the keydown, in milliseconds from
// it: latencyJS's focus (before it, so negative), the input event, the
// suggestion in the DOM and painted, for each kind of request after the
// keydown (Resource Timing: from the request's start to its last byte)
// the first start, the last end and how many, and how many came from the
// HTTP cache (none should: each page has a browser context of its own).
const timelineJS = `(function () {
  var t = window.__lat, out = { focus: t.focus - t.key, input: t.input - t.key, dom: t.dom - t.key, paint: t.paint - t.key, all: t.all - t.key, cached: 0, kinds: {} };
  performance.getEntriesByType("resource").forEach(function (e) {
    if (e.startTime < t.key) return;
    var m = /search-index\/([a-z])\//.exec(e.name);
    var kind = m ? m[1] : /entry\.json/.test(e.name) ? "entry" : /search-static/.test(e.name) ? "client" : /api\/search/.test(e.name) ? "api" : "other";
    if (e.transferSize === 0) out.cached++;
    var k = out.kinds[kind] || (out.kinds[kind] = { n: 0, start: 1e9, end: 0 });
    k.n++;
    k.start = Math.min(k.start, e.startTime - t.key);
    k.end = Math.max(k.end, e.responseEnd - t.key);
  });
  return out;
})()`

// timeline is what timelineJS reads.
type timeline struct {
	Focus, Input, DOM, Paint, All float64
	Cached                        int
	Kinds                         map[string]struct {
		N          int
		Start, End float64
	}
}

// keystroke times one keystroke, the last letter of q, to the first
// suggestion on screen; the box holds the rest of q already. The key is
// one native key event sent right after latencyJS focused the box:
// chromedp.SendKeys would first look the box up over the DevTools protocol,
// a delay between focus and key that varied from run to run.
func keystroke(tb *tab, q string) timeline {
	r := []rune(q)
	eval[bool](tb, fmt.Sprintf(latencyJS, shown, jsString(string(r[:len(r)-1]))))
	key := string(r[len(r)-1:])
	down := kb.Encode(r[len(r)-1])[0] // the keydown, made a key event with text
	down.Type, down.Text, down.UnmodifiedText = kb.KeyDown, key, key
	up := *down
	up.Type, up.Text, up.UnmodifiedText = kb.KeyUp, "", ""
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *down); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, up)
		return err
	}))
	tb.WaitFor("the suggestions", `window.__lat.paint > 0 && window.__lat.all > 0`)
	tl := eval[timeline](tb, timelineJS)
	if tl.Cached > 0 {
		tb.T.Errorf("%q: %d requests came from the HTTP cache", q, tl.Cached)
	}
	return tl
}

// latencyTab opens a tab to time a search in: a browser context of its
// own, so an empty HTTP cache. Unless record is set, the DevTools
// protocol does not record its network traffic (newTab does, to count
// bytes): recording is work for the browser on each request that no
// visitor's browser does. The table shows the first query both ways.
func latencyTab(t *testing.T, base string, record bool) *tab {
	t.Helper()
	if record {
		return newTab(t, base)
	}
	needBrowser(t)
	return &tab{Tab: browsertest.OpenTab(t, browserCtx, base), bytes: map[network.RequestID]*request{}}
}

// latencyTable measures on fresh pages of the 10,000-card sites the time
// from a keystroke to the first result on screen: the first query of a
// page, with the box focused (which loads the client and the metadata) a
// moment before and with nothing loaded, and a later query. It adds where
// the time went, from the timelines of the runs.
func latencyTable(t *testing.T, ours, hugo string) []string {
	var focused, cold, later, recorded []timeline
	var pf, pfLater []float64
	for range latencyRuns {
		for _, record := range []bool{false, true} {
			tb := latencyTab(t, ours, record)
			tb.Open("/")
			eval[bool](tb, `(document.getElementById("q").focus(), true)`)
			idle(tb)
			tl := keystroke(tb, firstQuery)
			if record {
				recorded = append(recorded, tl)
				tb.Close()
				continue
			}
			focused = append(focused, tl)
			idle(tb)
			later = append(later, keystroke(tb, laterQueries[0]))
			tb.Close()
		}
		tb := latencyTab(t, ours, false)
		tb.Open("/")
		cold = append(cold, keystroke(tb, firstQuery))
		tb.Close()
		pt := latencyTab(t, hugo, false)
		pt.Open("/pagefind-bench.html")
		pf = append(pf, eval[float64](pt, fmt.Sprintf(pagefindSearch, jsString(firstQuery), shown)))
		pfLater = append(pfLater, eval[float64](pt, fmt.Sprintf(pagefindSearch, jsString(laterQueries[0]), shown)))
		pt.Close()
	}
	paint := func(tl []timeline) float64 {
		return browsertest.Median(mapTimelines(tl, func(x timeline) float64 { return x.Paint }))
	}
	if m := paint(focused); m > 150 {
		t.Logf("10,000 cards: the first result came %.0f ms after the keystroke (target 150 ms)", m)
	}
	out := []string{
		fmt.Sprintf("Time to the first result, 10,000 cards, median of %d fresh pages (ms):", latencyRuns),
		"",
		"| | tietopankki: keystroke → first suggestion on screen | Pagefind: search call → first result's data |",
		"|---|---|---|",
		fmt.Sprintf("| first query (%s), the box focused a moment before | %.0f | %.0f |", firstQuery, paint(focused), browsertest.Median(pf)),
		fmt.Sprintf("| first query (%s), typed as the box gets focus | %.0f | |", firstQuery, paint(cold)),
		fmt.Sprintf("| later query (%s) | %.0f | %.0f |", laterQueries[0], paint(later), browsertest.Median(pfLater)),
		fmt.Sprintf("| first query (%s), focused before, with DevTools recording the network | %.0f | |", firstQuery, paint(recorded)),
		"",
		"Where the time went (ms from the keydown, medians; requests from their start to their last byte):",
		"",
		"| | first query, focused before | first query, typed as focus | later query |",
		"|---|---|---|---|",
	}
	row := func(what string, f func(timeline) string) {
		cells := []string{what}
		for _, tl := range [][]timeline{focused, cold, later} {
			cells = append(cells, f(medianTimeline(tl)))
		}
		out = append(out, "| "+strings.Join(cells, " | ")+" |")
	}
	row("the test's `focus()` and prefill", func(x timeline) string { return fmt.Sprintf("%.0f", x.Focus) })
	row("input event", func(x timeline) string { return fmt.Sprintf("%.0f", x.Input) })
	for _, k := range []struct{ kind, what string }{
		{"api", "`/api/search` (404)"}, {"client", "`search-static.js`"}, {"entry", "`entry.json`"}, {"m", "metadata"},
		{"t", "term shards"}, {"p", "postings"}, {"f", "fragments"},
	} {
		row(k.what, func(x timeline) string {
			r, ok := x.Kinds[k.kind]
			if !ok {
				return "–"
			}
			return fmt.Sprintf("%.0f–%.0f (%d)", r.Start, r.End, r.N)
		})
	}
	row("first suggestion in the DOM", func(x timeline) string { return fmt.Sprintf("%.0f", x.DOM) })
	row("painted (two frames later)", func(x timeline) string { return fmt.Sprintf("%.0f", x.Paint) })
	row(fmt.Sprintf("all %d suggestions in the DOM", shown), func(x timeline) string { return fmt.Sprintf("%.0f", x.All) })
	return out
}

func mapTimelines(tl []timeline, f func(timeline) float64) []float64 {
	out := make([]float64, len(tl))
	for i, x := range tl {
		out[i] = f(x)
	}
	return out
}

// medianTimeline takes the median of each time across the runs, and the
// largest count of each kind of request.
func medianTimeline(tl []timeline) timeline {
	m := timeline{
		Focus: browsertest.Median(mapTimelines(tl, func(x timeline) float64 { return x.Focus })),
		Input: browsertest.Median(mapTimelines(tl, func(x timeline) float64 { return x.Input })),
		DOM:   browsertest.Median(mapTimelines(tl, func(x timeline) float64 { return x.DOM })),
		Paint: browsertest.Median(mapTimelines(tl, func(x timeline) float64 { return x.Paint })),
		All:   browsertest.Median(mapTimelines(tl, func(x timeline) float64 { return x.All })),
	}
	m.Kinds = map[string]struct {
		N          int
		Start, End float64
	}{}
	for _, x := range tl {
		for k := range x.Kinds {
			var starts, ends []float64
			n := 0
			for _, y := range tl {
				if r, ok := y.Kinds[k]; ok {
					starts, ends, n = append(starts, r.Start), append(ends, r.End), max(n, r.N)
				}
			}
			m.Kinds[k] = struct {
				N          int
				Start, End float64
			}{n, browsertest.Median(starts), browsertest.Median(ends)}
		}
	}
	return m
}
