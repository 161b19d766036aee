package devserver

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"tietopankki/i18n"
	"tietopankki/internal/synth"
)

// BenchmarkEditToReload measures what a mentor waits for: from writing a
// card's file to the reload event the open page gets, with the real
// watcher (fsnotify, debounce) on a synthetic corpus. It reports the median
// and the slowest of the runs.
func BenchmarkEditToReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("cards=%d", n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "content")
			if err := synth.Write(dir, synth.Config{Cards: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			srv, err := New(dir, "", loader, io.Discard, i18n.MustGet("fi"))
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go srv.Watch(ctx)
			events, stop := srv.Subscribe()
			defer stop()
			<-srv.Ready()   // the watcher watches every folder
			<-srv.Indexed() // the start is over: every page rendered and the index open

			// Edit a card that is in a learning path (the costliest kind).
			site := srv.current().site
			c := site.Paths[0].Cards[1]
			file := filepath.Join(dir, filepath.FromSlash(c.File))
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			var took []time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				text := append(slices.Clone(orig), fmt.Sprintf("\nMuokkaus %d.\n", i)...)
				start := time.Now()
				if err := os.WriteFile(file, text, 0o644); err != nil {
					b.Fatal(err)
				}
				select {
				case e := <-events:
					if e != "reload" {
						b.Fatalf("event %q", e)
					}
				case <-time.After(10 * time.Second):
					b.Fatal("no reload within 10 s")
				}
				took = append(took, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
		})
	}
}
