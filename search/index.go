package search

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"tietopankki/generator"
	"tietopankki/search/finnish"
)

// Dir is where build writes the index, relative to the output folder.
const Dir = generator.ShellDir + "/index"

// AnalyzerName is the bleve name of the package finnish analyzer.
const AnalyzerName = "tietopankki_fi"

// ShardThreshold is the document count from which the index is sharded.
const ShardThreshold = 2000

// maxClauses caps the terms one prefix clause may expand to (bleve's
// searcher.DisjunctionMaxClauseCount; the static client follows it too).
const maxClauses = 4096

func init() {
	registry.RegisterAnalyzer(AnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
		return analyzer{}, nil
	})
}

// analyzer adapts finnish.IndexTerms to bleve.
type analyzer struct{}

func (analyzer) Analyze(text []byte) analysis.TokenStream {
	terms := finnish.IndexTerms(string(text))
	ts := make(analysis.TokenStream, len(terms))
	toks := make([]analysis.Token, len(terms))
	for i, t := range terms {
		toks[i] = analysis.Token{Term: []byte(t.Term), Start: t.Start, End: t.End, Position: t.Position, Type: analysis.AlphaNumeric}
		ts[i] = &toks[i]
	}
	return ts
}

// Doc is one searchable page.
type Doc struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"` // card, tool, path, page
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Body      string   `json:"body"`
	Tags      []string `json:"tags"`
	Tool      string   `json:"tool"`      // tool id
	ToolTitle string   `json:"toolTitle"` // tool name, searched with the tags
	Segments  []string `json:"segments"`  // empty: for everyone
	Areas     []string `json:"areas"`
	Updated   string   `json:"updated"`
	URL       string   `json:"url"`
	// Pins are searches that show the document first, ahead of every
	// match: a query pins it when its PhraseKey is a pin's (see
	// finnish.PhraseKey). Pinned documents still obey the filters.
	Pins []string `json:"pins,omitempty"`
	// Hidden documents (search: false in the front matter) are never
	// indexed: Build leaves them out and Update removes them.
	Hidden bool `json:"-"`
}

// allSegments marks a document that is for every segment.
const allSegments = "*"

// fields is a document as the index's fields. It is a struct, not a map,
// so that bleve meets the fields in the same order every time: the order
// numbers them in a segment, and the same documents give the same bytes.
type fields struct {
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Body      string   `json:"body"`
	Tags      string   `json:"tags"`
	Tool      string   `json:"tool"`
	ToolTitle string   `json:"toolTitle"`
	Segments  []string `json:"segments"`
	Areas     []string `json:"areas"`
	Updated   string   `json:"updated"`
	URL       string   `json:"url"`
	Pin       []string `json:"pin"`
}

// fields maps a document into the index's fields.
func (d Doc) fields() fields {
	segs := d.Segments
	if len(segs) == 0 {
		segs = []string{allSegments}
	}
	var pins []string
	for _, p := range d.Pins {
		if k := finnish.PhraseKey(p); k != "" && !slices.Contains(pins, k) {
			pins = append(pins, k)
		}
	}
	return fields{
		Kind: d.Kind, Title: d.Title, Summary: d.Summary, Body: d.Body,
		Tags: strings.Join(append([]string{d.ToolTitle}, d.Tags...), " "),
		Tool: d.Tool, ToolTitle: d.ToolTitle, Segments: segs, Areas: d.Areas,
		Updated: d.Updated, URL: d.URL, Pin: pins,
	}
}

// textFields and their boosts: title > tags > summary > body.
var textFields = []struct {
	name  string
	boost float64
}{{"title", 5}, {"tags", 3.5}, {"summary", 2}, {"body", 1}}

func newMapping() mapping.IndexMapping {
	text := func(store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = AnalyzerName, store, vectors, false, false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = store, false, false, false
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index, f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, true, false, false, false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", text(true, false))
	doc.AddFieldMappingsAt("summary", text(true, false))
	doc.AddFieldMappingsAt("body", text(true, false))
	doc.AddFieldMappingsAt("tags", text(false, false))
	doc.AddFieldMappingsAt("kind", kw(true))
	doc.AddFieldMappingsAt("tool", kw(true))
	doc.AddFieldMappingsAt("segments", kw(true))
	doc.AddFieldMappingsAt("areas", kw(false))
	doc.AddFieldMappingsAt("pin", kw(false))
	doc.AddFieldMappingsAt("toolTitle", storedOnly())
	doc.AddFieldMappingsAt("updated", storedOnly())
	doc.AddFieldMappingsAt("url", storedOnly())
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = keyword.Name
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	return m
}

// meta is meta.json: what a reader needs besides the shards.
type meta struct {
	Version  int        `json:"version"`
	Shards   int        `json:"shards"`
	Docs     int        `json:"docs"`
	Synonyms [][]string `json:"synonyms"`
	Built    time.Time  `json:"built"`
}

const metaVersion = 2

// Build writes a new index of docs into dir, which must not exist yet.
// Synonym groups are stored for query time. When ctx ends it stops between
// documents and returns ctx's error.
//
// The same documents give the same files byte for byte (but for the build
// time in meta.json): each shard is written by bleve's offline builder,
// which analyses the documents in order, in batches, merges the batches'
// segments into one and writes that one segment and its root.bolt, with
// no background merging that could leave older segments behind.
func Build(ctx context.Context, dir string, docs []Doc, synonyms [][]string) error {
	return build(ctx, dir, docs, synonyms, shardsFor(docs))
}

// build is Build into n shards.
func build(ctx context.Context, dir string, docs []Doc, synonyms [][]string, n int) error {
	parts, total, err := partition(dir, docs, n)
	if err != nil {
		return err
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = writeShard(ctx, dir, strconv.Itoa(i), parts[i]) })
	}
	wg.Wait()
	if err := cmp.Or(ctx.Err(), errors.Join(errs...)); err != nil {
		return fmt.Errorf("building the search index: %w", err)
	}
	_, err = writeMeta(dir, n, total, synonyms)
	return err
}

// writeShard writes one shard's index with bleve's offline builder. Its
// scratch folder is inside dir, so that a stopped build leaves nothing
// outside the output folder it was building.
func writeShard(ctx context.Context, dir, name string, docs []Doc) error {
	path := filepath.Join(dir, name)
	b, err := bleve.NewBuilder(path, newMapping(), map[string]interface{}{
		"buildPathPrefix": dir,
		"batchSize":       batchSize,
	})
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err // the caller removes the unfinished folder
		}
		if err := b.Index(d.ID, d.fields()); err != nil {
			return err
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	return stampRoot(filepath.Join(path, "store", "root.bolt"))
}

// batchSize is the documents analysed into one segment before merging.
const batchSize = 500

// partition creates dir and deals the documents that are not hidden out to
// n shards by id. total is how many there are.
func partition(dir string, docs []Doc, n int) (parts [][]Doc, total int, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, 0, err
	}
	parts = make([][]Doc, n)
	for _, d := range docs {
		if d.Hidden {
			continue
		}
		i := shardOf(d.ID, n)
		parts[i] = append(parts[i], d)
		total++
	}
	return parts, total, nil
}

// writeMeta writes meta.json.
func writeMeta(dir string, shards, docs int, synonyms [][]string) (meta, error) {
	m := meta{Version: metaVersion, Shards: shards, Docs: docs, Synonyms: synonyms, Built: time.Now().UTC()}
	b, _ := json.MarshalIndent(m, "", " ")
	return m, os.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644)
}

// Create builds an index with Build and opens it for searching and for
// Update: the dev server's incremental index, as fast to build as
// `build`'s. When ctx ends it stops between documents and returns ctx's
// error.
func Create(ctx context.Context, dir string, docs []Doc, synonyms [][]string) (*Index, error) {
	return create(ctx, dir, docs, synonyms, shardsFor(docs))
}

// create is Create into n shards.
func create(ctx context.Context, dir string, docs []Doc, synonyms [][]string, n int) (*Index, error) {
	if err := build(ctx, dir, docs, synonyms, n); err != nil {
		return nil, err
	}
	return open(dir, true)
}

// shardsFor is the number of shards for docs.
func shardsFor(docs []Doc) int {
	if len(docs) >= ShardThreshold {
		return runtime.GOMAXPROCS(0)
	}
	return 1
}

func shardOf(id string, n int) int {
	if n == 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// Index is an open search index, safe for concurrent searches.
type Index struct {
	shards   []bleve.Index
	synonyms atomic.Pointer[finnish.Synonyms]
	meta     meta
	writable bool
	mu       sync.Mutex // serialises Update

	shownDocs  sync.Map // shard<<48 | document number -> *shownDoc, when read-only
	shownCount atomic.Int64
}

func newIndex(shards []bleve.Index, m meta, writable bool) *Index {
	ix := &Index{shards: shards, meta: m, writable: writable}
	syn := finnish.NewSynonyms(m.Synonyms)
	ix.synonyms.Store(&syn)
	return ix
}

// Open opens a built index read-only. Several processes may open the same
// index this way (never together with a writer).
func Open(dir string) (*Index, error) { return open(dir, false) }

// open opens a built index, read-only or for Update (by one process).
func open(dir string, writable bool) (*Index, error) {
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, fmt.Errorf("no search index in %s (run build first): %w", dir, err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("search index %s: bad meta.json: %w", dir, err)
	}
	if m.Version != metaVersion {
		return nil, fmt.Errorf("search index %s has version %d; this program reads version %d: rebuild", dir, m.Version, metaVersion)
	}
	shards := make([]bleve.Index, m.Shards)
	for i := range shards {
		shards[i], err = bleve.OpenUsing(filepath.Join(dir, strconv.Itoa(i)), map[string]interface{}{"read_only": !writable})
		if err != nil {
			for _, s := range shards[:i] {
				s.Close()
			}
			return nil, fmt.Errorf("opening search index %s: %w", dir, err)
		}
	}
	return newIndex(shards, m, writable), nil
}

// Docs is the number of documents indexed.
func (ix *Index) Docs() int { return ix.meta.Docs }

// Update replaces the given documents and deletes the ids in remove, in
// place. Only an index from Create can be updated.
func (ix *Index) Update(docs []Doc, remove []string) error {
	if !ix.writable {
		return errors.New("search: the index was opened read-only")
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	batches := make([]*bleve.Batch, len(ix.shards))
	for i, s := range ix.shards {
		batches[i] = s.NewBatch()
	}
	for _, id := range remove {
		batches[shardOf(id, len(ix.shards))].Delete(id)
	}
	for _, d := range docs {
		b := batches[shardOf(d.ID, len(ix.shards))]
		if d.Hidden { // marked search: false since it was indexed
			b.Delete(d.ID)
			continue
		}
		if err := b.Index(d.ID, d.fields()); err != nil {
			return err
		}
	}
	for i, b := range batches {
		if b.Size() > 0 {
			if err := ix.shards[i].Batch(b); err != nil {
				return err
			}
		}
	}
	ix.meta.Docs += len(docs) - len(remove) // approximate: replaced docs count twice until rebuilt
	return nil
}

// Apply brings the index up to date with an incremental update of the
// site (generator.Apply): it indexes the changed and added content again,
// deletes the documents of removed content and takes new synonyms.
func (ix *Index) Apply(up *generator.Update) error {
	docs, remove := changes(up)
	if err := ix.Update(docs, remove); err != nil {
		return err
	}
	if up.Synonyms {
		ix.SetSynonyms(up.Site.Synonyms)
	}
	return nil
}

// SetSynonyms replaces the synonym groups used at query time.
func (ix *Index) SetSynonyms(groups [][]string) {
	syn := finnish.NewSynonyms(groups)
	ix.synonyms.Store(&syn)
}

// Close closes the index.
func (ix *Index) Close() error {
	var errs []error
	for _, s := range ix.shards {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// Size returns the bytes the index takes on disk under dir.
func Size(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}
