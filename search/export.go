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
const ExportVersion = 3

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
// content again. The files, all but entry.json named by content hash so
// that they can be cached for good, are gzip-compressed (no name and no
// time in the header: builds stay byte-identical), so that a host that
// does not compress sends as few bytes as one that does; the client
// decompresses them with DecompressionStream.
//
// What a query reads does not grow with the number of documents but
// through the postings of the terms it matches: entry.json holds no list
// of documents, the field lengths that scoring needs (bleve's norms) are
// in each posting, and a result's fragment is found by its number.
//
//	entry.json         version, counts, fields and boosts, synonyms (stems),
//	                   limits, the pins (phrase key -> documents), the
//	                   export's generation (a hash of every shard and
//	                   fragment) and the shard keys, sorted
//	t/GEN-I.json.gz    term shard I: the terms that start with the same two
//	                   characters (compound parts: ">" and two), so that any
//	                   clause of a plan needs one; for each term its document
//	                   count by text field and its postings, or the hash of
//	                   the p/ file that holds them
//	p/HASH.json.gz     a term's postings by text field, each [gap<<1 | tf>1,
//	                   (tf), length] with gap = doc - previous doc - 1 and
//	                   length the field's length in terms in that document
//	x/HASH.json.gz     the filters' keyword postings: tool, segments (with "*"
//	                   for everyone), areas
//	f/GEN-D.json.gz    document D: what a result shows and the body its
//	                   snippet is cut from
//	o/HASH.json.gz     every file name, when the export is under OfflineBudget
//
// Shards and fragments are named by the generation rather than each by
// its own hash, which would need a list of every document's hash (a file
// that grows with the corpus) for the first query; a change to the
// content renames them all. Documents are numbered in index order across
// the index's shards. When ctx ends it stops between documents, terms and
// files and returns ctx's error.
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
	Version    int              `json:"version"`
	Docs       int              `json:"docs"`
	Fields     []exportField    `json:"fields"`
	Synonyms   finnish.Synonyms `json:"synonyms"`
	Pins       map[string][]int `json:"pins"`          // finnish.PhraseKey -> documents pinned to it
	MaxClauses int              `json:"maxClauses"`    // bleve's cap on a prefix's terms
	MaxFuzzy   int              `json:"maxFuzzyTerms"` // terms a fuzzy clause expands to in a field
	Gen        string           `json:"gen"`           // in the names of shards and fragments
	Shards     []string         `json:"shards"`        // shard keys, sorted: key I is t/GEN-I.json.gz
	Facets     string           `json:"facets"`
	Offline    string           `json:"offline,omitempty"`
	Files      int              `json:"files"`
	Bytes      int              `json:"bytes"`
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

// shardName is the file of shard i of an export of generation gen,
// relative to ExportDir.
func shardName(gen string, i int) string { return fmt.Sprintf("t/%s-%d.json.gz", gen, i) }

// fragmentName is the file of document d's fragment, relative to ExportDir.
func fragmentName(gen string, d int) string { return fmt.Sprintf("f/%s-%d.json.gz", gen, d) }

func (b *built) write(w *exportWriter, syn finnish.Synonyms) (*exportEntry, error) {
	e := &exportEntry{Version: ExportVersion, Docs: b.docs, Synonyms: syn, MaxClauses: maxClauses,
		MaxFuzzy: maxFuzzyTerms, Shards: []string{}}
	if e.Synonyms == nil {
		e.Synonyms = finnish.Synonyms{}
	}
	for _, f := range textFields {
		e.Fields = append(e.Fields, exportField{Name: f.name, Boost: f.boost})
	}
	shards, err := b.shards(w, e)
	if err != nil {
		return nil, err
	}
	// The generation: every shard and every fragment as written.
	h := sha256.New()
	fmt.Fprintf(h, "tietopankki export %d\n", ExportVersion)
	for _, s := range shards {
		h.Write(s)
	}
	for i := range b.stored {
		b.stored[i].hash(h)
	}
	e.Gen = hashEncoding.EncodeToString(h.Sum(nil))[:hashLen]
	for i, s := range shards {
		if err := w.write(shardName(e.Gen, i), s); err != nil {
			return nil, err
		}
	}
	for i, d := range b.stored {
		data, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		if err := w.write(fragmentName(e.Gen, i), data); err != nil {
			return nil, err
		}
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

// shards makes the term shards, in the order of their keys (which it
// lists in e), and writes the postings files they name.
func (b *built) shards(w *exportWriter, e *exportEntry) ([][]byte, error) {
	terms := make([]string, 0, len(b.terms))
	for t := range b.terms {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	var out [][]byte
	for len(terms) > 0 {
		if err := w.ctx.Err(); err != nil {
			return nil, err
		}
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
				fields[fi] = encodePostings(ps, b.lens[fi])
				df[fi] = len(ps)
				if len(ps) > 0 {
					e.Fields[fi].Terms++
					e.Fields[fi].Postings += len(ps)
				}
			}
			shard.DF = append(shard.DF, df)
			data, err := json.Marshal(fields)
			if err != nil {
				return nil, err
			}
			if len(data) <= InlinePostings {
				shard.Postings = append(shard.Postings, json.RawMessage(data))
				continue
			}
			name, err := w.putData("p", data)
			if err != nil {
				return nil, err
			}
			shard.Postings = append(shard.Postings, name[2:2+hashLen])
		}
		data, err := json.Marshal(shard)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
		e.Shards = append(e.Shards, key)
		terms = terms[n:]
	}
	return out, nil
}

// encodePostings codes postings by doc number as gaps: each posting is
// (doc - previous doc - 1) << 1, its lowest bit set when the term
// frequency (then the next number) is above 1, and then the field's
// length in the document (lens by doc number), which scoring needs.
func encodePostings(ps []posting, lens []int) []int {
	out := make([]int, 0, 2*len(ps))
	prev := -1
	for _, p := range ps {
		v := (p.doc - prev - 1) << 1
		if p.tf > 1 {
			out = append(out, v|1, p.tf)
		} else {
			out = append(out, v)
		}
		out = append(out, lens[p.doc])
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
