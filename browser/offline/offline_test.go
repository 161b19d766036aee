package offline

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"tietopankki/i18n"
	"tietopankki/internal/testcontent"
	"tietopankki/search"
	"tietopankki/server"
)

// serverSearch is the server's own search of the sample for a query.
func serverSearch(t *testing.T, q string, limit int) *search.Result {
	t.Helper()
	ix, err := search.Open(filepath.Join(sampleDir, search.Dir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Request{Query: q, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// serverTitles are the titles the server's own search gives for a query.
func serverTitles(t *testing.T, q string, limit int) []string {
	t.Helper()
	res := serverSearch(t, q, limit)
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}

// TestStaticSearch serves the built sample (a plain build: a static
// build) from a plain static file server (no API) and searches it as you
// type and on the results page: the same titles in the same order as the
// server's search, with filters, with nothing of the static search loaded
// before the first search, no request to /api/search and no request that
// fails (each would be an error in the browser's console).
func TestStaticSearch(t *testing.T) {
	t.Parallel()
	srv := staticServer(t, sampleDir, true, true)
	tb := newTab(t, srv.URL)
	tb.Open("/tools/teams/")
	reqs, total := tb.transferred()
	failures(t, reqs)
	for _, r := range reqs {
		if strings.Contains(r.url, "search-index/") || strings.Contains(r.url, "search-static") {
			t.Errorf("the page loaded %s before any search", r.url)
		}
	}
	t.Logf("a tool page with its CSS and scripts: %.1f KB transferred (gzip)", total/1024)
	if total > 50*1024 {
		t.Errorf("the page transferred %.1f KB before any search; the limit is 50 KB", total/1024)
	}

	// As you type: the static index answers; the API is never asked.
	tb.WatchSearches()
	tb.typeInto("#q", "kokous")
	tb.WaitSuggestions("kokous")
	if got, want := tb.Suggestions(), serverTitles(t, "kokous", 6); !slices.Equal(got, want) {
		t.Errorf("suggestions for kokous: %q; the server's search: %q", got, want)
	}
	reqs, _ = tb.transferred()
	failures(t, reqs)
	if api, index := requestsTo(reqs, "/api/search"), requestsTo(reqs, "/search-index/"); api != 0 || index == 0 {
		t.Errorf("the first search asked the API %d times and loaded %d index files; want 0 and some", api, index)
	}
	tb.Do(chromedp.SendKeys("#q", " tee"))
	tb.WaitSuggestions("kokous tee")
	if got, want := tb.Suggestions(), serverTitles(t, "kokous tee", 6); !slices.Equal(got, want) {
		t.Errorf("suggestions for kokous tee: %q; the server's search: %q", got, want)
	}
	reqs, _ = tb.transferred()
	failures(t, reqs)
	if api := requestsTo(reqs, "/api/search"); api != 0 {
		t.Errorf("a later search asked the API %d times", api)
	}

	// The results page: the static host serves the empty page; the results
	// come from the index, in the page's own markup.
	tb.Open("/search/?q=tiedosto+katosi")
	tb.WaitFor("results", `document.querySelector("#results .result-count") !== null`)
	titles := eval[[]string](tb, `Array.from(document.querySelectorAll("#results .result-title a")).map(e => e.textContent)`)
	if want := serverTitles(t, "tiedosto katosi", 30); !slices.Equal(titles, want) {
		t.Errorf("results for tiedosto katosi: %q; the server's: %q", titles, want)
	}
	if n := eval[int](tb, `document.querySelectorAll("#results .snippet mark").length`); n == 0 {
		t.Error("no <mark> in the snippets")
	}
	if v := eval[string](tb, `document.getElementById("q").value`); v != "tiedosto katosi" {
		t.Errorf("the search box holds %q", v)
	}
	count := eval[string](tb, `document.querySelector("#results .result-count").textContent`)
	if !strings.Contains(count, "tiedosto katosi") {
		t.Errorf("result count %q does not name the query", count)
	}
	// Two words: the results with both, then under a heading those with one.
	res := serverSearch(t, "tiedosto katosi", 30)
	fi := i18n.MustGet("fi")
	type groups struct {
		Heading string `json:"heading"`
		Lists   []int  `json:"lists"`
	}
	pg := eval[groups](tb, `({ heading: (document.querySelector("#results .result-group") || { textContent: "" }).textContent,
  lists: Array.from(document.querySelectorAll("#results .result-list")).map(l => l.children.length) })`)
	if res.Complete == 0 || res.Partial == 0 {
		t.Fatalf("tiedosto katosi: %d results with both words, %d with one; the test needs both kinds", res.Complete, res.Partial)
	}
	if want := fi.T("search.countAll", res.Complete, "tiedosto katosi"); count != want {
		t.Errorf("result count %q, want %q", count, want)
	}
	if want := fi.T("search.partial", res.Partial); pg.Heading != want || len(pg.Lists) != 2 || pg.Lists[0] != res.Complete {
		t.Errorf("results page: heading %q, lists of %v; want %q, lists of %d and the rest", pg.Heading, pg.Lists, want, res.Complete)
	}
	// Filters from the URL.
	tb.Open("/search/?q=kokous&tool=teams")
	tb.WaitFor("filtered results", `document.querySelector("#results .result-count") !== null`)
	tools := eval[[]string](tb, `Array.from(document.querySelectorAll("#results .badge-tool")).map(e => e.textContent)`)
	if len(tools) == 0 || slices.ContainsFunc(tools, func(s string) bool { return s != "Teams" }) {
		t.Errorf("results filtered by tool teams show tools %q", tools)
	}
	if sel := eval[string](tb, `document.getElementById("f-tool").value`); sel != "teams" {
		t.Errorf("the tool filter shows %q", sel)
	}
	// No results: the tips.
	tb.Open("/search/?q=xqzwv")
	tb.WaitFor("no results", `document.querySelector("#results .no-results li") !== null`)
	if errs := tb.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %q", errs)
	}
	reqs, _ = tb.transferred()
	failures(t, reqs)
	if api := requestsTo(reqs, "/api/search"); api != 0 {
		t.Errorf("the results pages asked the API %d times", api)
	}
}

// TestServerBuildSearch builds the sample for a server with the search API
// (build --search-api) and serves it with `serve --production`'s server:
// the pages ask /api/search, as you type and on the results page, and load
// nothing of the static index.
func TestServerBuildSearch(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	tmp := t.TempDir()
	content, dir := filepath.Join(tmp, "content"), filepath.Join(tmp, "site")
	if err := testcontent.CopyFixture(content); err != nil {
		t.Fatal(err)
	}
	if err := command(root, binary, "build", "--content", content, "--out", dir, "--search-api"); err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Options{Public: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := httptest.NewServer(h)
	defer srv.Close()
	tb := newTab(t, srv.URL)
	tb.Open("/tools/teams/")
	tb.WatchSearches()
	tb.typeInto("#q", "kokous")
	tb.WaitSuggestions("kokous")
	if got, want := tb.Suggestions(), serverTitles(t, "kokous", 6); !slices.Equal(got, want) {
		t.Errorf("suggestions for kokous: %q; the server's search: %q", got, want)
	}
	tb.Open("/search/?q=liity+kokoukseen")
	tb.WaitFor("results", `document.querySelector("#results .result-count") !== null`)
	reqs, _ := tb.transferred()
	failures(t, reqs)
	if api, index := requestsTo(reqs, "/api/search"), requestsTo(reqs, "/search-index/")+requestsTo(reqs, "search-static"); api == 0 || index != 0 {
		t.Errorf("the searches asked the API %d times and loaded %d files of the static search; want some and 0", api, index)
	}
	if errs := tb.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %q", errs)
	}
}

// TestOffline opens a card and a learning path on the static host, waits
// for the service worker, checks that a changed page shows while online
// (network first), goes offline (the browser's network emulation, for the
// page and the worker, and the server closed), and reads the card and a
// step of the path never opened, and searches, as you type and on the
// results page. Then a new build (a new sw.js) replaces the caches.
func TestOffline(t *testing.T) {
	t.Parallel()
	card := "/tools/teams/liity-kokoukseen/"
	site, srv, tb := withWorker(t, card, true)
	tb.WaitFor("the search index kept", `fetch("/search-index/entry.json").then(r => r.json()).then(e => caches.match("/search-index/t/" + e.gen + "-" + e.shards.indexOf("ko") + ".json.gz")).then(Boolean)`)
	path := "/paths/ensiaskeleet/"
	tb.Open(path)
	step := eval[string](tb, `new URL(document.querySelectorAll(".step-by-step .step-title a")[5].href).pathname`)
	tb.WaitFor("the path's steps kept", `caches.match(`+jsString(step)+`).then(Boolean)`)

	// Online, a page is always the network's.
	file := filepath.Join(site, filepath.FromSlash(card), "index.html")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), "</h1>", " (uusi)</h1>", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	tb.Open(card)
	if h := eval[string](tb, `document.querySelector("h1").textContent`); !strings.HasSuffix(h, "(uusi)") {
		t.Errorf("online, the card shows %q: the kept copy, not the network's", h)
	}

	goOffline(tb)
	srv.CloseClientConnections()
	srv.Listener.Close()
	if eval[bool](tb, `fetch("/tools/?x=" + Math.random(), {cache: "no-store"}).then(() => true, () => false)`) {
		t.Fatal("the network still answers")
	}
	tb.Open(card)
	if h := eval[string](tb, `document.querySelector("h1") ? document.querySelector("h1").textContent : ""`); !strings.Contains(h, "kokoukseen") {
		t.Fatalf("offline, the opened card shows %q", h)
	}
	tb.WatchSearches()
	tb.typeInto("#q", "kokous")
	tb.WaitSuggestions("kokous")
	if got, want := tb.Suggestions(), serverTitles(t, "kokous", 6); !slices.Equal(got, want) {
		t.Errorf("offline suggestions for kokous: %q; the server's search: %q", got, want)
	}
	tb.Open("/search/?q=liity+kokoukseen")
	tb.WaitFor("results offline", `document.querySelector("#results .result-count, #results .error-text") !== null`)
	if first := eval[string](tb, `(document.querySelector("#results .result-title a") || {}).textContent || document.getElementById("results").textContent`); first != serverTitles(t, "liity kokoukseen", 1)[0] {
		t.Errorf("offline, the first result for liity kokoukseen is %q", first)
	}
	tb.Open(step)
	if h := eval[string](tb, `document.querySelector("h1") ? document.querySelector("h1").textContent : ""`); h == "" {
		t.Errorf("offline, step %s of the learning path does not load", step)
	}
	if errs := tb.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %q", errs)
	}
}

// TestOfflinePage: with no network, a page the worker has not kept shows
// the site's offline page ("Olet ilman verkkoa – nämä ohjeet ovat
// tallessa") listing the cards that are kept, not the browser's error.
func TestOfflinePage(t *testing.T) {
	t.Parallel()
	card := "/tools/onedrive/tiedosto-katosi/"
	_, srv, tb := withWorker(t, card, false)
	title := eval[string](tb, `document.querySelector("h1").textContent`)
	tb.WaitFor("the offline page kept", `caches.match("/offline/").then(Boolean)`)
	never := "/tools/hyvis/varaa-aika/"
	if eval[bool](tb, `caches.match(`+jsString(never)+`).then(Boolean)`) {
		t.Fatalf("%s is kept already; the test needs a page never opened", never)
	}
	goOffline(tb)
	srv.CloseClientConnections()
	srv.Listener.Close()
	tb.Open(never)
	if h := eval[string](tb, `document.querySelector("h1") ? document.querySelector("h1").textContent : document.body.textContent.slice(0, 200)`); h != "Olet ilman verkkoa – nämä ohjeet ovat tallessa" {
		t.Fatalf("offline, a page never opened shows %q, want the offline page", h)
	}
	tb.WaitFor("the kept cards listed", `!document.querySelector("[data-offline-list]").hidden`)
	type item struct{ Title, Path string }
	got := eval[[]item](tb, `[...document.querySelectorAll("[data-offline-list] a")].map(a => ({title: a.textContent, path: new URL(a.href).pathname}))`)
	if !slices.Contains(got, item{title, card}) {
		t.Errorf("the offline page lists %v; want the kept card %q (%s)", got, title, card)
	}
	for _, it := range got {
		if it.Path == never {
			t.Errorf("the offline page lists %s, which is not kept", never)
		}
	}
	if eval[bool](tb, `!document.querySelector("[data-offline-none]").hidden`) {
		t.Error("the offline page says no cards are kept")
	}
	// A kept card still opens from the list.
	tb.Open(card)
	if h := eval[string](tb, `document.querySelector("h1").textContent`); h != title {
		t.Errorf("offline, the kept card shows %q", h)
	}
	if errs := tb.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %q", errs)
	}
}

// goOffline cuts the tab and its service worker off the network.
func goOffline(tb *tab) {
	tb.T.Helper()
	yes := true
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &yes,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// TestNewBuild serves a site whose worker is active, then a new build's
// sw.js: the new worker keeps the pages the old one kept and deletes the
// old caches.
func TestNewBuild(t *testing.T) {
	t.Parallel()
	site, _, tb := withWorker(t, "/tools/onedrive/tiedosto-katosi/", false)
	old := eval[[]string](tb, `caches.keys()`)
	sw := filepath.Join(site, "sw.js")
	b, err := os.ReadFile(sw)
	if err != nil {
		t.Fatal(err)
	}
	// The build writes sw.js minified: var VERSION="...".
	js := strings.Replace(string(b), `var VERSION="`, `var VERSION="next-`, 1)
	if js == string(b) {
		t.Fatalf("sw.js has no var VERSION=\"...\":\n%.300s", b)
	}
	if err := os.WriteFile(sw, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	eval[bool](tb, `navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)`)
	tb.WaitFor("the new worker's caches alone", `caches.keys().then(k => k.length === 1 && k[0].indexOf("tietopankki-next-") === 0)`)
	tb.WaitFor("the card carried over", `caches.open("tietopankki-next-" + `+jsString(strings.TrimPrefix(old[0], "tietopankki-"))+`).then(c => c.match(location.href)).then(Boolean)`)
}

// withWorker serves a copy of the built sample that the test may change
// (no gzip: these tests count no bytes) and opens card in a tab; it
// returns once the service worker controls the page and keeps the card.
// Without search, the copy's entry.json does not list the static search's
// files (entry.offline), so the worker keeps 2 of them, not some 400: a
// test of the worker's update has no use for the index, and installs in
// moments even on a busy machine.
func withWorker(t *testing.T, card string, search bool) (site string, srv *httptest.Server, tb *tab) {
	t.Helper()
	site = copySite(t)
	if !search {
		entry := filepath.Join(site, "search-index", "entry.json")
		b, err := os.ReadFile(entry)
		if err != nil {
			t.Fatal(err)
		}
		var e map[string]any
		if err := json.Unmarshal(b, &e); err != nil || e["offline"] == nil {
			t.Fatalf("%s: no list of files to keep (offline): %v", entry, err)
		}
		delete(e, "offline")
		if b, err = json.Marshal(e); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(entry, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv = staticServer(t, site, true, false)
	tb = newTab(t, srv.URL)
	tb.Open(card)
	tb.WaitFor("the service worker", `navigator.serviceWorker.controller !== null`)
	tb.WaitFor("the card kept", `caches.match(location.href).then(Boolean)`)
	return site, srv, tb
}

// copySite copies the built sample to a folder the test may change.
func copySite(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dst, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestStaticSearchWithoutDecompressionStream: a browser that cannot
// decompress the gzipped index (no DecompressionStream) gets the results
// page's "search is not available" message, with no script error and no
// index file loaded.
func TestStaticSearchWithoutDecompressionStream(t *testing.T) {
	t.Parallel()
	srv := staticServer(t, sampleDir, true, false)
	tb := newTab(t, srv.URL)
	tb.AddScript(`delete window.DecompressionStream;`)
	tb.Open("/search/?q=kokous")
	tb.WaitFor("the message", `document.querySelector("#results .error-text") !== null`)
	if got, want := eval[string](tb, `document.querySelector("#results .error-text").textContent`), eval[string](tb, `document.getElementById("results").getAttribute("data-msg-unavailable")`); got != want || want == "" {
		t.Errorf("the results page says %q; want %q", got, want)
	}
	reqs, _ := tb.transferred()
	failures(t, reqs)
	if n := requestsTo(reqs, "/search-index/") + requestsTo(reqs, "/api/search"); n != 0 {
		t.Errorf("%d requests for the index or the API; want none", n)
	}
	if errs := tb.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %q", errs)
	}
}
