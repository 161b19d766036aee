package generator

import "slices"

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
}

// Rules returns the ids of the build's diagnostics, sorted.
func Rules() []string { return slices.Sorted(slices.Values(rules)) }
