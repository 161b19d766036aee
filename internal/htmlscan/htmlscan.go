// Package htmlscan is a small HTML5 tag scanner for the tests:
// golang.org/x/net/html is not a dependency, and encoding/xml or a regexp
// over attributes cannot read HTML5 (unquoted values, attributes without
// values, void elements).
package htmlscan

import (
	"fmt"
	"html"
	"strings"
)

// Tag is one start or end tag of a page.
type Tag struct {
	Name  string // lowercase
	End   bool   // </name>
	Attrs []Attr
	Text  string // the raw text of <script>, <style>, <textarea> and <title>
	Line  int    // line of the '<' in the page
}

// Attr is one attribute, its value with character references decoded.
type Attr struct {
	Name  string // lowercase
	Value string
	Bare  bool // written without a value, as in <input disabled>
}

// Attr returns the value of the attribute name and whether the tag has it.
func (t Tag) Attr(name string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// String writes the tag back as HTML, every attribute with a quoted value.
func (t Tag) String() string {
	var b strings.Builder
	b.WriteString("<")
	if t.End {
		b.WriteString("/")
	}
	b.WriteString(t.Name)
	for _, a := range t.Attrs {
		fmt.Fprintf(&b, " %s=%q", a.Name, a.Value)
	}
	b.WriteString(">")
	return b.String()
}

// rawTextElements hold text that is not markup, up to their end tag.
var rawTextElements = map[string]bool{"script": true, "style": true, "textarea": true, "title": true}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// Scan returns the tags of an HTML document in order, skipping text,
// comments, the doctype and processing instructions. It reports markup that
// a browser would read differently than its author meant: an unclosed tag,
// comment or raw-text element, and an attribute given twice.
func Scan(doc string) ([]Tag, error) {
	var tags []Tag
	i := 0
	lineAt := func(off int) int { return 1 + strings.Count(doc[:off], "\n") }
	for {
		j := strings.IndexByte(doc[i:], '<')
		if j < 0 {
			return tags, nil
		}
		i += j
		start := i
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			k := strings.Index(rest[4:], "-->")
			if k < 0 {
				return tags, fmt.Errorf("line %d: comment is not closed", lineAt(start))
			}
			i += 4 + k + 3
			continue
		case strings.HasPrefix(rest, "<!"), strings.HasPrefix(rest, "<?"):
			k := strings.IndexByte(rest, '>')
			if k < 0 {
				return tags, fmt.Errorf("line %d: declaration is not closed", lineAt(start))
			}
			i += k + 1
			continue
		}
		p := i + 1
		t := Tag{Line: lineAt(start)}
		if p < len(doc) && doc[p] == '/' {
			t.End = true
			p++
		}
		if p >= len(doc) || !isASCIILetter(doc[p]) {
			i++ // a '<' that starts no tag is text
			continue
		}
		n := p
		for p < len(doc) && !isHTMLSpace(doc[p]) && doc[p] != '/' && doc[p] != '>' {
			p++
		}
		t.Name = strings.ToLower(doc[n:p])
		closed := false
		for p < len(doc) && !closed {
			c := doc[p]
			switch {
			case isHTMLSpace(c) || c == '/':
				p++
				continue
			case c == '>':
				p++
				closed = true
				continue
			}
			n := p
			for p < len(doc) && !isHTMLSpace(doc[p]) && doc[p] != '/' && doc[p] != '>' && (doc[p] != '=' || p == n) {
				p++
			}
			a := Attr{Name: strings.ToLower(doc[n:p]), Bare: true}
			for p < len(doc) && isHTMLSpace(doc[p]) {
				p++
			}
			if p < len(doc) && doc[p] == '=' {
				a.Bare = false
				p++
				for p < len(doc) && isHTMLSpace(doc[p]) {
					p++
				}
				if p < len(doc) && (doc[p] == '"' || doc[p] == '\'') {
					q := doc[p]
					k := strings.IndexByte(doc[p+1:], q)
					if k < 0 {
						return tags, fmt.Errorf("line %d: <%s %s=: quoted value is not closed", t.Line, t.Name, a.Name)
					}
					a.Value = html.UnescapeString(doc[p+1 : p+1+k])
					p += k + 2
				} else {
					v := p
					for p < len(doc) && !isHTMLSpace(doc[p]) && doc[p] != '>' {
						p++
					}
					a.Value = html.UnescapeString(doc[v:p])
				}
			}
			if _, dup := t.Attr(a.Name); dup {
				return tags, fmt.Errorf("line %d: <%s> has attribute %q twice", t.Line, t.Name, a.Name)
			}
			t.Attrs = append(t.Attrs, a)
		}
		if !closed {
			return tags, fmt.Errorf("line %d: <%s is not closed", t.Line, t.Name)
		}
		i = p
		if !t.End && rawTextElements[t.Name] {
			k := strings.Index(strings.ToLower(doc[i:]), "</"+t.Name)
			if k < 0 {
				return tags, fmt.Errorf("line %d: <%s> is not closed", t.Line, t.Name)
			}
			t.Text = doc[i : i+k]
			i += k
		}
		tags = append(tags, t)
	}
}
