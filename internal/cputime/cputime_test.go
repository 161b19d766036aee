//go:build unix

package cputime

import "testing"

// TestUsedGrows: work of about a tenth of a second of CPU shows in Used,
// however busy the machine (CPU time counts only this process's running).
func TestUsedGrows(t *testing.T) {
	before := Used()
	x := 0
	for i := range 200_000_000 {
		x += i & 7
	}
	if after := Used(); after <= before || x == 0 {
		t.Errorf("Used went from %v to %v over 200 million additions", before, after)
	}
}
