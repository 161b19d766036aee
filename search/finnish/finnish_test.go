package finnish

import (
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	text := "Liity Teams-kokoukseen, ja tallenna TIEDOSTO työkaverille Teams:n kautta."
	var got []string
	for _, w := range Words(text) {
		got = append(got, w.Word+"="+text[w.Start:w.End])
	}
	want := []string{"liity=Liity", "teams=Teams", "kokoukseen=kokoukseen", "tallenna=tallenna", "tiedosto=TIEDOSTO", "tyokaverille=työkaverille", "teams=Teams", "n=n", "kautta=kautta"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func TestStemPrefixBridgesGradation(t *testing.T) {
	// Every pair: forms of one word whose Snowball stems differ; the
	// StemPrefix of one must be a prefix of the other's stem.
	pairs := [][2]string{
		{"kokous", "kokoukseen"}, {"kokouksen", "kokous"}, {"kokousta", "kokoukset"},
		{"hoitopolku", "hoitopolulle"}, {"tiedosto", "tiedostot"}, {"tiedoston", "tiedosto"},
		{"mikrofoni", "mikrofonia"}, {"oirearvio", "oirearviota"},
	}
	for _, p := range pairs {
		q, doc := Stem(Fold(p[0])), Stem(Fold(p[1]))
		if !strings.HasPrefix(doc, StemPrefix(q)) {
			t.Errorf("%s -> %s, prefix %s does not reach %s -> %s", p[0], q, StemPrefix(q), p[1], doc)
		}
	}
}

func TestPartsFindCompounds(t *testing.T) {
	for _, c := range [][2]string{{"hoitopolku", "digihoitopolku"}, {"vastaanotto", "etävastaanotto"}, {"vastaanotto", "etävastaanotolla"}, {"lomake", "esitietolomakkeen"}} {
		part, whole := Stem(Fold(c[0])), Stem(Fold(c[1]))
		if !slices.ContainsFunc(Parts(whole), func(p string) bool { return strings.HasPrefix(p, StemPrefix(part)) }) {
			t.Errorf("%q: parts of %q (%q) do not start with %q", c[0], whole, Parts(whole), StemPrefix(part))
		}
	}
}

func TestFoldAndStop(t *testing.T) {
	if got, want := Fold("ETÄVASTAANOTTO"), "etavastaanotto"; got != want {
		t.Errorf("Fold = %q, want %q", got, want)
	}
	if !IsStop("etta") || !IsStop("ei") || IsStop("teams") {
		t.Error("stop words are wrong")
	}
	long := strings.Repeat("a", 500)
	if got := len(Fold(long)); got != MaxWordLen {
		t.Errorf("Fold of a 500-letter word has %d letters, want %d", got, MaxWordLen)
	}
}

func TestIndexTermsOffsets(t *testing.T) {
	text := "Etävastaanotolla näet asiakkaan."
	for _, term := range IndexTerms(text) {
		if w := text[term.Start:term.End]; strings.ContainsAny(w, " .") {
			t.Errorf("term %q has offsets %d-%d covering %q", term.Term, term.Start, term.End, w)
		}
	}
	terms := IndexTerms(text)
	if terms[0].Term != "etavastaanoto" || terms[1].Term != ">avastaanoto" {
		t.Errorf("first terms = %v", terms[:2])
	}
}

// TestMatchesStemEqualsTerms: MatchesStem says what scoring the word's
// index terms (its stem and parts) says.
func TestMatchesStemEqualsTerms(t *testing.T) {
	text := "Etävastaanotolla digihoitopolulle kokoukseen tiedostot työkaverille oirearviota " +
		"sairaanhoitajan hoitopolku vastaanotto ajanvaraukset päivystysaika ääniviesti é"
	queries := []string{"vastaanotto", "hoitopolku", "kokous", "tiedosto", "oirea", "polku", "hoitaja", "aika", "kokoksen", "ääni", "varaus"}
	syn := NewSynonyms([][]string{{"videopuhelu", "etävastaanotto"}})
	for _, q := range queries {
		for _, p := range Plan(q, syn, All) {
			for _, w := range Words(text) {
				stem := Stem(w.Word)
				viaTerms := p.Score(stem) > 0
				for _, part := range Parts(stem) {
					viaTerms = viaTerms || p.Score(PartMark+part) > 0
				}
				if got := p.MatchesStem(stem); got != viaTerms {
					t.Errorf("query %q, word %q (stem %q): MatchesStem %v, terms say %v", q, w.Word, stem, got, viaTerms)
				}
			}
		}
	}
}

// osa is the optimal string alignment distance without a cut-off, the
// textbook recurrence, as the reference for Distance.
func osa(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// TestDistanceCountsSwaps: a swap of adjacent letters is one edit, and the
// cut-off at max never changes an answer up to max.
func TestDistanceCountsSwaps(t *testing.T) {
	for _, c := range []struct {
		a, b string
		max  int
		want int
	}{
		{"teams", "temas", 1, 1}, {"teams", "taems", 1, 1}, {"kalenter", "kaelnter", 1, 1},
		{"onedriv", "ondrvi", 2, 2}, {"ab", "ba", 1, 1}, {"ab", "ba", 0, 1}, {"abc", "ca", 3, 3},
		{"kokous", "kokous", 1, 0}, {"kokous", "kokuos", 1, 1}, {"kokous", "okkuos", 2, 2}, {"äö", "öä", 1, 1},
	} {
		if got := Distance(c.a, c.b, c.max); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
	}
	// Every pair of short words over a small alphabet, against the reference.
	var ws []string
	var gen func(prefix string)
	gen = func(prefix string) {
		ws = append(ws, prefix)
		if len(prefix) < 4 {
			for _, r := range "abc" {
				gen(prefix + string(r))
			}
		}
	}
	gen("")
	for _, a := range ws {
		for _, b := range ws {
			for max := range 3 {
				if got, want := Distance(a, b, max), min(osa(a, b), max+1); got != want {
					t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, max, got, want)
				}
			}
		}
	}
}

// TestFuzzyFindsSwaps: the fuzzy clause of a word typed with two letters
// swapped matches the index term of the word spelled right; the first
// letter stays fixed.
func TestFuzzyFindsSwaps(t *testing.T) {
	fuzzy := func(q string) Clause {
		t.Helper()
		for _, c := range Plan(q+" ", nil, All)[0].Clauses {
			if c.Distance > 0 {
				return c
			}
		}
		t.Fatalf("%q has no fuzzy clause", q)
		return Clause{}
	}
	for _, c := range []struct {
		typed, word string
		want        bool
	}{
		{"temas", "teams", true}, {"taems", "teams", true}, {"ondrvie", "onedrive", true},
		{"kaelnteri", "kalenteri", true}, {"lomkae", "lomake", true}, {"kmaera", "kamera", true},
		{"oamolo", "omaolo", true}, {"hyivs", "hyvis", true}, {"mikrofnoi", "mikrofoni", true},
		{"etams", "teams", false},  // the first letter is fixed
		{"tmeas", "teams", false},  // two swaps in a five-letter word
		{"kokous", "koulu", false}, // two edits in a six-letter word
		{"toimi", "tiimi", false},  // under the first and third letter only the swap counts
	} {
		cl := fuzzy(c.typed)
		if got := cl.Matches(Stem(Fold(c.word))); got != c.want {
			t.Errorf("fuzzy clause %+v of %q matches %q (stem %q): %v, want %v", cl, c.typed, c.word, Stem(Fold(c.word)), got, c.want)
		}
	}
}
