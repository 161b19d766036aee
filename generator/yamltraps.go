package generator

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"tietopankki/i18n"
)

// The YAML traps mentors fall into, explained where they are. yaml.v3's
// syntax errors are English text with a line that is sometimes 0-based
// (parser errors), sometimes 1-based (scanner errors) and missing on the
// first line; the front matter's own lines show what went wrong, so the
// error's line is only where the search starts:
//
//   - a colon in a value ("title: Teams: soita puhelu"): put the text in quotes;
//   - a tab in the indentation: indent with spaces;
//   - list items that do not start in the same column;
//   - a line indented more than the key before it;
//   - an unclosed quote or [list];
//   - a value that starts with a character YAML reserves (@, `, [ with text after it).
//
// Anything else is reported with yaml.v3's own words.

// yamlLine matches the position prefix of yaml.v3 syntax errors, which carry
// no typed position.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlKey matches a mapping line: indentation, the key and the colon, and
// the value.
var yamlKey = regexp.MustCompile(`^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*:(?:\s+(.*))?$`)

// yamlProblem explains a YAML syntax error of data: its line and column in
// data (1-based) and what to do about it.
func yamlProblem(data []byte, err error) *matterError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = err.Error()[len(m[0]):]
		if strings.HasPrefix(msg, "did not find expected") {
			line++ // parser errors count lines from 0
		}
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	line = min(max(line, 1), len(lines))
	at := func(l, byteCol int) (int, int) { return l, 1 + utf8.RuneCountInString(lines[l-1][:byteCol]) }

	// A tab in the indentation, wherever it is.
	for i, l := range lines {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if tab := strings.IndexByte(indent, '\t'); tab >= 0 && strings.TrimSpace(l) != "" {
			ln, col := at(i+1, tab)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.tab"), hint: i18n.M("diag.bad-yaml.tab.hint")}
		}
	}
	// An unclosed quote or list, on the error's line or before it.
	for i := line - 1; i >= 0; i-- {
		m := yamlKey.FindStringSubmatch(lines[i])
		if m == nil || m[3] == "" {
			continue
		}
		v := strings.TrimSpace(m[3])
		vcol := strings.Index(lines[i], m[3])
		switch q := v[0]; {
		case (q == '"' || q == '\'') && !closedQuote(v):
			ln, col := at(i+1, vcol)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.quote"),
				hint: i18n.M("diag.bad-yaml.quote.hint", m[2]+": "+v+string(q))}
		case (q == '[' || q == '{') && !strings.ContainsRune(v, rune(q+2)) && i+1 >= line-1:
			// "[" + 2 is "]", "{" + 2 is "}"
			ln, col := at(i+1, vcol)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.bracket", string(q+2)),
				hint: i18n.M("diag.bad-yaml.bracket.hint", string(q+2), m[2]+": "+v+string(q+2))}
		}
	}
	l := lines[line-1]
	trimmed := strings.TrimLeft(l, " ")
	indent := len(l) - len(trimmed)
	// A value that needs quotes: one with a colon, or one that starts with
	// a character YAML reserves.
	if m := yamlKey.FindStringSubmatch(l); m != nil && m[3] != "" {
		v := strings.TrimSpace(m[3])
		vcol := strings.Index(l, m[3])
		fixed := m[2] + ": " + quote(v)
		hint := i18n.M("diag.bad-yaml.quotes.hint", fixed)
		if m[2] == "title" {
			hint = i18n.M("diag.bad-yaml.quotes.title.hint", fixed)
		}
		switch {
		case !strings.ContainsAny(v[:1], `"'[{|>`) && (strings.Contains(v, ": ") || strings.HasSuffix(v, ":")):
			ln, col := at(line, vcol)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.colon", m[2]), hint: hint}
		case strings.ContainsAny(v[:1], "@`%!&*") || strings.ContainsAny(v[:1], "[{") && !strings.ContainsAny(v[len(v)-1:], "]}"):
			ln, col := at(line, vcol)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.start", m[2], v[:1]), hint: hint}
		}
	}
	// The line before, skipping blank lines and comments.
	prev := -1
	for i := line - 2; i >= 0; i-- {
		if t := strings.TrimSpace(lines[i]); t != "" && !strings.HasPrefix(t, "#") {
			prev = i
			break
		}
	}
	if prev >= 0 && trimmed != "" {
		p := lines[prev]
		pTrimmed := strings.TrimLeft(p, " ")
		pIndent := len(p) - len(pTrimmed)
		item, pItem := strings.HasPrefix(trimmed, "- "), strings.HasPrefix(pTrimmed, "- ")
		switch {
		case item && pItem && indent != pIndent:
			ln, col := at(line, indent)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.items"), hint: i18n.M("diag.bad-yaml.items.hint", pIndent)}
		case indent > pIndent && !item && !strings.HasSuffix(strings.TrimSpace(p), ":"):
			ln, col := at(line, indent)
			return &matterError{line: ln, col: col, msg: i18n.M("diag.bad-yaml.indent"), hint: i18n.M("diag.bad-yaml.indent.hint")}
		}
	}
	return &matterError{line: line, msg: i18n.M("diag.bad-yaml", msg), hint: i18n.M("diag.bad-yaml.hint")}
}

// closedQuote reports whether a quoted value ends with its quote.
func closedQuote(v string) bool {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++ // '' inside single quotes
		case v[i] == q:
			return true
		}
	}
	return false
}

// quote writes text as a quoted YAML value.
func quote(s string) string {
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return strconv.Quote(s)
}

// unclosedAt finds where front matter that lacks its closing delimiter
// should have ended: the first line after the opening one (at byte off of
// src, line line) that is neither blank nor like front matter. It returns
// that line, or 0 when every line looks like front matter.
func unclosedAt(src []byte, off, line int, toml bool) int {
	rest := src[off:]
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[nl+1:]
	} else {
		return 0
	}
	for i, l := range strings.Split(string(rest), "\n") {
		t := strings.TrimRight(l, "\r")
		switch {
		case strings.TrimSpace(t) == "",
			t[0] == ' ' || t[0] == '\t',
			strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "##"),
			!toml && (strings.HasPrefix(t, "- ") || yamlKey.MatchString(t)),
			toml && (strings.HasPrefix(t, "[") || tomlKey.MatchString(t)):
			continue
		}
		return line + 1 + i
	}
	return 0
}

var tomlKey = regexp.MustCompile(`^\s*[A-Za-z_"][A-Za-z0-9_".-]*\s*=`)
