package generator

import (
	"slices"

	"tietopankki/maturity"
)

// rules are the ids of the diagnostics the build makes (Load, Validate and
// the Markdown converter). They are stable: `check --format json`
// consumers and the authoring guide rely on them, and a test pins them.
// Each has its message in the catalogue under diag.<rule>.
var rules = []string{
	"bad-front-matter", "bad-id", "bad-link", "bad-value", "bad-yaml",
	"broken-anchor", "broken-link", "callout", "draft-link", "draft-step",
	"duplicate-field", "duplicate-id", "duplicate-step", "heading-level", "image-alt",
	"list-indent", "markdown", "misplaced-file", "missing-field", "missing-file",
	"missing-front-matter", "pin-twice", "pin-words", "raw-html", "read", "site-path-link", "template-text",
	"unknown-area", "unknown-card", "unknown-field", "unknown-page", "unknown-segment",
	"unknown-tool",
	// What the build refuses (safety.go, attachments.go).
	"attachment-content", "attachment-type", "bad-encoding", "special-file", "symlink",
	"too-large", "unlinked-file", "unsafe-link", "unsafe-svg",
	// The maturity meter's site.yaml section and folder (maturity.go);
	// the rounds' own problems are package maturity's Rules.
	"maturity-config", "maturity-not-csv", "maturity-read",
}

// Rules returns the ids of the build's diagnostics, sorted: the
// generator's own and the maturity rounds'.
func Rules() []string {
	return slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(rules), maturity.Rules()...))))
}
