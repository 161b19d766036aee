package search

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"tietopankki/search/finnish"
)

// Limits on what one search may ask.
const (
	MaxQueryRunes = finnish.MaxQueryRunes
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

// buildQuery turns a request into typed bleve queries following
// finnish.Plan; user text never reaches bleve's query-string syntax. It
// returns nil when the query has no words. fuzzy expands a fuzzy clause
// into the index terms it matches in a field.
func buildQuery(r Request, plans []finnish.WordPlan, fuzzy func(field string, c finnish.Clause) []string) query.Query {
	if len(plans) == 0 {
		return nil
	}
	groups := make([]query.Query, 0, len(plans))
	for _, p := range plans {
		groups = append(groups, wordQuery(p, fuzzy))
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

// wordQuery is the disjunction of a word's clauses over the text fields,
// each boosted by the field's boost. A fuzzy clause becomes term queries
// for the terms it matches (bleve's own fuzzy query builds a Levenshtein
// automaton per field and shard on every search: 2 ms a query at 10,000
// cards; walking the dictionary under the clause's fixed prefix is ~50 µs).
func wordQuery(p finnish.WordPlan, fuzzy func(field string, c finnish.Clause) []string) query.Query {
	clauses := make([]query.Query, 0, len(p.Clauses)*len(textFields))
	add := func(q interface {
		query.FieldableQuery
		SetBoost(float64)
	}, field string, boost float64) {
		q.SetField(field)
		q.SetBoost(boost)
		clauses = append(clauses, q)
	}
	for _, c := range p.Clauses {
		for _, f := range textFields {
			switch {
			case c.Distance > 0:
				for _, t := range fuzzy(f.name, c) {
					add(bleve.NewTermQuery(t), f.name, c.Boost*f.boost)
				}
			case c.Prefix:
				add(bleve.NewPrefixQuery(c.Term), f.name, c.Boost*f.boost)
			default:
				add(bleve.NewTermQuery(c.Term), f.name, c.Boost*f.boost)
			}
		}
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

// maxFuzzyTerms caps the terms one fuzzy clause expands to in a field.
const maxFuzzyTerms = 64

// fuzzyTerms returns the terms of a field that a fuzzy clause matches,
// from every shard's dictionary under the clause's fixed prefix.
func (ix *Index) fuzzyTerms(field string, c finnish.Clause) []string {
	prefix := string([]rune(c.Term)[:finnish.FuzzyPrefix])
	var out []string
	for _, sh := range ix.shards {
		dict, err := sh.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			continue
		}
		for e, err := dict.Next(); e != nil && err == nil; e, err = dict.Next() {
			if c.Matches(e.Term) && !slices.Contains(out, e.Term) {
				out = append(out, e.Term)
				if len(out) == maxFuzzyTerms {
					break
				}
			}
		}
		dict.Close()
	}
	return out
}
