package generator

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"tietopankki/i18n"
)

// Markdown converts card bodies. It wraps one configured goldmark.Markdown
// (CommonMark + GFM, callouts, content links, Finnish-friendly heading ids)
// that is safe for concurrent use. Raw HTML is never rendered.
type Markdown struct {
	md       goldmark.Markdown
	reserved []string // ids the layouts use, never given to headings
}

// NewMarkdown configures the converter. labels gives the visible titles of
// callouts by kind ("note", "tip", "important", "warning"), from the theme's
// UI strings; a missing label falls back to the kind. reservedIDs are the
// layouts' own element ids (Theme.IDs), which headings must not take.
func NewMarkdown(labels map[string]string, reservedIDs ...string) *Markdown {
	return &Markdown{reserved: reservedIDs, md: goldmark.New(
		goldmark.WithExtensions(extension.GFM, &calloutExtension{labels: labels}, linkExtension{}, phoneExtension{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(html.WithXHTML()),
	)}
}

// source is one content file and where its body starts, to turn byte offsets
// of the body into file:line:col.
type source struct {
	file      string
	data      []byte
	bodyStart int
	lines     []int                  // byte offsets of line starts, made on first use
	last      struct{ off, col int } // the last position, to count on from it
}

// pos returns the position of a byte offset into the body. Columns are
// counted on from the last position when it is earlier on the same line,
// so that the many nodes of one long line cost one pass, not one each.
func (s *source) pos(bodyOff int) Pos {
	if s.lines == nil {
		s.lines = append(s.lines, 0)
		for i, c := range s.data {
			if c == '\n' {
				s.lines = append(s.lines, i+1)
			}
		}
	}
	off := min(max(s.bodyStart+bodyOff, 0), len(s.data))
	line, _ := slices.BinarySearch(s.lines, off+1) // the first line start after off
	from, col := s.lines[line-1], 1
	if s.last.off >= from && s.last.off <= off {
		from, col = s.last.off, s.last.col
	}
	col += utf8.RuneCount(s.data[from:off])
	s.last.off, s.last.col = off, col
	return Pos{File: s.file, Line: line, Col: col}
}

// docKey holds the per-document state that the AST transformers share.
var docKey = parser.NewContextKey()

type docState struct {
	src      *source
	basePath string
	links    []Link
	d        *diags
}

// convert renders one body into doc, reporting problems of the body itself
// (image without alt text, raw HTML, a level-1 heading) to d, and returns
// the template sentences (Placeholders) left in it. Links are resolved
// against the content folder; whether they exist is Validate's job.
func (m *Markdown) convert(src *source, basePath string, doc *Doc, d *diags) []Piece {
	body := src.data[src.bodyStart:]
	st := &docState{src: src, basePath: basePath, d: d}
	pc := parser.NewContext(parser.WithIDs(newIDs(m.reserved...)))
	pc.Set(docKey, st)
	root := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, body, root); err != nil {
		d.error(Pos{File: src.file}, "markdown", i18n.M("diag.markdown", err), i18n.M("diag.markdown.hint"))
	}
	doc.Body = htmlOf(buf.Bytes())
	doc.Links = st.links
	doc.Text, doc.Headings = plainText(root, body, st)
	return findPlaceholders(root, body, src)
}

// plainText walks the AST for the body's words and headings, and reports
// Markdown that the site will not show as the mentor meant. The text has
// a line for each paragraph, list item, heading and table row (its cells
// joined by " – "), so that a search snippet can keep to one; code blocks
// are examples to copy, not words to search by, and are left out.
func plainText(root ast.Node, src []byte, st *docState) (string, []Heading) {
	var b strings.Builder
	var headings []Heading
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() == extast.KindTableCell {
			if entering && n.PreviousSibling() != nil {
				b.WriteString(" – ")
			}
			return ast.WalkContinue, nil
		}
		if !entering {
			if n.Type() == ast.TypeBlock && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			h := Heading{Level: n.Level, ID: string(idb), Text: inlineText(n, src)}
			headings = append(headings, h)
			if n.Level == 1 {
				st.d.warn(st.src.pos(lineStart(n, src)), "heading-level", i18n.M("diag.heading-level", h.Text), i18n.M("diag.heading-level.hint"))
			}
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.URL(src))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			b.WriteByte(' ') // <br> and the like part words
			st.d.warn(st.src.pos(lineStart(n, src)), "raw-html", i18n.M("diag.raw-html"), i18n.M("diag.raw-html.hint"))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String()), headings
}

// lineStart returns a byte offset of n for positions: its own position, or
// its first line's start, or that of its first child that has one.
func lineStart(n ast.Node, src []byte) int {
	for c := n; c != nil; c = c.FirstChild() {
		if p := c.Pos(); p >= 0 {
			return p
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

// inlineText returns the text of n's inline children.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// --- content links ---------------------------------------------------------

// linkExtension resolves relative links and images against the content
// folder: a link to a card's .md file becomes the card's URL, an image the URL
// of the copied file.
type linkExtension struct{}

func (linkExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)))
}

type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(docKey).(*docState)
	if st == nil {
		return
	}
	src := reader.Source()
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.AutoLink:
			st.refuseUnsafeLink(Link{Pos: st.src.pos(lineStart(n, src)), Dest: string(n.URL(src))})
			return ast.WalkContinue, nil
		case *ast.Image:
			dest, image = &n.Destination, true
			if inlineText(n, src) == "" {
				st.d.error(st.src.pos(lineStart(n, src)), "image-alt", i18n.M("diag.image-alt", string(n.Destination)), i18n.M("diag.image-alt.hint"))
			}
		default:
			return ast.WalkContinue, nil
		}
		l, resolved := resolveLink(st.src.file, string(*dest), st.basePath)
		l.Pos, l.Image = st.src.pos(lineStart(n, src)), image
		st.refuseUnsafeLink(l)
		st.links = append(st.links, l)
		*dest = []byte(resolved)
		return ast.WalkContinue, nil
	})
}

// resolveLink interprets a link written in file and returns it with the URL
// it becomes on the site.
func resolveLink(file, dest, basePath string) (Link, string) {
	l := Link{Dest: dest}
	u, err := url.Parse(dest)
	switch {
	case unsafeScheme(dest) != "":
		l.External = true // it leaves the site; the converter reports it
		return l, ""
	case err != nil || dest == "":
		l.Target = "\x00" // unresolvable; Validate reports it
		return l, dest
	case u.Scheme != "" || strings.HasPrefix(dest, "//"):
		l.External = true
		return l, dest
	}
	l.Fragment = u.Fragment
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.Fragment
	}
	switch {
	case u.Path == "":
		l.Target = file
		return l, frag
	case strings.HasPrefix(u.Path, "/"):
		l.Target = "/" + strings.TrimPrefix(u.Path, "/") // a site path, checked against page URLs
		return l, basePath + strings.TrimPrefix(u.Path, "/") + frag
	}
	target := path.Join(path.Dir(file), u.Path)
	l.Target = target
	if strings.HasSuffix(target, ".md") {
		return l, basePath + relURL(target) + frag
	}
	return l, basePath + target + frag
}

// relURL maps a Markdown content path to its page's site-relative URL:
// tools/teams/_index.md -> tools/teams/, tools/teams/liity.md -> tools/teams/liity/.
func relURL(file string) string {
	p := strings.TrimSuffix(file, ".md")
	if path.Base(p) == "_index" {
		p = path.Dir(p)
	}
	if p == "." || p == "" {
		return ""
	}
	return p + "/"
}

// --- callouts --------------------------------------------------------------

// KindCallout is the AST kind of a callout box (GitHub's alert syntax).
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a note, tip, important or warning box: a blockquote that starts
// with [!KIND].
type Callout struct {
	ast.BaseBlock
	Style string // note, tip, important, warning
}

func (c *Callout) Kind() ast.NodeKind { return KindCallout }

func (c *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(c, src, level, map[string]string{"Style": c.Style}, nil)
}

// calloutKinds maps the words mentors may write to a callout kind.
var calloutKinds = map[string]string{
	"NOTE": "note", "HUOM": "note", "HUOMIO": "note",
	"TIP": "tip", "VINKKI": "tip",
	"IMPORTANT": "important", "TÄRKEÄÄ": "important", "TARKEAA": "important",
	"WARNING": "warning", "VAROITUS": "warning", "CAUTION": "warning",
}

var calloutMarker = regexp.MustCompile(`^\[!([^\]\s]+)\][ \t]*$`)

type calloutExtension struct{ labels map[string]string }

func (e *calloutExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(calloutTransformer{}, 200)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&calloutRenderer{labels: e.labels}, 100)))
}

type calloutTransformer struct{}

func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		para, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || para.Lines().Len() == 0 {
			continue
		}
		first := para.Lines().At(0)
		m := calloutMarker.FindSubmatch(bytes.TrimSpace(first.Value(src)))
		if m == nil {
			continue
		}
		kind, ok := calloutKinds[strings.ToUpper(string(m[1]))]
		if !ok {
			if st, _ := pc.Get(docKey).(*docState); st != nil {
				st.d.warn(st.src.pos(first.Start), "callout", i18n.M("diag.callout", string(m[1])), i18n.M("diag.callout.hint"))
			}
			continue
		}
		// Drop the inline nodes of the marker line.
		for c := para.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, isText := c.(*ast.Text)
			if !isText || t.Segment.Start >= first.Stop {
				break
			}
			para.RemoveChild(para, c)
			c = next
		}
		if para.ChildCount() == 0 {
			q.RemoveChild(q, para)
		}
		box := &Callout{Style: kind}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			box.AppendChild(box, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, box)
	}
}

type calloutRenderer struct{ labels map[string]string }

func (r *calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		c := n.(*Callout)
		if entering {
			label := r.labels[c.Style]
			if label == "" {
				label = c.Style
			}
			w.WriteString(`<div class="callout callout-` + c.Style + `" role="note"><p class="callout-title">`)
			w.Write(util.EscapeHTML([]byte(label)))
			w.WriteString("</p>\n")
		} else {
			w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}

// --- heading ids -----------------------------------------------------------

// ids makes heading anchors from Finnish text: ä -> a, ö -> o, å -> a, so
// "Käynnistä kokous" becomes "kaynnista-kokous" (goldmark's default drops
// every non-ASCII letter).
type ids struct{ seen map[string]bool }

func newIDs(reserved ...string) *ids {
	s := &ids{seen: map[string]bool{}}
	for _, id := range reserved {
		s.seen[id] = true
	}
	return s
}

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slugify(string(value))
	if base == "" {
		base = "osio"
	}
	id := base
	for i := 2; s.seen[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.seen[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.seen[string(value)] = true }

// Slugify turns text into a URL slug: lowercase ASCII letters and digits
// joined by single hyphens, Finnish and Swedish letters folded (ä -> a).
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä', 'å', 'á', 'à', 'â':
			r = 'a'
		case 'ö', 'ó', 'ò', 'ô':
			r = 'o'
		case 'é', 'è', 'ê':
			r = 'e'
		case 'ü', 'ú':
			r = 'u'
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// --- prose for linters -----------------------------------------------------

// Prose is one block of running text of a body (a paragraph, a heading or
// a table cell) as pieces of text with their file positions. Code is left
// out; links count as their text.
type Prose struct {
	Kind   string // "paragraph", "heading", "cell"
	Pieces []Piece
}

// Piece is a run of text and the position of its first character.
type Piece struct {
	Text string
	Pos  Pos
}

// Text is the block's whole text.
func (p Prose) Text() string {
	var b strings.Builder
	for _, pc := range p.Pieces {
		b.WriteString(pc.Text)
	}
	return b.String()
}

// PosAt returns the file position of a byte offset into Text().
func (p Prose) PosAt(off int) Pos {
	for _, pc := range p.Pieces {
		if off < len(pc.Text) {
			pos := pc.Pos
			pos.Col += utf8.RuneCountInString(pc.Text[:off])
			return pos
		}
		off -= len(pc.Text)
	}
	if len(p.Pieces) == 0 {
		return Pos{}
	}
	last := p.Pieces[len(p.Pieces)-1]
	last.Pos.Col += utf8.RuneCountInString(last.Text)
	return last.Pos
}

// parseBody parses a content file's body for the readers that need its AST
// (linters, link listings), with the build's own goldmark configuration. It
// returns a nil root when the front matter cannot be read.
func (m *Markdown) parseBody(file string, data []byte) (root ast.Node, body []byte, src *source) {
	var d diags
	mt, body := splitMatter(file, data, &d)
	if body == nil {
		return nil, nil, nil
	}
	src = &source{file: file, data: data, bodyStart: mt.bodyStart}
	root = m.md.Parser().Parse(text.NewReader(body), parser.WithContext(parser.NewContext(parser.WithIDs(newIDs()))))
	return root, body, src
}

// Prose returns the running text of a content file's body, block by block,
// for linters. It parses with the same goldmark configuration as the build.
func (m *Markdown) Prose(file string, data []byte) []Prose {
	root, body, src := m.parseBody(file, data)
	if root == nil {
		return nil
	}
	var out []Prose
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		kind := ""
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			kind = "paragraph"
		case ast.KindHeading:
			kind = "heading"
		case extast.KindTableCell:
			kind = "cell"
		case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		default:
			return ast.WalkContinue, nil
		}
		p := proseOf(n, body, src)
		p.Kind = kind
		if len(p.Pieces) > 0 {
			out = append(out, p)
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// proseOf returns the running text of a block: its text, links as their
// text, without code, raw HTML and autolinks.
func proseOf(n ast.Node, body []byte, src *source) Prose {
	var p Prose
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			p.Pieces = append(p.Pieces, Piece{Text: string(c.Segment.Value(body)), Pos: src.pos(c.Segment.Start)})
			if c.SoftLineBreak() || c.HardLineBreak() {
				p.Pieces = append(p.Pieces, Piece{Text: " ", Pos: src.pos(c.Segment.Stop)})
			}
		case *ast.String:
			p.Pieces = append(p.Pieces, Piece{Text: string(c.Value), Pos: src.pos(lineStart(c, body))})
		}
		return ast.WalkContinue, nil
	})
	return p
}
