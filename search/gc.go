package search

import (
	"os"
	"runtime/debug"
)

// ServeGCPercent is the garbage collector's target (GOGC) for a process
// that only serves searches: `serve --production` and the Netlify
// function. Their live heap is a few megabytes (the index is memory-mapped,
// outside it), so Go's default of 100 collects every 15 or so searches,
// and the searches that meet a collection are the slowest 1 %. At 800 a
// collection comes every 100 or more searches and the heap stays in tens
// of megabytes. docs/benchmarks.md has the figures both ways.
const ServeGCPercent = 800

// TuneGCForServing sets ServeGCPercent unless the GOGC environment
// variable chose a value.
func TuneGCForServing() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(ServeGCPercent)
	}
}
