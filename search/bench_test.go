package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"

	"tietopankki/internal/synth"
)

// benchIndex opens the index of n synthetic cards built in dir.
func benchIndex(b *testing.B, n int, dir string) *Index {
	b.Helper()
	ix := synthIndex(b, synth.Config{Cards: n, Seed: 1}, dir)
	size, _ := Size(filepath.Join(dir, "index"))
	b.ReportMetric(float64(size)/1e6, "index-MB")
	return ix
}

// BenchmarkSearch times single searches of the relevance queries (base,
// inflected, typo, compound, prefix, diacritics, synonym, multi-word) over
// synthetic corpora, and reports the median and the 99th percentile: with
// Go's default garbage collector target, and as the servers run
// (TuneGCForServing).
func BenchmarkSearch(b *testing.B) {
	cases := relevanceCases(b)
	for _, n := range []int{1000, 10000} {
		var ix *Index
		dir, err := os.MkdirTemp("", "tietopankki-bench-")
		if err != nil {
			b.Fatal(err)
		}
		for _, gc := range []struct {
			name    string
			percent int
		}{{"default", 100}, {"servers", ServeGCPercent}} {
			b.Run(fmt.Sprintf("cards=%d/gc=%s", n, gc.name), func(b *testing.B) {
				if ix == nil {
					ix = benchIndex(b, n, dir)
				}
				defer debug.SetGCPercent(debug.SetGCPercent(gc.percent))
				ctx := context.Background()
				for _, c := range cases { // warm up: open segments, caches
					ix.Search(ctx, Request{Query: c.Q})
				}
				runtime.GC()
				var took []time.Duration
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					c := cases[i%len(cases)]
					start := time.Now()
					if _, err := ix.Search(ctx, Request{Query: c.Q, Limit: DefaultLimit}); err != nil {
						b.Fatal(err)
					}
					took = append(took, time.Since(start))
				}
				b.StopTimer()
				slices.Sort(took)
				b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
			})
		}
		if ix != nil {
			ix.Close()
		}
		os.RemoveAll(dir)
	}
}
