package generator

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

// A small HTML5 tag scanner for the tests: golang.org/x/net/html is not a
// dependency, and encoding/xml or a regexp over attributes cannot read
// HTML5 (unquoted values, attributes without values, void elements).

// htmlTag is one start or end tag of a page.
type htmlTag struct {
	Name  string // lowercase
	End   bool   // </name>
	Attrs []htmlAttr
	Text  string // the raw text of <script>, <style>, <textarea> and <title>
	Line  int    // line of the '<' in the page
}

// htmlAttr is one attribute, its value with character references decoded.
type htmlAttr struct {
	Name  string // lowercase
	Value string
	Bare  bool // written without a value, as in <input disabled>
}

// Attr returns the value of the attribute name and whether the tag has it.
func (t htmlTag) Attr(name string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

func (t htmlTag) String() string {
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

// scanTags returns the tags of an HTML document in order, skipping text,
// comments, the doctype and processing instructions. It reports markup that
// a browser would read differently than its author meant: an unclosed tag,
// comment or raw-text element, and an attribute given twice.
func scanTags(doc string) ([]htmlTag, error) {
	var tags []htmlTag
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
		t := htmlTag{Line: lineAt(start)}
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
			a := htmlAttr{Name: strings.ToLower(doc[n:p]), Bare: true}
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

// TestScanTags checks the test's own HTML scanner.
func TestScanTags(t *testing.T) {
	doc := "<!DOCTYPE html>\n<!-- <a href=x> -->\n<html lang=fi><p class=\"a b\" data-x='1 > 2' hidden>1 < 2 &amp; <b>x</b>\n" +
		"<script src=\"/a.js\" defer></script><script>var a = \"<p>\";</script><img alt=\"&quot;Kuva&quot;\" src=k.png /><br/></html>"
	tags, err := scanTags(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tag := range tags {
		got = append(got, tag.String())
	}
	want := []string{
		`<html lang="fi">`,
		`<p class="a b" data-x="1 > 2" hidden="">`,
		`<b>`, `</b>`,
		`<script src="/a.js" defer="">`, `</script>`,
		`<script>`, `</script>`,
		`<img alt="\"Kuva\"" src="k.png">`,
		`<br>`,
		`</html>`,
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
	if got, want := tags[6].Text, `var a = "<p>";`; got != want {
		t.Errorf("script text got %q, want %q", got, want)
	}
	if got, want := tags[1].Line, 3; got != want {
		t.Errorf("line got %d, want %d", got, want)
	}
	for _, bad := range []string{`<a href="x>`, `<p class=a class=b>`, `<!-- x`, `<script>x`, `<p`} {
		if _, err := scanTags(bad); err == nil {
			t.Errorf("scanTags(%q): no error", bad)
		}
	}
}
