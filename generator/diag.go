package generator

import (
	"fmt"
	"slices"
	"strings"

	"tietopankki/i18n"
	"tietopankki/internal/textdist"
)

// Severity says whether a Diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported but does not fail the build (unless `check --strict`).
	Warning
	// Notice is a hint: reported, never failing, not even with --strict.
	Notice
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Notice:
		return "notice"
	}
	return "error"
}

// Word is the severity as a reader's word ("varoitus"), a catalogue message.
func (s Severity) Word() i18n.Msg { return i18n.M("word.severity." + s.String()) }

// Pos is a position in a content file. Line and Col count from 1; Col counts
// characters (runes), as editors do.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// A Diagnostic is one problem found in the content: where, what, and what to
// do about it. It prints as "file:line:col: message (hint)" in the reader's
// language (Format); its Rule is the same in every language, so the
// authoring guide, `check --format json` consumers and searches can rely on
// it.
type Diagnostic struct {
	Pos
	Severity Severity
	Rule     string   // stable machine name, e.g. "unknown-field"
	Msg      i18n.Msg // what is wrong
	Hint     i18n.Msg // what to do about it; may be zero
}

// Format writes the diagnostic in c's language:
// "file:line:col: varoitus: message (hint)"; errors have no severity word.
func (d Diagnostic) Format(c *i18n.Catalog) string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity != Error {
		b.WriteString(c.Format(d.Severity.Word()) + ": ")
	}
	b.WriteString(c.Format(d.Msg))
	if h := c.Format(d.Hint); h != "" {
		b.WriteString(" (")
		b.WriteString(h)
		b.WriteString(")")
	}
	return b.String()
}

// String is the diagnostic in English, for logs and Go errors; what
// people read goes through Format.
func (d Diagnostic) String() string { return d.Format(i18n.MustGet("en")) }

// Diagnostics is every problem a stage found. As an error it prints one
// diagnostic a line, sorted by file and position.
type Diagnostics []Diagnostic

func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// HasErrors reports whether any diagnostic has Error severity.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns the diagnostics with Error severity.
func (ds Diagnostics) Errors() Diagnostics {
	return slices.DeleteFunc(slices.Clone(ds), func(d Diagnostic) bool { return d.Severity != Error })
}

// Sort orders diagnostics by file, line and column.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
}

// diags collects diagnostics for one stage.
type diags struct{ list Diagnostics }

// error reports an Error; msg is normally i18n.M("diag."+rule, ...).
func (d *diags) error(p Pos, rule string, msg, hint i18n.Msg) {
	d.list = append(d.list, Diagnostic{Pos: p, Severity: Error, Rule: rule, Msg: msg, Hint: hint})
}

// warn reports a Warning.
func (d *diags) warn(p Pos, rule string, msg, hint i18n.Msg) {
	d.list = append(d.list, Diagnostic{Pos: p, Severity: Warning, Rule: rule, Msg: msg, Hint: hint})
}

// notice reports a Notice: a reminder that never fails a build.
func (d *diags) notice(p Pos, rule string, msg, hint i18n.Msg) {
	d.list = append(d.list, Diagnostic{Pos: p, Severity: Notice, Rule: rule, Msg: msg, Hint: hint})
}

// closest returns the candidate nearest to s by edit distance, or "" when none
// is near enough to be a likely typo.
func closest(s string, candidates []string) string { return textdist.Closest(s, candidates) }

// didYouMean is a hint naming the closest candidate, or the zero message
// when none is near enough.
func didYouMean(s string, candidates []string) i18n.Msg {
	if c := closest(s, candidates); c != "" {
		return i18n.M("hint.did-you-mean", c)
	}
	return i18n.Msg{}
}

// orKnown is the hint for a name that is not one of known: the closest
// candidate, else the list of them all (key takes it, e.g. "hint.known-keys").
func orKnown(s string, known []string, key string) i18n.Msg {
	if h := didYouMean(s, known); !h.IsZero() {
		return h
	}
	return i18n.M(key, strings.Join(known, ", "))
}
