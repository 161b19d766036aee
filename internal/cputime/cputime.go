// Package cputime reads the CPU time the process has used, for benchmarks
// on a machine shared with other work: there the wall time swings with the
// load, while the CPU time a piece of work takes changes much less, and
// work that takes x seconds of CPU adds at most x seconds of wall time to
// a build on an idle machine.
package cputime

import "time"

// Used returns the user and system CPU time of the process so far, or 0
// where the system does not tell.
func Used() time.Duration { return used() }
