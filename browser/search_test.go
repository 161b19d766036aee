package browser

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"tietopankki/i18n"
	"tietopankki/internal/browsertest"
)

type apiResult struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Tool      string `json:"tool"`
	ToolTitle string `json:"toolTitle"`
}

// apiSearch asks the search API directly, as the reference for the UI.
func apiSearch(t *testing.T, params url.Values) []apiResult {
	t.Helper()
	resp, err := http.Get(siteURL + "/api/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/api/search?%s: HTTP %d", params.Encode(), resp.StatusCode)
	}
	var body struct {
		Total   int         `json:"total"`
		Results []apiResult `json:"results"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Results
}

func titles(rs []apiResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

type pageResult struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Tool  string `json:"tool"`
}

// resultsOnPage reads the results list of /search/.
const resultsOnPageJS = `[...document.querySelectorAll(".result-list .result")].map(li => ({
  title: li.querySelector(".result-title a").textContent.trim(),
  url: li.querySelector(".result-title a").getAttribute("href"),
  tool: (li.querySelector(".badge-tool") || { textContent: "" }).textContent.trim()
}))`

func pageTitles(rs []pageResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Title)
	}
	return out
}

// suggestLimit is how many suggestions app.js asks for.
const suggestLimit = 6

// TestSearchSuggestions: the as-you-type suggestions are the API's results
// for the same query, in the same order, with the same links, each marked
// with what it is (ohje, työkalu, oppimispolku, sivu) in text that screen
// readers read with the title.
func TestSearchSuggestions(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Open("/")
	tb.WatchSearches()
	tb.Do(chromedp.Focus(chromedp.ID("q")))
	fi := i18n.MustGet("fi")
	kinds := map[string]bool{}
	for _, q := range []string{sampleQuery, "mikrofoni", "lomake", "teams", "apua"} {
		// Empty the list first, so that the options waited for are the
		// ones for this query.
		tb.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("q").select(); document.getElementById("q-list").textContent = ""; ` +
			`document.getElementById("q-status").textContent = ""`))
		tb.Do(chromedp.KeyEvent(q))
		tb.WaitSuggestions(q)
		type sugg struct {
			Titles []string `json:"titles"`
			Hrefs  []string `json:"hrefs"`
			Kinds  []string `json:"kinds"`
			Texts  []string `json:"texts"`
			Status string   `json:"status"`
		}
		got := eval[sugg](tb, `(function () {
  const opts = [...document.querySelectorAll("#q-list [role=option]")].filter(o => o.querySelector(".suggest-title"));
  const visible = e => e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  return {
    titles: opts.map(o => o.querySelector(".suggest-title").textContent),
    hrefs: opts.map(o => o.getAttribute("data-href")),
    kinds: opts.map(o => { // the label on screen: the kind's text but what only screen readers get
      const k = o.querySelector(".suggest-kind");
      return visible(k) ? [...k.childNodes].filter(n => !(n.classList && n.classList.contains("visually-hidden"))).map(n => n.textContent).join("") : "";
    }),
    texts: opts.map(o => o.textContent),
    status: document.getElementById("q-status").textContent };
})()`)
		// The count is announced once the typing has paused; under load, a
		// pause within the word may announce a shorter query's answer first.
		tb.WaitFor("the status for screen readers to count the suggestions", `(function () {
  var n = document.querySelectorAll("#q-list [role=option] .suggest-title").length;
  return document.getElementById("q-status").textContent.indexOf(n + " ") === 0;
})()`)
		got.Status = eval[string](tb, `document.getElementById("q-status").textContent`)
		want := apiSearch(t, url.Values{"q": {q}, "limit": {strconv.Itoa(suggestLimit)}})
		if !slices.Equal(got.Titles, titles(want)) {
			t.Errorf("suggestions for %q:\n got %q\nwant %q (the API's order)", q, got.Titles, titles(want))
		}
		for i, r := range want {
			if i < len(got.Hrefs) && got.Hrefs[i] != r.URL {
				t.Errorf("suggestion %d for %q links to %s, the API says %s", i+1, q, got.Hrefs[i], r.URL)
			}
			if i >= len(got.Kinds) {
				continue
			}
			kinds[r.Kind] = true
			label := fi.T("search.kind." + r.Kind)
			if got.Kinds[i] != label {
				t.Errorf("suggestion %d for %q (%s, a %s) is marked %q on screen, want %q", i+1, q, r.ID, r.Kind, got.Kinds[i], label)
			}
			if name := got.Texts[i]; !strings.HasPrefix(name, r.Title+", "+label+": ") {
				t.Errorf("suggestion %d for %q reads %q to a screen reader; want the title, then %q", i+1, q, name, ", "+label+": ")
			}
		}
		t.Logf("%q: %d suggestions, status %q", q, len(got.Titles), got.Status)
	}
	if len(kinds) != 4 {
		t.Errorf("the suggestions showed results of the kinds %v; the test wants all four", kinds)
	}
}

// TestSearchFilters: on /search/ a tool filter narrows the results to that
// tool, the same as the API, and the filters and the query travel together.
func TestSearchFilters(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Open("/search/?q=" + url.QueryEscape(sampleQuery))
	all := eval[[]pageResult](tb, resultsOnPageJS)
	if want := apiSearch(t, url.Values{"q": {sampleQuery}, "limit": {"30"}}); !slices.Equal(pageTitles(all), titles(want)) {
		t.Errorf("/search/?q=%s lists %q, the API %q", sampleQuery, pageTitles(all), titles(want))
	}

	// The filters are in the closed "Rajaa hakua" disclosure.
	tb.Do(chromedp.Click(chromedp.CSS(`.filters summary`)))
	tb.Do(chromedp.SetValue(chromedp.ID("f-tool"), sampleTool))
	tb.Do(chromedp.Click(chromedp.CSS(`.filters button[type=submit]`)))
	tb.WaitFor("the filtered results", `new URLSearchParams(location.search).get("tool") === `+jsString(sampleTool)+` && document.readyState === "complete"`)
	got := eval[[]pageResult](tb, resultsOnPageJS)
	if len(got) == 0 || len(got) >= len(all) {
		t.Errorf("filtering %q by tool %s: %d results of %d", sampleQuery, sampleTool, len(got), len(all))
	}
	for _, r := range got {
		if r.Tool != sampleToolName {
			t.Errorf("filtered by %s, yet %q is marked %q", sampleTool, r.Title, r.Tool)
		}
	}
	if want := apiSearch(t, url.Values{"q": {sampleQuery}, "tool": {sampleTool}, "limit": {"30"}}); !slices.Equal(pageTitles(got), titles(want)) {
		t.Errorf("filtered results %q, the API %q", pageTitles(got), titles(want))
	}
	if v := eval[string](tb, `document.getElementById("f-tool").value`); v != sampleTool {
		t.Errorf("after filtering the tool menu shows %q", v)
	}

	// A new query typed in the box keeps the filter when sent with Enter.
	tb.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("q").select()`), chromedp.Focus(chromedp.ID("q")))
	tb.Do(chromedp.KeyEvent("mikrofoni"), press(kb.Enter))
	tb.WaitFor("the new query", `new URLSearchParams(location.search).get("q") === "mikrofoni" && document.readyState === "complete"`)
	if tool := eval[string](tb, `new URLSearchParams(location.search).get("tool")`); tool != sampleTool {
		t.Errorf("a new query sent with Enter lost the tool filter (tool=%q)", tool)
	}
	for _, r := range eval[[]pageResult](tb, resultsOnPageJS) {
		if r.Tool != sampleToolName {
			t.Errorf("new query filtered by %s, yet %q is marked %q", sampleTool, r.Title, r.Tool)
		}
	}
}

// TestSearchWithoutJavaScript: with scripts off the search form still
// sends the query to /search/ and the page lists the results.
func TestSearchWithoutJavaScript(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(scriptsOff)
	tb.Open("/")
	if role := browsertest.Run(tb.Tab, chromedp.AttributeValue(chromedp.ID("q"), "role")); role.Exists {
		t.Fatalf("scripts ran: the search box has role=%q", role.Value)
	}
	tb.Do(chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent(sampleQuery), press(kb.Enter))
	tb.Do(chromedp.WaitVisible(chromedp.CSS(`.result-list`)))
	if loc := browsertest.Run(tb.Tab, chromedp.Location()); loc != siteURL+"/search/?q="+sampleQuery {
		t.Errorf("the form went to %s", loc)
	}
	got := eval[[]pageResult](tb, resultsOnPageJS) // Runtime.evaluate runs even with page scripts off
	want := apiSearch(t, url.Values{"q": {sampleQuery}, "limit": {"30"}})
	if len(got) == 0 || !slices.Equal(pageTitles(got), titles(want)) {
		t.Errorf("without JavaScript /search/ lists %q, the API %q", pageTitles(got), titles(want))
	}
	// The filters work too, in the "Rajaa hakua" disclosure.
	tb.Do(chromedp.Click(chromedp.CSS(`.filters summary`)))
	tb.Do(chromedp.SetValue(chromedp.ID("f-tool"), sampleTool), chromedp.Click(chromedp.CSS(`.filters button[type=submit]`)))
	tb.Do(chromedp.WaitReady(chromedp.CSS(`#f-tool option[value=` + sampleTool + `][selected]`)))
	for _, r := range eval[[]pageResult](tb, resultsOnPageJS) {
		if r.Tool != sampleToolName {
			t.Errorf("without JavaScript, filtered by %s, yet %q is marked %q", sampleTool, r.Title, r.Tool)
		}
	}
}
