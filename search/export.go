package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"tietopankki/generator"
	"tietopankki/search/finnish"
)

// ExportDir is where Export writes the static search export, relative to
// the output folder. Unlike Dir it is public: browsers fetch it.
const ExportDir = "search-index"

// ExportVersion is the version of the export's format (entry.json's
// "version"); the client in the theme (search-static.js) reads this one.
const ExportVersion = 2

// FragmentBucket is how many documents' fragment files share one hash
// (of all their contents) in their names, so that the hashes cost little.
const FragmentBucket = 64

// InlinePostings is the size up to which a term's postings are written in
// its shard; longer ones get a file of their own, named by their hash, so
// that a query loads the postings of the terms it matches and no others,
// and identical lists (a compound part and its word) are one file.
const InlinePostings = 256

// OfflineBudget is the export size up to which entry.json names a list of
// every file, so that the service worker can keep the whole export for
// offline use.
const OfflineBudget = 4 << 20

// Export writes the static search export of the built index in indexDir
// to out under ExportDir. It reads the index as built (term dictionaries,
// postings with frequencies and norms, stored fields); it never analyses
// content again. The files, all but entry.json named by content hash (of
// their JSON) so that they can be cached for good, are gzip-compressed
// (no name and no time in the header: builds stay byte-identical), so that
// a host that does not compress sends as few bytes as one that does; the
// client decompresses them with DecompressionStream:
//
//	entry.json      version, counts, fields and boosts, synonyms (stems),
//	                limits, the pins (phrase key -> documents), the shard
//	                manifest and the names below
//	t/HASH.json.gz  a term shard: the terms that start with the same two
//	                characters (compound parts: ">" and two), so that any
//	                clause of a plan needs one; for each term its document
//	                count by text field and its postings, or the hash of
//	                the p/ file that holds them
//	p/HASH.json.gz  a term's postings by text field, each [gap<<1 | tf>1,
//	                (tf), ...] with gap = doc - previous doc - 1
//	m/HASH.json.gz  each text field's length in terms by document (the
//	                norms of scoring) and the hashes of the fragment buckets
//	x/HASH.json.gz  the filters' keyword postings: tool, segments (with "*"
//	                for everyone), areas
//	f/HASH-I.json.gz document I of a bucket of FragmentBucket: what a result
//	                shows and the body its snippet is cut from
//	o/HASH.json.gz  every file name, when the export is under OfflineBudget
//
// Documents are numbered in index order across the index's shards. When
// ctx ends it stops between documents, terms and files and returns ctx's
// error.
func Export(ctx context.Context, indexDir string, out generator.Output) error {
	ix, err := Open(indexDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	b, err := readBuilt(ctx, ix)
	if err != nil {
		return fmt.Errorf("search export: %w", err)
	}
	w := &exportWriter{ctx: ctx, out: out}
	entry, err := b.write(w, finnish.NewSynonyms(ix.meta.Synonyms))
	if err != nil {
		return fmt.Errorf("search export: %w", err)
	}
	return w.writeEntry(entry)
}

// exportEntry is entry.json.
type exportEntry struct {
	Version    int               `json:"version"`
	Docs       int               `json:"docs"`
	Fields     []exportField     `json:"fields"`
	Synonyms   finnish.Synonyms  `json:"synonyms"`
	Pins       map[string][]int  `json:"pins"`          // finnish.PhraseKey -> documents pinned to it
	MaxClauses int               `json:"maxClauses"`    // bleve's cap on a prefix's terms
	MaxFuzzy   int               `json:"maxFuzzyTerms"` // terms a fuzzy clause expands to in a field
	Shards     map[string]string `json:"shards"`        // shard key -> hash: t/HASH.json
	Meta       string            `json:"meta"`
	Facets     string            `json:"facets"`
	Bucket     int               `json:"bucket"` // documents a fragment hash
	Offline    string            `json:"offline,omitempty"`
	Files      int               `json:"files"`
	Bytes      int               `json:"bytes"`
}

type exportField struct {
	Name     string  `json:"name"`
	Boost    float64 `json:"boost"`
	Terms    int     `json:"terms"`
	Postings int     `json:"postings"`
}

// ShardKey is the term shard a term is in: its first two characters, and
// for a compound part the mark and two more.
func ShardKey(term string) string {
	n := 2
	if strings.HasPrefix(term, finnish.PartMark) {
		n = 3
	}
	r := []rune(term)
	return string(r[:min(n, len(r))])
}

func (b *built) write(w *exportWriter, syn finnish.Synonyms) (*exportEntry, error) {
	e := &exportEntry{Version: ExportVersion, Docs: b.docs, Synonyms: syn, MaxClauses: maxClauses,
		MaxFuzzy: maxFuzzyTerms, Shards: map[string]string{}, Bucket: FragmentBucket}
	if e.Synonyms == nil {
		e.Synonyms = finnish.Synonyms{}
	}
	for _, f := range textFields {
		e.Fields = append(e.Fields, exportField{Name: f.name, Boost: f.boost})
	}
	if err := b.writeShards(w, e); err != nil {
		return nil, err
	}
	// Fragments: one a document, named by the hash of their bucket.
	var hashes strings.Builder
	for from := 0; from < len(b.stored); from += FragmentBucket {
		docs := b.stored[from:min(from+FragmentBucket, len(b.stored))]
		data := make([][]byte, len(docs))
		h := sha256.New()
		for i, d := range docs {
			var err error
			if data[i], err = json.Marshal(d); err != nil {
				return nil, err
			}
			h.Write(data[i])
		}
		hash := hashEncoding.EncodeToString(h.Sum(nil))[:hashLen]
		for i := range docs {
			if err := w.write(fmt.Sprintf("f/%s-%d.json.gz", hash, i), data[i]); err != nil {
				return nil, err
			}
		}
		hashes.WriteString(hash)
	}
	var err error
	e.Meta, err = w.put("m", struct {
		Lengths   [][]int `json:"lengths"`
		Fragments string  `json:"fragments"`
	}{b.lens, hashes.String()})
	if err != nil {
		return nil, err
	}
	e.Pins = b.keywords["pin"]
	facets := map[string]map[string][]int{}
	for f, values := range b.keywords {
		if f == "pin" {
			continue
		}
		facets[f] = map[string][]int{}
		for v, docs := range values {
			facets[f][v] = encodeDocs(docs)
		}
	}
	if e.Facets, err = w.put("x", facets); err != nil {
		return nil, err
	}
	if w.bytes <= OfflineBudget {
		if e.Offline, err = w.put("o", w.names); err != nil {
			return nil, err
		}
	}
	e.Files, e.Bytes = len(w.names), w.bytes
	return e, nil
}

// writeShards writes the term shards and the postings files they name.
func (b *built) writeShards(w *exportWriter, e *exportEntry) error {
	terms := make([]string, 0, len(b.terms))
	for t := range b.terms {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	for len(terms) > 0 {
		key := ShardKey(terms[0])
		n := 1
		for n < len(terms) && ShardKey(terms[n]) == key {
			n++
		}
		shard := struct {
			Terms    []string `json:"terms"`
			DF       [][]int  `json:"df"`       // documents by text field
			Postings []any    `json:"postings"` // by text field, or the hash of a p/ file holding them
		}{Terms: terms[:n]}
		for _, t := range terms[:n] {
			fields := make([][]int, len(textFields))
			df := make([]int, len(textFields))
			for fi, ps := range b.terms[t] {
				fields[fi] = encodePostings(ps)
				df[fi] = len(ps)
				if len(ps) > 0 {
					e.Fields[fi].Terms++
					e.Fields[fi].Postings += len(ps)
				}
			}
			shard.DF = append(shard.DF, df)
			data, err := json.Marshal(fields)
			if err != nil {
				return err
			}
			if len(data) <= InlinePostings {
				shard.Postings = append(shard.Postings, json.RawMessage(data))
				continue
			}
			name, err := w.putData("p", data)
			if err != nil {
				return err
			}
			shard.Postings = append(shard.Postings, name[2:2+hashLen])
		}
		name, err := w.put("t", shard)
		if err != nil {
			return err
		}
		e.Shards[key] = name[2 : 2+hashLen]
		terms = terms[n:]
	}
	return nil
}

// encodePostings codes postings by doc number as gaps: each posting is
// (doc - previous doc - 1) << 1, its lowest bit set when the term
// frequency (then the next number) is above 1.
func encodePostings(ps []posting) []int {
	out := make([]int, 0, len(ps))
	prev := -1
	for _, p := range ps {
		v := (p.doc - prev - 1) << 1
		if p.tf > 1 {
			out = append(out, v|1, p.tf)
		} else {
			out = append(out, v)
		}
		prev = p.doc
	}
	return out
}

// encodeDocs codes sorted doc numbers as gaps (doc - previous doc - 1).
func encodeDocs(docs []int) []int {
	out := make([]int, len(docs))
	prev := -1
	for i, d := range docs {
		out[i] = d - prev - 1
		prev = d
	}
	return out
}

// exportWriter writes content-hashed files, gzipped, and counts them.
type exportWriter struct {
	ctx   context.Context
	out   generator.Output
	names []string
	seen  map[string]bool
	bytes int // written, compressed
	zw    *gzip.Writer
	buf   bytes.Buffer
}

const hashLen = 8

var hashEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// put writes v as JSON to dir/HASH.json.gz and returns that name, relative
// to ExportDir. Hashes are lower case: names stay apart on file systems
// that ignore case.
func (w *exportWriter) put(dir string, v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return w.putData(dir, data)
}

func (w *exportWriter) putData(dir string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	name := dir + "/" + hashEncoding.EncodeToString(sum[:])[:hashLen] + ".json.gz"
	if w.seen[name] {
		return name, nil
	}
	return name, w.write(name, data)
}

// write writes one file under ExportDir, gzipped.
func (w *exportWriter) write(name string, data []byte) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[name] = true
	w.names = append(w.names, name)
	w.buf.Reset()
	if w.zw == nil {
		w.zw, _ = gzip.NewWriterLevel(&w.buf, gzip.BestCompression) // the level is valid
	} else {
		w.zw.Reset(&w.buf)
	}
	if _, err := w.zw.Write(data); err != nil {
		return err
	}
	if err := w.zw.Close(); err != nil {
		return err
	}
	w.bytes += w.buf.Len()
	return w.out.WriteFile(ExportDir+"/"+name, bytes.Clone(w.buf.Bytes()))
}

func (w *exportWriter) writeEntry(e *exportEntry) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return w.out.WriteFile(ExportDir+"/entry.json", data)
}

// Stage is the search stage of a build (generator.BuildOptions.Index): it
// indexes the site's documents under Dir in out's folder and writes the
// static export beside. out must be a generator.DirOutput: the index is
// files on disk.
func Stage(ctx context.Context, site *generator.Site, out generator.Output) (int, error) {
	d, ok := out.(generator.DirOutput)
	if !ok {
		return 0, fmt.Errorf("search: the index is built into a folder, not into %T", out)
	}
	docs := Documents(site)
	dir, err := d.Folder(Dir)
	if err != nil {
		return 0, err
	}
	if err := Build(ctx, dir, docs, site.Synonyms); err != nil {
		return 0, err
	}
	return len(docs), Export(ctx, dir, out)
}
