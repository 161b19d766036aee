package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"tietopankki/search/finnish"
)

// TestRelevance runs the relevance set against the sample content and
// fails below 95 % recall@3. It prints recall@3 and MRR, overall and by
// kind of query, so the figures can be tracked.
func TestRelevance(t *testing.T) {
	ix, site := sample(t)
	cases := relevanceCases(t)
	if len(cases) < 60 {
		t.Fatalf("the relevance set has %d queries; it needs at least 60", len(cases))
	}
	ids := map[string]bool{}
	for _, d := range Documents(site) {
		ids[d.ID] = true
	}
	type tally struct {
		n, top3 int
		rr      float64
	}
	byKind := map[string]*tally{}
	all := &tally{}
	var misses []string
	for _, c := range cases {
		if !ids[c.Want] {
			t.Errorf("%q wants %q, which is not in the index", c.Q, c.Want)
			continue
		}
		res, err := ix.Search(context.Background(), Request{Query: c.Q, Limit: 10})
		if err != nil {
			t.Fatalf("%q: %v", c.Q, err)
		}
		rank := slices.IndexFunc(res.Hits, func(h Hit) bool { return h.ID == c.Want }) + 1
		k := byKind[c.Kind]
		if k == nil {
			k = &tally{}
			byKind[c.Kind] = k
		}
		for _, tl := range []*tally{k, all} {
			tl.n++
			if rank > 0 && rank <= 3 {
				tl.top3++
			}
			if rank > 0 {
				tl.rr += 1 / float64(rank)
			}
		}
		if rank == 0 || rank > 3 {
			var got []string
			for _, h := range res.Hits[:min(3, len(res.Hits))] {
				got = append(got, h.ID)
			}
			misses = append(misses, fmt.Sprintf("  %-28q %-10s want %s (rank %d), got %s", c.Q, c.Kind, c.Want, rank, strings.Join(got, ", ")))
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "relevance: %d queries, recall@3 %.1f%%, MRR %.3f\n", all.n, 100*float64(all.top3)/float64(all.n), all.rr/float64(all.n))
	for _, k := range kinds {
		tl := byKind[k]
		fmt.Fprintf(&b, "  %-13s %3d queries  recall@3 %5.1f%%  MRR %.3f\n", k, tl.n, 100*float64(tl.top3)/float64(tl.n), tl.rr/float64(tl.n))
	}
	if len(misses) > 0 {
		fmt.Fprintf(&b, "outside the top 3:\n%s\n", strings.Join(misses, "\n"))
	}
	fmt.Print(b.String())
	if recall := float64(all.top3) / float64(all.n); recall < 0.95 {
		t.Errorf("recall@3 is %.1f%%; it must be at least 95%%", 100*recall)
	}
}

// TestRelevanceAblation measures what each strategy adds: recall@3 and MRR
// of the relevance set with that one strategy switched off.
func TestRelevanceAblation(t *testing.T) {
	ix, _ := sample(t)
	cases := relevanceCases(t)
	measure := func(use finnish.Strategy) (recall, mrr float64) {
		for _, c := range cases {
			res, err := ix.SearchWith(context.Background(), Request{Query: c.Q, Limit: 10}, use)
			if err != nil {
				t.Fatal(err)
			}
			if rank := slices.IndexFunc(res.Hits, func(h Hit) bool { return h.ID == c.Want }) + 1; rank > 0 {
				mrr += 1 / float64(rank)
				if rank <= 3 {
					recall++
				}
			}
		}
		return 100 * recall / float64(len(cases)), mrr / float64(len(cases))
	}
	r, m := measure(finnish.All)
	fmt.Printf("ablation: all strategies        recall@3 %5.1f%%  MRR %.3f\n", r, m)
	r0, m0 := measure(0)
	fmt.Printf("ablation: exact stems only      recall@3 %5.1f%%  MRR %.3f\n", r0, m0)
	for _, s := range []finnish.Strategy{finnish.Inflection, finnish.Compound, finnish.Fuzzy, finnish.AsYouType, finnish.Synonym} {
		rs, ms := measure(finnish.All &^ s)
		fmt.Printf("ablation: without %-13s recall@3 %5.1f%%  MRR %.3f\n", finnish.StrategyNames[s], rs, ms)
		if rs > r {
			t.Errorf("switching off %s raises recall@3 from %.1f%% to %.1f%%: its boost is wrong", finnish.StrategyNames[s], r, rs)
		}
	}
	if r0 >= r {
		t.Errorf("exact stems alone reach %.1f%%, the full query %.1f%%: the strategies add nothing", r0, r)
	}
}
