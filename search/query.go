package search

import (
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"

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
