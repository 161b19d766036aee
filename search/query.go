package search

import (
	"errors"
	"fmt"
	"regexp"
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
// returns nil when the query has no words.
func buildQuery(r Request, plans []finnish.WordPlan) query.Query {
	if len(plans) == 0 {
		return nil
	}
	groups := make([]query.Query, 0, len(plans))
	for _, p := range plans {
		groups = append(groups, wordQuery(p))
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
// each boosted by the field's boost.
func wordQuery(p finnish.WordPlan) query.Query {
	clauses := make([]query.Query, 0, len(p.Clauses)*len(textFields))
	for _, c := range p.Clauses {
		for _, f := range textFields {
			var q interface {
				query.FieldableQuery
				SetBoost(float64)
			}
			switch {
			case c.Distance > 0:
				fq := bleve.NewFuzzyQuery(c.Term)
				fq.SetFuzziness(c.Distance)
				fq.SetPrefix(finnish.FuzzyPrefix)
				q = fq
			case c.Prefix:
				q = bleve.NewPrefixQuery(c.Term)
			default:
				q = bleve.NewTermQuery(c.Term)
			}
			q.SetField(f.name)
			q.SetBoost(c.Boost * f.boost)
			clauses = append(clauses, q)
		}
	}
	return bleve.NewDisjunctionQuery(clauses...)
}
