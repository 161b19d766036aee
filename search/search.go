package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math/bits"
	"strings"
	"time"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"

	"tietopankki/search/finnish"
)

// Timeout is the deadline of one search.
const Timeout = 2 * time.Second

// Result is the answer to a Request. Documents that hold every word of
// the query (or a form of it) come first; those that hold only some come
// after them, each marked Partial.
type Result struct {
	Query string `json:"query"`
	// Total is the number of results that answer the query: those with
	// every word, or, when no document has every word, those with some.
	Total    int           `json:"total"`
	Complete int           `json:"complete"` // documents with every word
	Partial  int           `json:"partial"`  // documents with only some of the words
	Hits     []Hit         `json:"results"`
	Took     time.Duration `json:"-"`
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
	Partial   bool     `json:"partial,omitempty"` // it holds only some of the query's words
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
	if len(plans) == 0 {
		return res, nil
	}
	rs, err := ix.readers()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer closeReaders(rs)
	top, total, err := execute(ctx, rs, r, plans)
	if errors.Is(err, errTooManyClauses) {
		// A prefix clause matched more than maxClauses terms: exact stems
		// and synonyms only.
		plans = finnish.Plan(r.Query, syn, use&finnish.Synonym)
		top, total, err = execute(ctx, rs, r, plans)
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Complete, res.Partial = total.complete, total.partial
	res.Total = total.complete
	if res.Total == 0 {
		res.Total = total.partial
	}
	m := newMatcher(plans)
	for _, t := range top {
		d, err := ix.shown(rs[t.shard], t.shard, t.doc)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h := d.hit(t.score, m)
		h.Partial = t.partial
		res.Hits = append(res.Hits, h)
	}
	res.Took = time.Since(start)
	return res, nil
}

// readers opens a reader (a snapshot) of every shard.
func (ix *Index) readers() ([]index.IndexReader, error) {
	rs := make([]index.IndexReader, 0, len(ix.shards))
	for _, sh := range ix.shards {
		adv, err := sh.Advanced()
		if err == nil {
			var rd index.IndexReader
			if rd, err = adv.Reader(); err == nil {
				rs = append(rs, rd)
				continue
			}
		}
		closeReaders(rs)
		return nil, err
	}
	return rs, nil
}

func closeReaders(rs []index.IndexReader) {
	for _, rd := range rs {
		rd.Close()
	}
}

// shownDoc is what a hit shows: a document's stored fields, and the
// analysis of its body and summary for the snippet.
type shownDoc struct {
	storedDoc
	body, summary *words
}

// maxShown caps the documents an open index keeps ready to show.
const maxShown = 4096

// shown returns a shard's document ready to show. A read-only index keeps
// it for its life (up to maxShown documents); a writable one's document
// numbers change as it merges, so it reads every time.
func (ix *Index) shown(rd index.IndexReader, shard int, num uint64) (*shownDoc, error) {
	key := uint64(shard)<<48 | num
	if !ix.writable {
		if d, ok := ix.shownDocs.Load(key); ok {
			return d.(*shownDoc), nil
		}
	}
	id, err := rd.ExternalID(index.NewIndexInternalID(nil, num))
	if err != nil {
		return nil, err
	}
	sd, err := storedOf(rd, id)
	if err != nil {
		return nil, err
	}
	d := &shownDoc{storedDoc: sd, body: analyze(sd.Body), summary: analyze(sd.Summary)}
	if !ix.writable && ix.shownCount.Add(1) <= maxShown {
		ix.shownDocs.Store(key, d)
	}
	return d, nil
}

func (d *shownDoc) hit(score float64, m *matcher) Hit {
	hit := Hit{ID: d.ID, Kind: d.Kind, Title: d.Title, Summary: d.Summary, URL: d.URL, Tool: d.Tool,
		ToolTitle: d.ToolTitle, Segments: d.Segments, Updated: d.Updated, Score: score}
	// The snippet comes from one block: the summary's, or the body's that
	// holds more of the query's words (then more hits) than the summary.
	sum := bestBlock(d.Summary, m.matches(d.summary))
	body := bestBlock(d.Body, m.matches(d.body))
	b := sum
	if body.better(sum) {
		b = body
	}
	hit.Snippet = Snippet(b.text, b.hits, snippetLen)
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

// matcher finds the words of analysed texts that a query's plans match,
// by the same analysis and clauses the index was searched with. It
// remembers each stem's answer for the search's other hits.
type matcher struct {
	plans []finnish.WordPlan
	seen  map[string]uint16
}

func newMatcher(plans []finnish.WordPlan) *matcher {
	return &matcher{plans: plans, seen: make(map[string]uint16, 512)}
}

// wordHit is a word of a text that a query matches, and which of the
// query's words (a bit for each plan) match it.
type wordHit struct {
	span
	words uint16
}

func (m *matcher) matches(w *words) []wordHit {
	out := make([]wordHit, 0, 16)
	for i, stem := range w.stems {
		mask, known := m.seen[stem]
		if !known {
			for pi, p := range m.plans {
				if p.MatchesStem(stem) {
					mask |= 1 << pi
				}
			}
			m.seen[stem] = mask
		}
		if mask != 0 {
			out = append(out, wordHit{w.spans[i], mask})
		}
	}
	return out
}

// block is one line of a text (generator.Doc.Text puts each paragraph,
// list item, heading and table row on a line of its own) with its hits,
// their offsets made relative to it.
type block struct {
	text  string
	hits  []span
	words int // how many of the query's words it holds
}

// better reports whether b holds more of the query's words than c, or as
// many in more hits.
func (b block) better(c block) bool {
	return b.words > c.words || b.words == c.words && len(b.hits) > len(c.hits)
}

// bestBlock finds the line of text that holds the most of the query's
// words, then the most hits; the first such line.
func bestBlock(text string, hits []wordHit) block {
	var best block
	var bestFrom int
	var bestHits []wordHit
	for len(hits) > 0 {
		from := strings.LastIndexByte(text[:hits[0].start], '\n') + 1
		to := len(text)
		if i := strings.IndexByte(text[hits[0].end:], '\n'); i >= 0 {
			to = hits[0].end + i
		}
		n := 1
		mask := hits[0].words
		for n < len(hits) && hits[n].end <= to {
			mask |= hits[n].words
			n++
		}
		// Compared as block.better, without building the block.
		if w := bits.OnesCount16(mask); w > best.words || w == best.words && n > len(bestHits) {
			best = block{text: text[from:to], words: w}
			bestFrom, bestHits = from, hits[:n]
		}
		hits = hits[n:]
	}
	for _, h := range bestHits {
		best.hits = append(best.hits, span{h.start - bestFrom, h.end - bestFrom})
	}
	return best
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
