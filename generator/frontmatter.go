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

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"
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

// matter is a file's front matter as a YAML node tree whose positions are true
// to the whole file, as the golang.org/x/website loader keeps them.
type matter struct {
	node      *yaml.Node // the mapping; nil when the file has no front matter
	line      int        // line of the opening delimiter
	lineShift int        // add to a node's Line to get the file's line
	bodyStart int        // byte offset of the body in the file
}

// The formats we read: YAML (---) and TOML (+++), as adrg/frontmatter names them.
var matterFormats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", unmarshalYAML),
	frontmatter.NewFormat("---yaml", "---", unmarshalYAML),
	frontmatter.NewFormat("+++", "+++", unmarshalTOML),
	frontmatter.NewFormat("---toml", "---", unmarshalTOML),
}

// matterError carries a syntax error's position relative to the front
// matter, and a hint for its format.
type matterError struct {
	line, col int
	msg, hint string
}

const (
	yamlHint = "check the indentation and that every \"key: value\" is on its own line"
	tomlHint = "check that every \"key = value\" is on its own line and that text is in quotes"
)

func (e *matterError) Error() string { return e.msg }

// yamlLine matches the position prefix of yaml.v3 syntax errors, which carry
// no typed position.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func unmarshalYAML(data []byte, v any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
			if strings.HasPrefix(msg, "did not find expected") {
				line++ // yaml.v3 reports these with a 0-based line
			}
		}
		return &matterError{line: line, msg: "bad YAML: " + strings.TrimPrefix(msg, "yaml: "), hint: yamlHint}
	}
	*v.(*yaml.Node) = doc
	return nil
}

func unmarshalTOML(data []byte, v any) error {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &matterError{line: pe.Position.Line, col: pe.Position.Col, msg: "bad TOML: " + pe.Message, hint: tomlHint}
		}
		return &matterError{msg: "bad TOML: " + err.Error(), hint: tomlHint}
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
		off += end + 1
		line++
	}
	m.line = line
	m.lineShift = line
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
			d.errorf(p, "bad-front-matter", me.hint, "%s", me.msg)
		} else {
			d.errorf(p, "bad-front-matter", "", "cannot read front matter: %v", err)
		}
		return m, nil
	}
	m.bodyStart = len(src) - len(rest)
	if m.bodyStart == 0 {
		first := strings.TrimSpace(string(src[off:min(off+8, len(src))]))
		if strings.HasPrefix(first, "---") || strings.HasPrefix(first, "+++") {
			d.errorf(Pos{File: file, Line: line, Col: 1}, "bad-front-matter", "end the front matter with a line of "+first[:3], "front matter is not closed")
			return m, nil
		}
		return m, src
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m.node = doc.Content[0]
	} else if len(doc.Content) > 0 {
		d.errorf(Pos{File: file, Line: line + 1, Col: 1}, "bad-front-matter", "write one \"key: value\" a line", "front matter must be a list of keys and values")
	}
	return m, rest
}

// pos returns the file position of a node.
func (m matter) pos(file string, n *yaml.Node) Pos {
	if n == nil || n.Line == 0 {
		return Pos{File: file, Line: m.line, Col: 1}
	}
	return Pos{File: file, Line: n.Line + m.lineShift, Col: n.Column}
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
	wrong := func(want, example string) {
		d.errorf(at(n), "bad-value", example, "%s should be %s", name, want)
	}
	switch {
	case v.Type() == refType:
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			wrong("an id", "ids are lowercase words like alkava or teams/liity-kokoukseen")
			return
		}
		v.Set(reflect.ValueOf(Ref{ID: n.Value, Pos: at(n)}))
	case v.Type() == dateType:
		if n.Kind != yaml.ScalarNode {
			wrong("a date", "write it as YYYY-MM-DD, e.g. 2024-05-31")
			return
		}
		t, err := time.Parse(time.DateOnly, n.Value)
		if err != nil {
			wrong("a date", "write it as YYYY-MM-DD, e.g. 2024-05-31")
			return
		}
		v.Set(reflect.ValueOf(Date{t}))
	case v.Kind() == reflect.Struct:
		if n == nil || n.Kind != yaml.MappingNode {
			if name == "" {
				name = "front matter"
			}
			wrong("a set of \"key: value\" lines", "write each part on its own indented line, e.g. \"- date: 2024-05-31\" then \"  what: ...\"")
			return
		}
		self := parent
		if name != "" {
			self = at(n)
		}
		decodeStruct(n, v, name, self, at, d)
	case v.Kind() == reflect.Slice:
		items := []*yaml.Node{n}
		if n.Kind == yaml.SequenceNode {
			items = n.Content
		} else if v.Type().Elem().Kind() == reflect.Struct || n.Kind != yaml.ScalarNode {
			wrong("a list", "write one \"- item\" a line")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, item := range items {
			decodeValue(item, s.Index(i), name, at(item), at, d)
		}
		v.Set(s)
	case v.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			wrong("text", "write it on the same line after the colon; put it in quotes if it has a colon or brackets")
			return
		}
		v.SetString(n.Value)
	case v.Kind() == reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			wrong("a whole number", "e.g. 10")
			return
		}
		v.SetInt(int64(i))
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			wrong("true or false", "write true or false")
			return
		}
		v.SetBool(b)
	default:
		panic("decodeStrict: unsupported field type " + v.Type().String())
	}
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
			hint := didYouMean(k.Value, names)
			if hint == "" {
				hint = "known keys: " + strings.Join(names, ", ")
			}
			d.errorf(at(k), "unknown-field", hint, "unknown key %q", k.Value)
			continue
		}
		if f.seen {
			d.errorf(at(k), "duplicate-field", "remove one of them", "key %q is given twice", k.Value)
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
			d.errorf(self, "missing-field", fmt.Sprintf("add a line \"%s: ...\"", fname), "%s is required", fieldPath(name, fname))
		}
	}
}

func fieldPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}
