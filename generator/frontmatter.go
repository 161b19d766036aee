package generator

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"tietopankki/i18n"
)

// Date is a calendar day from front matter (YYYY-MM-DD).
type Date struct{ time.Time }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// OlderThan reports whether more than months months have passed from the
// date to today: the rule of the stale notice on a card's page and of
// `check`'s stale-card warning. A zero date is never old.
func (d Date) OlderThan(months int, today time.Time) bool {
	return !d.IsZero() && d.AddDate(0, months, 0).Before(today)
}

// matter is a file's front matter as a YAML node tree whose positions are true
// to the whole file, as the golang.org/x/website loader keeps them.
type matter struct {
	node      *yaml.Node // the mapping; nil when the file has no front matter
	line      int        // line of the opening delimiter
	lineShift int        // add to a node's Line to get the file's line
	bodyStart int        // byte offset of the body in the file
	src       []byte     // the whole file
}

// The formats we read: YAML (---) and TOML (+++), as adrg/frontmatter names them.
var matterFormats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", unmarshalYAML),
	frontmatter.NewFormat("---yaml", "---", unmarshalYAML),
	frontmatter.NewFormat("+++", "+++", unmarshalTOML),
	frontmatter.NewFormat("---toml", "---", unmarshalTOML),
}

// matterError carries a syntax error's position relative to the front
// matter, and what to do about it.
type matterError struct {
	line, col int
	msg, hint i18n.Msg
}

func (e *matterError) Error() string { return i18n.MustGet("en").Format(e.msg) }

func unmarshalYAML(data []byte, v any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return yamlProblem(data, err)
	}
	*v.(*yaml.Node) = doc
	return nil
}

func unmarshalTOML(data []byte, v any) error {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &matterError{line: pe.Position.Line, col: pe.Position.Col, msg: i18n.M("diag.bad-front-matter.toml", pe.Message), hint: i18n.M("diag.bad-front-matter.toml.hint")}
		}
		return &matterError{msg: i18n.M("diag.bad-front-matter.toml", err), hint: i18n.M("diag.bad-front-matter.toml.hint")}
	}
	*v.(*yaml.Node) = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{tomlToNode(m, data)}}
	return nil
}

// tomlToNode converts decoded TOML into a YAML node tree so that one strict
// decoder serves both formats. BurntSushi/toml keeps no key positions, so a
// key's line is found by scanning its table's lines for "key =", and a
// table's line is that of its [key] or [[key]] header.
func tomlToNode(v any, src []byte) *yaml.Node {
	lines := bytes.Split(src, []byte("\n"))
	return tomlValue(v, lines, 0, 1)
}

// tomlValue converts one value; from is the 0-based line where its table's
// keys start, line the 1-based line the value itself is on.
func tomlValue(v any, lines [][]byte, from, line int) *yaml.Node {
	switch v := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Line: line, Column: 1}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		keyLine := func(k string) int {
			for i := from; i < len(lines); i++ {
				l := bytes.TrimLeft(lines[i], " \t")
				if i > from && bytes.HasPrefix(l, []byte("[")) {
					break // the next table
				}
				for _, q := range []string{k, `"` + k + `"`} {
					if rest, ok := bytes.CutPrefix(l, []byte(q)); ok && bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("=")) {
						return i + 1
					}
				}
			}
			return line
		}
		slices.SortFunc(keys, func(a, b string) int { return keyLine(a) - keyLine(b) })
		for _, k := range keys {
			kl := keyLine(k)
			var val *yaml.Node
			switch sub := v[k].(type) {
			case map[string]any:
				if h := tomlHeaders(lines, from, "["+k+"]"); len(h) == 1 {
					kl = h[0] + 1
					val = tomlValue(sub, lines, h[0], kl)
				} else {
					val = tomlValue(sub, lines, kl-1, kl)
				}
			case []map[string]any:
				val = &yaml.Node{Kind: yaml.SequenceNode, Line: kl, Column: 1}
				h := tomlHeaders(lines, from, "[["+k+"]]")
				headers := len(h) == len(sub) && len(h) > 0
				if headers {
					kl = h[0] + 1
					val.Line = kl
				}
				for i, e := range sub {
					if headers {
						val.Content = append(val.Content, tomlValue(e, lines, h[i], h[i]+1))
					} else {
						val.Content = append(val.Content, tomlValue(e, lines, kl-1, kl))
					}
				}
			default:
				val = tomlValue(sub, lines, kl-1, kl)
			}
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k, Line: kl, Column: 1}, val)
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Line: line, Column: 1}
		for _, e := range v {
			n.Content = append(n.Content, tomlValue(e, lines, line-1, line))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Line: line, Column: 1}
		for _, e := range v {
			n.Content = append(n.Content, tomlValue(e, lines, line-1, line))
		}
		return n
	case time.Time:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: v.Format(time.DateOnly), Line: line, Column: 1}
	default:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: fmt.Sprint(v), Line: line, Column: 1}
	}
}

// tomlHeaders returns the 0-based lines, from line from on, that are the
// table header h ("[key]" or "[[key]]").
func tomlHeaders(lines [][]byte, from int, h string) []int {
	var out []int
	for i := from; i < len(lines); i++ {
		if string(bytes.TrimSpace(lines[i])) == h {
			out = append(out, i)
		}
	}
	return out
}

// splitMatter cuts the front matter from src. The returned body starts at
// m.bodyStart in src, so positions in the body map back to the file.
func splitMatter(file string, src []byte, d *diags) (m matter, body []byte) {
	// The opening delimiter is the first non-blank line.
	line, off := 1, 0
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		if len(bytes.TrimSpace(src[off:off+end])) != 0 {
			break
		}
		off = min(off+end+1, len(src)) // a blank last line has no '\n'
		line++
	}
	m.line = line
	m.lineShift = line
	m.src = src
	var doc yaml.Node
	rest, err := frontmatter.Parse(bytes.NewReader(src), &doc, matterFormats...)
	if err != nil {
		var me *matterError
		p := Pos{File: file, Line: line, Col: 1}
		if errors.As(err, &me) {
			if me.line > 0 {
				p.Line = line + me.line
				p.Col = max(me.col, 1)
			}
			d.error(p, "bad-front-matter", me.msg, me.hint)
		} else {
			d.error(p, "bad-front-matter", i18n.M("diag.bad-front-matter", err), i18n.M("diag.bad-yaml.hint"))
		}
		return m, nil
	}
	m.bodyStart = len(src) - len(rest)
	if m.bodyStart == 0 {
		first := strings.TrimSpace(string(src[off:min(off+8, len(src))]))
		if strings.HasPrefix(first, "---") || strings.HasPrefix(first, "+++") {
			delim := first[:3]
			if body := unclosedAt(src, off, line, isTOML(src)); body > 0 {
				d.error(Pos{File: file, Line: body, Col: 1}, "bad-front-matter", i18n.M("diag.bad-front-matter.unclosed", delim), i18n.M("diag.bad-front-matter.unclosed.here.hint", delim))
			} else {
				d.error(Pos{File: file, Line: line, Col: 1}, "bad-front-matter", i18n.M("diag.bad-front-matter.unclosed", delim), i18n.M("diag.bad-front-matter.unclosed.hint", delim))
			}
			return m, nil
		}
		return m, src
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m.node = doc.Content[0]
	} else if len(doc.Content) > 0 {
		d.error(Pos{File: file, Line: line + 1, Col: 1}, "bad-front-matter", i18n.M("diag.bad-front-matter.mapping"), i18n.M("diag.bad-front-matter.mapping.hint"))
	}
	return m, rest
}

// pos returns the file position of a node. A node with a line but column
// 0 stands for the first character of that line that is not a space.
func (m matter) pos(file string, n *yaml.Node) Pos {
	if n == nil || n.Line == 0 {
		return Pos{File: file, Line: m.line, Col: 1}
	}
	p := Pos{File: file, Line: n.Line + m.lineShift, Col: n.Column}
	if p.Col == 0 {
		l := lineOf(m.src, p.Line)
		p.Col = 1 + utf8.RuneCount(l) - utf8.RuneCount(bytes.TrimLeft(l, " \t"))
	}
	return p
}

// decodeStrict fills the struct that out points to from a YAML mapping,
// reporting unknown keys (with the closest known key), missing required
// fields and values of the wrong kind. Fields are named by `fm:"name"` tags;
// `fm:"name,required"` marks required ones.
func decodeStrict(n *yaml.Node, out any, at func(*yaml.Node) Pos, d *diags) {
	decodeValue(n, reflect.ValueOf(out).Elem(), "", at(nil), at, d)
}

var (
	dateType = reflect.TypeFor[Date]()
	refType  = reflect.TypeFor[Ref]()
)

func decodeValue(n *yaml.Node, v reflect.Value, name string, parent Pos, at func(*yaml.Node) Pos, d *diags) {
	if n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	var field any = name
	if name == "" {
		field = i18n.M("word.front-matter")
	}
	wrong := func(want, hint i18n.Msg) {
		d.error(at(n), "bad-value", i18n.M("diag.bad-value", field, want), hint)
	}
	switch {
	case v.Type() == refType:
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			wrong(i18n.M("word.want.id"), i18n.M("diag.bad-value.id.hint"))
			return
		}
		// Ids are lowercase; Alkava means alkava.
		v.Set(reflect.ValueOf(Ref{ID: strings.ToLower(n.Value), Pos: at(n)}))
	case v.Type() == dateType:
		if n.Kind != yaml.ScalarNode {
			wrong(i18n.M("word.want.date"), i18n.M("diag.bad-value.date.hint"))
			return
		}
		t, err := time.Parse(time.DateOnly, n.Value)
		if err != nil {
			wrong(i18n.M("word.want.date"), i18n.M("diag.bad-value.date.hint"))
			return
		}
		v.Set(reflect.ValueOf(Date{t}))
	case v.Kind() == reflect.Struct:
		if n == nil || n.Kind != yaml.MappingNode {
			// The hint shows this field written right, with its own first key.
			key, _ := exampleKeys(v.Type())
			value := "..."
			if n != nil && n.Kind == yaml.ScalarNode && n.Value != "" {
				value = n.Value // help: Digimentorit -> "  name: Digimentorit"
			}
			wrong(i18n.M("word.want.mapping"), i18n.M("diag.bad-value.mapping.hint", name, key, value))
			return
		}
		self := parent
		if name != "" {
			self = at(n)
		}
		decodeStruct(n, v, name, self, at, d)
	case v.Kind() == reflect.Slice:
		elem := v.Type().Elem()
		records := elem.Kind() == reflect.Struct && elem != refType && elem != dateType
		var itemHint i18n.Msg // how to write an item that has keys of its own
		if records {
			k1, k2 := exampleKeys(elem)
			itemHint = i18n.M("diag.bad-value.item.hint", k1, k2)
		}
		items := []*yaml.Node{n}
		switch {
		case n.Kind == yaml.SequenceNode:
			items = unflatten(n.Content, name, at, d)
		case records:
			wrong(i18n.M("word.want.list"), itemHint)
			return
		case elem.Kind() == reflect.Struct || n.Kind != yaml.ScalarNode:
			wrong(i18n.M("word.want.list"), i18n.M("diag.bad-value.list.hint"))
			return
		}
		s := reflect.MakeSlice(v.Type(), 0, len(items))
		for _, item := range items {
			if records && item.Kind != yaml.MappingNode && item.Kind != yaml.AliasNode {
				d.error(at(item), "bad-value", i18n.M("diag.bad-value", field, i18n.M("word.want.mapping")), itemHint)
				continue
			}
			s = reflect.Append(s, reflect.Zero(elem))
			decodeValue(item, s.Index(s.Len()-1), name, at(item), at, d)
		}
		v.Set(s)
	case v.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			wrong(i18n.M("word.want.text"), i18n.M("diag.bad-value.text.hint"))
			return
		}
		v.SetString(n.Value)
	case v.Kind() == reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			wrong(i18n.M("word.want.number"), i18n.M("diag.bad-value.number.hint"))
			return
		}
		v.SetInt(int64(i))
	case v.Kind() == reflect.Pointer: // an optional value: nil when the key is missing
		p := reflect.New(v.Type().Elem())
		decodeValue(n, p.Elem(), name, parent, at, d)
		v.Set(p)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			wrong(i18n.M("word.want.bool"), i18n.M("diag.bad-value.bool.hint"))
			return
		}
		v.SetBool(b)
	default:
		panic("decodeStrict: unsupported field type " + v.Type().String())
	}
}

// exampleKeys returns the first two keys of a struct that front matter
// fills (its fm tags), for hints that show how to write one.
func exampleKeys(t reflect.Type) (string, string) {
	var keys []string
	for i := range t.NumField() {
		if tag, ok := t.Field(i).Tag.Lookup("fm"); ok {
			name, _, _ := strings.Cut(tag, ",")
			keys = append(keys, name)
		}
	}
	keys = append(keys, "...", "...")
	return keys[0], keys[1]
}

// flattened matches a list item that swallowed the items after it: YAML
// reads "- alkava" and a more indented "- kokeileva" on the next line as one
// item, "alkava - kokeileva".
var flattened = regexp.MustCompile(`^[^\s-]\S*( - \S+)+$`)

// unflatten reports list items that swallowed the items after them (see
// flattened) and splits them into the items the mentor meant, so that the
// ids are still checked one by one.
func unflatten(items []*yaml.Node, name string, at func(*yaml.Node) Pos, d *diags) []*yaml.Node {
	var out []*yaml.Node
	for _, item := range items {
		// Plain YAML text only: quoted text and TOML (no tag) mean what they say.
		if item.Kind != yaml.ScalarNode || item.Style != 0 || item.Tag != "!!str" || !flattened.MatchString(item.Value) {
			out = append(out, item)
			continue
		}
		parts := strings.Split(item.Value, " - ")
		// The second part is on the next line; Column 0 asks for the
		// line's first character (see matter.pos).
		d.error(at(&yaml.Node{Line: item.Line + 1}), "list-indent", i18n.M("diag.list-indent", name, item.Value),
			i18n.M("diag.list-indent.hint", strings.Repeat(" ", max(item.Column-3, 0))+"- "+parts[1]))
		for i, p := range parts {
			line, col := item.Line+i, 0
			if i == 0 {
				col = item.Column
			}
			out = append(out, &yaml.Node{Kind: yaml.ScalarNode, Value: p, Line: line, Column: col})
		}
	}
	return out
}

// decodeStruct decodes a mapping into a struct; self is where a missing
// required field is reported.
func decodeStruct(n *yaml.Node, v reflect.Value, name string, self Pos, at func(*yaml.Node) Pos, d *diags) {
	t := v.Type()
	if f := v.FieldByName("Pos"); f.IsValid() && f.Type() == reflect.TypeFor[Pos]() {
		f.Set(reflect.ValueOf(at(n)))
	}
	// A field KeyPos map[string]Pos gets the position of every key's value.
	keyPos := v.FieldByName("KeyPos")
	if keyPos.IsValid() && keyPos.Type() == reflect.TypeFor[map[string]Pos]() {
		keyPos.Set(reflect.ValueOf(map[string]Pos{}))
	} else {
		keyPos = reflect.Value{}
	}
	type field struct {
		index    int
		required bool
		seen     bool
		bad      bool // its value was reported already
	}
	fields := map[string]*field{}
	var names []string
	for i := range t.NumField() {
		tag, ok := t.Field(i).Tag.Lookup("fm")
		if !ok {
			continue
		}
		fname, opt, _ := strings.Cut(tag, ",")
		fields[fname] = &field{index: i, required: opt == "required"}
		names = append(names, fname)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			d.error(at(k), "unknown-field", i18n.M("diag.unknown-field", k.Value), orKnown(k.Value, names, "hint.known-keys"))
			continue
		}
		if f.seen {
			d.error(at(k), "duplicate-field", i18n.M("diag.duplicate-field", k.Value), i18n.M("diag.duplicate-field.hint"))
			continue
		}
		f.seen = true
		if keyPos.IsValid() {
			keyPos.SetMapIndex(reflect.ValueOf(k.Value), reflect.ValueOf(at(val)))
		}
		if val.Kind == yaml.ScalarNode && val.Tag == "!!null" {
			continue
		}
		before := len(d.list)
		decodeValue(val, v.Field(f.index), k.Value, at(k), at, d)
		f.bad = len(d.list) > before
	}
	for _, fname := range names {
		f := fields[fname]
		fv := v.Field(f.index)
		empty := fv.IsZero() || (fv.Kind() == reflect.Slice && fv.Len() == 0)
		if f.required && !f.bad && (!f.seen || empty) {
			d.error(self, "missing-field", i18n.M("diag.missing-field", fieldPath(name, fname)), i18n.M("diag.missing-field.hint", fname))
		}
	}
}

func fieldPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}
