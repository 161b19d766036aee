package browser

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
)

// Targets from the issue: a page with its CSS and JavaScript under 50 KB
// before any search, and the first suggestion on screen within 150 ms of
// a keystroke. The page weight is checked (TestPageWeight) as a gzipping
// server (the production server, Netlify) transfers it; the dev server
// sends it uncompressed, and the test prints that figure too. The time is
// measured, never asserted: BenchmarkFirstSuggestion reports it, and
// docs/benchmarks-browser.md has the figures of a quiet run.
const (
	maxPageKB      = 50
	maxFirstResult = 150 * time.Millisecond
)

type resource struct {
	URL      string  `json:"url"`
	Kind     string  `json:"kind"` // html, css, js, img, other
	Transfer float64 `json:"transfer"`
	Body     float64 `json:"body"`
}

// resourcesJS lists what the page loaded, from Resource Timing. (Its
// transferSize is 0 for a file the browser's memory cache gave, even with
// the cache off, as happens on the 404 page; encodedBodySize is not.)
const resourcesJS = `(function () {
  var out = [];
  var nav = performance.getEntriesByType("navigation")[0];
  out.push({ url: nav.name, kind: "html", transfer: nav.transferSize, body: nav.encodedBodySize });
  performance.getEntriesByType("resource").forEach(function (r) {
    var kind = /\.css(\?|$)/.test(r.name) ? "css" : /\.js(\?|$)/.test(r.name) ? "js" : r.initiatorType === "img" ? "img" : r.initiatorType;
    out.push({ url: r.name, kind: kind, transfer: r.transferSize, body: r.encodedBodySize });
  });
  return out;
})()`

// pageWeight is what a page type loads, in bytes of the bodies as they
// come over the network (Resource Timing's encodedBodySize; HTTP headers
// not counted).
type pageWeight struct {
	name                 string
	html, css, js, img   float64 // as the dev server sends them: uncompressed
	files                int
	gzipHTML, gzipAssets int // what a gzipping server sends of the same bodies
}

func (w pageWeight) total() float64 { return w.html + w.css + w.js }

// gzipSizes holds gzipSize's answers: every page loads the same CSS and
// JavaScript.
var gzipSizes sync.Map // URL -> int

// gzipSize fetches a URL of the sample site and gzips its body.
func gzipSize(t *testing.T, u string) int {
	t.Helper()
	if n, ok := gzipSizes.Load(u); ok {
		return n.(int)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
	io.Copy(zw, resp.Body)
	zw.Close()
	gzipSizes.Store(u, b.Len())
	return b.Len()
}

// measurePageWeights loads each page type with the cache off and adds up
// what came over the network: HTML, CSS and JavaScript, before any search.
func measurePageWeights(t *testing.T) []pageWeight {
	// One tab (a browser context of its own) with the cache off, emptied
	// before each page: every page loads as on a first visit.
	tb := newTab(t)
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	var out []pageWeight
	for _, pt := range pageTypes {
		tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.ClearBrowserCache, cdp.Empty{})
			return err
		}))
		tb.Open(pt.path)
		w := pageWeight{name: pt.name}
		for _, r := range eval[[]resource](tb, resourcesJS) {
			if strings.Contains(r.URL, "/_tietopankki/") {
				continue // the dev server's live-reload script, not part of the site
			}
			if os.Getenv("TIETOPANKKI_DEBUG_WEIGHT") != "" {
				t.Logf("%s: %s %s transferred %.0f, body %.0f", pt.name, r.Kind, r.URL, r.Transfer, r.Body)
			}
			switch r.Kind {
			case "html":
				w.html += r.Body
				w.gzipHTML += gzipSize(t, r.URL)
			case "css":
				w.css += r.Body
				w.gzipAssets += gzipSize(t, r.URL)
			case "js":
				w.js += r.Body
				w.gzipAssets += gzipSize(t, r.URL)
			case "img":
				w.img += r.Body
			default:
				continue
			}
			w.files++
		}
		out = append(out, w)
	}
	return out
}

type latency struct {
	FromFirst float64 `json:"fromFirst"` // first keydown → first option painted, ms
	DOM       float64 `json:"dom"`       // first keydown → first option in the DOM
	Typing    float64 `json:"typing"`    // first → last keydown
	Fetch     float64 `json:"fetch"`     // the search request's duration
}

// latencyJS arms the measurement: keydown times on the search box, a
// MutationObserver on the listbox for the first option, then the frame
// that paints it. The argument is what the box holds already
// (set without events, so no search starts for it).
const latencyJS = `(function (prefill) {
  var input = document.getElementById("q"), list = document.getElementById("q-list");
  var t = window.__lat = { first: 0, last: 0, dom: 0, paint: 0 };
  input.addEventListener("keydown", function () { var n = performance.now(); if (!t.first) t.first = n; t.last = n; }, true);
  new MutationObserver(function (m, obs) {
    if (!list.querySelector("[role=option]")) return;
    t.dom = performance.now();
    obs.disconnect();
    // The next frame paints it: a message posted from its animation-frame
    // callback arrives right after that paint.
    requestAnimationFrame(function () {
      var ch = new MessageChannel();
      ch.port1.onmessage = function () { t.paint = performance.now(); };
      ch.port2.postMessage(0);
    });
  }).observe(list, { childList: true, subtree: true });
  input.focus();
  input.value = prefill;
  return true;
})(%s)`

// measureLatency times the first suggestion after typing keys into the
// home page's search box that already holds prefill, on a fresh load of
// the page.
func measureLatency(tb *tab, prefill, keys string) latency {
	tb.T.Helper()
	tb.Open("/")
	eval[bool](tb, fmt.Sprintf(latencyJS, jsString(prefill)))
	tb.Do(typeKeys(keys))
	tb.WaitFor("the first suggestion", `window.__lat.paint > 0`)
	return eval[latency](tb, `(function () {
  var t = window.__lat;
  var f = performance.getEntriesByType("resource").filter(r => r.name.indexOf("/api/search") >= 0 || r.name.indexOf("/_search/") >= 0);
  return { fromFirst: t.paint - t.first, typing: t.last - t.first, dom: t.dom - t.first, fetch: f.length ? f[f.length - 1].duration : 0 };
})()`)
}

// TestPageWeight measures the page weight of each page type, checks the
// target on what a gzipping server sends and logs the table of
// docs/benchmarks-browser.md.
func TestPageWeight(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	weights := measurePageWeights(t)
	var b strings.Builder
	var over []string
	fmt.Fprintf(&b, "machine: %s; %s; race detector %v\n\n", browsertest.Machine(), chromeVer, raceEnabled)
	fmt.Fprintf(&b, "| page | HTML | CSS | JS | HTML + CSS + JS | the same gzipped | images | files |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, w := range weights {
		fmt.Fprintf(&b, "| %s | %.1f KB | %.1f KB | %.1f KB | **%.1f KB** | %.1f KB | %.1f KB | %d |\n", w.name, w.html/1024, w.css/1024, w.js/1024,
			w.total()/1024, float64(w.gzipHTML+w.gzipAssets)/1024, w.img/1024, w.files)
		if gz := float64(w.gzipHTML+w.gzipAssets) / 1024; gz > maxPageKB {
			t.Errorf("%s: %.1f KB of HTML, CSS and JavaScript gzipped before any search; the target is under %d KB", w.name, gz, maxPageKB)
		} else if w.total() > maxPageKB*1024 {
			over = append(over, fmt.Sprintf("%s %.1f KB", w.name, w.total()/1024))
		}
	}
	if len(over) > 0 {
		fmt.Fprintf(&b, "\nNOTE: over %d KB uncompressed, as the dev server sends it (a gzipping server sends the gzipped figure): %s\n", maxPageKB, strings.Join(over, ", "))
	}
	t.Log("\n" + b.String())
}

// BenchmarkFirstSuggestion measures the time from the keystroke to the
// first suggestion on screen: "one-key" types the last letter of the
// sample query into a box that holds the rest, "whole-query" types the
// whole query as fast as the DevTools protocol sends keys. Each iteration
// loads the home page afresh. It reports medians in milliseconds: to the
// first option painted and in the DOM, the search request, and for
// whole-query the typing itself. The target for one-key's paint is
// maxFirstResult.
//
//	go test -run '^$' -bench FirstSuggestion -benchtime 7x ./browser/
func BenchmarkFirstSuggestion(b *testing.B) {
	for _, c := range []struct{ name, prefill, keys string }{
		{"one-key", sampleQuery[:len(sampleQuery)-1], sampleQuery[len(sampleQuery)-1:]},
		{"whole-query", "", sampleQuery},
	} {
		b.Run(c.name, func(b *testing.B) {
			tb := newTab(b)
			var ls []latency
			for b.Loop() {
				ls = append(ls, measureLatency(tb, c.prefill, c.keys))
			}
			median := func(f func(latency) float64) float64 {
				var xs []float64
				for _, l := range ls {
					xs = append(xs, f(l))
				}
				return browsertest.Median(xs)
			}
			b.ReportMetric(median(func(l latency) float64 { return l.FromFirst }), "ms-painted")
			b.ReportMetric(median(func(l latency) float64 { return l.DOM }), "ms-in-DOM")
			b.ReportMetric(median(func(l latency) float64 { return l.Fetch }), "ms-request")
			if c.prefill == "" {
				b.ReportMetric(median(func(l latency) float64 { return l.Typing }), "ms-typing")
			}
			if m := time.Duration(median(func(l latency) float64 { return l.FromFirst }) * float64(time.Millisecond)); c.prefill != "" && m > maxFirstResult {
				b.Logf("the first suggestion took %v from the keystroke (median), over the %v target (race detector %v; machine: %s)",
					m.Round(time.Millisecond), maxFirstResult, raceEnabled, browsertest.Machine())
			}
		})
	}
}
