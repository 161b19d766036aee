package maturity

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tietopankki/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// testConfig is the areas and tools of the sample site.
var testConfig = Config{
	Areas: []Name{
		{"terveys", "Terveys- ja sairaanhoitopalvelut"},
		{"perhe", "Perhe- ja sosiaalipalvelut"},
		{"ikaantyneet", "Ikääntyneiden palvelut ja kuntoutus"},
	},
	Tools: []Name{{"teams", "Teams"}, {"onedrive", "OneDrive"}, {"omaolo", "Omaolo"}},
}

// dump writes what Read made of files, in Finnish: every problem as the
// build prints it, then every round and row.
func dump(r *Report, problems []Problem) string {
	fi := i18n.MustGet("fi")
	var b strings.Builder
	for _, p := range problems {
		sev := "virhe"
		if p.Warning {
			sev = "varoitus"
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s [%s]: %s", p.File, p.Line, p.Col, sev, p.Rule, fi.Format(p.Msg))
		if h := fi.Format(p.Hint); h != "" {
			fmt.Fprintf(&b, " (%s)", h)
		}
		b.WriteString("\n")
	}
	if r == nil {
		return b.String()
	}
	for _, rd := range r.Rounds {
		fmt.Fprintf(&b, "round %q %s %s: %d units, %d tools\n", rd.Name, rd.File, rd.Date.Format(time.DateOnly), rd.Units, rd.Tools)
		for _, a := range rd.Assessments {
			fmt.Fprintf(&b, "  line %d: %q %s %s %s %d %q\n", a.Line, a.Unit, a.Area, a.Tool, a.Date.Format(time.DateOnly), a.Level, a.Note)
		}
	}
	return b.String()
}

// golden compares got with testdata/<name>.golden (go test -update rewrites it).
func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what Read gives (go test -update rewrites it):\n--- got\n%s--- want\n%s", file, got, want)
	}
}

// TestDialects reads the two ways Excel saves a sheet: Finnish Excel's
// "CSV" (semicolons, Windows-1252, Finnish dates, CRLF, an empty row of
// separators at the end) and "CSV UTF-8" (commas, a byte-order mark, ISO
// dates), with headers in another order and spelling. Both hold the same
// six rows.
func TestDialects(t *testing.T) {
	fsys := os.DirFS("testdata")
	var rows [][]string
	for _, name := range []string{"semicolon-cp1252", "comma-bom"} {
		t.Run(name, func(t *testing.T) {
			r, problems := Read(fsys, []string{name + ".csv"}, testConfig)
			golden(t, name, dump(r, problems))
			if len(problems) > 0 || r == nil {
				t.Fatalf("problems: %v", problems)
			}
			var got []string
			for _, a := range r.Rounds[0].Assessments {
				got = append(got, fmt.Sprintf("%s|%s|%s|%s|%d|%s", a.Unit, a.Area, a.Tool, a.Date.Format(time.DateOnly), a.Level, a.Note))
			}
			rows = append(rows, got)
		})
	}
	if len(rows) == 2 && !slices.Equal(rows[0], rows[1]) {
		t.Errorf("the two dialects read differently:\n%s\n%s", strings.Join(rows[0], "\n"), strings.Join(rows[1], "\n"))
	}
}

// TestProblems reads files full of mistakes: every problem is reported at
// its cell's line and column (in characters: "Äitiysneuvola;" is 14
// characters but 15 bytes), and the good rows are still read.
func TestProblems(t *testing.T) {
	r, problems := Read(os.DirFS("testdata"), []string{"problems.csv", "missing-column.csv", "header-only.csv", "unicode-text.csv"}, testConfig)
	golden(t, "problems", dump(r, problems))
	rules := map[string]bool{}
	for _, p := range problems {
		rules[p.Rule] = true
	}
	for _, rule := range []string{"maturity-unknown-column", "maturity-duplicate", "maturity-unknown-area", "maturity-unknown-tool",
		"maturity-bad-date", "maturity-bad-level", "maturity-empty-cell", "maturity-csv", "maturity-missing-column",
		"maturity-duplicate-column", "maturity-empty", "maturity-encoding"} {
		if !rules[rule] {
			t.Errorf("no %s problem", rule)
		}
	}
	if r == nil || len(r.Rounds) != 1 {
		t.Fatalf("want the one round with good rows, got %+v", r)
	}
	if got, want := len(r.Rounds[0].Assessments), 2; got != want {
		t.Errorf("good rows: got %d, want %d", got, want)
	}
}

// TestCellColumns: a problem's column is where its cell starts, counted in
// characters, through quoted cells and multi-byte letters.
func TestCellColumns(t *testing.T) {
	for _, tc := range []struct {
		name, row string
		col       int
	}{
		{"first cell", ";terveys;teams;31.5.2021;100", 1},
		{"after ä", "Äitiysneuvola;terveyss;teams;31.5.2021;100", 15},
		{"after a quoted cell", `"Neuvola; itä";terveys;tems;31.5.2021;100`, 24},
		{"level after ö", "Työterveys;terveys;teams;1.6.2021;x", 35},
		{"short row", "Työterveys;terveys;teams;1.6.2021", 34},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"r.csv": {Data: []byte("yksikkö;palvelualue;työkalu;arvioitu;taso\n" + tc.row + "\n")}}
			_, problems := Read(fsys, []string{"r.csv"}, testConfig)
			if len(problems) != 1 {
				t.Fatalf("want one problem, got %+v", problems)
			}
			if got := problems[0]; got.Line != 2 || got.Col != tc.col {
				t.Errorf("%s at %d:%d, want 2:%d", got.Rule, got.Line, got.Col, tc.col)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = invalid
	}{
		{"31.5.2021", "2021-05-31"},
		{"01.06.2021", "2021-06-01"},
		{"2021-05-31", "2021-05-31"},
		{"2021-5-3", "2021-05-03"},
		{"31.5.2021 0:00", "2021-05-31"},
		{"31.5.2021 12.30", "2021-05-31"},
		{"31.2.2021", ""},
		{"31.5.21", ""},
		{"5/31/2021", ""},
		{"31.5.2021 klo", ""},
		{"toukokuu", ""},
	} {
		got, ok := parseDate(tc.in)
		s := ""
		if ok {
			s = got.Format(time.DateOnly)
		}
		if s != tc.want {
			t.Errorf("parseDate(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

func TestParseLevel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  string
	}{
		{"0", 0, ""},
		{"300", 300, ""},
		{"250", 250, ""},
		{"500", 500, ""},
		{"300,0", 300, ""},
		{"300.00", 300, ""},
		{"501", 0, "range"},
		{"-100", 0, "range"},
		{"300,5", 0, "number"},
		{"kolme", 0, "number"},
		{"3e2", 0, "number"},
	} {
		got, err := parseLevel(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("parseLevel(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		case tc.err == "range" && err != errRange:
			t.Errorf("parseLevel(%q): want the range error, got %v", tc.in, err)
		case tc.err == "number" && (err == nil || err == errRange):
			t.Errorf("parseLevel(%q): want a number error, got %v", tc.in, err)
		}
	}
}

func TestDelimiter(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   rune
	}{
		{"yksikkö;palvelualue;työkalu;arvioitu;taso", ';'},
		{"yksikkö,palvelualue,työkalu,arvioitu,taso", ','},
		{"yksikkö\tpalvelualue\ttyökalu\tarvioitu\ttaso", '\t'},
		{`"yksikkö, nimi";palvelualue;työkalu`, ';'}, // commas inside quotes do not count
		{"sep=,\nyksikkö;x", ','},
		{"yksikkö", ';'},
	} {
		if got := delimiter(tc.header + "\n"); got != tc.want {
			t.Errorf("delimiter(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

// TestWindows1252 decodes every byte of the code page's upper half the
// way Windows does.
func TestWindows1252(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte{'T', 'y', 0xF6, 'k', 'a', 'l', 'u'}, "Työkalu"},
		{[]byte{0xC4, 'i', 't', 'i'}, "Äiti"},
		{[]byte{'9', 0x96, '1', '0'}, "9–10"},
		{[]byte{0x80, 0x84, 0x93, 0x94, 0x9F}, "€„“”Ÿ"},
		{[]byte{0x81, 0xA0, 0xE5, 0xFF}, "\u0081\u00a0åÿ"},
	} {
		if got := decodeWindows1252(tc.in); got != tc.want {
			t.Errorf("decodeWindows1252(% x) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Valid UTF-8 stays UTF-8; a byte-order mark goes.
	if got, _ := decode([]byte("\xef\xbb\xbfTyökalu")); got != "Työkalu" {
		t.Errorf("UTF-8 with BOM: got %q", got)
	}
	if got, _ := decode([]byte("a;b\rc;d\r")); got != "a;b\nc;d\n" {
		t.Errorf("CR line ends: got %q", got)
	}
}

// TestLenientNames: headers, areas, tools and units match whatever the
// case, the dots of ä and ö and the spaces.
func TestLenientNames(t *testing.T) {
	csv := "  YKSIKKO ;Palvelu alue;tyokalu;Arvioitu;Taso \n" +
		"kotihoito  lahti ITÄ;TERVEYS- JA SAIRAANHOITOPALVELUT; onedrive ;31.5.2021;100\n"
	fsys := fstest.MapFS{"r.csv": {Data: []byte(csv)}}
	_, problems := Read(fsys, []string{"r.csv"}, testConfig)
	// "Palvelu alue" is not "palvelualue": a warning and a missing column.
	if len(problems) != 2 || problems[0].Rule != "maturity-unknown-column" || problems[1].Rule != "maturity-missing-column" {
		t.Fatalf("got %+v", problems)
	}
	if got, want := i18n.MustGet("fi").Format(problems[0].Hint), `tarkoititko "palvelualue"?`; got != want {
		t.Errorf("hint: got %q, want %q", got, want)
	}
	csv = strings.Replace(csv, "Palvelu alue", "palvelualue", 1)
	r, problems := Read(fstest.MapFS{"r.csv": {Data: []byte(csv)}}, []string{"r.csv"}, testConfig)
	if len(problems) > 0 {
		t.Fatalf("problems: %+v", problems)
	}
	a := r.Rounds[0].Assessments[0]
	if a.Unit != "kotihoito lahti ITÄ" || a.Area != "terveys" || a.Tool != "onedrive" {
		t.Errorf("got %+v", a)
	}
}

// TestRoundOrder: rounds are ordered by their latest date, whatever their
// file names, and named by site.yaml when it names them.
func TestRoundOrder(t *testing.T) {
	head := "yksikkö;palvelualue;työkalu;arvioitu;taso\n"
	fsys := fstest.MapFS{
		"syksy.csv": {Data: []byte(head + "A;terveys;teams;1.12.2021;200\nB;terveys;teams;20.11.2021;200\n")},
		"kevat.csv": {Data: []byte(head + "A;terveys;teams;31.5.2021;100\nB;terveys;teams;1.6.2021;100\n")},
		"alku.csv":  {Data: []byte(head + "A;terveys;teams;1.1.2022;300\n")},
	}
	cfg := testConfig
	cfg.Rounds = map[string]string{"kevat.csv": "Kevät 2021"}
	r, problems := Read(fsys, []string{"alku.csv", "kevat.csv", "syksy.csv"}, cfg)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, rd := range r.Rounds {
		got = append(got, rd.Name+" "+rd.Date.Format(time.DateOnly))
	}
	if want := []string{"Kevät 2021 2021-06-01", "syksy 2021-12-01", "alku 2022-01-01"}; !slices.Equal(got, want) {
		t.Errorf("rounds: got %v, want %v", got, want)
	}
}

// TestNoMentor: the mentor column is read past and kept nowhere.
func TestNoMentor(t *testing.T) {
	csv := "yksikkö;palvelualue;työkalu;arvioitu;taso;mentori;huomio\nA;terveys;teams;1.12.2021;200;Maija Mentori;hyvä\n"
	r, problems := Read(fstest.MapFS{"r.csv": {Data: []byte(csv)}}, []string{"r.csv"}, testConfig)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if s := fmt.Sprintf("%+v", r.Rounds[0].Assessments); strings.Contains(s, "Maija") {
		t.Errorf("the mentor's name is kept: %s", s)
	}
	if got := r.Rounds[0].Assessments[0].Note; got != "hyvä" {
		t.Errorf("note: got %q", got)
	}
}
