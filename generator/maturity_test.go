package generator

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tietopankki/i18n"
	"tietopankki/internal/cputime"
	"tietopankki/internal/synth"
	"tietopankki/maturity"
)

// withRounds is minimal with two maturity rounds of its one tool, Teams:
// the first in Windows-1252 with semicolons (as Finnish Excel saves it),
// the second in UTF-8 with a byte-order mark and commas.
func withRounds(changes map[string]string) map[string]string {
	first := "Yksikkö;Palvelualue;Työkalu;Arvioitu;Taso;Mentori;Huomio\r\n" +
		"Kotihoito Lahti itä;terveys;Teams;31.5.2021;100;AK;\r\n" +
		"Perheneuvola Lahti;Perhe;teams;1.6.2021;200;;\r\n"
	second := "\ufeffyksikkö,palvelualue,työkalu,arvioitu,taso,mentori,huomio\r\n" +
		"Kotihoito Lahti itä,terveys,Teams,2021-12-01,300,AK,Viikkopalaverit Teamsissa\r\n" +
		"Perheneuvola Lahti,perhe,Teams,2021-12-02,200,,\r\n" +
		"Neuvola Nastola,terveys,Teams,2021-12-03,0,,\r\n"
	return with(minimal, with(map[string]string{
		"maturity/2021-05.csv": string(latin1(first)),
		"maturity/2021-12.csv": second,
	}, changes))
}

// latin1 encodes text whose characters are all in Latin-1, as Windows-1252.
func latin1(s string) []byte {
	var out []byte
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

// TestMaturityPages: a site with rounds gets the overview, a page a tool
// that was assessed and a section on that tool's page, in the sitemap and
// the menu; the round files themselves are not published.
func TestMaturityPages(t *testing.T) {
	files := withRounds(map[string]string{"maturity/kierrokset.xlsx": "PK\x03\x04"})
	s, diags := site(t, files)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	if got := rulesOf(diags); !slices.Equal(got, []string{"maturity-not-csv"}) {
		t.Errorf("diagnostics: got %v, want the .xlsx's warning", diags)
	}
	r := renderFiles(t, files, RenderOptions{Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	checkPages(t, r)
	overview := string(r.file(t, "kypsyys/index.html"))
	for _, want := range []string{
		"Muutos kierroksesta 2021-05 kierrokseen 2021-12:",
		"&#43;200\u00a0%", // terveys: 100 -> 300 (html/template writes + as &#43;)
		"0\u00a0%",        // perhe: 200 -> 200
		`role="img"`, "Terveys: keskitaso kierroksittain", `<th scope="row">2021-12</th>`,
		`href="/kypsyys/teams/"`, "500 Laajasti käytössä",
	} {
		if !strings.Contains(overview, want) {
			t.Errorf("the overview has no %q", want)
		}
	}
	if strings.Contains(overview, "AK") || strings.Contains(string(r.file(t, "tools/teams/index.html")), "AK") {
		t.Error("a mentor's initials are published")
	}
	for _, page := range []string{"tools/teams/index.html", "kypsyys/teams/index.html"} {
		body := string(r.file(t, page))
		for _, want := range []string{`id="maturity-levels"`, "Teams: yksiköt tasoittain", `<th scope="row">300 Osittain käytössä</th>`,
			"Näillä ohjeilla pääsee alkuun", "2 yksikköä on tasolla alle 300."} {
			if !strings.Contains(body, want) {
				t.Errorf("%s has no %q", page, want)
			}
		}
	}
	home := string(r.file(t, "index.html"))
	if !strings.Contains(home, `<a href="/kypsyys/">Digivalmius</a>`) || !strings.Contains(home, "/assets/maturity.") {
		t.Error("the home page has no menu entry or stylesheet for the meter")
	}
	sitemap := string(r.file(t, "sitemap.xml"))
	for _, u := range []string{"https://tietopankki.example.fi/kypsyys/", "https://tietopankki.example.fi/kypsyys/teams/"} {
		if !strings.Contains(sitemap, "<loc>"+u+"</loc>") {
			t.Errorf("the sitemap has no %s", u)
		}
	}
	for _, name := range r.Out.Names() {
		if strings.HasPrefix(name, "maturity/") || strings.HasSuffix(name, ".csv") || strings.Contains(name, "yksikot") {
			t.Errorf("published %s", name)
		}
	}
	if got := len(s.Maturity.Rounds); got != 2 {
		t.Errorf("rounds: got %d, want 2", got)
	}
}

// TestNoMaturity: a site without content/maturity/ has no meter pages, no
// menu entry and no stylesheet for them.
func TestNoMaturity(t *testing.T) {
	r := renderFiles(t, minimal, RenderOptions{})
	for _, name := range r.Out.Names() {
		if strings.HasPrefix(name, "kypsyys/") {
			t.Errorf("published %s", name)
		}
	}
	for _, page := range []string{"index.html", "tools/teams/index.html"} {
		body := string(r.file(t, page))
		if strings.Contains(body, "kypsyys") || strings.Contains(body, "maturity") {
			t.Errorf("%s mentions the meter", page)
		}
	}
}

// TestMaturityUnits: maturity.units: true adds the units' list and a page
// a unit (with the notes), numbering units whose names make the same slug.
func TestMaturityUnits(t *testing.T) {
	files := withRounds(map[string]string{
		"site.yaml":            minimal["site.yaml"] + "maturity:\n  units: true\n",
		"maturity/2022-01.csv": "yksikkö;palvelualue;työkalu;arvioitu;taso\nKotihoito, Lahti itä;terveys;teams;3.1.2022;400\n",
	})
	r := renderFiles(t, files, RenderOptions{})
	checkPages(t, r)
	list := string(r.file(t, "kypsyys/yksikot/index.html"))
	for _, want := range []string{`href="/kypsyys/yksikot/kotihoito-lahti-ita/"`, `href="/kypsyys/yksikot/kotihoito-lahti-ita-2/"`, `href="/kypsyys/yksikot/neuvola-nastola/"`} {
		if !strings.Contains(list, want) {
			t.Errorf("the units' list has no %s", want)
		}
	}
	unit := string(r.file(t, "kypsyys/yksikot/kotihoito-lahti-ita/index.html"))
	for _, want := range []string{"<h1>Kotihoito Lahti itä</h1>", `<td class="num">100</td><td class="num">300</td>`, "<strong>Teams:</strong> Viikkopalaverit Teamsissa"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit's page has no %q", want)
		}
	}
	if strings.Contains(unit, "AK") {
		t.Error("the unit's page shows the mentor")
	}
}

// TestMaturityDiagnostics: the rounds' problems and those of site.yaml's
// maturity section are the build's diagnostics, at their files and cells.
func TestMaturityDiagnostics(t *testing.T) {
	files := withRounds(map[string]string{
		"site.yaml": minimal["site.yaml"] + lines(
			"maturity:",
			"  helpBelow: 600",
			"  helpSegments: [alkava, aloittelija]",
			"  rounds:",
			"    - file: 2021-5.csv",
			"      name: Kevät",
			"  levels:",
			"    - level: 150",
			"      name: Puolivälissä",
			"    - name: Ilman tasoa",
			"    - level: 0",
			"      name: Ei tunneta",
			"    - level: 0",
			"      name: Taas",
		),
		"maturity/2022-01.csv": "yksikkö;palvelualue;työkalu;arvioitu;taso\nNeuvola;terveys;Temas;3.1.2022;300\nNeuvola;kotihoito;teams;3.1.2022;600\n",
	})
	_, diags := site(t, files)
	fi := i18n.MustGet("fi")
	var got []string
	for _, d := range diags {
		line := d.Pos.String() + " " + d.Rule
		if strings.HasPrefix(d.Rule, "maturity-") {
			line += " " + fi.Format(d.Hint) // the generic rules' words are not this test's
		}
		got = append(got, line)
	}
	want := []string{
		`maturity/2022-01.csv:2:17 maturity-unknown-tool tarkoititko "teams"?`,
		"maturity/2022-01.csv:3:9 maturity-unknown-area kirjoita palvelualueen tunnus tai nimi. Tunnukset ovat perhe, terveys",
		"maturity/2022-01.csv:3:34 maturity-bad-level kirjoita taso numerona 0–500, esimerkiksi 300",
		"site.yaml:24:14 maturity-config kirjoita taso, jota alemmille yksiköille ohjeita tarjotaan, esimerkiksi 300",
		"site.yaml:25:26 unknown-segment",
		`site.yaml:27:7 maturity-config tarkoititko "2021-05.csv"?`,
		"site.yaml:30:14 maturity-config kirjoita level: ja jokin luvuista 0, 100, 200, 300, 400 tai 500",
		"site.yaml:32:7 maturity-config kirjoita level: ja jokin luvuista 0, 100, 200, 300, 400 tai 500",
		"site.yaml:35:14 maturity-config poista toinen niistä",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMaturityLevelsAndHelp: site.yaml renames levels and chooses the help
// level and segments; the help lists the tool's learning paths and cards
// for those segments only.
func TestMaturityLevelsAndHelp(t *testing.T) {
	files := withRounds(map[string]string{
		"site.yaml": minimal["site.yaml"] + lines(
			"maturity:",
			"  helpBelow: 250",
			"  helpSegments: [kokeileva]",
			"  rounds:",
			"    - file: 2021-12.csv",
			"      name: Syksy 2021",
			"  levels:",
			"    - level: 300",
			"      name: Käytössä osin",
		),
	})
	s, diags := site(t, files)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	teams := s.MaturityTool(s.ToolByID["teams"])
	if teams.Latest.Name != "Syksy 2021" || teams.Below != 2 || teams.Levels[3].Name != "Käytössä osin" ||
		teams.Levels[3].Description != "Osa työntekijöistä käyttää digityökalua työssään." {
		t.Errorf("got latest %q, %d below, level 300 %+v", teams.Latest.Name, teams.Below, teams.Levels[3])
	}
	help := s.MaturityHelpFor(s.ToolByID["teams"])
	var ids []string
	for _, c := range help.Cards {
		ids = append(ids, c.ID)
	}
	// The path is for alkava; jaa-naytto is for vahva only.
	if len(help.Paths) != 0 || !slices.Equal(ids, []string{"teams/mika-on-teams", "teams/liity-kokoukseen"}) || help.SegmentNames() != "Kokeileva" {
		t.Errorf("help: paths %v, cards %v, segments %q", help.Paths, ids, help.SegmentNames())
	}
	// By default every segment but the last helps: the alkava path too.
	s, _ = site(t, withRounds(nil))
	if help := s.MaturityHelpFor(s.ToolByID["teams"]); len(help.Paths) != 1 || help.SegmentNames() != "Alkava, Kokeileva" {
		t.Errorf("default help: %d paths, segments %q", len(help.Paths), help.SegmentNames())
	}
}

// TestApplyMaturity: the dev server's incremental build of a changed round
// renders the meter's pages and the tool pages again, and only them with
// the home page; the first round or the last one gone changes the menu of
// every page: a full build.
func TestApplyMaturity(t *testing.T) {
	files := withRounds(nil)
	old, diags := site(t, files)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	md := NewMarkdown(testLabels)
	changed := with(files, map[string]string{"maturity/2021-12.csv": "yksikkö;palvelualue;työkalu;arvioitu;taso\nKotihoito Lahti itä;terveys;teams;1.12.2021;500\n"})
	up := Apply(old, mapFS(changed), md, []string{"maturity/2021-12.csv"})
	if up.Diags.HasErrors() || up.Full {
		t.Fatalf("full %v, diagnostics %v", up.Full, up.Diags)
	}
	var views []string
	for _, v := range up.Views {
		views = append(views, v.File())
	}
	if want := []string{"index.html", "kypsyys/index.html", "kypsyys/teams/index.html", "tools/teams/index.html"}; !slices.Equal(views, want) {
		t.Errorf("views: got %v, want %v", views, want)
	}
	if got := up.Site.MaturityTool(up.Site.ToolByID["teams"]).Levels[5].Count; got != 1 {
		t.Errorf("the new round is not read: %d units at 500", got)
	}
	if old.MaturityTool(old.ToolByID["teams"]).Levels[5].Count != 0 {
		t.Error("Apply changed the old site")
	}

	bad := with(files, map[string]string{"maturity/2021-12.csv": "yksikkö;palvelualue;työkalu;arvioitu;taso\nA;terveys;teams;1.12.2021;700\n"})
	if up := Apply(old, mapFS(bad), md, []string{"maturity/2021-12.csv"}); !up.Diags.HasErrors() || up.Diags[0].Rule != "maturity-bad-level" {
		t.Errorf("a bad round: %v", up.Diags)
	}

	gone := with(files, map[string]string{"maturity/2021-05.csv": "", "maturity/2021-12.csv": ""})
	if up := Apply(old, mapFS(gone), md, []string{"maturity/2021-05.csv", "maturity/2021-12.csv"}); !up.Full || up.Site.Maturity != nil {
		t.Errorf("the last round gone: full %v", up.Full)
	}
	plain, _ := site(t, minimal)
	if up := Apply(plain, mapFS(files), md, []string{"maturity/2021-05.csv"}); !up.Full || up.Site.Maturity == nil {
		t.Errorf("the first round: full %v", up.Full)
	}

	// A card of the tool changes: its maturity page lists the cards too.
	card := with(files, map[string]string{"tools/teams/mika-on-teams.md": strings.Replace(minimal["tools/teams/mika-on-teams.md"], "Mikä on Teams", "Mikä Teams on", 1)})
	up = Apply(old, mapFS(card), md, []string{"tools/teams/mika-on-teams.md"})
	if !slices.ContainsFunc(up.Views, func(v *View) bool { return v.File() == "kypsyys/teams/index.html" }) {
		t.Error("a card's change does not render the tool's maturity page again")
	}
}

func rulesOf(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Rule)
	}
	return out
}

// The default levels' names come from the catalogue of the site's language.
func TestMaturityLevelsInEnglish(t *testing.T) {
	files := withRounds(map[string]string{"site.yaml": strings.Replace(minimal["site.yaml"], "language: fi", "language: en", 1)})
	s, diags := site(t, files)
	if diags.HasErrors() {
		t.Fatal(diags.Errors())
	}
	if got := s.Maturity.Levels[0].Name; got != "Unaware" {
		t.Errorf("level 0 in English: %q", got)
	}
	if got := maturity.Percent(i18n.MustGet("en"), s.Maturity.Areas[0].Growth); got != "+200%" {
		t.Errorf("growth in English: %q", got)
	}
}

// BenchmarkMaturityRender times the stages the meter touches (load with
// validation and assembly, and rendering every page into memory) on 1,000
// synthetic cards, without rounds and with 10 rounds of 500 units and 10
// tools (50,000 rows): the difference is the meter's share of a build.
// The search index, which the meter does not change, is left out.
func BenchmarkMaturityRender(b *testing.B) {
	for _, rounds := range []int{0, 10} {
		b.Run(fmt.Sprintf("rounds=%d", rounds), func(b *testing.B) {
			fsys := fstest.MapFS{}
			for name, data := range synth.Generate(synth.Config{Cards: 1000, Seed: 1, Rounds: rounds, Units: 500}) {
				fsys[name] = &fstest.MapFile{Data: data}
			}
			th := defaultTheme(b, "/")
			before := cputime.Used()
			for b.Loop() {
				s, diags := siteFS(b, fsys)
				if diags.HasErrors() {
					b.Fatal(diags.Errors())
				}
				if err := Render(context.Background(), s, th, NewMemOutput(), RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cputime.Used()-before).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
	// The meter's own share, measured alone, as the two builds above differ
	// by less than a loaded machine's noise: reading the rounds (Load's
	// loadMaturity), and rendering the /kypsyys/ pages and the tool pages
	// that carry its section.
	fsys := fstest.MapFS{}
	for name, data := range synth.Generate(synth.Config{Cards: 1000, Seed: 1, Rounds: 10, Units: 500}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	s, _ := siteFS(b, fsys)
	b.Run("read", func(b *testing.B) {
		before := cputime.Used()
		for b.Loop() {
			var d diags
			s.loadMaturity(fsys, &d)
		}
		b.ReportMetric((cputime.Used()-before).Seconds()/float64(b.N), "cpu-s/op")
	})
	b.Run("pages", func(b *testing.B) {
		th := defaultTheme(b, "/")
		views := maturityViews(s)
		for _, t := range s.Tools {
			views = append(views, ToolView(t))
		}
		for _, v := range views {
			v.Site = s
		}
		before := cputime.Used()
		for b.Loop() {
			if err := RenderViews(context.Background(), th, views, NewMemOutput(), RenderOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((cputime.Used()-before).Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(len(views)), "pages")
	})
}
