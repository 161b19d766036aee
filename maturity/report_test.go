package maturity

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"tietopankki/i18n"
)

// roundsFS makes round files from rows "unit;area;tool;date;level".
func roundsFS(rounds map[string][]string) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	var files []string
	for name, rows := range rounds {
		fsys[name] = &fstest.MapFile{Data: []byte("yksikkö;palvelualue;työkalu;arvioitu;taso\n" + strings.Join(rows, "\n") + "\n")}
		files = append(files, name)
	}
	return fsys, files
}

func mustRead(t *testing.T, rounds map[string][]string, cfg Config) *Report {
	t.Helper()
	fsys, files := roundsFS(rounds)
	r, problems := Read(fsys, files, cfg)
	if len(problems) > 0 || r == nil {
		t.Fatalf("problems: %+v", problems)
	}
	return r
}

// TestPilotGrowth reproduces the pilot's three growth figures (Terveys- ja
// sairaanhoitopalvelut +26 %, Perhe- ja sosiaalipalvelut +16 %,
// Ikääntyneiden palvelut ja kuntoutus +20 %) from a constructed data set,
// with what must not count as growth: a unit assessed only in the latest
// round (at 500), a unit assessed only in the first, a tool a unit took up
// only later, and a round in between.
func TestPilotGrowth(t *testing.T) {
	first := []string{
		// Terveys: 10 pairs at 200: mean 200.
		"T1;terveys;teams;31.5.2021;200", "T1;terveys;omaolo;31.5.2021;200",
		"T2;terveys;teams;31.5.2021;200", "T2;terveys;omaolo;31.5.2021;200",
		"T3;terveys;teams;31.5.2021;200", "T3;terveys;omaolo;31.5.2021;200",
		"T4;terveys;teams;31.5.2021;200", "T4;terveys;omaolo;31.5.2021;200",
		"T5;terveys;teams;31.5.2021;200", "T5;terveys;omaolo;31.5.2021;200",
		"Vanha yksikkö;terveys;teams;31.5.2021;0", // gone by the latest round
		// Perhe: 4 pairs at 250.
		"P1;perhe;teams;1.6.2021;250", "P1;perhe;onedrive;1.6.2021;250",
		"P2;perhe;teams;1.6.2021;250", "P2;perhe;onedrive;1.6.2021;250",
		// Ikääntyneet: 2 pairs, mean 150.
		"I1;ikaantyneet;teams;2.6.2021;100", "I1;ikaantyneet;onedrive;2.6.2021;200",
	}
	middle := []string{
		"T1;terveys;teams;15.9.2021;500", "P1;perhe;teams;15.9.2021;0", "I1;ikaantyneet;teams;15.9.2021;500",
	}
	latest := []string{
		// Terveys: the same 10 pairs, sum 2520: mean 252, +26 %.
		"T1;terveys;teams;1.12.2021;300", "T1;terveys;omaolo;1.12.2021;300",
		"T2;terveys;teams;1.12.2021;300", "T2;terveys;omaolo;1.12.2021;300",
		"T3;terveys;teams;1.12.2021;300", "T3;terveys;omaolo;1.12.2021;200",
		"T4;terveys;teams;1.12.2021;200", "T4;terveys;omaolo;1.12.2021;200",
		"T5;terveys;teams;1.12.2021;200", "T5;terveys;omaolo;1.12.2021;220",
		"Uusi yksikkö;terveys;teams;1.12.2021;500", // new: not a pair
		"T1;terveys;onedrive;1.12.2021;500",        // a tool taken up later: not a pair
		// Perhe: sum 1160 over 4: mean 290, +16 %.
		"P1;perhe;teams;2.12.2021;300", "P1;perhe;onedrive;2.12.2021;300",
		"P2;perhe;teams;2.12.2021;300", "p2 ;perhe;onedrive;2.12.2021;260", // the same unit, written differently
		// Ikääntyneet: 200 + 160 = 360 over 2: mean 180, +20 %.
		"I1;ikaantyneet;teams;3.12.2021;200", "I1;ikaantyneet;onedrive;3.12.2021;160",
	}
	r := mustRead(t, map[string][]string{"2021-05.csv": first, "2021-09.csv": middle, "2021-12.csv": latest}, testConfig)
	fi, en := i18n.MustGet("fi"), i18n.MustGet("en")
	want := map[string]struct {
		pairs         int
		first, latest float64
		fi, en        string
	}{
		"terveys":     {10, 200, 252, "+26\u00a0%", "+26%"},
		"perhe":       {4, 250, 290, "+16\u00a0%", "+16%"},
		"ikaantyneet": {2, 150, 180, "+20\u00a0%", "+20%"},
	}
	if len(r.Areas) != 3 {
		t.Fatalf("areas: got %d, want 3", len(r.Areas))
	}
	for _, a := range r.Areas {
		w := want[a.Area.ID]
		if a.First.Name != "2021-05" || a.Latest.Name != "2021-12" {
			t.Errorf("%s: compares %s with %s", a.Area.ID, a.First.Name, a.Latest.Name)
		}
		if a.Pairs != w.pairs || a.FirstMean != w.first || a.LatestMean != w.latest || !a.HasGrowth {
			t.Errorf("%s: %d pairs, means %v -> %v; want %d pairs, %v -> %v", a.Area.ID, a.Pairs, a.FirstMean, a.LatestMean, w.pairs, w.first, w.latest)
		}
		if got := Percent(fi, a.Growth); got != w.fi {
			t.Errorf("%s: growth %q, want %q", a.Area.ID, got, w.fi)
		}
		if got := Percent(en, a.Growth); got != w.en {
			t.Errorf("%s in English: growth %q, want %q", a.Area.ID, got, w.en)
		}
		if len(a.Rounds) != 3 {
			t.Errorf("%s: the chart has %d rounds, want 3", a.Area.ID, len(a.Rounds))
		}
	}
	// The chart's means are of every assessment of a round: the newcomers count there.
	if got, want := r.Areas[0].Rounds[2].Mean, float64(2520+500+500)/12; math.Abs(got-want) > 1e-9 {
		t.Errorf("terveys latest round mean: got %v, want %v", got, want)
	}
	if got, want := r.Latest().Units, 9; got != want {
		t.Errorf("units in the latest round: got %d, want %d", got, want)
	}
}

// TestNoGrowth: one round, no pairs, or a first mean of 0 give no growth.
func TestNoGrowth(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rounds map[string][]string
	}{
		{"one round", map[string][]string{"a.csv": {"A;terveys;teams;1.5.2021;100"}}},
		{"no pairs", map[string][]string{"a.csv": {"A;terveys;teams;1.5.2021;100"}, "b.csv": {"B;terveys;teams;1.12.2021;300"}}},
		{"from zero", map[string][]string{"a.csv": {"A;terveys;teams;1.5.2021;0"}, "b.csv": {"A;terveys;teams;1.12.2021;300"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRead(t, tc.rounds, testConfig)
			if a := r.Areas[0]; a.HasGrowth {
				t.Errorf("growth %v from %+v", a.Growth, a)
			}
		})
	}
}

// TestToolFigures: units per level in the latest round that assessed the
// tool and in the one before, the change, and the units below the help
// level.
func TestToolFigures(t *testing.T) {
	cfg := testConfig
	cfg.HelpBelow = 200
	r := mustRead(t, map[string][]string{
		"a.csv": {"A;terveys;teams;1.5.2021;0", "B;terveys;teams;1.5.2021;100", "C;perhe;teams;1.5.2021;100", "A;terveys;omaolo;1.5.2021;300"},
		"b.csv": {"A;terveys;teams;1.12.2021;100", "B;terveys;teams;1.12.2021;250", "C;perhe;teams;1.12.2021;500", "D;perhe;teams;1.12.2021;199"},
		"c.csv": {"A;terveys;onedrive;1.6.2022;400"}, // a later round without Teams
	}, cfg)
	teams := r.Tool("teams")
	if teams == nil || teams.Latest.Name != "b" || teams.Previous.Name != "a" {
		t.Fatalf("teams: %+v", teams)
	}
	var got []string
	for _, l := range teams.Levels {
		got = append(got, fmt.Sprintf("%d:%d(%s)", l.Value, l.Count, Signed(l.Change())))
	}
	if got, want := strings.Join(got, " "), "0:0(−1) 100:2(0) 200:1(+1) 300:0(0) 400:0(0) 500:1(+1)"; got != want {
		t.Errorf("levels: got %s, want %s", got, want)
	}
	if teams.Units != 4 || teams.PreviousUnits != 3 || teams.Below != 2 {
		t.Errorf("units %d, previous %d, below %d; want 4, 3, 2", teams.Units, teams.PreviousUnits, teams.Below)
	}
	if got, want := teams.Levels[3].Name, "Osittain käytössä"; got != want {
		t.Errorf("level 300 is called %q, want %q", got, want)
	}
	if omaolo := r.Tool("omaolo"); omaolo.Previous != nil || omaolo.Units != 1 {
		t.Errorf("omaolo: %+v", omaolo)
	}
	if r.Tool("nothing") != nil {
		t.Error("a tool never assessed has figures")
	}
	// The per-unit view: A has Teams in rounds a and b, not in c.
	var a *Unit
	for _, u := range r.Units {
		if u.Name == "A" {
			a = u
		}
	}
	if a == nil || len(a.Tools) != 3 || a.Tools[0].Tool.ID != "teams" {
		t.Fatalf("unit A: %+v", a)
	}
	if c := a.Tools[0].Cells; !c[0].Assessed || c[0].Level != 0 || c[1].Level != 100 || c[2].Assessed {
		t.Errorf("unit A's Teams cells: %+v", c)
	}
}

func TestFormat(t *testing.T) {
	fi, en := i18n.MustGet("fi"), i18n.MustGet("en")
	for _, tc := range []struct{ got, want string }{
		{Percent(fi, 0.26), "+26\u00a0%"},
		{Percent(fi, -0.054), "−5\u00a0%"},
		{Percent(fi, 0.004), "0\u00a0%"},
		{Percent(en, 1.5), "+150%"},
		{Decimal(fi, 252.04), "252,0"},
		{Decimal(fi, 187.55), "187,6"},
		{Decimal(en, 187.55), "187.6"},
		{Signed(3), "+3"},
		{Signed(-2), "−2"},
		{Signed(0), "0"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestCharts parses both charts as XML and checks what makes them
// accessible and allowed by the site's CSP: role="img" named by its title
// and description, no style attributes, ids with "_" (which Markdown
// heading ids never have), and a number written for every bar.
func TestCharts(t *testing.T) {
	r := mustRead(t, map[string][]string{
		"2021-05.csv": {"A;terveys;teams;1.5.2021;100", "B;terveys;teams;1.5.2021;200"},
		"2021-12.csv": {"A;terveys;teams;1.12.2021;300", "B;terveys;teams;1.12.2021;500", "C;terveys;teams;1.12.2021;0"},
	}, testConfig)
	fi := i18n.MustGet("fi")
	for _, tc := range []struct {
		name, svg string
		texts     []string // must be written in the chart
	}{
		{"area", string(r.Areas[0].Chart(fi)), []string{"2021-05", "150,0", "2021-12", "266,7", "0", "500"}},
		{"tool", string(r.Tool("teams").Chart(fi)), []string{"2021-12 (uusin)", "2021-05 (edellinen)", "0 Tietämätön", "500 Laajasti käytössä", "1", "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids := map[string]string{}
			var texts []string
			var root xml.StartElement
			dec := xml.NewDecoder(strings.NewReader(tc.svg))
			var inText, inTitle bool
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed: %v\n%s", err, tc.svg)
				}
				switch e := tok.(type) {
				case xml.StartElement:
					if root.Name.Local == "" {
						root = e
					}
					for _, a := range e.Attr {
						switch a.Name.Local {
						case "style":
							t.Errorf("<%s style=...>: the CSP forbids it", e.Name.Local)
						case "id":
							ids[a.Value] = e.Name.Local
							if !strings.Contains(a.Value, "_") {
								t.Errorf("id %q has no _", a.Value)
							}
						}
					}
					inText, inTitle = e.Name.Local == "text", e.Name.Local == "title"
				case xml.CharData:
					if inText {
						texts = append(texts, string(e))
					}
					if inTitle && !strings.Contains(string(e), "Terveys") && !strings.Contains(string(e), "Teams") {
						t.Errorf("title %q names neither the area nor the tool", e)
					}
				case xml.EndElement:
					inText, inTitle = false, false
				}
			}
			attr := func(name string) string {
				for _, a := range root.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			if root.Name.Local != "svg" || attr("role") != "img" {
				t.Fatalf("root <%s role=%q>", root.Name.Local, attr("role"))
			}
			labels := strings.Fields(attr("aria-labelledby"))
			if len(labels) != 2 || ids[labels[0]] != "title" || ids[labels[1]] != "desc" {
				t.Errorf("aria-labelledby=%q names %v", attr("aria-labelledby"), ids)
			}
			for _, want := range tc.texts {
				if !slices.Contains(texts, want) {
					t.Errorf("no text %q in %q", want, texts)
				}
			}
		})
	}
}
