package search

import (
	"context"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"tietopankki/search/finnish"
)

// Timeout is the deadline of one search.
const Timeout = 2 * time.Second

// Result is the answer to a Request.
type Result struct {
	Query string        `json:"query"`
	Total int           `json:"total"`
	Hits  []Hit         `json:"results"`
	Took  time.Duration `json:"-"`
}

// Hit is one result.
type Hit struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	URL       string   `json:"url"`
	Tool      string   `json:"tool"`
	ToolTitle string   `json:"toolTitle"`
	Segments  []string `json:"segments"` // empty: for everyone
	Updated   string   `json:"updated,omitempty"`
	Snippet   string   `json:"snippet"` // HTML: escaped text, hits in <mark>
	Score     float64  `json:"score"`
}

// Search runs one request within Timeout (or ctx's own deadline).
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	return ix.SearchWith(ctx, r, finnish.All)
}

// SearchWith is Search with a chosen set of strategies, for measuring them.
func (ix *Index) SearchWith(ctx context.Context, r Request, use finnish.Strategy) (*Result, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.Limit == 0 {
		r.Limit = DefaultLimit
	}
	res := &Result{Query: r.Query, Hits: []Hit{}}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	syn := *ix.synonyms.Load()
	plans := finnish.Plan(r.Query, syn, use)
	q := buildQuery(r, plans, ix.fuzzyTerms)
	if q == nil {
		return res, nil
	}
	sr, err := ix.run(ctx, q, r.Limit)
	if err != nil && strings.Contains(err.Error(), "TooManyClauses") {
		// A prefix or fuzzy clause expanded past maxClauses: exact stems and
		// synonyms only.
		plans = finnish.Plan(r.Query, syn, use&finnish.Synonym)
		sr, err = ix.run(ctx, buildQuery(r, plans, ix.fuzzyTerms), r.Limit)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", r.Query, err)
	}
	res.Total = int(sr.Total)
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, ix.hitOf(h, plans))
	}
	res.Took = time.Since(start)
	return res, nil
}

func (ix *Index) run(ctx context.Context, q query.Query, limit int) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.Fields = storedFields
	return ix.alias.SearchInContext(ctx, req)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// strs reads a stored field that holds one string or several.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, str(e))
		}
		return out
	}
	return nil
}

func (ix *Index) hitOf(h *bsearch.DocumentMatch, plans []finnish.WordPlan) Hit {
	f := h.Fields
	segs := slices.DeleteFunc(strs(f["segments"]), func(s string) bool { return s == allSegments })
	hit := Hit{ID: h.ID, Kind: str(f["kind"]), Title: str(f["title"]), Summary: str(f["summary"]),
		URL: str(f["url"]), Tool: str(f["tool"]), ToolTitle: str(f["toolTitle"]), Segments: segs,
		Updated: str(f["updated"]), Score: h.Score}
	if hit.Segments == nil {
		hit.Segments = []string{}
	}
	body := str(f["body"])
	hit.Snippet = Snippet(body, matches(ix.analyzed(h.ID, "body", body), plans), snippetLen)
	if hit.Snippet == "" {
		hit.Snippet = Snippet(hit.Summary, matches(ix.analyzed(h.ID, "summary", hit.Summary), plans), snippetLen)
	}
	return hit
}

// snippetLen is the snippet's length in bytes, about two lines.
const snippetLen = 200

// span is a byte range of a hit in a stored field.
type span struct{ start, end int }

// snippetScan is how much of a body the snippet looks at: a card is 0.6 to
// 2 KB; a long page's snippet comes from its beginning.
const snippetScan = 4096

// words is a text's words as the snippet needs them: where each is and its
// stem.
type words struct {
	spans []span
	stems []string
}

func analyze(text string) *words {
	if len(text) > snippetScan {
		cut := snippetScan
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	ws := finnish.Words(text)
	out := &words{spans: make([]span, len(ws)), stems: make([]string, len(ws))}
	for i, w := range ws {
		out.spans[i] = span{w.Start, w.End}
		out.stems[i] = finnish.Stem(w.Word)
	}
	return out
}

// maxAnalyzed caps the bodies an open index keeps analysed for snippets.
const maxAnalyzed = 4096

// analyzed returns the analysis of a document's stored field, cached for
// the life of the open index (Update forgets the documents it changes).
func (ix *Index) analyzed(id, field, text string) *words {
	key := id + "\x00" + field
	if w, ok := ix.words.Load(key); ok {
		return w.(*words)
	}
	w := analyze(text)
	if ix.wordsCount.Add(1) <= maxAnalyzed {
		ix.words.Store(key, w)
	}
	return w
}

// matches finds the words of an analysed text that the query's plans
// match, by the same analysis and clauses the index was searched with.
func matches(w *words, plans []finnish.WordPlan) []span {
	var out []span
	for i, stem := range w.stems {
		for _, p := range plans {
			if p.MatchesStem(stem) {
				out = append(out, w.spans[i])
				break
			}
		}
	}
	return out
}

// Snippet cuts about size bytes of text around the densest run of hits,
// at word boundaries, HTML-escapes it and wraps each hit in <mark>. With
// no hits it returns "".
func Snippet(text string, hits []span, size int) string {
	if len(hits) == 0 || text == "" {
		return ""
	}
	// The window [from, from+size) holding the most hits.
	best, bestN := 0, 0
	for i := range hits {
		n := 0
		for j := i; j < len(hits) && hits[j].end <= hits[i].start+size; j++ {
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	from := max(0, hits[best].start-size/4)
	to := min(len(text), from+size)
	for from > 0 && !isSpace(text[from-1]) { // back to a word start
		from--
	}
	for to < len(text) && !isSpace(text[to]) {
		to++
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	at := from
	for _, h := range hits {
		if h.start < at || h.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:h.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[h.start:h.end]))
		b.WriteString("</mark>")
		at = h.end
	}
	b.WriteString(html.EscapeString(strings.TrimRight(text[at:to], " \n")))
	if to < len(text) {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }
