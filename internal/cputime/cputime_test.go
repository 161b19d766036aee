package cputime

import (
	"runtime"
	"testing"
)

// TestUsedGrows: spinning for a while uses CPU time.
func TestUsedGrows(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no getrusage")
	}
	before := Used()
	x := 0
	for x == 0 || Used() <= before {
		for i := range 1_000_000 {
			x += i
		}
	}
	if x == 0 || Used() <= before {
		t.Errorf("CPU time did not grow: %v then %v", before, Used())
	}
}
