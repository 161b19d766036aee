package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"tietopankki/internal/testcontent"
	"tietopankki/search/finnish"
)

// trickyTexts are strings the analysis must treat alike on both sides.
var trickyTexts = []string{
	"EU:n ohjeet", "Teams:n kokous", "EU:ssa, USA:ssa ja YK:n", "klo 8:30", ":alku loppu: a::b",
	"Päijät-Häme", "sote-alue", "e-kirje", "sähkö-posti", "ÄÖÅ äöå Éé Üü Áá Àà", "ÆØ æø ß ẞ Š š Ž ž Õ õ",
	"İstanbul ISTANBUL", "ΣΟΦΙΑ σοφια", "naïve café résumé", "koulu\u0308", "e\u0301tä", "tieto\u00adpankki",
	"zero\u200bwidth", "join\u200djoin", "3.5 1,5 1 000 10:00 2024-01-31 v1.2.3 ABC123 123abc a1.5", "2. 3,",
	"don't don’t ‘lainaus’ \"lainaus\" «lainaus» „lainaus“", "a_b __init__ _ a_1", "a.b.c. a..b a.1 1.a",
	"😀 kokous 👍🏻 🇫🇮 Suomi #hashtag @maininta", "https://example.fi/polku?x=1&y=2 user@example.fi",
	"KOKOUS Kokous kOkOuS", "tyokaveri työkaveri TYÖKAVERI", "etävastaanotto ETAVASTAANOTTO",
	"\t\n  välilyönnit \r\n ja\u00a0nbsp\u2009ohut", "カタカナ ひらがな 漢字 한국어", "مرحبا שלום",
	"olla on ja ei se että niin", strings.Repeat("pitkä", 20), "x" + strings.Repeat("ä", 70),
	"<script>alert('x')</script> & &amp; \"quoted\"", "1. Avaa Teams. 2. Valitse Kalenteri.",
}

// sweepRanges are the code points Finnish text may meet, each tried inside,
// around and between words, to hold the word boundaries to
// blevesearch/segment's.
var sweepRanges = [][2]rune{{0x20, 0x36f}, {0x370, 0x52f}, {0x1e00, 0x1fff}, {0x2000, 0x2bff}, {0x3000, 0x303f},
	{0xfe00, 0xfe0f}, {0xfe30, 0xfe6f}, {0xfeff, 0xfeff}, {0xff00, 0xffef}, {0x1f000, 0x1faff}}

type parityMatch struct {
	Clause finnish.Clause `json:"clause"`
	Term   string         `json:"term"`
}

type parityIn struct {
	Texts     []string         `json:"texts"`
	Stems     []string         `json:"stems"`
	Queries   []string         `json:"queries"`
	Synonyms  finnish.Synonyms `json:"synonyms"`
	Distances [][3]any         `json:"distances"`
	Matches   []parityMatch    `json:"matches"`
}

type parityOut struct {
	Words        [][]finnish.Token    `json:"words"`
	Terms        [][]finnish.Term     `json:"terms"`
	Stems        []string             `json:"stems"`
	Folds        []string             `json:"folds"`
	StemPrefixes []string             `json:"stemPrefixes"`
	Parts        [][]string           `json:"parts"`
	Plans        [][]finnish.WordPlan `json:"plans"`
	PhraseKeys   []string             `json:"phraseKeys"`
	Distances    []int                `json:"distances"`
	Matches      []bool               `json:"matches"`
}

// TestAnalysisParity proves that the static client (search-static.js)
// analyses text as package finnish does: Node runs the client on texts
// (the tests' knowledge bank, the synthetic corpus's vocabulary, the
// relevance queries, tricky strings and a sweep of characters) for their
// words and index terms, on words for their folds, stems, stem prefixes
// and parts, on queries for their plans, and on edit distances and clause
// matches; every answer must be Go's. On a difference the test writes the
// inputs and Go's answers to a golden file it names. (Snippets are
// compared hit by hit with the server's in TestStaticMatchesServer.)
func TestAnalysisParity(t *testing.T) {
	in := parityInput(t)
	node := startNode(t, "parity.js", in) // works while Go does
	want := parityOut{}
	for _, s := range in.Texts {
		want.Words = append(want.Words, orEmpty(finnish.Words(s)))
		want.Terms = append(want.Terms, orEmpty(finnish.IndexTerms(s)))
	}
	for _, w := range in.Stems {
		want.Stems = append(want.Stems, finnish.Stem(w))
		want.Folds = append(want.Folds, finnish.Fold(w))
		want.StemPrefixes = append(want.StemPrefixes, finnish.StemPrefix(w))
		want.Parts = append(want.Parts, orEmpty(finnish.Parts(w)))
	}
	for _, q := range in.Queries {
		want.Plans = append(want.Plans, finnish.Plan(q, in.Synonyms, finnish.All))
		want.PhraseKeys = append(want.PhraseKeys, finnish.PhraseKey(q))
	}
	for _, d := range in.Distances {
		want.Distances = append(want.Distances, finnish.Distance(d[0].(string), d[1].(string), d[2].(int)))
	}
	for _, m := range in.Matches {
		want.Matches = append(want.Matches, m.Clause.Matches(m.Term))
	}
	var got parityOut
	node(&got)

	var diffs []string
	check := func(kind string, inputs []string, w, g any) {
		wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
		if wv.Len() != gv.Len() {
			diffs = append(diffs, fmt.Sprintf("%s: %d answers from Go, %d from the client", kind, wv.Len(), gv.Len()))
			return
		}
		n := 0
		if reflect.DeepEqual(w, g) {
			wv = reflect.ValueOf([]int{}) // equal: no element to compare one by one
		}
		for i := range wv.Len() {
			if !reflect.DeepEqual(wv.Index(i).Interface(), gv.Index(i).Interface()) {
				n++
				if n <= 5 {
					wj, _ := json.Marshal(wv.Index(i).Interface())
					gj, _ := json.Marshal(gv.Index(i).Interface())
					diffs = append(diffs, fmt.Sprintf("%s of %q:\n    Go     %s\n    client %s", kind, inputs[i], wj, gj))
				}
			}
		}
		if n > 5 {
			diffs = append(diffs, fmt.Sprintf("%s: %d more differences", kind, n-5))
		}
		fmt.Printf("parity: %-13s %6d inputs, %d differences\n", kind, gv.Len(), n)
	}
	check("words", in.Texts, want.Words, got.Words)
	check("index terms", in.Texts, want.Terms, got.Terms)
	check("stems", in.Stems, want.Stems, got.Stems)
	check("folds", in.Stems, want.Folds, got.Folds)
	check("stem prefixes", in.Stems, want.StemPrefixes, got.StemPrefixes)
	check("parts", in.Stems, want.Parts, got.Parts)
	check("plans", in.Queries, want.Plans, got.Plans)
	check("phrase keys", in.Queries, want.PhraseKeys, got.PhraseKeys)
	check("distances", describe(in.Distances), want.Distances, got.Distances)
	check("matches", describe(in.Matches), want.Matches, got.Matches)
	if len(diffs) > 0 {
		// The golden file, for a look at the inputs and the answers.
		golden := filepath.Join(t.TempDir(), "parity.json")
		b, _ := json.Marshal(struct {
			In   parityIn  `json:"input"`
			Want parityOut `json:"want"`
		}{in, want})
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("the static client differs from package finnish (golden file %s):\n  %s", golden, strings.Join(diffs, "\n  "))
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func describe[T any](items []T) []string {
	out := make([]string, len(items))
	for i, it := range items {
		b, _ := json.Marshal(it)
		out[i] = string(b)
		if len(out[i]) > 160 {
			out[i] = out[i][:160] + "…"
		}
	}
	return out
}

// parityInput gathers the inputs of TestAnalysisParity.
func parityInput(t *testing.T) parityIn {
	site := loadSite(t, testcontent.Fixture(t))
	in := parityIn{Synonyms: finnish.NewSynonyms(site.Synonyms)}
	for _, d := range Documents(site) {
		in.Texts = append(in.Texts, d.Title, d.Summary, d.Body, strings.Join(d.Tags, " "))
	}
	vocab, err := os.ReadFile("../internal/synth/vocab.go")
	if err != nil {
		t.Fatal(err)
	}
	in.Texts = append(in.Texts, strings.Split(string(vocab), "\n")...)
	cases := relevanceCases(t)
	for _, c := range cases {
		in.Texts = append(in.Texts, c.Q)
	}
	in.Texts = append(in.Texts, trickyTexts...)
	for _, r := range sweepRanges {
		for c := r[0]; c <= r[1]; c++ {
			if !utf8.ValidRune(c) {
				continue
			}
			s := string(c)
			in.Texts = append(in.Texts, "a"+s+"b 1"+s+"2 "+s+" x"+s+" "+s+s+" _"+s+"a "+s+"カ ä"+s+"ö")
		}
	}
	// Words: folded and as written, for Stem, Fold, StemPrefix and Parts.
	seen := map[string]bool{}
	for _, s := range in.Texts {
		for _, w := range finnish.Words(s) {
			raw := s[w.Start:w.End]
			for _, v := range []string{w.Word, raw, strings.ToLower(raw)} {
				if !seen[v] {
					seen[v] = true
					in.Stems = append(in.Stems, v)
				}
			}
		}
	}
	slices.Sort(in.Stems)
	// Queries: the relevance set as typed letter by letter, finished, shouted.
	for _, c := range cases {
		r := []rune(c.Q)
		for i := 1; i <= len(r); i++ {
			in.Queries = append(in.Queries, string(r[:i]))
		}
		in.Queries = append(in.Queries, c.Q+" ", strings.ToUpper(c.Q), " "+c.Q+"  ")
	}
	for _, g := range site.Synonyms {
		in.Queries = append(in.Queries, strings.Join(g, " "))
	}
	in.Queries = append(in.Queries, trickyTexts...)
	in.Queries = append(in.Queries, "Kenelle soitan?", "tuki IT", "IT-tuki", "b a b a", "ä a ö o", "𝒜 z a", "ﬀ a")
	in.Queries = append(in.Queries, "", " ", "a b c d e f g h i j k l", strings.Repeat("kokous ", 12))
	// Distances between neighbours in the vocabulary, and between each
	// word and itself with two letters swapped (and one more typo).
	for i, a := range in.Stems {
		for j := i + 1; j < min(i+4, len(in.Stems)); j++ {
			in.Distances = append(in.Distances, [3]any{a, in.Stems[j], 1}, [3]any{in.Stems[j], a, 2})
		}
		if r := []rune(a); len(r) >= 3 {
			k := i % (len(r) - 1)
			r[k], r[k+1] = r[k+1], r[k]
			in.Distances = append(in.Distances, [3]any{a, string(r), 1}, [3]any{string(r), a + "x", 1}, [3]any{string(r[1:]), a, 2})
		}
	}
	// Clause matches: every clause of the relevance plans against the
	// sample's index terms that start alike.
	terms := map[string]bool{}
	for _, s := range in.Texts[:len(Documents(site))*4] {
		for _, tm := range finnish.IndexTerms(s) {
			terms[tm.Term] = true
		}
	}
	for _, c := range cases {
		for _, p := range finnish.Plan(c.Q, in.Synonyms, finnish.All) {
			for _, cl := range p.Clauses {
				first := []rune(strings.TrimPrefix(cl.Term, finnish.PartMark))[0]
				for tm := range terms {
					if r := []rune(strings.TrimPrefix(tm, finnish.PartMark)); len(r) > 0 && r[0] == first {
						in.Matches = append(in.Matches, parityMatch{cl, tm})
					}
				}
			}
		}
	}
	slices.SortFunc(in.Matches, func(a, b parityMatch) int {
		return strings.Compare(a.Clause.Term+"\x00"+a.Term, b.Clause.Term+"\x00"+b.Term)
	})
	return in
}
