package lint

import (
	"math"
	"strings"

	"tietopankki/generator"
	"tietopankki/i18n"
)

// Readability is how easy a card's body is to read, as `check --format
// json` reports it. Words are counted as the reader counts them (see
// sentences); addresses and file names are left out.
type Readability struct {
	File      string  `json:"file"`
	Sentences int     `json:"sentences"`
	Words     int     `json:"words"`
	MeanWords float64 `json:"meanSentenceWords"` // words a sentence
	LongWords float64 `json:"longWordShare"`     // share of words of 4 or more syllables
	Wiio      float64 `json:"wiio"`              // Wiio's grade: 2.7 + 30 × LongWords
}

// Limits of the authoring guide (content/kirjoitusohje.md) for a card's
// body, and the Wiio grade above which a card is hard to read: the grade
// is the school year (1–12) a reader needs, so above 12 is beyond school
// Finnish. The sample cards score 6–12.
const (
	MinCardWords = 80
	MaxCardWords = 300
	MaxWiio      = 12
)

// wiio is Wiio's simple readability formula for Finnish, as Voikko's
// voikko-readability computes it: 2.7 + 30 × the share of words of four
// or more syllables. Voikko counts the syllables of a word's base form,
// which needs its dictionary; this package counts the word as written
// ("kalenterissa", 5, for "kalenteri", 4), so its grades run somewhat
// higher, and MaxWiio allows for that.
func wiio(longShare float64) float64 { return 2.7 + 30*longShare }

// readability measures a card's body and reports what the guide's limits
// say about it: a body shorter than MinCardWords (at the title, where) or
// longer than MaxCardWords (at the sentence that crosses the limit), and a
// Wiio grade above MaxWiio (at the sentence with the most long words).
func readability(file string, where generator.Pos, body []generator.Prose) (Readability, generator.Diagnostics) {
	r := Readability{File: file}
	var out generator.Diagnostics
	long := 0
	var hardest generator.Pos
	hardestLong, over := 0, generator.Pos{}
	for _, b := range body {
		text := b.Text()
		for _, s := range sentences(text) {
			n, nl := 0, 0
			for _, c := range s.chunks {
				if isAddress(c) {
					continue
				}
				n++
				if syllables(c) >= 4 {
					nl++
				}
			}
			if n == 0 {
				continue
			}
			if r.Words <= MaxCardWords && r.Words+n > MaxCardWords {
				over = b.PosAt(s.start)
			}
			r.Sentences++
			r.Words += n
			long += nl
			if nl > hardestLong {
				hardestLong, hardest = nl, b.PosAt(s.start)
			}
		}
	}
	if r.Words > 0 {
		r.MeanWords = round2(float64(r.Words) / float64(r.Sentences))
		r.LongWords = round2(float64(long) / float64(r.Words))
		r.Wiio = round2(wiio(float64(long) / float64(r.Words)))
	}
	warn := func(p generator.Pos, rule string, msg, hint i18n.Msg) {
		out = append(out, generator.Diagnostic{Pos: p, Severity: generator.Warning, Rule: rule, Msg: msg, Hint: hint})
	}
	switch {
	case r.Words < MinCardWords:
		warn(where, RuleShortCard, i18n.M("diag.short-card", r.Words, MinCardWords), i18n.M("diag.short-card.hint"))
	case r.Words > MaxCardWords:
		warn(over, RuleLongCard, i18n.M("diag.long-card", r.Words, MaxCardWords), i18n.M("diag.long-card.hint"))
	}
	if grade := int(math.Round(r.Wiio)); grade > MaxWiio {
		warn(hardest, RuleHardText, i18n.M("diag.hard-text", grade, MaxWiio), i18n.M("diag.hard-text.hint", hardestLong))
	}
	return r, out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// syllables counts the syllables of a Finnish word: one a vowel, but a
// long vowel (aa) or a diphthong (ai, ei, oi, ui, yi, äi, öi, au, eu, iu,
// ou, ey, äy, öy, ie, uo, yö) is one syllable's nucleus. Vowels are paired
// from the left, so "aie" is ai-e and "liian" lii-an. "ie" is a diphthong
// except in the ending -ien after the first syllable ("käyttäjien",
// käyt-tä-ji-en). Letters that are not Finnish vowels, hyphens and digits
// part the vowels.
func syllables(word string) int {
	w := []rune(strings.ToLower(word))
	n := 0
	first := true // in the word's first vowel group
	for i := 0; i < len(w); {
		if !isVowel(w[i]) {
			if n > 0 {
				first = false
			}
			i++
			continue
		}
		ending := !first && w[i] == 'i' && i+3 == len(w) && w[i+1] == 'e' && w[i+2] == 'n'
		if i+1 < len(w) && isVowel(w[i+1]) && nucleus(w[i], w[i+1]) && !ending {
			i += 2
		} else {
			i++
		}
		n++
	}
	return n
}

// nucleus reports whether vowels a, b are one syllable's nucleus: a long
// vowel or a diphthong.
func nucleus(a, b rune) bool {
	if a == b {
		return true
	}
	switch string([]rune{a, b}) {
	case "ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou", "ey", "äy", "öy", "ie", "uo", "yö":
		return true
	}
	return false
}
