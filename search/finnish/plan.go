package finnish

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Strategy is one way a query word may match index terms.
type Strategy uint8

// The strategies. All is what search uses; tests measure each one by
// switching it off. Exact stems always count.
const (
	Inflection Strategy = 1 << iota // stem prefix: consonant gradation (kokouksen -> kokou*)
	Compound                        // compound part: vastaanotto -> >vastaano* (etävastaanotto)
	Fuzzy                           // edit distance on stems (a swap is one edit), first letter fixed
	AsYouType                       // the typed word as a stem prefix: oirea -> oirea* (oirearvio)
	Synonym                         // stems of the word's synonyms, and their stem prefixes
	All        = Inflection | Compound | Fuzzy | AsYouType | Synonym
)

// Names of the strategies, for reports.
var StrategyNames = map[Strategy]string{Inflection: "inflection", Compound: "compound", Fuzzy: "fuzzy", AsYouType: "as-you-type", Synonym: "synonyms"}

// Boosts: how much a kind of match counts against an exact stem (1).
const (
	BoostExact      = 1.0
	BoostSynonym    = 0.8
	BoostAsYouType  = 0.6 // the last word, still being typed
	BoostInflection = 0.6
	BoostPart       = 0.4
	BoostFuzzy      = 0.35
)

// Query limits.
const (
	MaxQueryRunes = 200
	MaxWords      = 8
	FuzzyPrefix   = 2 // letters a fuzzy match must share at the start (up to a swap of the second and third)
	MinPrefix     = 3 // shortest as-you-type prefix
	FuzzyTwoEdits = 7 // stems of this many letters and more may have two typos ("ondrvie": onedrive)
)

// Clause is one alternative of a word: index terms equal to Term (or,
// with Prefix, starting with it; with Distance > 0, within that many edits
// of it while starting with one of its FuzzyStarts), scored with Boost.
type Clause struct {
	Term     string  `json:"term"`
	Prefix   bool    `json:"prefix,omitempty"`
	Distance int     `json:"distance,omitempty"`
	Boost    float64 `json:"boost"`
}

// WordPlan is every clause of one query word.
type WordPlan struct {
	Word    string   `json:"word"`
	Stem    string   `json:"stem"`
	Clauses []Clause `json:"clauses"`
}

// Synonyms maps a stem to the stems of the other words of its groups.
type Synonyms map[string][]string

// NewSynonyms reads groups of words (synonyms.yaml) into stems.
func NewSynonyms(groups [][]string) Synonyms {
	s := Synonyms{}
	for _, g := range groups {
		var stems []string
		for _, w := range g {
			if ws := Words(w); len(ws) == 1 {
				stems = append(stems, Stem(ws[0].Word))
			}
		}
		for _, a := range stems {
			for _, b := range stems {
				if a != b && !slices.Contains(s[a], b) {
					s[a] = append(s[a], b)
				}
			}
		}
	}
	return s
}

// Plan turns a query into word plans: at most MaxWords distinct folded
// words without stop words, each with the clauses of the strategies in
// use. The last word counts as being typed unless the query ends in a
// space. This is the one definition of what a query matches; the server
// turns it into bleve queries and the static client follows it as is.
func Plan(q string, syn Synonyms, use Strategy) []WordPlan {
	var words []string
	for _, t := range Words(q) {
		if !slices.Contains(words, t.Word) {
			words = append(words, t.Word)
		}
		if len(words) == MaxWords {
			break
		}
	}
	typing := q != "" && !strings.HasSuffix(q, " ")
	plans := make([]WordPlan, 0, len(words))
	for i, w := range words {
		plans = append(plans, planWord(w, typing && i == len(words)-1, syn, use))
	}
	return plans
}

func planWord(w string, typing bool, syn Synonyms, use Strategy) WordPlan {
	stem := Stem(w)
	p := WordPlan{Word: w, Stem: stem}
	add := func(c Clause) {
		if !slices.Contains(p.Clauses, c) {
			p.Clauses = append(p.Clauses, c)
		}
	}
	add(Clause{Term: stem, Boost: BoostExact})
	if use&Synonym != 0 {
		for _, alt := range syn[stem] {
			add(Clause{Term: alt, Boost: BoostSynonym})
			if sp := StemPrefix(alt); sp != alt && use&Inflection != 0 {
				add(Clause{Term: sp, Prefix: true, Boost: BoostSynonym * BoostInflection})
			}
		}
	}
	n := utf8.RuneCountInString(stem)
	if sp := StemPrefix(stem); sp != stem && use&Inflection != 0 {
		add(Clause{Term: sp, Prefix: true, Boost: BoostInflection})
	}
	if n >= MinPart && use&Compound != 0 {
		add(Clause{Term: PartMark + StemPrefix(stem), Prefix: true, Boost: BoostPart})
	}
	if n > FuzzyPrefix+1 && use&Fuzzy != 0 {
		d := 1
		if n >= FuzzyTwoEdits {
			d = 2
		}
		add(Clause{Term: stem, Distance: d, Boost: BoostFuzzy})
	}
	if typing && use&AsYouType != 0 && utf8.RuneCountInString(w) >= MinPrefix {
		add(Clause{Term: w, Prefix: true, Boost: BoostAsYouType})
	}
	return p
}

// PhraseKey is what a search's words come to, order and forms aside: the
// stems of text's words without stop words, sorted, each once, joined by
// spaces ("Kenelle soitan?" -> "soita"; "IT-tuki" and "tuki it" -> "it
// tuki"). A page pinned to a phrase comes first for a query of the same
// key. Text with no word but stop words has the key "".
func PhraseKey(text string) string {
	var stems []string
	for _, w := range Words(text) {
		stems = append(stems, Stem(w.Word))
	}
	slices.Sort(stems)
	return strings.Join(slices.Compact(stems), " ")
}

// FuzzyStarts are the starts a fuzzy clause's matches may have: its
// term's first FuzzyPrefix letters, and, when they differ, its first and
// third letter, for a swap of the second and third letter ("taems" finds
// "teams": a swap is the commonest typo on a phone). The first letter is
// always fixed, so the terms walked stay few: two dictionary prefixes.
func (c Clause) FuzzyStarts() []string {
	r := []rune(c.Term)
	starts := []string{string(r[:FuzzyPrefix])}
	if len(r) > FuzzyPrefix && r[2] != r[1] {
		starts = append(starts, string([]rune{r[0], r[2]}))
	}
	return starts
}

// Matches reports whether an index term matches the clause. A fuzzy
// clause counts a swap of two adjacent letters as one edit; a term that
// starts with its second start must be within the other edits of its
// term with the second and third letter swapped.
func (c Clause) Matches(term string) bool {
	switch {
	case c.Distance > 0:
		// The starts (FuzzyStarts) without building them: this runs for
		// every term under them.
		q0, n0 := utf8.DecodeRuneInString(c.Term)
		q1, n1 := utf8.DecodeRuneInString(c.Term[n0:])
		q2, n2 := utf8.DecodeRuneInString(c.Term[n0+n1:])
		t0, m0 := utf8.DecodeRuneInString(term)
		t1, _ := utf8.DecodeRuneInString(term[m0:])
		switch {
		case t0 != q0 || m0 == 0 || strings.HasPrefix(term, PartMark):
			return false
		case t1 == q1:
			return near(term, c.Term, c.Distance)
		case t1 == q2 && n2 > 0:
			swapped := c.Term[:n0] + c.Term[n0+n1:n0+n1+n2] + c.Term[n0:n0+n1] + c.Term[n0+n1+n2:]
			return near(term, swapped, c.Distance-1)
		}
		return false
	case c.Prefix:
		return strings.HasPrefix(term, c.Term)
	}
	return term == c.Term
}

// near reports whether term is within d edits of a query stem, or of the
// stem without a final a, e or i: Snowball drops those after a consonant,
// and a swap that puts a vowel before one keeps it ("ondrvie" stays whole
// while "onedrive" becomes "onedriv").
func near(term, stem string, d int) bool {
	if Distance(term, stem, d) <= d {
		return true
	}
	n := len(stem)
	return n > 0 && (stem[n-1] == 'a' || stem[n-1] == 'e' || stem[n-1] == 'i') && Distance(term, stem[:n-1], d) <= d
}

// Score is the sum of the boosts of the plan's clauses that match term (a
// term matched by several clauses counts for each, as in a disjunction).
func (p WordPlan) Score(term string) float64 {
	s := 0.0
	for _, c := range p.Clauses {
		if c.Matches(term) {
			s += c.Boost
		}
	}
	return s
}

// maxStack is the word length (in runes) that Distance measures without
// allocating.
const maxStack = 64

// Distance is the optimal string alignment distance of a and b in runes
// (Levenshtein's edits, and a swap of two adjacent letters as one),
// computed only up to max: any larger distance is reported as max+1.
func Distance(a, b string, max int) int {
	var bufA, bufB [maxStack]rune
	var bufQ, bufP, bufC [maxStack + 1]int
	ra, rb := runes(a, bufA[:0]), runes(b, bufB[:0])
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2, prev, cur := bufQ[:0], bufP[:0], bufC[:0] // rows i-2, i-1, i
	if len(rb)+1 > len(bufP) {
		prev2, prev, cur = make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1)
	}
	prev2, prev, cur = prev2[:len(rb)+1], prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		// Rows never fall below their best: where a swap reaches back two
		// rows, the row between already holds a value as low.
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], max+1)
}

// runes appends s's runes to buf.
func runes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// MatchesStem reports whether any clause matches the index terms of a word
// with this stem: the stem itself or one of its Parts. It is what scoring
// the word's IndexTerms would say, without building the parts.
func (p WordPlan) MatchesStem(stem string) bool {
	n := -1 // runes in stem, counted when a compound clause needs it
	for _, c := range p.Clauses {
		part, isPart := strings.CutPrefix(c.Term, PartMark)
		if !isPart {
			if c.Matches(stem) {
				return true
			}
			continue
		}
		if n < 0 {
			n = utf8.RuneCountInString(stem)
		}
		if n < MinCompound {
			continue
		}
		// Parts are the suffixes from the third letter on that keep MinPart letters.
		k := 0
		for i := range stem {
			if k >= 2 && n-k >= MinPart && (c.Prefix && strings.HasPrefix(stem[i:], part) || !c.Prefix && stem[i:] == part) {
				return true
			}
			k++
		}
	}
	return false
}
