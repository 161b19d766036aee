package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"tietopankki/internal/synth"
	"tietopankki/search/finnish"
)

func init() {
	searcher.DisjunctionMaxClauseCount = maxClauses // as the scorer caps prefixes
}

// TestScoresMatchBleve holds the term-at-a-time scoring (score.go) to
// bleve's own searchers: the plan built as typed bleve queries (term,
// prefix, disjunction, conjunction, with boosts) and run by bleve over the
// same single-shard index must give the same total, the same documents in
// the same order and the same scores, for the relevance set, its prefixes
// as typed, and filters; on the sample content and on 600 synthetic cards
// (a second, larger index with other statistics; its size is not the
// point, and indexing is most of the test's time under -race).
func TestScoresMatchBleve(t *testing.T) {
	sampleIx, _ := sample(t)
	synthIx := synthIndex(t, synth.Config{Cards: 600, Seed: 7}, t.TempDir())
	defer synthIx.Close()

	var reqs []Request
	for _, c := range relevanceCases(t) {
		reqs = append(reqs, Request{Query: c.Q, Limit: 20})
		if r := []rune(c.Q); len(r) > 4 {
			reqs = append(reqs, Request{Query: string(r[:4]), Limit: 10})
		}
	}
	for _, f := range [][3]string{{"teams", "", ""}, {"", "alkava", ""}, {"", "", "terveys"}, {"omaolo", "vahva", "ikaantyneet"}, {"nope", "", ""}} {
		for _, q := range []string{"kokous", "asiakas", "ohje ", "tiedosto", "oirearvio"} {
			reqs = append(reqs, Request{Query: q, Tool: f[0], Segment: f[1], Area: f[2], Limit: 20})
		}
	}
	for name, ix := range map[string]*Index{"sample": sampleIx, "synthetic": synthIx} {
		if len(ix.shards) != 1 {
			t.Fatalf("%s: %d shards; bleve's statistics are per shard, so compare on one", name, len(ix.shards))
		}
		compared := 0
		for _, r := range reqs {
			got, err := ix.Search(context.Background(), r)
			if err != nil {
				t.Fatalf("%s %+v: %v", name, r, err)
			}
			// bleve adds a document's scores in another order: equal scores
			// may differ in their last bits, and such ties may change places.
			more := r
			more.Limit += 10
			want := bleveSearch(t, ix, more)
			if got.Total != int(want.Total) || len(got.Hits) != min(len(want.Hits), r.Limit) {
				t.Errorf("%s %+v: total %d, %d hits; bleve %d, %d hits", name, r, got.Total, len(got.Hits), want.Total, len(want.Hits))
				continue
			}
			same := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, b) }
			for i, h := range got.Hits {
				w := want.Hits[i]
				tied := slices.ContainsFunc(want.Hits, func(x *bsearch.DocumentMatch) bool { return x.ID == h.ID && same(x.Score, w.Score) })
				if !same(h.Score, w.Score) || h.ID != w.ID && !tied {
					t.Errorf("%s %+v: hit %d is %s %.12f; bleve %s %.12f", name, r, i+1, h.ID, h.Score, w.ID, w.Score)
					break
				}
			}
			compared++
		}
		fmt.Printf("%s: %d searches scored as bleve scores them\n", name, compared)
	}
}

// bleveSearch runs a request through bleve's searchers.
func bleveSearch(t *testing.T, ix *Index, r Request) *bleve.SearchResult {
	t.Helper()
	rs, err := ix.readers()
	if err != nil {
		t.Fatal(err)
	}
	defer closeReaders(rs)
	plans := finnish.Plan(r.Query, *ix.synonyms.Load(), finnish.All)
	q := bleveQuery(r, plans, func(field string, c finnish.Clause) []string {
		terms, err := dictTerms(rs, field, c.FuzzyStart(), c.Matches, maxFuzzyTerms)
		if err != nil {
			t.Fatal(err)
		}
		return terms
	})
	res, err := ix.shards[0].SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, r.Limit, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// bleveQuery is the plan as typed bleve queries.
func bleveQuery(r Request, plans []finnish.WordPlan, fuzzy func(field string, c finnish.Clause) []string) query.Query {
	groups := make([]query.Query, 0, len(plans))
	for _, p := range plans {
		var clauses []query.Query
		add := func(q interface {
			query.FieldableQuery
			SetBoost(float64)
		}, field string, boost float64) {
			q.SetField(field)
			q.SetBoost(boost)
			clauses = append(clauses, q)
		}
		for _, c := range p.Clauses {
			for _, f := range textFields {
				switch {
				case c.Distance > 0:
					for _, t := range fuzzy(f.name, c) {
						add(bleve.NewTermQuery(t), f.name, c.Boost*f.boost)
					}
				case c.Prefix:
					add(bleve.NewPrefixQuery(c.Term), f.name, c.Boost*f.boost)
				default:
					add(bleve.NewTermQuery(c.Term), f.name, c.Boost*f.boost)
				}
			}
		}
		groups = append(groups, bleve.NewDisjunctionQuery(clauses...))
	}
	var q query.Query = bleve.NewDisjunctionQuery(groups...)
	keyword := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	var filters []query.Query
	if r.Tool != "" {
		filters = append(filters, keyword("tool", r.Tool))
	}
	if r.Segment != "" {
		filters = append(filters, bleve.NewDisjunctionQuery(keyword("segments", r.Segment), keyword("segments", allSegments)))
	}
	if r.Area != "" {
		filters = append(filters, keyword("areas", r.Area))
	}
	if len(filters) > 0 {
		q = bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...)
	}
	return q
}
