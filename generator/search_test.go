package generator

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"
)

// TestSearchKeys: the front-matter keys pin and search on cards and pages,
// and the warnings about pins that cannot work.
func TestSearchKeys(t *testing.T) {
	page := func(matter ...string) string {
		return card(append([]string{"title: Apua"}, matter...), "Kysy meiltä.")
	}
	runErrorCases(t, []errorCase{
		{
			name: "search false and pins",
			files: map[string]string{
				x:         card(append(okCard, "search: false", "pin: [kokous, liity kokoukseen]")),
				"apua.md": page("search: true", "pin:", "  - apua", "  - kenelle soitan"),
			},
			check: func(t *testing.T, s *Site) {
				c, p := s.CardByID["teams/x"], s.PageBySlug["apua"]
				if c.Searchable() || !p.Searchable() || !s.CardByID["teams/jaa-naytto"].Searchable() {
					t.Errorf("searchable: card with search: false %v, page with search: true %v, card without the key %v; want false, true, true",
						c.Searchable(), p.Searchable(), s.CardByID["teams/jaa-naytto"].Searchable())
				}
				if len(c.Pin) != 2 || len(p.Pin) != 2 || p.Pin[1] != "kenelle soitan" {
					t.Errorf("pins: card %q, page %q", c.Pin, p.Pin)
				}
			},
		},
		{
			name:  "search is true or false",
			files: map[string]string{x: card(append(okCard, "search: ei"))},
			want:  []wantDiag{wantErr(x+":4:9", "bad-value", "search should be true or false", "true or false")},
		},
		{
			name:  "a pin of small words only",
			files: map[string]string{"apua.md": page("pin: [apua, kenelle]")},
			want:  []wantDiag{wantWarn("apua.md:3:6", "pin-words", `the search "kenelle" cannot pin the page`, "a word that staff search by")},
		},
		{
			name: "a search pinned twice",
			files: map[string]string{
				x:         card(append(okCard, `pin: ["Kenelle soitan?"]`)),
				"apua.md": page("pin: [apua, kenelle soitan]"),
			},
			want: []wantDiag{wantWarn("apua.md:3:6", "pin-twice", `the search "kenelle soitan" already pins tools/teams/x.md first`, "remove it from one")},
		},
	})
}

// TestSearchMode: site.yaml's search and whether a server with the search
// API serves the pages (BuildOptions.SearchAPI) decide, in one place, what every
// page tells search.js in <body data-search>: a static build never says
// server, so its pages never ask /api/search.
func TestSearchMode(t *testing.T) {
	for _, tc := range []struct {
		configured string // site.yaml's search; "" leaves the key out
		api        bool
		want       string
	}{
		{"", false, SearchStatic},
		{"", true, SearchServer},
		{"auto", false, SearchStatic},
		{"auto", true, SearchServer},
		{"server", false, SearchServer},
		{"server", true, SearchServer},
		{"static", false, SearchStatic},
		{"static", true, SearchStatic},
	} {
		t.Run(fmt.Sprintf("%s api=%v", tc.configured, tc.api), func(t *testing.T) {
			files := maps.Clone(minimal)
			if tc.configured != "" {
				files["site.yaml"] += "search: " + tc.configured + "\n"
			}
			out := NewMemOutput()
			b, err := Build(context.Background(), mapFS(files), out, BuildOptions{SearchAPI: tc.api, Render: RenderOptions{Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}})
			if err != nil {
				t.Fatalf("build: %v (%v)", err, b.Diags)
			}
			if got := b.Site.Search; got != tc.want {
				t.Errorf("site search mode %q, want %q", got, tc.want)
			}
			for _, page := range []string{"index.html", "search/index.html", "tools/teams/index.html"} {
				html, ok := out.File(page)
				if !ok {
					t.Fatalf("no %s", page)
				}
				if attr := `data-search="` + tc.want + `"`; !strings.Contains(string(html), attr) {
					t.Errorf("%s has no %s", page, attr)
				}
			}
		})
	}
}
