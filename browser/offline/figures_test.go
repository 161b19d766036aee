package offline

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The queries measured, the same on both sides: a first query on a page
// that has loaded nothing of the search, then later ones on the same page.
var (
	firstQuery   = "kokous"
	laterQueries = []string{"tiedosto", "asiakkaan ajanvaraus"}
	shown        = 6 // results shown: the suggestions of app.js
	latencyRuns  = 5
)

// TestStaticFigures builds 1,000 and 10,000 synthetic cards (internal/synth)
// with the tietopankki binary and with Hugo + Pagefind (bench/: `npm ci`
// there installs Pagefind), serves both with the same gzipping static
// server, and measures in Chromium the bytes each transfers (the network's
// encodedDataLength, client code included) for a first and later queries,
// and the time from the keystroke to the first result. It prints the
// tables of docs/benchmarks-static.md. It takes minutes: it runs only with
// TIETOPANKKI_STATIC_FIGURES=1.
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
	fmt.Fprintf(&b, "machine: %d cores, %s; load average %s\n\n", runtime.NumCPU(), cpuModel(), loadAverage())
	fmt.Fprintf(&b, "| cards | | tietopankki | Pagefind |\n|---|---|---|---|\n")
	var lat10k []string
	for _, n := range []int{1000, 10000} {
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
		tp, typed := measureOurs(t, staticServer(t, ours, true).URL)
		pf := measurePagefind(t, staticServer(t, hugo, false).URL)
		row := func(what string, x, y float64) {
			fmt.Fprintf(&b, "| %d | %s | %.1f KB | %.1f KB |\n", n, what, x/1024, y/1024)
		}
		row("first query ("+firstQuery+"), client code included", tp.first, pf.first)
		for i, q := range laterQueries {
			row("later query ("+q+")", tp.later[i], pf.later[i])
		}
		fmt.Fprintf(&b, "| %d | first query (%s) typed letter by letter in the search box, client code included | %.1f KB | |\n", n, firstQuery, typed/1024)
		for i, x := range append([]float64{tp.first}, tp.later...) {
			y := append([]float64{pf.first}, pf.later...)[i]
			if x > y {
				t.Errorf("%d cards, query %d: tietopankki transferred %.1f KB, Pagefind %.1f KB", n, i, x/1024, y/1024)
			}
		}
		if n == 10000 {
			lat10k = latencyTable(t, staticServer(t, ours, true).URL, staticServer(t, hugo, false).URL)
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
	tb.open("/")
	reqs, _ := tb.transferred()
	for _, r := range reqs {
		if strings.Contains(r.url, "/assets/search.") {
			out.first += r.size
		}
	}
	for i, q := range append([]string{firstQuery}, laterQueries...) {
		eval[int](tb, fmt.Sprintf(`window.Tietopankki.search(%s, %d).then(r => r.length)`, jsString(q), shown))
		quiet(tb)
		reqs, total := tb.transferred()
		if i == 0 {
			out.first += total
		} else {
			out.later = append(out.later, total)
		}
		t.Logf("tietopankki %s: %d requests, %.1f KB", q, len(reqs), total/1024)
	}
	tb = newTab(t, base)
	tb.open("/")
	reqs, _ = tb.transferred()
	for _, r := range reqs {
		if strings.Contains(r.url, "/assets/search.") {
			typed += r.size
		}
	}
	tb.typeInto("#q", firstQuery)
	tb.waitFor("suggestions", `document.querySelectorAll("#q-list [role=option]").length > 0`)
	quiet(tb)
	_, total := tb.transferred()
	return out, typed + total
}

// quiet waits until no request has started for 300 ms.
func quiet(tb *tab) {
	for {
		n := tb.pending()
		time.Sleep(300 * time.Millisecond)
		if tb.pending() == n {
			return
		}
	}
}

func (tb *tab) pending() int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return len(tb.bytes)
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
	tb.open("/pagefind-bench.html")
	tb.transferred()
	var out queryBytes
	for i, q := range append([]string{firstQuery}, laterQueries...) {
		eval[float64](tb, fmt.Sprintf(pagefindSearch, jsString(q), shown))
		quiet(tb)
		reqs, total := tb.transferred()
		if i == 0 {
			out.first = total
		} else {
			out.later = append(out.later, total)
		}
		t.Logf("Pagefind %s: %d requests, %.1f KB", q, len(reqs), total/1024)
	}
	return out
}

// latencyJS arms the measurement: the time of the keydown in the search
// box, and a MutationObserver for the first suggestion, then two frames
// for it to be painted. The argument is what the box holds already (set
// without events, so no search starts for it).
const latencyJS = `(function (prefill) {
  var input = document.getElementById("q"), list = document.getElementById("q-list");
  var t = window.__lat = { key: 0, paint: 0 };
  list.textContent = "";
  input.addEventListener("keydown", function () { t.key = performance.now(); }, true);
  new MutationObserver(function (m, obs) {
    if (!list.querySelector("[role=option]")) return;
    obs.disconnect();
    requestAnimationFrame(function () { requestAnimationFrame(function () { t.paint = performance.now(); }); });
  }).observe(list, { childList: true, subtree: true });
  input.focus();
  input.value = prefill;
  return true;
})(%s)`

// keystroke times one keystroke, the last letter of q, to the first
// suggestion on screen; the box holds the rest of q already.
func keystroke(tb *tab, q string) float64 {
	r := []rune(q)
	eval[bool](tb, fmt.Sprintf(latencyJS, jsString(string(r[:len(r)-1]))))
	tb.do(chromedp.SendKeys("#q", string(r[len(r)-1:])))
	tb.waitFor("the first suggestion", `window.__lat.paint > 0`)
	return eval[float64](tb, `__lat.paint - __lat.key`)
}

// latencyTable measures on fresh pages of the 10,000-card sites the time
// from a keystroke to the first result on screen: the first query of a
// page, with the box focused (which loads the client and the metadata) a
// moment before and with nothing loaded, and a later query.
func latencyTable(t *testing.T, ours, hugo string) []string {
	var focused, cold, later, pf, pfLater []float64
	for range latencyRuns {
		tb := newTab(t, ours)
		tb.open("/")
		eval[bool](tb, `(document.getElementById("q").focus(), true)`)
		quiet(tb)
		focused = append(focused, keystroke(tb, firstQuery))
		later = append(later, keystroke(tb, laterQueries[0]))
		tb = newTab(t, ours)
		tb.open("/")
		cold = append(cold, keystroke(tb, firstQuery))
		pt := newTab(t, hugo)
		pt.open("/pagefind-bench.html")
		pf = append(pf, eval[float64](pt, fmt.Sprintf(pagefindSearch, jsString(firstQuery), shown)))
		pfLater = append(pfLater, eval[float64](pt, fmt.Sprintf(pagefindSearch, jsString(laterQueries[0]), shown)))
	}
	if m := median(focused); m > 150 {
		t.Logf("10,000 cards: the first result came %.0f ms after the keystroke (target 150 ms)", m)
	}
	return []string{
		fmt.Sprintf("Time to the first result, 10,000 cards, median of %d fresh pages (ms):", latencyRuns),
		"",
		"| | tietopankki: keystroke → first suggestion on screen | Pagefind: search call → first result's data |",
		"|---|---|---|",
		fmt.Sprintf("| first query (%s), the box focused a moment before | %.0f | %.0f |", firstQuery, median(focused), median(pf)),
		fmt.Sprintf("| first query (%s), typed as the box gets focus | %.0f | |", firstQuery, median(cold)),
		fmt.Sprintf("| later query (%s) | %.0f | %.0f |", laterQueries[0], median(later), median(pfLater)),
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func loadAverage() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
