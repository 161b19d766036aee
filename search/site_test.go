package search

import (
	"context"
	"html"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tietopankki/generator"
	"tietopankki/i18n"
)

// testSite builds the index of testdata/site through the real pipeline
// (load, validate, assemble, documents, build) and opens it read-only.
func testSite(t *testing.T) (*Index, *generator.Site) {
	t.Helper()
	site := loadSite(t, "testdata/site")
	return newTestIndex(t, Documents(site), site.Synonyms), site
}

// TestSearchFalse: cards and pages marked search: false are not in the
// index, and a document marked so after it was indexed (the dev server's
// update) leaves it.
func TestSearchFalse(t *testing.T) {
	ix, site := testSite(t)
	hidden := []string{"teams/mentorin-muistilista", "pages/kirjoitusohje"}
	var all []string
	for _, d := range Documents(site) {
		all = append(all, d.ID)
	}
	for _, id := range hidden {
		if slices.Contains(all, id) {
			t.Errorf("Documents lists %s, which is marked search: false", id)
		}
	}
	for _, q := range []string{"muistilista", "kokous", "kirjoita kortin alkuun", "palaute"} {
		for _, id := range ids(mustSearch(t, ix, Request{Query: q, Limit: MaxLimit})) {
			if slices.Contains(hidden, id) {
				t.Errorf("%q finds %s, which is marked search: false", q, id)
			}
		}
	}

	// The dev server updates the index card by card.
	c := site.CardByID["teams/mentorin-muistilista"]
	on := true
	c.Search = &on
	live, err := Create(context.Background(), filepath.Join(t.TempDir(), "index"), Documents(site), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if got := ids(mustSearch(t, live, Request{Query: "muistilista"})); !slices.Equal(got, []string{c.ID}) {
		t.Fatalf("searchable again, the card is not found: %v", got)
	}
	off := false
	c.Search = &off
	if err := live.Update([]Doc{CardDoc(c)}, nil); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, live, Request{Query: "muistilista"})); len(got) != 0 {
		t.Errorf("after search: false, the update left %v in the index", got)
	}
}

// TestPins: a page pinned to a search comes first for it, however the
// search is written (case, order, small words, endings that stemming
// drops), whatever words the page holds; not for other searches, and
// not outside the filters.
func TestPins(t *testing.T) {
	ix, _ := testSite(t)
	for _, q := range []string{"apua", "Apu", "tuki", "TUKI ", "kenelle soitan", "Kenelle soitan?", "soitan", "neuvonta"} {
		res := mustSearch(t, ix, Request{Query: q})
		if len(res.Hits) == 0 || res.Hits[0].ID != "pages/apua" {
			t.Errorf("%q: got %v, want pages/apua first", q, ids(res))
			continue
		}
		if res.Hits[0].Partial || res.Complete < 1 {
			t.Errorf("%q: the pinned page is partial %v, %d complete; want it counted as holding every word", q, res.Hits[0].Partial, res.Complete)
		}
	}
	// "neuvonta" is nowhere in the page: the pin alone finds it.
	if res := mustSearch(t, ix, Request{Query: "neuvonta"}); res.Hits[0].Score != 0 {
		t.Errorf("neuvonta: the pinned page scores %v; it holds no word of the query", res.Hits[0].Score)
	}
	for _, r := range []Request{{Query: "kokous"}, {Query: "tuki", Tool: "teams"}, {Query: "tuki", Area: "terveys"}} {
		if got := ids(mustSearch(t, ix, r)); slices.Contains(got, "pages/apua") {
			t.Errorf("%+v finds pages/apua (%v); it is not pinned to this search, nor within the filters", r, got)
		}
	}
	// A pinned search and another word: a match like any other, with only
	// some of the words.
	res := mustSearch(t, ix, Request{Query: "apua kokous"})
	if i := slices.Index(ids(res), "pages/apua"); i < 0 || !res.Hits[i].Partial {
		t.Errorf("apua kokous: %v; want pages/apua among them with only some of the words", ids(res))
	}
}

// TestSnippetsOfSite: on a site built from Markdown, snippets keep to one
// block, and code blocks (front matter shown as an example) are neither
// searched nor in a snippet.
func TestSnippetsOfSite(t *testing.T) {
	ix, _ := testSite(t)
	if got := ids(mustSearch(t, ix, Request{Query: "kalenterinäkymä"})); len(got) != 0 {
		t.Errorf("a word only in a code block finds %v", got)
	}
	for _, q := range []string{"kokous", "kokous puhelin", "liity", "kortti alku", "puhelin"} {
		for _, h := range mustSearch(t, ix, Request{Query: q, Limit: MaxLimit}).Hits {
			for _, bad := range []string{"---", "title:", "summary:", "tags:"} {
				if strings.Contains(h.Snippet, bad) {
					t.Errorf("%q: the snippet of %s shows %q: %s", q, h.ID, bad, h.Snippet)
				}
			}
		}
	}
	snippet := func(q, id string) string {
		t.Helper()
		res := mustSearch(t, ix, Request{Query: q})
		i := slices.Index(ids(res), id)
		if i < 0 {
			t.Fatalf("%q does not find %s: %v", q, id, ids(res))
		}
		return res.Hits[i].Snippet
	}
	for _, c := range []struct{ q, id, want string }{
		{"kokous puhelin", "teams/liity-kokoukseen", "Voit liittyä <mark>kokoukseen</mark> myös <mark>puhelimella</mark>."}, // a list item
		{"puhelin", "pages/apua", "<mark>Puhelin</mark> – 044 000 0000"},                                                    // a table row
		{"liikkeellä", "teams/liity-kokoukseen", "Kun olet <mark>liikkeellä</mark>"},                                        // a heading
	} {
		if got := snippet(c.q, c.id); got != c.want {
			t.Errorf("%q: the snippet of %s is %q, want %q", c.q, c.id, got, c.want)
		}
	}
}

// TestExportOfSite: the static export holds no document marked search:
// false, and entry.json pins what the index pins.
func TestExportOfSite(t *testing.T) {
	site := loadSite(t, "testdata/site")
	x := exportOf(t, Documents(site), site.Synonyms)
	entry := x.entry
	docs := map[string]int{}
	for d := range entry.Docs {
		docs[x.doc(d).ID] = d
	}
	for _, id := range []string{"teams/mentorin-muistilista", "pages/kirjoitusohje"} {
		if _, ok := docs[id]; ok {
			t.Errorf("the export holds %s, which is marked search: false", id)
		}
	}
	apua, ok := docs["pages/apua"]
	if !ok || len(docs) != 4 {
		t.Fatalf("the export holds %v; want the tool, two pages and one card", docs)
	}
	want := map[string][]int{"apu": {apua}, "tuki": {apua}, "soita": {apua}, "neuvon": {apua}}
	if !maps.EqualFunc(entry.Pins, want, slices.Equal) {
		t.Errorf("entry.json pins %v, want %v", entry.Pins, want)
	}
}

// TestResultsPageGroups: the results page (the handler's, in the theme)
// counts the results with every word of a query of several, and lists
// those with only some after them under a heading of their own; a query
// of one word, or of several that no result holds all of, gets one list.
func TestResultsPageGroups(t *testing.T) {
	site, theme, diags, err := generator.LoadSite(os.DirFS("testdata/site"), "../themes")
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags.Errors())
	}
	ix := newTestIndex(t, Documents(site), site.Synonyms)
	srv := httptest.NewServer(NewHandler(ix, site, theme))
	defer srv.Close()
	fi := i18n.MustGet("fi")
	// page reads the results region of the page, the theme's own markup.
	part := regexp.MustCompile(`(?s)<p class="result-count" role="status">(.*?)</p>|<h2 class="result-group">(.*?)</h2>|(<ol class="result-list">)|<h2 class="result-title"><a [^>]*>(.*?)</a>`)
	page := func(q string) (count string, heading string, lists [][]string) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/search/?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range part.FindAllStringSubmatch(string(b), -1) {
			switch {
			case m[1] != "":
				count = html.UnescapeString(strings.TrimSpace(m[1]))
			case m[2] != "":
				heading = html.UnescapeString(m[2])
			case m[3] != "":
				lists = append(lists, nil)
			case len(lists) > 0:
				lists[len(lists)-1] = append(lists[len(lists)-1], html.UnescapeString(m[4]))
			}
		}
		return count, heading, lists
	}
	for _, c := range []struct {
		q       string
		count   string
		heading string
		lists   int
	}{
		{"kokous puhelin", fi.T("search.countAll", 2, "kokous puhelin"), fi.T("search.partial", 2), 2},
		{"kokous", fi.T("search.count", 3, "kokous"), "", 1},
		{"puhelin muistilista", fi.T("search.countSome", "puhelin muistilista", 3), "", 1},
	} {
		res := mustSearch(t, ix, Request{Query: c.q, Limit: 30})
		count, heading, lists := page(c.q)
		if count != c.count || heading != c.heading || len(lists) != c.lists {
			t.Errorf("%q: count %q, heading %q, %d lists; want %q, %q, %d (search: %d complete, %d partial)",
				c.q, count, heading, len(lists), c.count, c.heading, c.lists, res.Complete, res.Partial)
			continue
		}
		var titles []string
		for _, l := range lists {
			titles = append(titles, l...)
		}
		var want []string
		for _, h := range res.Hits {
			want = append(want, h.Title)
		}
		if !slices.Equal(titles, want) {
			t.Errorf("%q: the page lists %q, the search %q", c.q, titles, want)
		}
		if c.lists == 2 && len(lists[0]) != res.Complete {
			t.Errorf("%q: %d results before the heading, %d with every word", c.q, len(lists[0]), res.Complete)
		}
	}
}
