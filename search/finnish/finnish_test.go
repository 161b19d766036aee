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
