package generator

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Phone numbers are tap-to-call links everywhere on the site: the help
// contact of site.yaml (the template function tel) and numbers written as
// plain text in a body, tables included (phoneTransformer, a goldmark AST
// transformer: the links are nodes of the document, not edits of HTML). Numbers are read as people write them in Finland:
// "044 000 0000", "040-123 4567", "09 123 4567", "+358 44 000 0000". A
// number that starts with one 0 is a Finnish number; its link dials
// +358 and the rest, so that it works from a foreign SIM card too.

// FinnishCallingCode is the country code a national number (0...) gets.
const FinnishCallingCode = "358"

// TelURL returns the tel: URL of a phone number (RFC 3966, global form:
// "tel:+358440000000"), and false when s is not a phone number. Spaces,
// hyphens, dots and brackets between the digits are allowed; a number
// starts with +, 00 or 0 and has 7 to 15 digits.
func TelURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	var digits strings.Builder
	plus := strings.HasPrefix(s, "+")
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '\u00a0' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = FinnishCallingCode + d[1:]
	default:
		return "", false
	}
	if len(d) < 7 || len(d) > 15 || d[0] == '0' {
		return "", false
	}
	return "tel:+" + d, true
}

// telFunc is the template function tel: the tel: URL of a number, or ""
// when it is not one (the layout then shows the number as text).
func telFunc(number string) template.URL {
	u, _ := TelURL(number)
	return template.URL(u)
}

// findPhones returns the byte ranges of the Finnish phone numbers written
// in running text: a 0 (not 00) and then 8 to 12 digits in all, in groups
// of at least two digits parted by single spaces (the first group may end
// in a hyphen: "040-123 4567"), or +358 and the same without the 0, with
// no letter or digit right before or after. The stricter form keeps dates
// ("01-02-2024"), business ids ("0123456-7") and sums out.
func findPhones(b []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(b); i++ {
		if b[i] != '0' && b[i] != '+' {
			continue
		}
		if r, size := utf8.DecodeLastRune(b[:i]); !phoneEdge(r, b[:i-size], true) {
			continue
		}
		start, j := i, i
		if b[i] == '+' {
			if !strings.HasPrefix(string(b[i:min(i+4, len(b))]), "+358") {
				continue
			}
			j = i + 4
			if j < len(b) && b[j] == ' ' {
				j++
			}
		}
		digits, group, groups, hyphen, end := 0, 0, 0, false, -1
		for j < len(b) {
			c := b[j]
			switch {
			case c >= '0' && c <= '9':
				digits++
				group++
				j++
				end = j
				continue
			case (c == ' ' || c == '-' && !hyphen && groups == 0) && group >= 2 && j+1 < len(b) && b[j+1] >= '0' && b[j+1] <= '9':
				hyphen = hyphen || c == '-'
				groups++
				group = 0
				j++
				continue
			}
			break
		}
		if b[start] == '+' {
			digits++ // the 0 a national number would have
		}
		if end < 0 || group < 2 || digits < 8 || digits > 12 || b[start] == '0' && b[start+1] == '0' {
			continue
		}
		if r, size := utf8.DecodeRune(b[end:]); !phoneEdge(r, b[end+size:], false) {
			continue
		}
		out = append(out, [2]int{start, end})
		i = end
	}
	return out
}

// phoneEdge reports whether r, the character right before (or after) a
// number, leaves the digits a number of their own: not a letter or digit,
// nor a sign that joins them to something else. A full stop or comma may
// end a sentence, so it counts only when a digit is on its other side
// (beyond, the next character of b).
func phoneEdge(r rune, beyond []byte, before bool) bool {
	switch {
	case r == utf8.RuneError: // the start or end of the text
		return true
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return false
	case strings.ContainsRune("+-/_@=%&#", r):
		return false
	case r == '.' || r == ',':
		var c rune
		if before {
			c, _ = utf8.DecodeLastRune(beyond)
		} else {
			c, _ = utf8.DecodeRune(beyond)
		}
		return !unicode.IsDigit(c)
	}
	return true
}

// phoneExtension makes the phone numbers of a body's running text into
// tel: links. It runs after the content links are listed (linkTransformer,
// priority 100; goldmark runs lower numbers first), so the links it makes
// are not in Doc.Links: they need no checking.
type phoneExtension struct{}

func (phoneExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(phoneTransformer{}, 150)))
}

type phoneTransformer struct{}

func (phoneTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if st, _ := pc.Get(docKey).(*docState); st == nil {
		return // parsed for a linter, not rendered
	}
	src := reader.Source()
	// The inline parser may split a number into several Text nodes
	// ("09 123", " 4567"): runs of adjacent ones are read as one text.
	var runs [][]*ast.Text
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.Heading,
			*ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if k := len(runs); k > 0 {
				last := runs[k-1][len(runs[k-1])-1]
				if n.PreviousSibling() == ast.Node(last) && last.Segment.Stop == n.Segment.Start &&
					!last.SoftLineBreak() && !last.HardLineBreak() && !last.IsRaw() && !n.IsRaw() {
					runs[k-1] = append(runs[k-1], n)
					return ast.WalkContinue, nil
				}
			}
			runs = append(runs, []*ast.Text{n})
		}
		return ast.WalkContinue, nil
	})
	for _, run := range runs {
		first, last := run[0], run[len(run)-1]
		seg := text.NewSegment(first.Segment.Start, last.Segment.Stop)
		found := findPhones(seg.Value(src))
		if len(found) == 0 {
			continue
		}
		parent, at := first.Parent(), seg.Start
		for _, f := range found {
			number := text.NewSegment(seg.Start+f[0], seg.Start+f[1])
			u, ok := TelURL(string(number.Value(src)))
			if !ok {
				continue
			}
			if number.Start > at {
				parent.InsertBefore(parent, first, ast.NewTextSegment(text.NewSegment(at, number.Start)))
			}
			link := ast.NewLink()
			link.Destination = []byte(u)
			link.AppendChild(link, ast.NewTextSegment(number))
			parent.InsertBefore(parent, first, link)
			at = number.Stop
		}
		// The last node keeps the rest and the run's line break.
		for _, t := range run[:len(run)-1] {
			parent.RemoveChild(parent, t)
		}
		last.Segment = text.NewSegment(at, seg.Stop)
	}
}
