package lint

import (
	"strings"
	"unicode/utf8"

	"tietopankki/generator"
	"tietopankki/search/finnish"
)

// Glossary words are matched in any inflected form by comparing Snowball
// stems (finnish.Stem of the folded word, as search does). A text word
// matches a glossary word when its stem
//
//   - equals the glossary word's stem ("applikaatiossa", "äppiä"), or
//   - starts with it and is at most 3 letters longer ("ikonit": "ikon" on
//     "iko"); only for glossary stems of 3 letters or more, as "äppi" stems
//     to "ap", which "apua" would match; or
//   - for glossary stems of 7 letters or more, starts with the stem less
//     its last two letters (finnish.StemPrefix) and is at most 3 letters
//     longer than the glossary stem: verbs change their stem's end when
//     inflected ("autentikoida" -> "autentikoid", "autentikoitua" ->
//     "autentikoitu"); or
//   - for glossary stems of 7 letters or more, ends with it, the last part of
//     a compound ("mobiiliapplikaatio").
//
// A glossary entry of several words matches the same words in a row.

type term struct {
	entry generator.GlossaryEntry
	stems []string // one per word of the entry
}

func newTerms(glossary []generator.GlossaryEntry) []term {
	var out []term
	for _, e := range glossary {
		var stems []string
		for _, w := range strings.Fields(e.Word) {
			stems = append(stems, stem(w))
		}
		if len(stems) > 0 {
			out = append(out, term{entry: e, stems: stems})
		}
	}
	return out
}

func stem(w string) string { return finnish.Stem(finnish.Fold(w)) }

// stemMatches reports whether a text word's stem is a form of a glossary
// word's stem.
func stemMatches(text, gloss string) bool {
	if text == gloss {
		return true
	}
	nt, ng := utf8.RuneCountInString(text), utf8.RuneCountInString(gloss)
	switch {
	case ng >= 7 && strings.HasSuffix(text, gloss):
		return true // the last part of a compound
	case ng < 3 || nt > ng+3:
		return false
	case strings.HasPrefix(text, gloss):
		return true
	}
	return ng >= 7 && strings.HasPrefix(text, finnish.StemPrefix(gloss))
}

// jargonMatch is a glossary word found in a text.
type jargonMatch struct {
	entry generator.GlossaryEntry
	text  string // as written, all its words
	off   int
}

// jargon finds glossary words among a sentence's words.
func (l *Linter) jargon(words []word) []jargonMatch {
	if len(l.glossary) == 0 {
		return nil
	}
	stems := make([]string, len(words))
	for i, w := range words {
		stems[i] = stem(w.text)
	}
	var out []jargonMatch
	for i := range words {
		for _, t := range l.glossary {
			if i+len(t.stems) > len(words) {
				continue
			}
			match := true
			for j, s := range t.stems {
				if !stemMatches(stems[i+j], s) {
					match = false
					break
				}
			}
			if match {
				out = append(out, jargonMatch{entry: t.entry, text: wordsText(words[i : i+len(t.stems)]), off: words[i].off})
				break
			}
		}
	}
	return out
}

func wordsText(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}
