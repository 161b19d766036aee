package search

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v15"
	bolt "go.etcd.io/bbolt"
)

// An index that Build writes is the same byte for byte for the same
// documents. Bleve needs three corrections for that:
//
//   - A batch's documents reach the segment writer from a map, in an order
//     that differs from run to run, and a segment numbers its documents in
//     the order it is given them. orderedZap sorts them by id.
//   - zap v16 and later write each field's sections from a map, in any
//     order; zap v15, which has no sections, writes everything in order.
//     The index uses v15 (every bleve reads it; it is what bleve wrote
//     before vectors and synonyms, which this index does not use).
//   - root.bolt records the time its snapshot was written. stampRoot
//     writes a fixed time (the Unix epoch) and rewrites the file from its
//     keys, so that no page keeps the old time.
//
// The build time is kept once, in meta.json (see meta.Built).

// orderedZap is zap v15 with the documents of each new segment in id
// order. It is registered as bleve's default segment format, for the
// indexes of Build and of Create alike.
type orderedZap struct{ *zap.ZapPlugin }

func (z orderedZap) New(docs []index.Document) (segment.Segment, uint64, error) {
	return z.ZapPlugin.New(byID(docs))
}

func (z orderedZap) NewUsing(docs []index.Document, config map[string]interface{}) (segment.Segment, uint64, error) {
	return z.ZapPlugin.NewUsing(byID(docs), config)
}

func byID(docs []index.Document) []index.Document {
	return slices.SortedFunc(slices.Values(docs), func(a, b index.Document) int { return strings.Compare(a.ID(), b.ID()) })
}

func init() {
	// Same type and version as the plugin it wraps: the files are zap v15.
	scorch.RegisterSegmentPlugin(orderedZap{&zap.ZapPlugin{}}, true)
}

// rootTime is the snapshot time stampRoot writes into root.bolt.
var rootTime, _ = time.Unix(0, 0).UTC().MarshalText()

// stampRoot rewrites the root.bolt at path with rootTime as its snapshots'
// time: every bucket and key copied in order into a new file, which then
// replaces the old.
func stampRoot(path string) error {
	src, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := path + ".new"
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		return err
	}
	err = src.View(func(stx *bolt.Tx) error {
		return dst.Update(func(dtx *bolt.Tx) error {
			return stx.ForEach(func(name []byte, b *bolt.Bucket) error {
				d, err := dtx.CreateBucket(name)
				if err != nil {
					return err
				}
				return copyBucket(d, b)
			})
		})
	})
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// copyBucket copies src's keys and nested buckets into dst, with rootTime
// for every snapshot time.
func copyBucket(dst, src *bolt.Bucket) error {
	if err := dst.SetSequence(src.Sequence()); err != nil {
		return err
	}
	return src.ForEach(func(k, v []byte) error {
		if v == nil { // a nested bucket
			d, err := dst.CreateBucket(k)
			if err != nil {
				return err
			}
			return copyBucket(d, src.Bucket(k))
		}
		if bytes.Equal(k, util.BoltMetaDataTimeStamp) {
			v = rootTime
		}
		return dst.Put(k, v)
	})
}
