package generator

import "testing"

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
