package generator

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"gopkg.in/yaml.v3"

	"tietopankki/i18n"
)

// Helpers for `check` and `new`, which look at content the way the build
// does without building.

// ValidID reports whether s can be an id or a slug: lowercase ASCII letters,
// digits and single hyphens ("liity-kokoukseen").
func ValidID(s string) bool { return idPattern.MatchString(s) }

// DidYouMean returns a hint naming the candidate closest to s ("did you mean
// "alkava"?"), or the zero message when none is near enough to be a likely
// typo.
func DidYouMean(s string, candidates []string) i18n.Msg { return didYouMean(s, candidates) }

// Docs returns every published Markdown document: tool pages, cards,
// learning paths and plain pages, in that order.
func (s *Site) Docs() []*Doc {
	var out []*Doc
	s.eachDoc(func(d *Doc) { out = append(out, d) })
	return out
}

// FrontMatterValue returns the text of a top-level front-matter key of a
// content file, with the position of the value's first character, so that a
// finding about a title or a date can point at the value itself. It reports
// false when the file has no such key or the key's value is not text.
func FrontMatterValue(file string, data []byte, key string) (Piece, bool) {
	var d diags
	m, body := splitMatter(file, data, &d)
	if body == nil || m.node == nil {
		return Piece{}, false
	}
	for i := 0; i+1 < len(m.node.Content); i += 2 {
		k, v := m.node.Content[i], m.node.Content[i+1]
		if k.Value != key {
			continue
		}
		if v.Kind != yaml.ScalarNode {
			return Piece{}, false
		}
		pos := m.pos(file, v)
		line := lineOf(data, pos.Line)
		switch {
		case isTOML(data):
			// TOML nodes carry only the key's line: the value starts after "=".
			if eq := bytes.IndexByte(line, '='); eq >= 0 {
				col := eq + 1
				for col < len(line) && (line[col] == ' ' || line[col] == '\t') {
					col++
				}
				if col < len(line) && (line[col] == '"' || line[col] == '\'') {
					col++
				}
				pos.Col = 1 + utf8.RuneCount(line[:col])
			}
		case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			// "key: |" puts the text on the next lines.
			pos.Line++
			next := lineOf(data, pos.Line)
			pos.Col = 1 + len(next) - len(bytes.TrimLeft(next, " \t"))
		case v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			pos.Col++
		}
		return Piece{Text: v.Value, Pos: pos}, true
	}
	return Piece{}, false
}

// lineOf returns line n (from 1) of data without its line break.
func lineOf(data []byte, n int) []byte {
	for i := 1; i < n; i++ {
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			return nil
		}
		data = data[nl+1:]
	}
	if nl := bytes.IndexByte(data, '\n'); nl >= 0 {
		data = data[:nl]
	}
	return bytes.TrimSuffix(data, []byte("\r"))
}

// isTOML reports whether a file's front matter is TOML (+++).
func isTOML(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return bytes.HasPrefix(t, []byte("+++")) || bytes.HasPrefix(t, []byte("---toml"))
}

// ExternalLinks returns the links of a content file's body that leave the
// site, with their positions: links and images with an address, and
// autolinks (<https://...>, <tuki@example.fi>, bare www. and https://
// addresses), which Doc.Links leaves out.
func (m *Markdown) ExternalLinks(file string, data []byte) []Link {
	root, body, src := m.parseBody(file, data)
	if root == nil {
		return nil
	}
	var out []Link
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		image := false
		at := lineStart(n, body)
		switch n := n.(type) {
		case *ast.Link:
			dest = string(n.Destination)
		case *ast.Image:
			dest, image = string(n.Destination), true
		case *ast.AutoLink:
			dest = string(n.URL(body))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			// A bare address's node starts at the character before it.
			if i := bytes.Index(body[at:], n.Label(body)); i >= 0 && len(bytes.TrimLeft(body[at:at+i], " \t*_~(<")) == 0 {
				at += i
			}
		default:
			return ast.WalkContinue, nil
		}
		if l, _ := resolveLink(file, dest, "/"); l.External && unsafeScheme(dest) == "" {
			l.Pos, l.Image = src.pos(at), image
			out = append(out, l)
		}
		return ast.WalkContinue, nil
	})
	return out
}
