// Package lint is the plain-language (selkokieli) linter of `tietopankki
// check`. It reads the running text of the content block by block
// (generator.Prose: paragraphs, headings and table cells with their file
// positions; code is left out) and reports warnings that say what to write
// instead. The rules follow the authoring guide (content/kirjoitusohje.md):
//
//   - long-sentence: a sentence of more than MaxSentenceWords words (15:
//     GOV.UK caps sentences at 25 words, plain Finnish, selkokieli, aims
//     lower; the guide says 15). A sentence ends at ".", "!" or "?" before
//     a capital letter or the end of the block; common abbreviations
//     ("esim.", "klo") do not end one. Reported at the sentence's first
//     character.
//   - long-word: a word of more than MaxWordLetters letters, typically an
//     administrative compound ("terveydenhuoltohenkilöstölle"). Hyphens split
//     words; addresses, e-mail addresses and file names are left alone.
//   - passive: the impersonal passive present ("valitaan", "avataan"), where
//     an instruction would be plainer ("valitse", "avaa"). See passive.go
//     for how the forms are told apart from nouns like "pöytään" and
//     "mitään". Questions are left alone: "Mihin Teamsia käytetään?" asks
//     nothing of the reader.
//   - jargon: a word of content/glossary.yaml in any inflected form
//     ("autentikoidaan", "applikaatiossa"), matched by Snowball stems; the
//     hint names the glossary's plain word. See jargon.go.
//   - short-card, long-card: a card's body of fewer than MinCardWords or
//     more than MaxCardWords words (the guide's 60–300), reported at the
//     title and at the sentence that crosses the limit.
//   - hard-text: a card whose Wiio grade (see Readability) is above
//     MaxWiio, reported at the sentence with the most long words.
//
// Each card's readability figures (Readability) come with the findings.
//
// Every finding is a generator.Diagnostic with Severity Warning, except
// passive, which is a hint (Severity Notice) that even --strict does not
// turn into an error.
package lint

import (
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"tietopankki/generator"
	"tietopankki/i18n"
)

// Rule names, as check reports them.
const (
	RuleLongSentence = "long-sentence"
	RuleLongWord     = "long-word"
	RulePassive      = "passive"
	RuleJargon       = "jargon"
	RuleShortCard    = "short-card"
	RuleLongCard     = "long-card"
	RuleHardText     = "hard-text"
)

// Rules returns the ids of the linter's findings, sorted.
func Rules() []string {
	return []string{RuleHardText, RuleJargon, RuleLongCard, RuleLongSentence, RuleLongWord, RulePassive, RuleShortCard}
}

// Limits of the authoring guide.
const (
	MaxSentenceWords = 15
	MaxWordLetters   = 20
)

// Linter checks prose against the rules. It is safe for concurrent use.
type Linter struct {
	glossary []term
}

// New returns a linter that knows the site's glossary.
func New(glossary []generator.GlossaryEntry) *Linter {
	return &Linter{glossary: newTerms(glossary)}
}

// Site lints what the site publishes: the body of every tool page, card,
// learning path and plain page, and each card's title and summary. The files
// are read again from content and parsed with md, as the build parses them.
// It returns the findings and each published card's readability.
func (l *Linter) Site(content fs.FS, site *generator.Site, md *generator.Markdown) (generator.Diagnostics, []Readability) {
	var out generator.Diagnostics
	var figures []Readability
	for _, doc := range site.Docs() {
		data, err := fs.ReadFile(content, doc.File)
		if err != nil {
			continue // the build has reported it
		}
		ds, r := l.file(md, doc.File, data, site.CardByID[cardID(doc.File)] != nil, true)
		out = append(out, ds...)
		if r != nil {
			figures = append(figures, *r)
		}
	}
	out.Sort()
	return out, figures
}

// File lints one content file's body and, for a card, its title and summary.
func (l *Linter) File(md *generator.Markdown, file string, data []byte, card bool) generator.Diagnostics {
	ds, _ := l.file(md, file, data, card, false)
	return ds
}

// file is File; with measure, a card's length and readability are checked
// too, and its figures returned.
func (l *Linter) file(md *generator.Markdown, file string, data []byte, card, measure bool) (generator.Diagnostics, *Readability) {
	var blocks []generator.Prose
	var where generator.Pos // the title, where a card's length is reported
	if card {
		for _, key := range []string{"title", "summary"} {
			if v, ok := generator.FrontMatterValue(file, data, key); ok {
				blocks = append(blocks, generator.Prose{Kind: key, Pieces: []generator.Piece{v}})
				if key == "title" {
					where = v.Pos
				}
			}
		}
	}
	body := md.Prose(file, data)
	out := l.Prose(append(blocks, body...)...)
	if !card || !measure || where.Line == 0 {
		return out, nil // no title: the front matter is broken, which the build reports
	}
	r, ds := readability(file, where, body)
	out = append(out, ds...)
	out.Sort()
	return out, &r
}

// cardID returns the card id of a card's file ("tools/teams/liity.md" ->
// "teams/liity"), or "" for other files.
func cardID(file string) string {
	parts := strings.Split(strings.TrimSuffix(file, ".md"), "/")
	if len(parts) != 3 || parts[0] != "tools" || parts[2] == "_index" {
		return ""
	}
	return parts[1] + "/" + parts[2]
}

// Prose lints blocks of running text.
func (l *Linter) Prose(blocks ...generator.Prose) generator.Diagnostics {
	var out generator.Diagnostics
	for _, b := range blocks {
		text := b.Text()
		warn := func(off int, rule string, msg, hint i18n.Msg) {
			sev := generator.Warning
			if rule == RulePassive {
				sev = generator.Notice
			}
			out = append(out, generator.Diagnostic{Pos: b.PosAt(off), Severity: sev, Rule: rule, Msg: msg, Hint: hint})
		}
		for _, s := range sentences(text) {
			if n := len(s.chunks); n > MaxSentenceWords {
				warn(s.start, RuleLongSentence, i18n.M("diag.long-sentence", n), i18n.M("diag.long-sentence.hint", MaxSentenceWords))
			}
			for j, w := range s.words {
				if n := utf8.RuneCountInString(w.text); n > MaxWordLetters {
					warn(w.off, RuleLongWord, i18n.M("diag.long-word", w.text, n), i18n.M("diag.long-word.hint"))
				}
				if !s.question && (j == 0 || !capitalised(w.text)) {
					if imp, ok := passive(w.text); ok {
						warn(w.off, RulePassive, i18n.M("diag.passive", w.text), passiveHint(w.text, imp))
					}
				}
			}
			for _, m := range l.jargon(s.words) {
				warn(m.off, RuleJargon, i18n.M("diag.jargon", m.text), i18n.M("diag.jargon.hint", m.entry.Plain, m.entry.Word))
			}
		}
	}
	out.Sort()
	return out
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// word is a run of letters in a block's text.
type word struct {
	text string
	off  int // byte offset in the block's text
}

// sentence is one sentence of a block.
type sentence struct {
	start    int      // byte offset of its first character
	chunks   []string // its words as the reader counts them: space-separated, with a letter or digit
	words    []word   // its runs of letters, outside addresses and file names
	question bool
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"esim": true, "mm": true, "ns": true, "ks": true, "vrt": true, "jne": true, "yms": true, "tms": true,
	"ym": true, "n": true, "nro": true, "puh": true, "klo": true, "os": true, "s": true, "t": true,
	"ma": true, "ti": true, "ke": true, "to": true, "pe": true, "la": true, "su": true, "tri": true, "ts": true,
}

// sentences splits a block's text into sentences and their words.
func sentences(text string) []sentence {
	var out []sentence
	var cur *sentence
	for i := 0; i < len(text); {
		// The next space-separated chunk.
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		end := i
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += size
		}
		chunk := text[i:end]
		if cur == nil {
			out = append(out, sentence{start: i})
			cur = &out[len(out)-1]
		}
		if strings.IndexFunc(chunk, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			cur.chunks = append(cur.chunks, chunk)
		}
		if !isAddress(chunk) {
			cur.words = append(cur.words, letterRuns(chunk, i)...)
		}
		if endsSentence(chunk, text[end:]) {
			cur.question = strings.HasSuffix(strings.TrimRight(chunk, closers), "?")
			cur = nil
		}
		i = end
	}
	if cur != nil {
		cur.question = strings.HasSuffix(strings.TrimRight(text, " \t\n"+closers), "?")
	}
	return out
}

// closers may follow the punctuation that ends a sentence.
const closers = ")\"”»'’*"

// endsSentence reports whether chunk ends a sentence, given the text after it.
func endsSentence(chunk, rest string) bool {
	trimmed := strings.TrimRight(chunk, closers)
	if trimmed == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(trimmed)
	if !strings.ContainsRune(".!?…", last) {
		return false
	}
	if last == '.' {
		w := strings.ToLower(strings.TrimLeft(strings.TrimRight(trimmed, "."), "(\"“«'‘"))
		if abbreviations[w] {
			return false
		}
	}
	next, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " \t\n\"“«'‘(*"))
	return rest == "" || strings.TrimSpace(rest) == "" || unicode.IsUpper(next) || unicode.IsDigit(next)
}

// isAddress reports whether a chunk is a web address, an e-mail address or
// a file name, whose length says nothing about the language.
func isAddress(chunk string) bool {
	if strings.Contains(chunk, "@") || strings.Contains(chunk, "://") || strings.HasPrefix(strings.ToLower(chunk), "www.") ||
		strings.ContainsAny(chunk, "/\\_") {
		return true
	}
	// A period between letters: site.yaml, example.fi.
	t := strings.TrimRight(chunk, ".,:;!?)\"'")
	if i := strings.IndexByte(t, '.'); i > 0 && i < len(t)-1 {
		r, _ := utf8.DecodeRuneInString(t[i+1:])
		return unicode.IsLetter(r)
	}
	return false
}

// letterRuns returns the runs of letters in chunk, which starts at byte off.
func letterRuns(chunk string, off int) []word {
	var out []word
	start := -1
	for i, r := range chunk + " " {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, word{text: chunk[start:i], off: off + start})
			start = -1
		}
	}
	return out
}
