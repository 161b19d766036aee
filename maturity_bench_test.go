package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tietopankki/internal/cputime"
	"tietopankki/internal/synth"
)

// BenchmarkBuildMaturity times the whole build of 1,000 cards without
// maturity rounds and with 10 rounds of 500 units and 10 tools (50,000
// rows, half Windows-1252 with semicolons, half UTF-8 with commas): the
// difference is what the meter adds to a build (reading the rounds, the
// figures, /kypsyys/ and its tool pages, and the tool pages' sections).
// Besides the wall time it reports the process's CPU time a build (user
// and system): on a machine shared with other work the wall time swings
// with the load, the CPU time much less, and what the meter adds in CPU
// time bounds what it can add in wall time on an idle machine.
func BenchmarkBuildMaturity(b *testing.B) {
	for _, rounds := range []int{0, 10} {
		b.Run(fmt.Sprintf("rounds=%d", rounds), func(b *testing.B) {
			content := filepath.Join(b.TempDir(), "content")
			if err := synth.Write(content, synth.Config{Cards: 1000, Seed: 1, Rounds: rounds, Units: 500}); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(b.TempDir(), "public")
			var stderr bytes.Buffer
			m := &Main{Stdout: &bytes.Buffer{}, Stderr: &stderr, Now: time.Now, Themes: "themes", Getenv: os.Getenv}
			before := cputime.Used()
			for b.Loop() {
				if code := m.Run(context.Background(), []string{"build", "--content", content, "--out", out}); code != 0 {
					b.Fatalf("build exit %d:\n%s", code, stderr.String())
				}
			}
			b.ReportMetric((cputime.Used()-before).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
