package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"tietopankki/internal/synth"
)

var (
	corpusMu sync.Mutex
	corpora  = map[int]string{}
)

// corpus writes (once per test binary) a synthetic content folder of n
// cards and returns its path.
func corpus(tb testing.TB, n int) string {
	tb.Helper()
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if dir, ok := corpora[n]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("tietopankki-corpus-%d-", n))
	if err != nil {
		tb.Fatal(err)
	}
	if err := synth.Write(dir, synth.Config{Cards: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	corpora[n] = dir
	return dir
}

// BenchmarkBuild times the whole `build` (load, validate, assemble,
// render, copy, index, publish) on synthetic corpora, and reports the peak
// heap the build reached.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("cards=%d", n), func(b *testing.B) {
			content := corpus(b, n)
			out := filepath.Join(b.TempDir(), "public")
			var stderr bytes.Buffer
			m := &Main{Stdout: &bytes.Buffer{}, Stderr: &stderr, Now: time.Now, Themes: "themes"}
			var peak uint64
			done := make(chan struct{})
			go func() { // sample the heap while the build runs
				var ms runtime.MemStats
				t := time.NewTicker(20 * time.Millisecond)
				defer t.Stop()
				for {
					select {
					case <-done:
						return
					case <-t.C:
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse)
					}
				}
			}()
			b.ResetTimer()
			for b.Loop() {
				if code := m.Run(context.Background(), []string{"build", "--content", content, "--out", out}); code != 0 {
					b.Fatalf("build exit %d:\n%s", code, stderr.String())
				}
			}
			b.StopTimer()
			close(done)
			b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n)*1000, "µs/card")
		})
	}
}
