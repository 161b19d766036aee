package search

import (
	"cmp"
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
// same single-shard index must give the same documents with the same
// scores, for the relevance set, its prefixes as typed, and filters; on
// the sample content and on 600 synthetic cards (a second index with
// other statistics; its size is not the point, and indexing is most of
// the test's time under -race). The order is bleve's with the documents
// that match every word (bleve's conjunction of the words) moved ahead of
// the others, and the counts are those of the conjunction and of the rest.
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
		for _, q := range []string{"kokous", "asiakas", "ohje ", "tiedosto", "oirearvio", "kokous puhelimella", "tuki"} {
			reqs = append(reqs, Request{Query: q, Tool: f[0], Segment: f[1], Area: f[2], Limit: 20})
		}
	}
	for name, ix := range map[string]*Index{"sample": sampleIx, "synthetic": synthIx} {
		if len(ix.shards) != 1 {
			t.Fatalf("%s: %d shards; bleve's statistics are per shard, so compare on one", name, len(ix.shards))
		}
		compared, tiered, pins := 0, 0, 0
		for _, r := range reqs {
			got, err := ix.Search(context.Background(), r)
			if err != nil {
				t.Fatalf("%s %+v: %v", name, r, err)
			}
			all := r
			all.Limit = 1 << 16
			want := bleveSearch(t, ix, all, false)
			complete := map[string]bool{}
			for _, h := range bleveSearch(t, ix, all, true).Hits {
				complete[h.ID] = true
			}
			// Documents pinned to the query (and within the filters) come
			// first, as complete, with their score or 0.
			var hits []*bsearch.DocumentMatch
			pinned := map[string]bool{}
			for _, h := range blevePinned(t, ix, all).Hits {
				pins++
				pinned[h.ID], complete[h.ID] = true, true
				i := slices.IndexFunc(want.Hits, func(w *bsearch.DocumentMatch) bool { return w.ID == h.ID })
				if i < 0 {
					hits = append(hits, &bsearch.DocumentMatch{ID: h.ID})
				} else {
					hits = append(hits, want.Hits[i])
				}
			}
			slices.SortStableFunc(hits, func(a, b *bsearch.DocumentMatch) int { return cmp.Compare(b.Score, a.Score) })
			// Then every word: bleve's order, stably partitioned.
			rest := slices.DeleteFunc(slices.Clone(want.Hits), func(h *bsearch.DocumentMatch) bool { return pinned[h.ID] })
			slices.SortStableFunc(rest, func(a, b *bsearch.DocumentMatch) int {
				switch {
				case complete[a.ID] == complete[b.ID]:
					return 0
				case complete[a.ID]:
					return -1
				}
				return 1
			})
			hits = append(hits, rest...)
			if !slices.EqualFunc(hits, want.Hits, func(a, b *bsearch.DocumentMatch) bool { return a.ID == b.ID }) {
				tiered++
			}
			nc := len(complete)
			total := nc
			if total == 0 {
				total = len(hits)
			}
			if got.Complete != nc || got.Partial != len(hits)-nc || got.Total != total || len(got.Hits) != min(len(hits), r.Limit) {
				t.Errorf("%s %+v: total %d (%d with every word, %d with some), %d hits; bleve %d (%d with every word or pinned), %d hits",
					name, r, got.Total, got.Complete, got.Partial, len(got.Hits), len(hits), nc, len(hits))
				continue
			}
			// bleve adds a document's scores in another order: equal scores
			// may differ in their last bits, and such ties may change places.
			same := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, b) }
			for i, h := range got.Hits {
				w := hits[i]
				tied := slices.ContainsFunc(hits, func(x *bsearch.DocumentMatch) bool {
					return x.ID == h.ID && same(x.Score, w.Score) && complete[x.ID] == complete[w.ID]
				})
				if !same(h.Score, w.Score) || h.ID != w.ID && !tied || h.Partial == complete[h.ID] {
					t.Errorf("%s %+v: hit %d is %s %.12f (partial %v); bleve %s %.12f (every word %v)", name, r, i+1, h.ID, h.Score, h.Partial, w.ID, w.Score, complete[w.ID])
					break
				}
			}
			compared++
		}
		fmt.Printf("%s: %d searches scored as bleve scores them (%d reordered for every word first, %d pinned results)\n", name, compared, tiered, pins)
		if tiered == 0 {
			t.Errorf("%s: no search put a document with every word ahead of bleve's order; the test compares nothing new", name)
		}
	}
}

// bleveSearch runs a request through bleve's searchers; with every, only
// documents that match every word of the query.
func bleveSearch(t *testing.T, ix *Index, r Request, every bool) *bleve.SearchResult {
	t.Helper()
	rs, err := ix.readers()
	if err != nil {
		t.Fatal(err)
	}
	defer closeReaders(rs)
	plans := finnish.Plan(r.Query, *ix.synonyms.Load(), finnish.All)
	q := bleveQuery(r, plans, every, func(field string, c finnish.Clause) []string {
		terms, err := fuzzyTerms(newDictionaries(rs), field, c)
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

// blevePinned finds the documents pinned to a request's query, within its
// filters, with bleve.
func blevePinned(t *testing.T, ix *Index, r Request) *bleve.SearchResult {
	t.Helper()
	key := finnish.PhraseKey(r.Query)
	if key == "" {
		return &bleve.SearchResult{}
	}
	pin := bleve.NewTermQuery(key)
	pin.SetField("pin")
	var q query.Query = pin
	if filters := bleveFilters(r); len(filters) > 0 {
		q = bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...)
	}
	res, err := ix.shards[0].SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, r.Limit, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// bleveQuery is the plan as typed bleve queries; with every, the words
// are a conjunction.
func bleveQuery(r Request, plans []finnish.WordPlan, every bool, fuzzy func(field string, c finnish.Clause) []string) query.Query {
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
	if every {
		q = bleve.NewConjunctionQuery(groups...)
	}
	if filters := bleveFilters(r); len(filters) > 0 {
		q = bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...)
	}
	return q
}

// bleveFilters are a request's filters as bleve queries.
func bleveFilters(r Request) []query.Query {
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
	return filters
}
