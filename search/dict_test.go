package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// TestDictTermsMatchBleve holds dictTerms, which walks a scorch
// snapshot's segments itself, to bleve's FieldDictPrefix: the same first
// terms in dictionary order, on the read-only shards the servers search,
// on an index of many segments with the same terms in several (as the dev
// server's index is between merges), on a reader that is not scorch's,
// and on all of them together.
func TestDictTermsMatchBleve(t *testing.T) {
	sampleIx, site := sample(t)
	docs := Documents(site)
	// An in-memory scorch index neither persists nor merges: each batch
	// stays a segment. The first batch is indexed again at the end, so its
	// terms are in two segments (once deleted).
	multi, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer multi.Close()
	other, err := bleve.NewMemOnly(newMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for _, idx := range []bleve.Index{multi, other} {
		for i := 0; i < len(docs)+10; i += 10 {
			b := idx.NewBatch()
			for _, d := range docs[i%len(docs) : min(i%len(docs)+10, len(docs))] {
				if err := b.Index(d.ID, d.fields()); err != nil {
					t.Fatal(err)
				}
			}
			if err := idx.Batch(b); err != nil {
				t.Fatal(err)
			}
		}
	}
	reader := func(idx bleve.Index) index.IndexReader {
		t.Helper()
		adv, err := idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		rd, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { rd.Close() })
		return rd
	}
	multiRd, otherRd := reader(multi), reader(other)
	if snap, ok := multiRd.(*scorch.IndexSnapshot); !ok || len(snap.Segments()) < 3 {
		t.Fatalf("the many-segment index is %T with %d segments", multiRd, len(snap.Segments()))
	}
	if _, ok := otherRd.(*scorch.IndexSnapshot); ok {
		t.Fatal("the other index is scorch's too")
	}
	shards, err := sampleIx.readers()
	if err != nil {
		t.Fatal(err)
	}
	defer closeReaders(shards)

	keeps := map[string]func(string) bool{
		"all":        nil,
		"odd length": func(s string) bool { return utf8.RuneCountInString(s)%2 == 1 },
	}
	for name, rs := range map[string][]index.IndexReader{
		"read-only shards": shards,
		"many segments":    {multiRd},
		"not scorch":       {otherRd},
		"all together":     append([]index.IndexReader{multiRd, otherRd}, shards...),
	} {
		compared := 0
		d := newDictionaries(rs) // one per search: opened once per field
		for _, field := range []string{"title", "tags", "summary", "body"} {
			for _, prefix := range []string{"", "k", "ko", "kokou", "te", "tie", "ä", "ö", ">", "~", "~ko", "zzzz"} {
				for kname, keep := range keeps {
					for _, limit := range []int{1, 3, 64, maxClauses + 1} {
						got, err := dictTerms(d, field, prefix, keep, limit)
						if err != nil {
							t.Fatal(err)
						}
						want := bleveTerms(t, rs, field, prefix, keep, limit)
						if !slices.Equal(got, want) {
							t.Errorf("%s: %s %q %s limit %d:\n got %q\nwant %q", name, field, prefix, kname, limit, got, want)
						}
						compared += len(want)
					}
				}
			}
		}
		if compared < 1000 {
			t.Errorf("%s: only %d terms compared", name, compared)
		}
	}
}

// bleveTerms is what dictTerms must give: every reader's terms under
// prefix by bleve's FieldDictPrefix, those keep accepts, once each, the
// first limit in dictionary order.
func bleveTerms(t *testing.T, rs []index.IndexReader, field, prefix string, keep func(string) bool, limit int) []string {
	t.Helper()
	var all []string
	for _, rd := range rs {
		dict, err := rd.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			t.Fatal(err)
		}
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(e.Term, prefix) {
				t.Fatalf("bleve gave %q for the prefix %q", e.Term, prefix)
			}
			if keep == nil || keep(e.Term) {
				all = append(all, e.Term)
			}
		}
		dict.Close()
	}
	slices.Sort(all)
	all = slices.Compact(all)
	return all[:min(len(all), limit)]
}
