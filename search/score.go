package search

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"tietopankki/search/finnish"
)

// Searches are scored term at a time, straight from the shards' postings,
// with bleve's TF-IDF (package bleve/v2/search/scorer) applied to the
// query that finnish.Plan describes:
//
//	query   = conjunction(words, filters...)          // words alone without filters
//	words   = disjunction(word...)                     // with coordination
//	word    = disjunction(clause × text field ...)     // with coordination
//	clause  = term | prefix (a disjunction of the terms under it) | fuzzy (a term per match)
//	leaf    = sqrt(tf) · norm · idf · (boost · idf · queryNorm)
//	idf     = 1 + ln(docs / (df + 1)),  queryNorm = 1 / sqrt(Σ (boost · idf)²)
//
// bleve's own searchers merge every term's postings through a heap of
// document matches; for the common words of a knowledge bank (a query that
// matches 80 % of 10,000 cards) that was 3 to 5 ms a query. Adding the
// postings into dense arrays is a fraction of that. TestScoresMatchBleve
// holds this code to bleve's searchers hit by hit and score by score, and
// the static client (search-static.js) follows the same steps.
//
// Statistics (docs, df) are the whole index's, over all its shards, so a
// ranking does not depend on how many shards the build machine made.

// errTooManyClauses: a prefix clause matches more than maxClauses terms.
var errTooManyClauses = errors.New("search: a prefix matches too many terms")

// leaf is one term of a field, with its boost and its statistics.
type leaf struct {
	term    string
	boost   float64
	df      uint64
	idf     float64
	readers []index.TermFieldReader // by shard; nil where the shard lacks the term
	// shared holds the readers of a word's leaf (nil: readers, a
	// filter's own).
	shared *termReaders
}

// termReaders are the postings readers of one term of a text field, by
// shard, and how many of the query's leaves read it: often more than one
// (kanava: the stem kanav, the prefix kana* and the fuzzy kanav~1 all
// reach kanav), and then a shard reads its postings once and replays them
// for the others.
type termReaders struct {
	readers []index.TermFieldReader
	uses    int
	n       int // its index in compiled.terms
}

// child is a searcher under a word: one term, or a prefix clause's terms
// (multi), which bleve scores as a disjunction with its own coordination.
type child struct {
	field  string
	multi  bool
	leaves []leaf
}

// filter is a keyword field that a result must hold one of values in.
type filter struct {
	field  string
	values []leaf
}

// compiled is a request ready to score: its words' searchers, its
// filters and its query norm.
type compiled struct {
	docs    []uint64 // by shard
	words   [][]child
	filters []filter
	pins    []index.TermFieldReader // by shard: the documents pinned to the query (nil: none)
	qnorm   float64
	terms   []*termReaders // the words' leaves' readers, one for each field and term
}

// scored is a document a search matched.
type scored struct {
	shard   int
	doc     uint64 // the shard's document number (bleve's internal id)
	score   float64
	partial bool // it matches only some of the query's words
	pinned  bool // a pin of its document is the query's (Doc.Pins)
}

// counts are how many documents a search matched: those with every word
// of the query (or a form of it) and those with only some.
type counts struct{ complete, partial int }

// execute runs a request over the shards' readers: the top limit
// documents, best first, and how many matched in all.
func execute(ctx context.Context, rs []index.IndexReader, r Request, plans []finnish.WordPlan) ([]scored, counts, error) {
	c, err := compile(ctx, rs, r, plans)
	defer c.close()
	if err != nil {
		return nil, counts{}, err
	}
	tops := make([][]scored, len(rs))
	totals := make([]counts, len(rs))
	errs := make([]error, len(rs))
	if len(rs) == 1 {
		tops[0], totals[0], errs[0] = c.scoreShard(ctx, 0, r.Limit)
	} else {
		var wg sync.WaitGroup
		for s := range rs {
			wg.Go(func() { tops[s], totals[s], errs[s] = c.scoreShard(ctx, s, r.Limit) })
		}
		wg.Wait()
	}
	if err := errors.Join(errs...); err != nil {
		return nil, counts{}, err
	}
	var all []scored
	var total counts
	for s := range rs {
		all = append(all, tops[s]...)
		total.complete += totals[s].complete
		total.partial += totals[s].partial
	}
	slices.SortFunc(all, better)
	return all[:min(len(all), r.Limit)], total, nil
}

// better orders results: pinned documents first, then those with every
// word of the query, then higher score, then index order (shard, then
// document), as bleve breaks ties and the static export numbers
// documents. The score alone (bleve's coordination factor) would let a
// document with one word in its title pass one with every word in its
// body.
func better(a, b scored) int {
	if a.pinned != b.pinned {
		if a.pinned {
			return -1
		}
		return 1
	}
	if a.partial != b.partial {
		if a.partial {
			return 1
		}
		return -1
	}
	if a.score != b.score {
		return cmp.Compare(b.score, a.score)
	}
	if a.shard != b.shard {
		return a.shard - b.shard
	}
	return cmp.Compare(a.doc, b.doc)
}

// compile expands the plans' clauses into the index's terms, opens their
// postings in every shard and computes the statistics and query norm.
func compile(ctx context.Context, rs []index.IndexReader, r Request, plans []finnish.WordPlan) (*compiled, error) {
	c := &compiled{docs: make([]uint64, len(rs))}
	var docs uint64
	for s, rd := range rs {
		n, err := rd.DocCount()
		if err != nil {
			return c, err
		}
		c.docs[s] = n
		docs += n
	}
	// open adds the term's postings in field from every shard.
	open := func(field, term string, boost float64) (leaf, error) {
		l := leaf{term: term, boost: boost, readers: make([]index.TermFieldReader, len(rs))}
		for s, rd := range rs {
			tfr, err := rd.TermFieldReader(ctx, []byte(term), field, true, true, false)
			if err != nil {
				return l, err
			}
			l.readers[s] = tfr
			l.df += tfr.Count()
		}
		l.idf = 1 + math.Log(float64(docs)/float64(l.df+1))
		return l, nil
	}
	dicts := newDictionaries(rs)
	sumSq := 0.0
	type opened struct {
		t   *termReaders
		df  uint64
		idf float64
	}
	seen := map[[2]string]opened{} // by field and term
	add := func(ch *child, field, term string, boost float64) error {
		o, ok := seen[[2]string{field, term}]
		var err error
		if !ok {
			var l leaf
			l, err = open(field, term, boost)
			o = opened{&termReaders{readers: l.readers, n: len(c.terms)}, l.df, l.idf}
			c.terms = append(c.terms, o.t) // even on error, to be closed
			seen[[2]string{field, term}] = o
		}
		o.t.uses++
		l := leaf{term: term, boost: boost, df: o.df, idf: o.idf, shared: o.t}
		ch.leaves = append(ch.leaves, l)
		w := l.boost * l.idf
		sumSq += w * w
		return err
	}
	// word builds a word's searchers; on error, those built so far (to be
	// closed).
	word := func(p finnish.WordPlan) (children []child, err error) {
		for _, cl := range p.Clauses {
			for _, f := range textFields {
				var terms []string
				switch {
				case cl.Distance > 0:
					terms, err = fuzzyTerms(dicts, f.name, cl)
				case cl.Prefix:
					terms, err = dictTerms(dicts, f.name, cl.Term, nil, maxClauses+1)
					if len(terms) > maxClauses {
						err = errTooManyClauses
					}
				default:
					terms = []string{cl.Term}
				}
				if err != nil {
					return children, err
				}
				// bleve's prefix searcher is the prefix's own term when it
				// matches nothing or only itself; a fuzzy clause is a term
				// searcher for each match.
				multi := cl.Prefix && len(terms) > 0 && !(len(terms) == 1 && terms[0] == cl.Term)
				if cl.Prefix && len(terms) == 0 {
					terms = []string{cl.Term}
				}
				for i, t := range terms {
					if !multi || i == 0 {
						children = append(children, child{field: f.name, multi: multi})
					}
					if err := add(&children[len(children)-1], f.name, t, cl.Boost*f.boost); err != nil {
						return children, err
					}
				}
			}
		}
		return children, nil
	}
	for _, p := range plans {
		children, err := word(p)
		c.words = append(c.words, children)
		if err != nil {
			return c, err
		}
	}
	filterOf := func(field string, values ...string) error {
		f := filter{field: field}
		defer func() { c.filters = append(c.filters, f) }()
		for _, v := range values {
			l, err := open(field, v, 1)
			f.values = append(f.values, l)
			if err != nil {
				return err
			}
			sumSq += l.idf * l.idf
		}
		return nil
	}
	var err error
	if r.Tool != "" {
		err = errors.Join(err, filterOf("tool", r.Tool))
	}
	if r.Segment != "" {
		err = errors.Join(err, filterOf("segments", r.Segment, allSegments))
	}
	if r.Area != "" {
		err = errors.Join(err, filterOf("areas", r.Area))
	}
	c.qnorm = 1 / math.Sqrt(sumSq)
	if key := finnish.PhraseKey(r.Query); key != "" && err == nil {
		c.pins = make([]index.TermFieldReader, len(rs))
		for s, rd := range rs {
			if c.pins[s], err = rd.TermFieldReader(ctx, []byte(key), "pin", false, false, false); err != nil {
				break
			}
		}
	}
	return c, err
}

// close closes every postings reader the search opened.
func (c *compiled) close() {
	closeLeaf := func(l leaf) {
		for _, tfr := range l.readers {
			if tfr != nil {
				tfr.Close()
			}
		}
	}
	for _, t := range c.terms {
		closeLeaf(leaf{readers: t.readers})
	}
	for _, f := range c.filters {
		for _, l := range f.values {
			closeLeaf(l)
		}
	}
	for _, tfr := range c.pins {
		if tfr != nil {
			tfr.Close()
		}
	}
}

// maxFuzzyTerms caps the terms one fuzzy clause expands to in a field.
const maxFuzzyTerms = 64

// dictTerms lists a field's terms that start with prefix and that keep
// accepts (nil: all), the first limit in dictionary order, from every
// shard. A fuzzy clause walks only the terms under its fixed prefix
// (bleve's fuzzy query would build a Levenshtein automaton per field and
// shard on every search).
//
// A scorch snapshot's segments are walked here, one after the other:
// bleve's FieldDictPrefix starts a goroutine per segment for every walk
// and merges them through a heap, and a search makes about 50 walks
// (every prefix and fuzzy start, in each text field of each shard), so
// the goroutines' start, hand-offs and stack growth cost about a third of
// a search's CPU time (docs/benchmarks.md, search over HTTP). Each
// segment gives its first limit matches: the first limit of all are among
// them.
func dictTerms(d *dictionaries, field, prefix string, keep func(string) bool, limit int) ([]string, error) {
	var out []string
	start := []byte(prefix)
	end := prefixEnd(start)
	sources := 0
	take := func(next func() (*index.DictEntry, error)) error {
		sources++
		n := 0
		e, err := next()
		for ; e != nil && err == nil && n < limit; e, err = next() {
			if keep == nil || keep(e.Term) {
				out = append(out, e.Term)
				n++
			}
		}
		return err
	}
	segs, others, err := d.of(field)
	if err != nil {
		return nil, err
	}
	for _, dict := range segs {
		if err := take(dict.AutomatonIterator(nil, start, end).Next); err != nil {
			return nil, err
		}
	}
	for _, rd := range others {
		dict, err := rd.FieldDictPrefix(field, start)
		if err != nil {
			return nil, err
		}
		err = take(dict.Next)
		dict.Close()
		if err != nil {
			return nil, err
		}
	}
	if sources > 1 {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out[:min(len(out), limit)], nil
}

// dictionaries opens the term dictionaries of the shards' segments once
// per search and field, for the search's many walks.
type dictionaries struct {
	rs     []index.IndexReader
	segs   map[string][]segment.TermDictionary // by field
	others []index.IndexReader                 // readers that are not scorch snapshots
}

func newDictionaries(rs []index.IndexReader) *dictionaries {
	d := &dictionaries{rs: rs, segs: map[string][]segment.TermDictionary{}}
	for _, rd := range rs {
		if _, ok := rd.(*scorch.IndexSnapshot); !ok {
			d.others = append(d.others, rd)
		}
	}
	return d
}

// of returns field's dictionary in every segment of the scorch snapshots,
// and the readers that are walked through bleve.
func (d *dictionaries) of(field string) ([]segment.TermDictionary, []index.IndexReader, error) {
	if ds, ok := d.segs[field]; ok {
		return ds, d.others, nil
	}
	var ds []segment.TermDictionary
	for _, rd := range d.rs {
		if snap, ok := rd.(*scorch.IndexSnapshot); ok {
			for _, seg := range snap.Segments() {
				dict, err := seg.Segment().Dictionary(field)
				if err != nil {
					return nil, nil, err
				}
				ds = append(ds, dict)
			}
		}
	}
	d.segs[field] = ds
	return ds, d.others, nil
}

// prefixEnd is the first key after every key that starts with prefix
// (nil: none), as bleve's FieldDictPrefix bounds its walk.
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i]++; end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// fuzzyTerms lists a field's terms that a fuzzy clause matches: those
// under each of its starts in turn, at most maxFuzzyTerms in all.
func fuzzyTerms(d *dictionaries, field string, cl finnish.Clause) ([]string, error) {
	var out []string
	for _, start := range cl.FuzzyStarts() {
		terms, err := dictTerms(d, field, start, cl.Matches, maxFuzzyTerms-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, terms...)
		if len(out) == maxFuzzyTerms {
			break
		}
	}
	return out, nil
}

// scratch is one shard's dense per-document accumulators, reused through
// a pool: a search touches thousands of documents.
type scratch struct {
	top, wsum, csum []float64
	topN, wn, cn    []uint16
	touched, wt, ct []uint32
	fsum            []float64
	fn              []uint8
	pin             []bool
	replay          [][]tfNorm // by compiled.terms: postings read for the leaves after the first
	replayed        []bool
}

// tfNorm is a document's entry in a term's postings, as scoring reads
// it (zap keeps the norm as a float32).
type tfNorm struct {
	doc  uint32
	tf   uint32
	norm float32
}

// replays makes room for the postings of n terms, empty.
func (sc *scratch) replays(n int) {
	if len(sc.replay) < n {
		sc.replay = append(sc.replay, make([][]tfNorm, n-len(sc.replay))...)
	}
	for i := range sc.replay[:n] {
		sc.replay[i] = sc.replay[i][:0]
	}
	sc.replayed = append(sc.replayed[:0], make([]bool, n)...)
}

// scratches keeps scratch arrays for the next searches. (A sync.Pool
// would drop them at every garbage collection, and at 10,000 cards that is
// every few searches.)
var scratches struct {
	mu   sync.Mutex
	free []*scratch
}

// maxFree caps the arrays kept: two shards for each of 16 searches.
const maxFree = 32

// getScratch returns zeroed arrays for document numbers below n.
func getScratch(n int) *scratch {
	scratches.mu.Lock()
	var sc *scratch
	if k := len(scratches.free); k > 0 {
		sc = scratches.free[k-1]
		scratches.free = scratches.free[:k-1]
	}
	scratches.mu.Unlock()
	if sc == nil {
		sc = new(scratch)
	}
	sc.grow(n)
	return sc
}

// putScratch gives zeroed arrays back.
func putScratch(sc *scratch) {
	scratches.mu.Lock()
	if len(scratches.free) < maxFree {
		scratches.free = append(scratches.free, sc)
	}
	scratches.mu.Unlock()
}

// scoreShard scores shard s: its best limit documents and its numbers of
// matches. The accumulators go back to the pool zeroed.
func (c *compiled) scoreShard(ctx context.Context, s, limit int) ([]scored, counts, error) {
	sc := getScratch(int(c.docs[s]))
	defer putScratch(sc)
	sc.touched = sc.touched[:0]
	var tfd index.TermFieldDoc
	sc.replays(len(c.terms))
	// each walks a leaf's postings in this shard, or replays them when
	// another leaf read them first.
	each := func(l *leaf, fn func(d uint32, tf uint64, norm float64)) error {
		readers, rec := l.readers, (*[]tfNorm)(nil)
		if t := l.shared; t != nil {
			readers = t.readers
			if t.uses > 1 {
				rec = &sc.replay[t.n]
				if sc.replayed[t.n] {
					for _, p := range *rec {
						fn(p.doc, uint64(p.tf), float64(p.norm))
					}
					return nil
				}
				sc.replayed[t.n] = true
			}
		}
		tfr := readers[s]
		if tfr == nil {
			return nil
		}
		for {
			m, err := tfr.Next(&tfd)
			if err != nil || m == nil {
				return err
			}
			d := m.ID.Value()
			if d >= uint64(len(sc.top)) {
				if d >= 1<<31 {
					return errors.New("search: document number out of range")
				}
				sc.grow(int(d) + 1)
			}
			if rec != nil {
				*rec = append(*rec, tfNorm{uint32(d), uint32(min(m.Freq, math.MaxUint32)), float32(m.Norm)})
			}
			fn(uint32(d), m.Freq, m.Norm)
		}
	}
	qnorm := c.qnorm
	for _, children := range c.words {
		sc.wt = sc.wt[:0]
		for ci := range children {
			ch := &children[ci]
			sc.ct = sc.ct[:0]
			for li := range ch.leaves {
				if err := ctx.Err(); err != nil {
					sc.reset()
					return nil, counts{}, err
				}
				l := &ch.leaves[li]
				err := each(l, func(d uint32, tf uint64, norm float64) {
					v := leafScore(tf, norm, l.idf, l.boost, qnorm)
					if !ch.multi {
						if sc.wn[d] == 0 {
							sc.wt = append(sc.wt, d)
						}
						sc.wsum[d] += v
						sc.wn[d]++
						return
					}
					if sc.cn[d] == 0 {
						sc.ct = append(sc.ct, d)
					}
					sc.csum[d] += v
					sc.cn[d]++
				})
				if err != nil {
					sc.reset()
					return nil, counts{}, err
				}
			}
			for _, d := range sc.ct {
				if sc.wn[d] == 0 {
					sc.wt = append(sc.wt, d)
				}
				sc.wsum[d] += sc.csum[d] * (float64(sc.cn[d]) / float64(len(ch.leaves)))
				sc.wn[d]++
				sc.csum[d], sc.cn[d] = 0, 0
			}
		}
		for _, d := range sc.wt {
			if sc.topN[d] == 0 {
				sc.touched = append(sc.touched, d)
			}
			sc.top[d] += sc.wsum[d] * (float64(sc.wn[d]) / float64(len(children)))
			sc.topN[d]++
			sc.wsum[d], sc.wn[d] = 0, 0
		}
	}
	nwords := float64(len(c.words))
	for _, d := range sc.touched {
		sc.top[d] *= float64(sc.topN[d]) / nwords
	}
	// Pinned documents are results whatever words they hold, and count as
	// holding all.
	if c.pins != nil {
		err := each(&leaf{readers: c.pins}, func(d uint32, _ uint64, _ float64) {
			if sc.topN[d] == 0 {
				sc.touched = append(sc.touched, d)
			}
			sc.topN[d] = uint16(len(c.words))
			sc.pin[d] = true
		})
		if err != nil {
			sc.reset()
			return nil, counts{}, err
		}
	}
	// Filters: a document must hold one of each filter's values; their
	// term scores add to its score (a conjunction), a filter of several
	// values with its coordination.
	for _, f := range c.filters {
		for vi := range f.values {
			l := &f.values[vi]
			err := each(l, func(d uint32, tf uint64, norm float64) {
				if sc.topN[d] > 0 {
					sc.fsum[d] += leafScore(tf, norm, l.idf, 1, qnorm)
					sc.fn[d]++
				}
			})
			if err != nil {
				sc.reset()
				return nil, counts{}, err
			}
		}
		k := 0
		for _, d := range sc.touched {
			if sc.fn[d] == 0 {
				sc.top[d], sc.topN[d], sc.pin[d] = 0, 0, false
				continue
			}
			fs := sc.fsum[d]
			if len(f.values) > 1 {
				fs *= float64(sc.fn[d]) / float64(len(f.values))
			}
			sc.top[d] += fs
			sc.fsum[d], sc.fn[d] = 0, 0
			sc.touched[k] = d
			k++
		}
		sc.touched = sc.touched[:k]
	}
	best, total := topScored(sc, s, limit, uint16(len(c.words)))
	sc.reset()
	return best, total, nil
}

// leafScore is bleve's TermQueryScorer: sqrt(tf) · norm · idf, times the
// query weight boost · idf · queryNorm.
func leafScore(tf uint64, norm, idf, boost, qnorm float64) float64 {
	s := math.Sqrt(float64(tf)) * norm * idf
	if qw := boost * idf * qnorm; qw != 1 {
		s *= qw
	}
	return s
}

// topScored picks the shard's best limit documents and counts the
// documents with all words of words and those with fewer.
func topScored(sc *scratch, shard, limit int, words uint16) ([]scored, counts) {
	best := make([]scored, 0, limit+1)
	var n counts
	for _, d := range sc.touched { // touched is in no particular order
		x := scored{shard: shard, doc: uint64(d), score: sc.top[d], partial: sc.topN[d] < words, pinned: sc.pin[d]}
		if x.partial {
			n.partial++
		} else {
			n.complete++
		}
		if len(best) == limit && better(x, best[len(best)-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, x, better)
		best = slices.Insert(best, i, x)
		if len(best) > limit {
			best = best[:limit]
		}
	}
	return best, n
}

// reset zeroes what the search touched, for the next one.
func (sc *scratch) reset() {
	for _, d := range sc.touched {
		sc.top[d], sc.topN[d], sc.pin[d] = 0, 0, false
	}
	for _, d := range sc.wt {
		sc.wsum[d], sc.wn[d] = 0, 0
	}
	for _, d := range sc.ct {
		sc.csum[d], sc.cn[d] = 0, 0
	}
	clear(sc.fsum)
	clear(sc.fn)
	sc.touched, sc.wt, sc.ct = sc.touched[:0], sc.wt[:0], sc.ct[:0]
}

// grow makes room for document numbers below n, keeping the values.
func (sc *scratch) grow(n int) {
	if len(sc.top) >= n {
		return
	}
	n = max(n, 2*len(sc.top))
	sc.top = append(sc.top, make([]float64, n-len(sc.top))...)
	sc.wsum = append(sc.wsum, make([]float64, n-len(sc.wsum))...)
	sc.csum = append(sc.csum, make([]float64, n-len(sc.csum))...)
	sc.fsum = append(sc.fsum, make([]float64, n-len(sc.fsum))...)
	sc.topN = append(sc.topN, make([]uint16, n-len(sc.topN))...)
	sc.wn = append(sc.wn, make([]uint16, n-len(sc.wn))...)
	sc.cn = append(sc.cn, make([]uint16, n-len(sc.cn))...)
	sc.fn = append(sc.fn, make([]uint8, n-len(sc.fn))...)
	sc.pin = append(sc.pin, make([]bool, n-len(sc.pin))...)
}
