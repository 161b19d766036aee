package search

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"tietopankki/search/finnish"
)

// newTestIndex builds an index of docs in a temporary folder.
func newTestIndex(tb testing.TB, docs []Doc, synonyms [][]string) *Index {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "index")
	if err := Build(context.Background(), dir, docs, synonyms); err != nil {
		tb.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func ids(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func mustSearch(tb testing.TB, ix *Index, r Request) *Result {
	tb.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		tb.Fatalf("%q: %v", r.Query, err)
	}
	return res
}

// TestFinnish proves each Finnish requirement on a tiny index where only
// the one technique can make the match: the wanted card is found, and an
// unrelated card is not ranked above it. Where the strategy is what makes
// the match, exact stems alone must miss it.
func TestFinnish(t *testing.T) {
	docs := []Doc{
		{ID: "a/kokoukseen", Title: "Liity ajoissa", Body: "Näin pääset kokoukseen."},
		{ID: "a/kokous", Title: "Viikon suunnittelu", Body: "Osaston kokous on maanantaina."},
		{ID: "a/tiedostot", Title: "Tallenna", Body: "Kaikki tiedostot ovat pilvessä."},
		{ID: "a/tiedoston", Title: "Jaa", Body: "Lähetä tiedoston linkki."},
		{ID: "a/hoitopolulle", Title: "Ohjaa asiakas", Body: "Ohjaa asiakas hoitopolulle."},
		{ID: "a/digihoitopolku", Title: "Uusi palvelu", Body: "Digihoitopolku auttaa asiakasta."},
		{ID: "a/etavastaanotto", Title: "Etäkäynti", Body: "Etävastaanotto säästää aikaa."},
		{ID: "a/oirearvio", Title: "Arvio", Body: "Asiakas täyttää oirearvion."},
		{ID: "a/tyokaveri", Title: "Yhteistyö", Body: "Kysy työkaverilta neuvoa."},
		{ID: "a/videopuhelu", Title: "Soita", Body: "Aloita videopuhelu asiakkaan kanssa."},
		{ID: "a/teams", Title: "Viestintä", Body: "Teams on viestintäväline."},
		{ID: "x/decoy", Title: "Lounas", Body: "Ruokala on auki arkisin. Pankki ja posti ovat kaupungilla."},
	}
	syn := [][]string{{"videovastaanotto", "etävastaanotto", "videopuhelu"}, {"teams", "tiimit"}}
	ix := newTestIndex(t, docs, syn)
	tests := []struct {
		kind, q, want string
		needsStrategy finnish.Strategy // 0: exact stems already find it
	}{
		{"inflected", "kokous", "a/kokoukseen", finnish.Inflection},
		{"inflected", "kokouksen", "a/kokous", finnish.Inflection},
		{"inflected", "tiedosto", "a/tiedostot", 0},
		{"inflected", "tiedostot", "a/tiedoston", 0},
		{"inflected", "tiedoston", "a/tiedostot", 0},
		{"inflected", "hoitopolku", "a/hoitopolulle", finnish.Inflection},
		{"inflected", "hoitopolulle", "a/hoitopolulle", 0},
		{"compound", "hoitopolku", "a/digihoitopolku", finnish.Compound},
		{"compound", "vastaanotto", "a/etavastaanotto", finnish.Compound},
		{"typo", "kokoksen", "a/kokoukseen", finnish.Fuzzy},
		{"typo", "oirarvio", "a/oirearvio", finnish.Fuzzy},
		{"typo", "tiedsoto", "a/tiedostot", finnish.Fuzzy},
		{"prefix", "koko", "a/kokoukseen", finnish.AsYouType},
		{"prefix", "oirea", "a/oirearvio", finnish.AsYouType},
		{"diacritics", "etavastaanotto", "a/etavastaanotto", 0},
		{"diacritics", "tyokaveri", "a/tyokaveri", 0},
		{"synonym", "videovastaanotto", "a/etavastaanotto", finnish.Synonym},
		{"synonym", "videovastaanotto", "a/videopuhelu", finnish.Synonym},
		{"synonym", "tiimit", "a/teams", finnish.Synonym},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.q+"->"+tt.want, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: tt.q})
			got := ids(res)
			if i := slices.Index(got, tt.want); i < 0 || i > 2 {
				t.Errorf("%q: got %v, want %s in the top 3", tt.q, got, tt.want)
			}
			if slices.Index(got, "x/decoy") >= 0 && slices.Index(got, "x/decoy") < slices.Index(got, tt.want) {
				t.Errorf("%q: the unrelated card ranks above %s: %v", tt.q, tt.want, got)
			}
			if tt.needsStrategy != 0 {
				// Without the strategy, the card is not found: it is the strategy that works.
				off, err := ix.SearchWith(context.Background(), Request{Query: tt.q}, finnish.All&^tt.needsStrategy)
				if err != nil {
					t.Fatal(err)
				}
				if slices.Contains(ids(off), tt.want) && tt.kind != "inflected" && tt.kind != "prefix" {
					t.Errorf("%q finds %s even without %s: the test proves nothing", tt.q, tt.want, finnish.StrategyNames[tt.needsStrategy])
				}
				exact, _ := ix.SearchWith(context.Background(), Request{Query: tt.q}, 0)
				if slices.Contains(ids(exact), tt.want) {
					t.Errorf("%q finds %s with exact stems alone: the test proves nothing", tt.q, tt.want)
				}
			}
		})
	}
}

// TestRanking: title > tags > summary > body, and an exact match above a
// fuzzy one.
func TestRanking(t *testing.T) {
	ix := newTestIndex(t, []Doc{
		{ID: "body", Title: "Ohje yksi", Summary: "Lyhyt ohje.", Body: "Tässä puhutaan lomakkeesta."},
		{ID: "summary", Title: "Ohje kaksi", Summary: "Lomake täytetään verkossa.", Body: "Muuta tekstiä."},
		{ID: "tags", Title: "Ohje kolme", Summary: "Lyhyt ohje.", Body: "Muuta tekstiä.", Tags: []string{"lomake"}},
		{ID: "title", Title: "Lomake", Summary: "Lyhyt ohje.", Body: "Muuta tekstiä."},
	}, nil)
	if got, want := ids(mustSearch(t, ix, Request{Query: "lomake"})), []string{"title", "tags", "summary", "body"}; !slices.Equal(got, want) {
		t.Errorf("field ranking: got %v, want %v", got, want)
	}
	ix = newTestIndex(t, []Doc{
		{ID: "fuzzy", Title: "Kokous", Body: "Kokous alkaa."},  // one letter off from "kokeus"? no: the query is "kokous"
		{ID: "near", Title: "Kokeus", Body: "Kokeus alkaa."},   // a near word, one edit away
		{ID: "exact", Title: "Kokous", Body: "Viikon kokous."}, // the exact word
	}, nil)
	got := ids(mustSearch(t, ix, Request{Query: "kokous "}))
	if slices.Index(got, "near") < slices.Index(got, "exact") || slices.Index(got, "near") < slices.Index(got, "fuzzy") {
		t.Errorf("a fuzzy match ranks above exact ones: %v", got)
	}
}

func TestFilters(t *testing.T) {
	ix := newTestIndex(t, []Doc{
		{ID: "teams/a", Title: "Kokous", Tool: "teams", Segments: []string{"alkava"}, Areas: []string{"terveys"}},
		{ID: "teams/b", Title: "Kokous", Tool: "teams", Segments: []string{"vahva"}, Areas: []string{"perhe"}},
		{ID: "teams/all", Title: "Kokous", Tool: "teams"},
		{ID: "onedrive/c", Title: "Kokous", Tool: "onedrive", Segments: []string{"alkava"}},
	}, nil)
	for _, tt := range []struct {
		r    Request
		want []string
	}{
		{Request{Query: "kokous", Tool: "teams"}, []string{"teams/a", "teams/all", "teams/b"}},
		{Request{Query: "kokous", Segment: "alkava"}, []string{"onedrive/c", "teams/a", "teams/all"}},
		{Request{Query: "kokous", Area: "perhe"}, []string{"teams/b"}},
		{Request{Query: "kokous", Tool: "teams", Segment: "vahva"}, []string{"teams/all", "teams/b"}},
	} {
		got := ids(mustSearch(t, ix, tt.r))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: got %v, want %v", tt.r, got, tt.want)
		}
	}
}

// TestQuerySyntaxIsText: what bleve's query-string syntax would read as
// regexps, wildcards, fields or operators is only text here.
func TestQuerySyntaxIsText(t *testing.T) {
	ix := newTestIndex(t, []Doc{
		{ID: "a", Title: "Kokous", Body: "Liity kokoukseen."},
		{ID: "b", Title: "Tiedosto", Body: "Tallenna tiedosto."},
	}, nil)
	for _, q := range []string{"/k.*/", "*", "?", "title:kokous", "+tiedosto -kokous", "k*", `"`, "(", "\x00", "kokous^100"} {
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Errorf("%q: %v", q, err)
			continue
		}
		if q == "/k.*/" || q == "*" || q == "?" || q == "k*" {
			if len(res.Hits) > 0 {
				t.Errorf("%q matched %v: query syntax reached bleve", q, ids(res))
			}
		}
	}
	// "title:kokous" is two words, title and kokous: only the card about kokous.
	if got := ids(mustSearch(t, ix, Request{Query: "title:kokous"})); !slices.Equal(got, []string{"a"}) {
		t.Errorf("title:kokous: got %v, want [a]", got)
	}
}

func TestRequestLimits(t *testing.T) {
	ix := newTestIndex(t, []Doc{{ID: "a", Title: "Kokous"}}, nil)
	for _, r := range []Request{
		{Query: strings.Repeat("a", MaxQueryRunes+1)},
		{Query: "kokous", Limit: MaxLimit + 1},
		{Query: "kokous", Limit: -1},
		{Query: "kokous", Tool: "Teams!"},
		{Query: "kokous", Segment: "../x"},
		{Query: "\xff\xfe"},
	} {
		if _, err := ix.Search(context.Background(), r); !errors.Is(err, ErrBadRequest) {
			t.Errorf("%+.40v: err = %v, want ErrBadRequest", r, err)
		}
	}
	// Words past MaxWords are dropped, not an error.
	if _, err := ix.Search(context.Background(), Request{Query: strings.Repeat("kokous tiedosto lomake ", 8)}); err != nil {
		t.Errorf("many words: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Request{Query: "kokous"}); err == nil {
		t.Error("a cancelled search succeeded; want the context's error")
	}
}

func TestSnippet(t *testing.T) {
	ix := newTestIndex(t, []Doc{{ID: "a", Title: "Ohje", Body: "Alku <b>lihava</b> & muuta. Liity kokoukseen ajoissa, niin kokous alkaa hyvin."}}, nil)
	res := mustSearch(t, ix, Request{Query: "kokous"})
	if len(res.Hits) != 1 {
		t.Fatalf("got %v", ids(res))
	}
	got := res.Hits[0].Snippet
	for _, want := range []string{"<mark>kokoukseen</mark>", "<mark>kokous</mark>", "&lt;b&gt;lihava&lt;/b&gt; &amp;"} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "<b>") {
		t.Errorf("snippet %q lets HTML through", got)
	}
}

// TestConcurrentSearch runs the relevance queries, with and without a
// segment filter, from 8 goroutines at once on one index, and compares
// each answer with the answer the same request got when run alone: hits,
// order, scores and snippets.
func TestConcurrentSearch(t *testing.T) {
	ix, _ := sample(t)
	var reqs []Request
	for _, c := range relevanceCases(t) {
		reqs = append(reqs, Request{Query: c.Q}, Request{Query: c.Q, Segment: "alkava", Limit: 5})
	}
	want := make([]*Result, len(reqs))
	for i, r := range reqs {
		want[i] = mustSearch(t, ix, r)
		want[i].Took = 0
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 40 {
				k := (g*37 + i*7) % len(reqs)
				got, err := ix.Search(context.Background(), reqs[k])
				if err != nil {
					t.Errorf("%+v: %v", reqs[k], err)
					return
				}
				got.Took = 0
				if !reflect.DeepEqual(got, want[k]) {
					t.Errorf("%+v run concurrently:\n got %v\nwant %v (run alone)", reqs[k], ids(got), ids(want[k]))
				}
			}
		})
	}
	wg.Wait()
}

func TestUpdateInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Create(context.Background(), dir, []Doc{{ID: "a", Title: "Kokous"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Update([]Doc{{ID: "b", Title: "Tiedosto"}}, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if got := ids(mustSearch(t, ix, Request{Query: "kokous"})); len(got) != 0 {
		t.Errorf("deleted doc still found: %v", got)
	}
	if got := ids(mustSearch(t, ix, Request{Query: "tiedosto"})); !slices.Equal(got, []string{"b"}) {
		t.Errorf("added doc: got %v", got)
	}
	ix.SetSynonyms([][]string{{"tiedosto", "asiakirja"}})
	if got := ids(mustSearch(t, ix, Request{Query: "asiakirja"})); !slices.Equal(got, []string{"b"}) {
		t.Errorf("synonyms set at query time: got %v", got)
	}
}

// TestShardedIndex: from ShardThreshold documents up, Create makes one
// shard per GOMAXPROCS (set to 3 here, whatever the machine), and a search
// sees the documents of every shard.
func TestShardedIndex(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	var docs []Doc
	for i := range ShardThreshold + 10 {
		docs = append(docs, Doc{ID: "t/d" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i), Title: "Ohje " + itoa(i), Body: "Muuta tekstiä."})
	}
	docs = append(docs, Doc{ID: "t/target", Title: "Etävastaanotto", Body: "Video."})
	ix := newTestIndex(t, docs, nil)
	if got, want := len(ix.shards), 3; got != want {
		t.Errorf("%d documents: %d shards, want %d", len(docs), got, want)
	}
	if got := ids(mustSearch(t, ix, Request{Query: "vastaanotto"})); len(got) == 0 || got[0] != "t/target" {
		t.Errorf("sharded search: got %v", got)
	}
	if ix.Docs() != len(docs) {
		t.Errorf("Docs() = %d, want %d", ix.Docs(), len(docs))
	}
}

func itoa(i int) string {
	return strings.TrimLeft(strings.Repeat("0", 1)+string(rune('0'+i/1000%10))+string(rune('0'+i/100%10))+string(rune('0'+i/10%10))+string(rune('0'+i%10)), "0")
}

// TestShardsRankAlike: statistics are the whole index's, so the same
// documents in one shard or in three give the same totals and the same
// scores (documents with equal scores may change places).
func TestShardsRankAlike(t *testing.T) {
	var docs []Doc
	words := []string{"kokous", "tiedosto", "asiakas", "etävastaanotto", "lomake", "kalenteri", "viesti"}
	for i := range 600 {
		body := words[i%7] + " " + words[i*3%7] + " " + words[i*5%7] + " ja muuta tekstiä " + itoa(i)
		docs = append(docs, Doc{ID: "t/d" + itoa(i), Title: words[i*2%7] + " " + itoa(i), Body: body, Tool: "t" + itoa(i%3)})
	}
	var ixs []*Index
	for _, n := range []int{1, 3} {
		ix, err := create(context.Background(), filepath.Join(t.TempDir(), "index"), docs, nil, n)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		ixs = append(ixs, ix)
	}
	for _, r := range []Request{{Query: "kokous"}, {Query: "tiedoston asiakas"}, {Query: "lomak"}, {Query: "kalenterii"},
		{Query: "viesti", Tool: "t1"}, {Query: "kokous tiedosto asiakas lomake", Limit: 50}} {
		one, three := mustSearch(t, ixs[0], r), mustSearch(t, ixs[1], r)
		if one.Total != three.Total || len(one.Hits) != len(three.Hits) {
			t.Fatalf("%+v: one shard %d total, %d hits; three %d, %d", r, one.Total, len(one.Hits), three.Total, len(three.Hits))
		}
		for i, h := range one.Hits {
			if g := three.Hits[i]; math.Abs(g.Score-h.Score) > 1e-12 {
				t.Errorf("%+v: hit %d scores %.15f in one shard, %.15f in three", r, i+1, h.Score, g.Score)
			}
		}
	}
}

// TestTooManyTerms: a prefix that matches more than maxClauses terms
// falls back to exact stems and synonyms instead of failing.
func TestTooManyTerms(t *testing.T) {
	var b strings.Builder
	for i := range 2 * maxClauses {
		b.WriteString("kok" + string(rune('a'+i/676%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i%26)) + "o ")
	}
	ix := newTestIndex(t, []Doc{{ID: "many", Body: b.String()}, {ID: "kok", Title: "Kok"}}, nil)
	rs, err := ix.readers()
	if err != nil {
		t.Fatal(err)
	}
	defer closeReaders(rs)
	c, err := compile(context.Background(), rs, Request{Query: "kok"}, finnish.Plan("kok", nil, finnish.All))
	c.close()
	if !errors.Is(err, errTooManyClauses) {
		t.Fatalf("prefix kok: err = %v, want errTooManyClauses", err)
	}
	r := Request{Query: "kok"}
	got := mustSearch(t, ix, r)
	want, err := ix.SearchWith(context.Background(), r, finnish.Synonym)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != want.Total || !slices.Equal(ids(got), ids(want)) || len(got.Hits) == 0 || got.Hits[0].ID != "kok" {
		t.Errorf("kok: got %v (%d in all); want exact stems only: %v (%d)", ids(got), got.Total, ids(want), want.Total)
	}
}

// TestEveryWordFirst: a document that holds every word of a query, or a
// form of it, ranks above one that holds only some, even where bleve's
// score (coordination factor and all) ranks it lower; the counts say how
// many hold every word and how many only some.
func TestEveryWordFirst(t *testing.T) {
	ix := newTestIndex(t, []Doc{
		{ID: "title", Title: "Kokous", Summary: "Kokous alkaa.", Tags: []string{"kokous"}, Body: "Kokous on tärkeä."},
		{ID: "both", Title: "Ohje", Body: "Voit liittyä kokoukseen myös puhelimella."},
		{ID: "phone", Title: "Puhelin", Body: "Puhelin on hyvä."},
		{ID: "other", Title: "Lounas", Body: "Ruokala on auki."},
	}, nil)
	res := mustSearch(t, ix, Request{Query: "kokous puhelimella"})
	if got, want := ids(res), []string{"both", "title", "phone"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if res.Hits[1].Score <= res.Hits[0].Score {
		t.Errorf("the document with one word scores %.4f, the one with both %.4f: the test shows nothing", res.Hits[1].Score, res.Hits[0].Score)
	}
	if got, want := [3]int{res.Total, res.Complete, res.Partial}, [3]int{1, 1, 2}; got != want {
		t.Errorf("total, complete, partial = %v, want %v", got, want)
	}
	for i, want := range []bool{false, true, true} {
		if res.Hits[i].Partial != want {
			t.Errorf("hit %s: partial %v, want %v", res.Hits[i].ID, res.Hits[i].Partial, want)
		}
	}
	// No document with every word: the total counts those with some.
	res = mustSearch(t, ix, Request{Query: "lounas puhelin"})
	if got, want := [3]int{res.Total, res.Complete, res.Partial}, [3]int{3, 0, 3}; got != want {
		t.Errorf("lounas puhelin: total, complete, partial = %v, want %v", got, want)
	}
	// One word: every match is complete.
	res = mustSearch(t, ix, Request{Query: "kokous"})
	if got, want := [3]int{res.Total, res.Complete, res.Partial}, [3]int{2, 2, 0}; got != want || res.Hits[0].Partial {
		t.Errorf("kokous: total, complete, partial = %v, want %v", got, want)
	}
}

// TestSnippetOneBlock: a snippet is cut from one line of the text (a
// paragraph, list item, heading or table row): the summary's, or the
// body's line that holds more of the query's words, then more hits. It
// never runs into the next line.
func TestSnippetOneBlock(t *testing.T) {
	long := strings.Repeat("Tämä on pitkä kappale, jossa on paljon sanoja. ", 4) + "Kokous alkaa ajoissa, ja kokous loppuu ajoissa. " +
		strings.Repeat("Vielä lisää sanoja tässä kappaleessa. ", 4)
	ix := newTestIndex(t, []Doc{
		{ID: "a", Title: "Ohje", Summary: "Näin liityt kokoukseen.",
			Body: "Kokous alkaa\nLiity ajoissa.\nVoit liittyä kokoukseen myös puhelimella.\nPuhelin – 044 000 0000"},
		{ID: "b", Title: "Pitkä", Summary: "Lyhyt.", Body: "Otsikko kokous\n" + long + "\nLoppu kokous"},
	}, nil)
	for _, c := range []struct{ q, id, want string }{
		{"kokous puhelin", "a", "Voit liittyä <mark>kokoukseen</mark> myös <mark>puhelimella</mark>."}, // both words
		{"kokous", "a", "Näin liityt <mark>kokoukseen</mark>."},                                        // a tie: the summary
		{"puhelin", "a", "Voit liittyä kokoukseen myös <mark>puhelimella</mark>."},                     // the first line of the body
		{"numero 044", "a", "Puhelin – <mark>044</mark> 000 0000"},
	} {
		res := mustSearch(t, ix, Request{Query: c.q})
		i := slices.Index(ids(res), c.id)
		if i < 0 {
			t.Fatalf("%q does not find %s", c.q, c.id)
		}
		if got := res.Hits[i].Snippet; got != c.want {
			t.Errorf("%q: snippet %q, want %q", c.q, got, c.want)
		}
	}
	res := mustSearch(t, ix, Request{Query: "kokous"})
	i := slices.Index(ids(res), "b")
	got := res.Hits[i].Snippet
	if !strings.Contains(got, "<mark>Kokous</mark> alkaa ajoissa, ja <mark>kokous</mark> loppuu") || strings.Contains(got, "Otsikko") || strings.Contains(got, "Loppu") {
		t.Errorf("the long paragraph's snippet is %q; want its two hits and nothing of the lines around it", got)
	}
	if !strings.HasPrefix(got, "… ") || !strings.HasSuffix(got, " …") {
		t.Errorf("the snippet %q of a long paragraph is not marked as cut at both ends", got)
	}
}
