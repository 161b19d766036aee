package search

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"tietopankki/search/finnish"
)

// Limits on what one search may ask.
const (
	MaxQueryRunes = 200
	MaxWords      = 8
	MaxLimit      = 50
	DefaultLimit  = 10
)

// Request is one search.
type Request struct {
	Query   string
	Tool    string // filter: a tool id
	Segment string // filter: a segment id (documents for everyone match too)
	Area    string // filter: an area id
	Limit   int    // 1..MaxLimit; 0 means DefaultLimit
}

// ErrBadRequest wraps every error that is the request's fault.
var ErrBadRequest = errors.New("bad search request")

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks the request's limits and filter ids.
func (r *Request) Validate() error {
	if !utf8.ValidString(r.Query) {
		return fmt.Errorf("%w: the query is not valid UTF-8", ErrBadRequest)
	}
	if n := utf8.RuneCountInString(r.Query); n > MaxQueryRunes {
		return fmt.Errorf("%w: the query has %d characters; at most %d", ErrBadRequest, n, MaxQueryRunes)
	}
	for _, f := range []struct{ name, v string }{{"tool", r.Tool}, {"segment", r.Segment}, {"area", r.Area}} {
		if f.v != "" && (len(f.v) > 64 || !idPattern.MatchString(f.v)) {
			return fmt.Errorf("%w: %s %q is not an id", ErrBadRequest, f.name, f.v)
		}
	}
	if r.Limit < 0 || r.Limit > MaxLimit {
		return fmt.Errorf("%w: limit must be 1 to %d", ErrBadRequest, MaxLimit)
	}
	return nil
}

// Strategy boosts: how much a kind of match counts against an exact stem.
const (
	boostExact    = 1.0
	boostSynonym  = 0.8
	boostLastWord = 0.8 // word prefix of the word being typed
	boostInflect  = 0.6
	boostWord     = 0.5
	boostPart     = 0.4
	boostFuzzy    = 0.35
)

// Strategy is one way a query word may match; see the package comment.
type Strategy uint8

// The strategies. AllStrategies is what Search uses; the relevance test
// measures each one by switching it off.
const (
	Inflection Strategy = 1 << iota
	Compound
	Fuzzy
	WordPrefix
	Synonyms
	AllStrategies = Inflection | Compound | Fuzzy | WordPrefix | Synonyms
)

// StrategyNames names the strategies for reports.
var StrategyNames = map[Strategy]string{Inflection: "inflection", Compound: "compound", Fuzzy: "fuzzy", WordPrefix: "word-prefix", Synonyms: "synonyms"}

// synonyms maps a stem to the stems of the other words of its groups.
type synonyms map[string][]string

func newSynonyms(groups [][]string) *synonyms {
	s := synonyms{}
	for _, g := range groups {
		var stems []string
		for _, w := range g {
			if ws := finnish.Words(w); len(ws) == 1 {
				stems = append(stems, finnish.Stem(ws[0].Word))
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
	return &s
}

// words returns the query's folded words, at most MaxWords, without stop
// words and repeats, and whether the last one is still being typed (the
// query does not end in a space).
func words(q string) ([]string, bool) {
	var out []string
	for _, t := range finnish.Words(q) {
		if !slices.Contains(out, t.Word) {
			out = append(out, t.Word)
		}
		if len(out) == MaxWords {
			break
		}
	}
	typing := q != "" && !strings.HasSuffix(q, " ")
	return out, typing
}

// buildQuery turns a request into typed bleve queries; user text never
// reaches bleve's query-string syntax. It returns nil when the query has
// no words.
func buildQuery(r Request, syn synonyms, use Strategy) query.Query {
	ws, typing := words(r.Query)
	if len(ws) == 0 {
		return nil
	}
	groups := make([]query.Query, 0, len(ws))
	for i, w := range ws {
		groups = append(groups, wordQuery(w, typing && i == len(ws)-1, syn, use))
	}
	var q query.Query = bleve.NewDisjunctionQuery(groups...)
	var filters []query.Query
	if r.Tool != "" {
		filters = append(filters, keywordQuery("tool", r.Tool))
	}
	if r.Segment != "" {
		filters = append(filters, bleve.NewDisjunctionQuery(keywordQuery("segments", r.Segment), keywordQuery("segments", allSegments)))
	}
	if r.Area != "" {
		filters = append(filters, keywordQuery("areas", r.Area))
	}
	if len(filters) > 0 {
		q = bleve.NewConjunctionQuery(append([]query.Query{q}, filters...)...)
	}
	return q
}

func keywordQuery(field, v string) query.Query {
	t := bleve.NewTermQuery(v)
	t.SetField(field)
	return t
}

// wordQuery is the disjunction of every way one word may match, by the
// strategies in use. The exact stem is always used.
func wordQuery(w string, last bool, syn synonyms, use Strategy) query.Query {
	stem := finnish.Stem(w)
	n := utf8.RuneCountInString(stem)
	var clauses []query.Query
	add := func(make func() query.Query, boost float64) {
		for _, f := range textFields {
			q := make()
			q.(query.FieldableQuery).SetField(f.name)
			q.(query.BoostableQuery).SetBoost(boost * f.boost)
			clauses = append(clauses, q)
		}
	}
	term := func(t string) func() query.Query { return func() query.Query { return bleve.NewTermQuery(t) } }
	prefix := func(p string) func() query.Query { return func() query.Query { return bleve.NewPrefixQuery(p) } }

	add(term(stem), boostExact)
	if use&Synonyms != 0 {
		for _, alt := range syn[stem] {
			add(term(alt), boostSynonym)
			if p := finnish.StemPrefix(alt); p != alt && use&Inflection != 0 {
				add(prefix(p), boostSynonym*boostInflect)
			}
		}
	}
	if p := finnish.StemPrefix(stem); p != stem && use&Inflection != 0 {
		add(prefix(p), boostInflect)
	}
	if n >= finnish.MinPart && use&Compound != 0 {
		add(prefix(finnish.PartMark+finnish.StemPrefix(stem)), boostPart)
	}
	if n >= 4 && use&Fuzzy != 0 {
		fuzziness := 1
		if n >= 8 {
			fuzziness = 2
		}
		add(func() query.Query {
			q := bleve.NewFuzzyQuery(stem)
			q.SetFuzziness(fuzziness)
			q.SetPrefix(1)
			return q
		}, boostFuzzy)
	}
	if utf8.RuneCountInString(w) >= 3 && use&WordPrefix != 0 {
		b := boostWord
		if last {
			b = boostLastWord
		}
		add(prefix(finnish.WordMark+w), b)
	}
	return bleve.NewDisjunctionQuery(clauses...)
}
