package maturity

import "slices"

// rules are the ids of the problems Read reports. They are stable: `check
// --format json` consumers and the authoring guide rely on them. Each has
// its message in the catalogue under diag.<rule> or diag.<rule>.<variant>.
var rules = []string{
	"maturity-bad-date", "maturity-bad-level", "maturity-csv", "maturity-duplicate",
	"maturity-duplicate-column", "maturity-empty", "maturity-empty-cell", "maturity-encoding",
	"maturity-missing-column", "maturity-read", "maturity-unknown-area", "maturity-unknown-column",
	"maturity-unknown-tool",
}

// Rules returns the ids of the problems Read reports, sorted.
func Rules() []string { return slices.Sorted(slices.Values(rules)) }
