package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDirOutput writes a build's shape of files (each page in a
// folder of its own under a few shared folders) with a DirOutput that
// remembers the folders it made (NewDirOutput) and with one that calls
// MkdirAll for every file.
func BenchmarkDirOutput(b *testing.B) {
	const pages = 1000
	page := []byte("<!doctype html><title>sivu</title>")
	for _, c := range []struct {
		name string
		out  func(root string) DirOutput
	}{
		{"remembered", NewDirOutput},
		{"mkdirall", func(root string) DirOutput { return DirOutput{root: root} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				root, err := os.MkdirTemp(b.TempDir(), "out")
				if err != nil {
					b.Fatal(err)
				}
				out := c.out(root)
				b.StartTimer()
				for i := range pages {
					rel := fmt.Sprintf("tools/tool%d/card%d/index.html", i%10, i)
					if err := out.WriteFile(rel, page); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				os.RemoveAll(filepath.Clean(root))
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/pages, "µs/file")
		})
	}
}
