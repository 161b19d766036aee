package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// built is a built index read back for the static export: its documents
// numbered across shards in index order, each text field's postings with
// term frequencies and field lengths, the keyword fields' postings and
// the stored fields. Nothing is analysed again.
type built struct {
	docs     int
	stored   []storedDoc                 // by doc number
	lens     [][]int                     // text field -> doc number -> terms in the field
	terms    map[string][][]posting      // term -> text field -> postings by doc number
	keywords map[string]map[string][]int // keyword field -> value -> doc numbers
}

type posting struct{ doc, tf int }

// storedDoc is what a result shows, and the body its snippet is cut from.
type storedDoc struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	URL       string   `json:"url"`
	Tool      string   `json:"tool"`
	ToolTitle string   `json:"toolTitle"`
	Segments  []string `json:"segments"`
	Updated   string   `json:"updated,omitempty"`
	Body      string   `json:"body"`
}

// hash writes every field of d to h, each length-prefixed, as the
// export's generation is made of what every fragment holds
// (TestStoredDocHash holds it to every field).
func (d *storedDoc) hash(h hash.Hash) {
	var buf []byte
	str := func(s string) {
		buf = binary.AppendUvarint(buf[:0], uint64(len(s)))
		h.Write(buf)
		io.WriteString(h, s)
	}
	for _, s := range []string{d.ID, d.Kind, d.Title, d.Summary, d.URL, d.Tool, d.ToolTitle, d.Updated, d.Body} {
		str(s)
	}
	buf = binary.AppendUvarint(buf[:0], uint64(len(d.Segments)))
	h.Write(buf)
	for _, s := range d.Segments {
		str(s)
	}
}

// keywordFields are the filters' fields and the pins'.
var keywordFields = []string{"tool", "segments", "areas", "pin"}

// readBuilt reads every shard of ix, numbering documents shard by shard.
func readBuilt(ctx context.Context, ix *Index) (*built, error) {
	b := &built{lens: make([][]int, len(textFields)), terms: map[string][][]posting{}, keywords: map[string]map[string][]int{}}
	for _, f := range keywordFields {
		b.keywords[f] = map[string][]int{}
	}
	for _, s := range ix.shards {
		if err := b.readShard(ctx, s, len(ix.shards)); err != nil {
			return nil, err
		}
	}
	for _, f := range keywordFields {
		for v, docs := range b.keywords[f] {
			slices.Sort(docs)
			b.keywords[f][v] = docs
		}
	}
	for _, fields := range b.terms {
		for _, ps := range fields {
			slices.SortFunc(ps, func(a, b posting) int { return a.doc - b.doc })
		}
	}
	return b, nil
}

// readShard reads one of the index's shards.
func (b *built) readShard(ctx context.Context, s bleve.Index, shards int) error {
	adv, err := s.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	// Documents in index order: ties in bleve's ranking go to the earlier one.
	num := map[string]int{}
	dr, err := r.DocIDReaderAll()
	if err != nil {
		return err
	}
	for {
		id, err := dr.Next()
		if err != nil {
			dr.Close()
			return err
		}
		if id == nil {
			break
		}
		if err := ctx.Err(); err != nil {
			dr.Close()
			return err
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			dr.Close()
			return err
		}
		num[string(id)] = b.docs
		b.docs++
		d, err := storedOf(r, ext)
		if err != nil {
			dr.Close()
			return err
		}
		b.stored = append(b.stored, d)
	}
	dr.Close()
	for i := range b.lens {
		b.lens[i] = append(b.lens[i], make([]int, b.docs-len(b.lens[i]))...)
	}
	for fi, f := range textFields {
		err := eachPosting(ctx, r, f.name, func(term string, count uint64, doc index.IndexInternalID, tf uint64, norm float64) error {
			n, ok := num[string(doc)]
			if !ok {
				return fmt.Errorf("search export: %s: a posting of %q names no document", f.name, term)
			}
			l := lengthOf(norm)
			if l < 1 || float64(float32(1/math.Sqrt(float64(l)))) != norm {
				return fmt.Errorf("search export: %s: norm %v of %q is not 1/sqrt(length)", f.name, norm, term)
			}
			if b.lens[fi][n] != 0 && b.lens[fi][n] != l {
				return fmt.Errorf("search export: %s: document %d has two field lengths", f.name, n)
			}
			b.lens[fi][n] = l
			fields := b.terms[term]
			if fields == nil {
				fields = make([][]posting, len(textFields))
				b.terms[term] = fields
			}
			if fields[fi] == nil { // room for the other shards' postings, about as many
				fields[fi] = make([]posting, 0, count*uint64(shards))
			}
			fields[fi] = append(fields[fi], posting{n, int(tf)})
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, f := range keywordFields {
		err := eachPosting(ctx, r, f, func(term string, _ uint64, doc index.IndexInternalID, _ uint64, _ float64) error {
			b.keywords[f][term] = append(b.keywords[f][term], num[string(doc)])
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// lengthOf inverts bleve's norm, float32(1/sqrt(length)).
func lengthOf(norm float64) int { return int(math.Round(1 / (norm * norm))) }

// eachPosting walks a field's term dictionary and each term's postings;
// count is the term's number of documents. It stops with ctx's error
// between terms.
func eachPosting(ctx context.Context, r index.IndexReader, field string, fn func(term string, count uint64, doc index.IndexInternalID, tf uint64, norm float64) error) error {
	fd, err := r.FieldDict(field)
	if err != nil {
		return err
	}
	defer fd.Close()
	for {
		de, err := fd.Next()
		if err != nil {
			return err
		}
		if de == nil {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		tfr, err := r.TermFieldReader(ctx, []byte(de.Term), field, true, true, false)
		if err != nil {
			return err
		}
		var tfd index.TermFieldDoc
		for {
			m, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return err
			}
			if m == nil {
				break
			}
			if err := fn(de.Term, de.Count, m.ID, m.Freq, m.Norm); err != nil {
				tfr.Close()
				return err
			}
		}
		tfr.Close()
	}
}

// storedOf reads a document's stored fields.
func storedOf(r index.IndexReader, id string) (storedDoc, error) {
	doc, err := r.Document(id)
	if err != nil {
		return storedDoc{}, err
	}
	d := storedDoc{ID: id, Segments: []string{}}
	if doc == nil {
		return d, nil
	}
	doc.VisitFields(func(f index.Field) {
		v := string(f.Value())
		switch f.Name() {
		case "kind":
			d.Kind = v
		case "title":
			d.Title = v
		case "summary":
			d.Summary = v
		case "body":
			d.Body = v
		case "url":
			d.URL = v
		case "tool":
			d.Tool = v
		case "toolTitle":
			d.ToolTitle = v
		case "updated":
			d.Updated = v
		case "segments":
			if v != allSegments {
				d.Segments = append(d.Segments, v)
			}
		}
	})
	return d, nil
}
