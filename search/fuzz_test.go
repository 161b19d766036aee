package search

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"tietopankki/search/finnish"
)

var (
	fuzzOnce  sync.Once
	fuzzIndex *Index
)

// FuzzSearch feeds arbitrary text to the whole query path (plan, term
// lookups, scoring, snippets) over a small real index. A query must
// never panic, never fail unless it breaks the request's limits, return at
// most the limit, and give snippets whose only markup is <mark>.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{"teams kokous", "kokoksen", "/k.*/", "*", "title:kokous", "\x00", "EU:n",
		"äöå ÄÖÅ", strings.Repeat("a", 200), "a b c d e f g h i j k", "koko ", "<script>alert(1)</script>", "\"(", "🙂 kokous"} {
		f.Add(seed, "", "")
	}
	f.Add("kokous", "teams", "alkava")
	f.Fuzz(func(t *testing.T, q, tool, segment string) {
		fuzzOnce.Do(func() {
			dir := t.TempDir() + "/fuzz-index" // kept for the whole fuzz run
			_ = dir
			ix, err := Create(context.Background(), t.TempDir()+"/index", []Doc{
				{ID: "teams/a", Title: "Liity kokoukseen", Body: "Avaa <b>Teams</b> & valitse kokous. Etävastaanotto toimii.", Tool: "teams", Segments: []string{"alkava"}},
				{ID: "onedrive/b", Title: "Tallenna tiedosto", Body: "Tiedostot pysyvät tallessa.", Tool: "onedrive"},
			}, [][]string{{"tiimit", "teams"}})
			if err != nil {
				t.Fatal(err)
			}
			fuzzIndex = ix
		})
		res, err := fuzzIndex.Search(context.Background(), Request{Query: q, Tool: tool, Segment: segment, Limit: 5})
		valid := utf8.ValidString(q) && utf8.RuneCountInString(q) <= MaxQueryRunes &&
			(tool == "" || idPattern.MatchString(tool) && len(tool) <= 64) &&
			(segment == "" || idPattern.MatchString(segment) && len(segment) <= 64)
		if !valid {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("invalid request %q/%q/%q: err = %v, want ErrBadRequest", q, tool, segment, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(res.Hits) > 5 {
			t.Fatalf("%q: %d hits for limit 5", q, len(res.Hits))
		}
		for _, h := range res.Hits {
			if rest := markTags.ReplaceAllString(h.Snippet, ""); strings.ContainsAny(rest, "<>") {
				t.Fatalf("%q: snippet %q has markup besides <mark>", q, h.Snippet)
			}
		}
	})
}

var markTags = regexp.MustCompile(`</?mark>`)

// FuzzPlan checks the plan's invariants for any text: at most MaxWords
// words, no empty clause, prefix clauses of at least MinPrefix letters or a
// stem prefix, fuzzy distances 1 or 2.
func FuzzPlan(f *testing.F) {
	for _, seed := range []string{"kokous", "Teams:n kokous", "a", "", "   ", "ääää", "x:y:z", "123 456"} {
		f.Add(seed)
	}
	syn := finnish.NewSynonyms([][]string{{"videopuhelu", "etävastaanotto"}})
	f.Fuzz(func(t *testing.T, q string) {
		plans := finnish.Plan(q, syn, finnish.All)
		if len(plans) > finnish.MaxWords {
			t.Fatalf("%d words", len(plans))
		}
		for _, p := range plans {
			if p.Word == "" || p.Stem == "" || len(p.Clauses) == 0 {
				t.Fatalf("empty plan %+v", p)
			}
			for _, c := range p.Clauses {
				if c.Term == "" || c.Boost <= 0 || c.Distance < 0 || c.Distance > 2 {
					t.Fatalf("bad clause %+v in %q", c, q)
				}
				if c.Prefix && utf8.RuneCountInString(strings.TrimPrefix(c.Term, finnish.PartMark)) < finnish.MinPrefix {
					t.Fatalf("prefix clause %q is too short: it would expand to too many terms", c.Term)
				}
			}
		}
	})
}
