// Command synth writes a synthetic tietopankki content folder for benchmarks.
//
//	go run ./bench/synth -n 10000 -seed 1 -out /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"tietopankki/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of instruction cards")
	seed := flag.Int64("seed", 1, "random seed (same seed, same bytes)")
	tools := flag.Int("tools", 10, "number of tools")
	paths := flag.Int("paths", 12, "number of learning paths")
	out := flag.String("out", "", "output folder (the content folder: site.yaml, tools/, paths/ ...)")
	quiet := flag.Bool("q", false, "print nothing on success")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: synth -n CARDS [-seed N] [-tools N] [-paths N] -out DIR")
		os.Exit(2)
	}
	start := time.Now()
	cfg := synth.Config{Cards: *n, Seed: *seed, Tools: *tools, Paths: *paths}
	if err := synth.Write(*out, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "synth: %d cards, %d tools, %d paths in %s (%s)\n", *n, *tools, *paths, *out, time.Since(start).Round(time.Millisecond))
	}
}
