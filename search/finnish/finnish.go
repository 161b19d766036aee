// Package finnish is the one definition of how Tietopankki's search reads
// Finnish text. The index (package search, through bleve) and any other
// search client follow it, so the same text always becomes the same terms.
//
// Text is split into words at Unicode word boundaries, lowercased, and
// folded (ä -> a, ö -> o, å -> a) so that a phone keyboard without
// diacritics finds the same words. Stop words are dropped. Each remaining
// word is indexed as its Snowball Finnish stem ("kokoukseen" -> "kokouks")
// and, when the stem has at least MinCompound letters, as the stem's
// suffixes of at least MinPart letters that leave at least two letters in
// front, marked with PartMark (">vastaanoto" from "etavastaanoto"), so that
// the last part of a compound finds it.
//
// Snowball leaves consonant gradation apart ("kokous" -> "kokous",
// "kokouksen" -> "kokouks", "kokousta" -> "kokou"). Queries bridge that with
// StemPrefix: a stem shortened by one or two letters, matched as a prefix.
// Plan (plan.go) defines the whole query side.
package finnish

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/segment"
	"github.com/blevesearch/snowballstem"
	snowball "github.com/blevesearch/snowballstem/finnish"
)

// PartMark marks compound-part terms. Stems never start with it.
const PartMark = ">"

// MinPart is the shortest compound part indexed; MinCompound the shortest
// stem whose parts are indexed.
const (
	MinPart     = 4
	MinCompound = 7
)

// MaxWordLen caps the letters of one word; longer words are cut (a guard
// against pathological input, far above real Finnish words).
const MaxWordLen = 64

// Token is one word of a text with its byte offsets in the original text.
type Token struct {
	Word     string // lowercased, folded
	Start    int
	End      int
	Position int // 1-based word count
}

// Words splits text into folded words without stop words. Positions count
// every word, stop words included, so that they stay true to the text.
func Words(text string) []Token {
	var out []Token
	seg := segment.NewWordSegmenterDirect([]byte(text))
	pos, start := 0, 0
	for seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		typ := seg.Type()
		if typ == segment.Letter || typ == segment.Number || typ == segment.Ideo {
			// Unicode keeps "EU:n" and "Teams:n" whole (colon is MidLetter);
			// in Finnish the colon starts a case ending, so split there.
			from := start
			for part := range strings.SplitSeq(string(b), ":") {
				if part != "" {
					pos++
					if w := Fold(part); !IsStop(w) {
						out = append(out, Token{Word: w, Start: from, End: from + len(part), Position: pos})
					}
				}
				from += len(part) + 1
			}
		}
		start = end // segments are contiguous: spaces and punctuation are segments too
	}
	return out
}

// Fold lowercases s and folds Nordic and common accented letters to ASCII
// (ä, å, á, à -> a; ö -> o; é -> e; ü -> u), cutting it to MaxWordLen
// letters.
func Fold(s string) string {
	plain := len(s) <= MaxWordLen
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] < utf8.RuneSelf && !('A' <= s[i] && s[i] <= 'Z')
	}
	if plain {
		return s // already lowercase ASCII: the common case
	}
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for _, r := range s {
		if n == MaxWordLen {
			break
		}
		r = unicode.ToLower(r)
		switch r {
		case 'ä', 'å', 'á', 'à':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'é':
			r = 'e'
		case 'ü':
			r = 'u'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Stem returns the Snowball Finnish stem of a folded word. Words with
// digits are kept whole. Stems are cached: words repeat a great deal.
func Stem(word string) string {
	if s, ok := stemCache.Load(word); ok {
		return s.(string)
	}
	s := word
	if strings.IndexFunc(word, unicode.IsDigit) < 0 {
		env := snowballstem.NewEnv(word)
		snowball.Stem(env)
		s = env.Current()
	}
	if stemCacheSize.Add(1) < maxStemCache {
		stemCache.Store(word, s)
	}
	return s
}

// The stem cache is bounded so that a stream of junk words cannot grow it
// without end (the servers stem every query word).
const maxStemCache = 1 << 18

var (
	stemCache     sync.Map
	stemCacheSize atomic.Int64
)

// StemPrefix is the part of a stem that inflected forms of the same word
// share despite consonant gradation: the stem less two letters from seven
// letters up, less one from five, and the whole stem below that.
// kokouks -> kokou, kokous -> kokou, hoitopolu -> hoitopo.
func StemPrefix(stem string) string {
	r := []rune(stem)
	switch n := len(r); {
	case n >= 7:
		return string(r[:n-2])
	case n >= 5:
		return string(r[:n-1])
	}
	return stem
}

// Parts returns the compound parts indexed for a stem of at least
// MinCompound letters: its suffixes of at least MinPart letters with at
// least two letters before them.
func Parts(stem string) []string {
	r := []rune(stem)
	if len(r) < MinCompound {
		return nil
	}
	var out []string
	for i := 2; len(r)-i >= MinPart; i++ {
		out = append(out, string(r[i:]))
	}
	return out
}

// Term is one index term with the offsets of the word it came from.
type Term struct {
	Term     string
	Start    int
	End      int
	Position int
}

// IndexTerms returns every term the index stores for text, in order:
// for each word its stem and its marked parts.
func IndexTerms(text string) []Term {
	words := Words(text)
	out := make([]Term, 0, len(words)*3)
	for _, w := range words {
		s := Stem(w.Word)
		out = append(out, Term{s, w.Start, w.End, w.Position})
		for _, p := range Parts(s) {
			out = append(out, Term{PartMark + p, w.Start, w.End, w.Position})
		}
	}
	return out
}

// stopWords is Snowball's Finnish stop list, folded.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`olla olen olet on olemme olette ovat ole oli olisi olisit olisin olisimme olisitte olisivat
olit olin olimme olitte olivat ollut olleet en et ei emme ette eivat minä minun minut minua minussa minusta minuun
minulla minulta minulle sinä sinun sinut sinua sinussa sinusta sinuun sinulla sinulta sinulle hän hänen hänet häntä
hänessä hänestä häneen hänellä häneltä hänelle me meidän meidät meitä meissä meistä meihin meillä meiltä meille te
teidän teidät teitä teissä teistä teihin teillä teiltä teille he heidän heidät heitä heissä heistä heihin heillä
heiltä heille tämä tämän tätä tässä tästä tähän tallä tältä tälle tänä täksi tuo tuon tuotä tuossa tuosta tuohon
tuolla tuolta tuolle tuona tuoksi se sen sitä siinä siitä siihen sillä siltä sille sinä siksi nämä näiden näitä
näissä näistä näihin näillä näiltä näille näinä näiksi nuo noiden noita noissa noista noihin noilla noilta noille
noina noiksi ne niiden niitä niissä niistä niihin niillä niiltä niille niinä niiksi kuka kenen kenet ketä kenessä
kenestä keneen kenellä keneltä kenelle kenenä keneksi ketkä keiden ketkä keitä keissä keistä keihin keillä keiltä
keille keinä keiksi mikä minkä mitä missä mistä mihin millä miltä mille minä miksi mitkä joka jonka jota jossa josta
johon jolla jolta jolle jona joksi jotka joiden joita joissa joista joihin joilla joilta joille joina joiksi että ja
jos koska kuin mutta niin sekä sillä tai vaan vai vaikka kanssa mukaan noin poikki yli kun niin nyt itse`) {
		stopWords[Fold(w)] = true
	}
}

// IsStop reports whether a folded word is a stop word.
func IsStop(word string) bool { return stopWords[word] }
