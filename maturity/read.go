package maturity

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tietopankki/i18n"
	"tietopankki/internal/textdist"
)

// Dir is the content folder of the rounds: content/maturity/*.csv.
const Dir = "maturity"

// Name is a service area or a tool that rows may name: its id and its
// name (an area's name, a tool's title).
type Name struct {
	ID   string
	Name string
}

// Config is what Read needs from the site.
type Config struct {
	Areas  []Name            // the service areas, in site.yaml order
	Tools  []Name            // the tools, in the site's order
	Levels []Level           // the six named levels, lowest first; DefaultLevels when empty
	Rounds map[string]string // a round's name by its file's name ("2021-05.csv": "Kevät 2021")
	// HelpBelow is the level under which a unit needs help with a tool
	// (ToolFigures.Below); site.yaml's maturity.helpBelow, DefaultHelpBelow
	// when it does not say.
	HelpBelow int
}

// DefaultHelpBelow is site.yaml's maturity.helpBelow when it is not given.
const DefaultHelpBelow = 300

// Problem is something wrong in a round file, at a cell: "file:line:col".
// Col counts characters, as editors do.
type Problem struct {
	File      string // content path, "maturity/2021-05.csv"
	Line, Col int
	Warning   bool // reported, but the build goes on
	Rule      string
	Msg, Hint i18n.Msg
}

// The columns of a round, by their folded header (see fold).
const (
	colUnit   = "yksikko"
	colArea   = "palvelualue"
	colTool   = "tyokalu"
	colDate   = "arvioitu"
	colLevel  = "taso"
	colMentor = "mentori"
	colNote   = "huomio"
)

var (
	required = []string{colUnit, colArea, colTool, colDate, colLevel}
	columns  = append(slices.Clone(required), colMentor, colNote)
	// headers are the columns as the manual writes them, for hints.
	headers = map[string]string{colUnit: "yksikkö", colArea: "palvelualue", colTool: "työkalu",
		colDate: "arvioitu", colLevel: "taso", colMentor: "mentori", colNote: "huomio"}
)

// Read reads the round files (content paths such as
// "maturity/2021-05.csv") from fsys, checks every row against cfg and
// computes the figures. It reports every problem of every file at once;
// rows with errors are left out. The report is nil when no file has a
// valid row.
func Read(fsys fs.FS, files []string, cfg Config) (*Report, []Problem) {
	if len(cfg.Levels) == 0 {
		cfg.Levels = DefaultLevels(i18n.MustGet(i18n.Default))
	}
	r := &reader{cfg: cfg, areas: newLookup(cfg.Areas), tools: newLookup(cfg.Tools)}
	var rounds []*Round
	for _, f := range files {
		if rd := r.file(fsys, f); rd != nil {
			rounds = append(rounds, rd)
		}
	}
	if len(rounds) == 0 {
		return nil, r.problems
	}
	return newReport(cfg, rounds), r.problems
}

type reader struct {
	cfg          Config
	areas, tools *lookup
	problems     []Problem
}

// source is one file's decoded text, to turn csv's byte positions into
// character columns.
type source struct {
	file  string
	text  string
	lines []int // byte offset of each line's start
}

// col turns csv's byte column into characters; a negative one is the end
// of the line.
func (s *source) col(line, byteCol int) int {
	if byteCol < 0 {
		return s.lineEnd(line)
	}
	if line < 1 || line > len(s.lines) {
		return 1
	}
	start := s.lines[line-1]
	end := min(start+max(byteCol-1, 0), len(s.text))
	return utf8.RuneCountInString(s.text[start:end]) + 1
}

// lineEnd is the column just after the last character of a line.
func (s *source) lineEnd(line int) int {
	if line < 1 || line > len(s.lines) {
		return 1
	}
	start, end := s.lines[line-1], len(s.text)
	if line < len(s.lines) {
		end = s.lines[line] - 1
	}
	return utf8.RuneCountInString(strings.TrimRight(s.text[start:end], "\r")) + 1
}

func (r *reader) report(p Problem) { r.problems = append(r.problems, p) }

// errorAt reports an error at a byte column (csv's), which it turns into
// characters: only a problem pays for counting them.
func (r *reader) errorAt(src *source, line, byteCol int, rule string, msg, hint i18n.Msg) {
	r.report(Problem{File: src.file, Line: line, Col: src.col(line, byteCol), Rule: rule, Msg: msg, Hint: hint})
}

// file reads one round; nil when it has no valid row.
func (r *reader) file(fsys fs.FS, file string) *Round {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		r.report(Problem{File: file, Rule: "maturity-read", Msg: i18n.M("diag.maturity-read", err)})
		return nil
	}
	text, ok := decode(data)
	if !ok {
		r.report(Problem{File: file, Line: 1, Col: 1, Rule: "maturity-encoding",
			Msg: i18n.M("diag.maturity-encoding"), Hint: i18n.M("diag.maturity-encoding.hint")})
		return nil
	}
	src := &source{file: file, text: text, lines: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			src.lines = append(src.lines, i+1)
		}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delimiter(text)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if first, _, _ := strings.Cut(text, "\n"); isSepLine(first) {
		cr.Read() // Excel's "sep=;" line names the delimiter; it is no header
	}

	var cols map[string]int // folded header -> index
	headerLine := 0
	name := path.Base(file)
	round := &Round{Name: strings.TrimSuffix(name, path.Ext(name)), File: file,
		Assessments: make([]Assessment, 0, len(src.lines))}
	if n := r.cfg.Rounds[name]; n != "" {
		round.Name = n
	}
	seen := map[[2]string]int{} // (unit key, tool id) -> line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				r.errorAt(src, pe.Line, pe.Column, "maturity-csv", csvMessage(pe.Err), i18n.M("diag.maturity-csv.hint"))
				if cols == nil {
					return nil
				}
				continue
			}
			r.report(Problem{File: file, Rule: "maturity-read", Msg: i18n.M("diag.maturity-read", err)})
			return nil
		}
		if blank(rec) {
			continue
		}
		if cols == nil {
			headerLine, _ = cr.FieldPos(0)
			if cols = r.header(src, cr, rec, headerLine); len(cols) == 0 {
				return nil // a required column is missing: the rows cannot be read
			}
			continue
		}
		if a, ok := r.row(src, cr, rec, cols); ok {
			key := [2]string{a.key, a.Tool}
			if first, dup := seen[key]; dup {
				line, col := cr.FieldPos(cols[colTool])
				r.errorAt(src, line, col, "maturity-duplicate",
					i18n.M("diag.maturity-duplicate", a.Unit, r.tools.name[a.Tool]), i18n.M("diag.maturity-duplicate.hint", first))
				continue
			}
			seen[key] = a.Line
			round.Assessments = append(round.Assessments, a)
			round.Date = maxDate(round.Date, a.Date)
		}
	}
	if cols == nil {
		r.errorAt(src, 1, 1, "maturity-missing-column", i18n.M("diag.maturity-missing-column.no-header"), i18n.M("diag.maturity-missing-column.hint", columnList()))
		return nil
	}
	if len(round.Assessments) == 0 {
		if len(seen) == 0 && !r.hasErrors(file) {
			r.report(Problem{File: file, Line: headerLine, Col: 1, Warning: true, Rule: "maturity-empty",
				Msg: i18n.M("diag.maturity-empty"), Hint: i18n.M("diag.maturity-empty.hint")})
		}
		return nil
	}
	return round
}

func (r *reader) hasErrors(file string) bool {
	return slices.ContainsFunc(r.problems, func(p Problem) bool { return p.File == file && !p.Warning })
}

// header maps the columns; nil when a required one is missing.
func (r *reader) header(src *source, cr *csv.Reader, rec []string, line int) map[string]int {
	cols := map[string]int{}
	ok := true
	for i, h := range rec {
		l, c := cr.FieldPos(i)
		k := fold(h)
		switch {
		case k == "":
			// An empty heading: Excel saves the width of the sheet.
		case headers[k] == "":
			hint := i18n.M("diag.maturity-unknown-column.hint", columnList())
			// Only a near miss ("tasso"): a farther one would mislead.
			if s := textdist.Closest(k, columns); s != "" && textdist.Distance(k, s) <= 2 {
				hint = i18n.M("hint.did-you-mean", headers[s])
			}
			r.report(Problem{File: src.file, Line: l, Col: src.col(l, c), Warning: true, Rule: "maturity-unknown-column",
				Msg: i18n.M("diag.maturity-unknown-column", strings.TrimSpace(h)), Hint: hint})
		case hasKey(cols, k):
			r.errorAt(src, l, c, "maturity-duplicate-column", i18n.M("diag.maturity-duplicate-column", headers[k]), i18n.M("diag.maturity-duplicate-column.hint"))
			ok = false
		default:
			cols[k] = i
		}
	}
	for _, c := range required {
		if !hasKey(cols, c) {
			r.errorAt(src, line, -1, "maturity-missing-column", i18n.M("diag.maturity-missing-column", headers[c]),
				i18n.M("diag.maturity-missing-column.hint", columnList()))
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return cols
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func columnList() string {
	var out []string
	for _, c := range required {
		out = append(out, headers[c])
	}
	return strings.Join(out, ", ")
}

// row reads one assessment; false when a cell has an error (reported).
func (r *reader) row(src *source, cr *csv.Reader, rec []string, cols map[string]int) (Assessment, bool) {
	rowLine, _ := cr.FieldPos(0)
	a := Assessment{Line: rowLine}
	ok := true
	// cell returns a column's trimmed text and where the cell starts (csv's
	// byte column).
	cell := func(col string) (string, int, int) {
		i, has := cols[col]
		if !has {
			return "", 0, 0
		}
		if i >= len(rec) {
			return "", rowLine, -1 // the row is shorter than the header: at its end
		}
		l, c := cr.FieldPos(i)
		return strings.TrimSpace(rec[i]), l, c
	}
	fail := func(l, c int, rule string, msg, hint i18n.Msg) {
		r.errorAt(src, l, c, rule, msg, hint)
		ok = false
	}
	need := func(col string) (string, int, int, bool) {
		v, l, c := cell(col)
		if v == "" {
			fail(l, c, "maturity-empty-cell", i18n.M("diag.maturity-empty-cell", headers[col]), i18n.M("diag.maturity-empty-cell.hint", headers[col]))
			return "", l, c, false
		}
		return v, l, c, true
	}

	if v, _, _, has := need(colUnit); has {
		a.Unit, a.key = strings.Join(strings.Fields(v), " "), fold(v)
	}
	if v, l, c, has := need(colArea); has {
		if id, found := r.areas.find(v); found {
			a.Area = id
		} else {
			fail(l, c, "maturity-unknown-area", i18n.M("diag.maturity-unknown-area", v), r.areas.hint(v, "diag.maturity-unknown-area.hint"))
		}
	}
	if v, l, c, has := need(colTool); has {
		if id, found := r.tools.find(v); found {
			a.Tool = id
		} else {
			fail(l, c, "maturity-unknown-tool", i18n.M("diag.maturity-unknown-tool", v), r.tools.hint(v, "diag.maturity-unknown-tool.hint"))
		}
	}
	if v, l, c, has := need(colDate); has {
		if d, good := parseDate(v); good {
			a.Date = d
		} else {
			fail(l, c, "maturity-bad-date", i18n.M("diag.maturity-bad-date", v), i18n.M("diag.maturity-bad-date.hint"))
		}
	}
	if v, l, c, has := need(colLevel); has {
		n, err := parseLevel(v)
		switch {
		case err == errRange:
			fail(l, c, "maturity-bad-level", i18n.M("diag.maturity-bad-level.range", v), i18n.M("diag.maturity-bad-level.hint"))
		case err != nil:
			hint := i18n.M("diag.maturity-bad-level.hint")
			for _, lv := range r.cfg.Levels {
				if fold(lv.Name) == fold(v) {
					hint = i18n.M("diag.maturity-bad-level.name.hint", lv.Value)
				}
			}
			fail(l, c, "maturity-bad-level", i18n.M("diag.maturity-bad-level", v), hint)
		default:
			a.Level = n
		}
	}
	// The mentor column is known, so that it is no unknown column, and
	// never read further: no name of a person goes into the site.
	a.Note, _, _ = cell(colNote)
	return a, ok
}

// lookup finds an area or a tool by its id or name, ignoring case,
// diacritics and extra spaces.
type lookup struct {
	seen  map[string]string // a cell's text -> id, for the rows that repeat it
	byKey map[string]string // folded id or name -> id
	name  map[string]string // id -> name
	cands []string          // ids and names, for did-you-mean
}

func newLookup(names []Name) *lookup {
	l := &lookup{seen: map[string]string{}, byKey: map[string]string{}, name: map[string]string{}}
	for _, n := range names {
		l.name[n.ID] = n.Name
		for _, s := range []string{n.ID, n.Name} {
			if k := fold(s); k != "" && !hasString(l.byKey, k) {
				l.byKey[k] = n.ID
				l.cands = append(l.cands, s)
			}
		}
	}
	return l
}

func hasString(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func (l *lookup) find(s string) (string, bool) {
	if id, ok := l.seen[s]; ok {
		return id, true
	}
	id, ok := l.byKey[fold(s)]
	if ok {
		l.seen[s] = id
	}
	return id, ok
}

// hint names the closest id or name, else every id.
func (l *lookup) hint(s, key string) i18n.Msg {
	if c := textdist.Closest(strings.ToLower(s), lowered(l.cands)); c != "" {
		for _, orig := range l.cands {
			if strings.ToLower(orig) == c {
				return i18n.M("hint.did-you-mean", orig)
			}
		}
	}
	ids := make([]string, 0, len(l.name))
	for id := range l.name {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return i18n.M(key, strings.Join(ids, ", "))
}

func lowered(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// fold is how names are compared: lowercase, ä/å as a and ö as o, spaces
// trimmed and runs of spaces as one ("Taso " is "taso", "yksikko" is
// "yksikkö").
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range s {
		if unicode.IsSpace(c) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch c = unicode.ToLower(c); c {
		case 'ä', 'å':
			c = 'a'
		case 'ö':
			c = 'o'
		}
		b.WriteRune(c)
	}
	return b.String()
}

func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" })
}

// --- encoding and delimiter ---------------------------------------------

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode returns a file's text: UTF-8 (a byte-order mark is dropped), or,
// when the bytes are not valid UTF-8, Windows-1252, what Excel writes on
// a Finnish Windows. UTF-16 (Excel's "Unicode text") is refused.
func decode(data []byte) (string, bool) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", false
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	var text string
	if utf8.Valid(data) {
		text = string(data)
	} else {
		text = decodeWindows1252(data)
	}
	// Old Excel for Mac ends lines with CR alone.
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, true
}

// cp1252 are the characters of Windows-1252's bytes 0x80-0x9F; the other
// bytes are the same as in Latin-1 (Unicode's first 256 code points). The
// five bytes Windows-1252 leaves undefined decode to the C1 controls of
// the same number, as Windows itself does.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func decodeWindows1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// delimiter is the header line's most frequent separator outside quotes:
// a semicolon (Excel in Finnish), a comma or a tab; a semicolon on a tie.
func delimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	if isSepLine(first) {
		return rune(strings.TrimSpace(first)[4])
	}
	counts := map[rune]int{}
	quoted := false
	for _, c := range first {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[c]++
		}
	}
	best := ';'
	for _, c := range []rune{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// isSepLine reports whether a first line is Excel's "sep=;".
func isSepLine(line string) bool {
	line = strings.TrimSpace(line)
	return len(line) == 5 && strings.EqualFold(line[:4], "sep=") && strings.ContainsRune(";,\t", rune(line[4]))
}

func csvMessage(err error) i18n.Msg {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return i18n.M("diag.maturity-csv.bare-quote")
	case errors.Is(err, csv.ErrQuote):
		return i18n.M("diag.maturity-csv.quote")
	}
	return i18n.M("diag.maturity-csv", err)
}

// --- cells ----------------------------------------------------------------

var clock = regexp.MustCompile(`^\d{1,2}[:.]\d{2}([:.]\d{2})?$`)

// parseDate reads 31.5.2021 or 2021-05-31; a time after the date
// (Excel's "31.5.2021 0:00") is ignored.
func parseDate(s string) (time.Time, bool) {
	if d, t, ok := strings.Cut(s, " "); ok {
		if !clock.MatchString(strings.TrimSpace(t)) {
			return time.Time{}, false
		}
		s = d
	}
	var n [3]int      // the three numbers
	var digits [3]int // and how many digits each has
	var sep byte
	part := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n[part] = n[part]*10 + int(c-'0')
			digits[part]++
		case (c == '.' || c == '-') && part < 2 && (sep == 0 || sep == c):
			sep = c
			part++
		default:
			return time.Time{}, false
		}
	}
	var y, m, d int
	switch {
	case part != 2 || digits[1] < 1 || digits[1] > 2:
		return time.Time{}, false
	case sep == '.' && digits[0] <= 2 && digits[0] > 0 && digits[2] == 4:
		d, m, y = n[0], n[1], n[2]
	case sep == '-' && digits[0] == 4 && digits[2] <= 2 && digits[2] > 0:
		y, m, d = n[0], n[1], n[2]
	default:
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m { // 31.2.2021 would roll over
		return time.Time{}, false
	}
	return t, true
}

var errRange = errors.New("outside 0-500")

// parseLevel reads a whole number 0-500; "300,0" (a cell formatted with
// decimals) is 300.
func parseLevel(s string) (int, error) {
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	neg := strings.HasPrefix(whole, "-")
	n, err := strconv.Atoi(strings.TrimPrefix(whole, "-"))
	if err != nil || strings.HasPrefix(whole, "+") || strings.Trim(frac, "0") != "" || (frac == "" && strings.ContainsAny(s, ".,")) {
		return 0, errors.New("not a whole number")
	}
	if neg || n > MaxLevel {
		return 0, errRange
	}
	return n, nil
}

func maxDate(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
