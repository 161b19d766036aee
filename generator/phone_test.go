package generator

import (
	"strings"
	"testing"
	"time"
)

func TestTelURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"044 000 0000", "tel:+358440000000", true},
		{"040-123 4567", "tel:+358401234567", true},
		{"09 123 4567", "tel:+35891234567", true},
		{"+358 44 000 0000", "tel:+358440000000", true},
		{"00358 44 000 0000", "tel:+358440000000", true},
		{"(09) 123 4567", "tel:+35891234567", true},
		{"12345", "", false},
		{"044 000 000a", "", false},
		{"441234567", "", false}, // no 0, + or 00: not a number we can dial
		{"", "", false},
	} {
		got, ok := TelURL(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("TelURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFindPhones(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Soita 044 000 0000.", []string{"044 000 0000"}},
		{"Soita numeroon 040-123 4567, niin autamme.", []string{"040-123 4567"}},
		{"Numero +358 44 000 0000 toimii.", []string{"+358 44 000 0000"}},
		{"044 000 0000", []string{"044 000 0000"}},
		{"Päivä 01-02-2024 ja 0123456-7.", nil},
		{"Summa 1 000 000 euroa.", nil},
		{"koodi a044 000 0000", nil},
		{"versio 0.044 000 0000", nil},
		{"0800 12345", []string{"0800 12345"}},
	} {
		var got []string
		for _, r := range findPhones([]byte(tc.in)) {
			got = append(got, tc.in[r[0]:r[1]])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("findPhones(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPhoneLinks checks the rendered body: numbers in running text and in
// table cells become tel: links; code, headings and links stay as written.
func TestPhoneLinks(t *testing.T) {
	md := NewMarkdown(nil)
	doc, diags := convertBody(md, "apua.md", "/", lines(
		"Soita 044 000 0000, jos kone ei toimi.",
		"",
		"| Tapa | Yhteystieto |",
		"|---|---|",
		"| Puhelin | 09 123 4567 |",
		"",
		"Koodi `044 000 0000` ei ole linkki.",
		"",
		"## Numero 040 123 4567",
		"",
		"[Soita meille 040 765 4321](https://example.fi/)",
	))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	body := string(doc.Body)
	for _, want := range []string{
		`Soita <a href="tel:+358440000000">044 000 0000</a>, jos`,
		`<td><a href="tel:+35891234567">09 123 4567</a></td>`,
		"<code>044 000 0000</code>",
		`>Numero 040 123 4567</h2>`,
		`<a href="https://example.fi/">Soita meille 040 765 4321</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s\n%s", want, body)
		}
	}
	if got := strings.Count(body, "tel:"); got != 2 {
		t.Errorf("%d tel: links, want 2\n%s", got, body)
	}
	for _, l := range doc.Links {
		if strings.HasPrefix(l.Dest, "tel:") {
			t.Errorf("a made tel: link is in Doc.Links: %v", l)
		}
	}
}

// cardChanges is a card of the minimal site with change notes, written
// oldest first.
var cardChanges = editLines(minimal["tools/teams/jaa-naytto.md"], "weight: 20", strings.Join([]string{
	"weight: 20",
	"changes:",
	"  - date: 2024-03-01",
	"    what: Ensimmäinen versio.",
	"  - date: 2024-06-01",
	"    what: Uusi Jaa-painike.",
	"    why: Teams muuttui.",
}, "\n"))

// TestPhonePages checks the pages of issue 14's "Pages" section as the
// generator writes them: the tool page lists each card once and before
// the background text, an area page groups its cards by tool, a card
// shows its own change notes newest first and, when it is old, the calm
// notice; phone numbers are tel: links; the offline page exists.
func TestPhonePages(t *testing.T) {
	files := with(minimal, map[string]string{
		"site.yaml": editLines(minimal["site.yaml"], "  email: apu@example.fi", "  phone: 044 000 0000\n  hours: ma–pe klo 8–15") +
			lines("staleAfterMonths: 12", "offline: true"),
		"tools/teams/jaa-naytto.md": cardChanges,
		"tools/teams/vanha.md": card([]string{"title: Vanha ohje", "summary: Vanha.", "updated: 2023-05-31",
			"segments: [alkava, vahva]"}, "1. Avaa Teams."),
	})
	r := renderFiles(t, files, RenderOptions{})
	if got, want := r.Site.Today.String(), "2024-06-01"; got != want {
		t.Errorf("Today = %s, want %s (the newest date in the content)", got, want)
	}

	tool := string(r.file(t, "tools/teams/index.html"))
	for _, c := range r.Site.ToolByID["teams"].Cards {
		if got := strings.Count(tool, `class="card-link" href="`+c.URL+`"`); got != 1 {
			t.Errorf("tool page lists %s %d times, want once", c.ID, got)
		}
	}
	if cards, about := strings.Index(tool, `id="cards"`), strings.Index(tool, `id="about"`); cards < 0 || about < cards {
		t.Errorf("tool page: Ohjeet at %d, background at %d; want Ohjeet first", cards, about)
	}
	if !strings.Contains(tool, `<span class="badge badge-alkava"><span class="visually-hidden">Taso: </span>Alkava</span> <span class="badge badge-vahva">`) {
		t.Error("tool page: the card for two levels lacks its two level badges")
	}

	card := string(r.file(t, "tools/teams/jaa-naytto/index.html"))
	newest, oldest := strings.Index(card, "Uusi Jaa-painike."), strings.Index(card, "Ensimmäinen versio.")
	if !strings.Contains(card, `<h2 id="card-changes">Päivitetty 1.6.2024 – mitä muuttui</h2>`) || newest < 0 || oldest < newest {
		t.Errorf("card's change notes: want the heading and newest first (at %d, %d)", newest, oldest)
	}
	if strings.Contains(card, "stale-notice") {
		t.Error("a card updated today has the stale notice")
	}
	if body := strings.Index(card, `<div class="prose">`); body < 0 || body > strings.Index(card, `class="card-meta"`) {
		t.Error("card: the meta line is before the instructions")
	}
	old := string(r.file(t, "tools/teams/vanha/index.html"))
	if want := `<p class="stale-notice">Ohje on tarkistettu viimeksi 31.5.2023. Jos jokin ei täsmää, <a href="#help-title">kerro meille</a>.</p>`; !strings.Contains(old, want) {
		t.Errorf("old card lacks %s", want)
	}
	if !strings.Contains(old, `<a href="tel:&#43;358440000000">044 000 0000</a>`) { // html/template writes + as &#43; in attributes
		t.Error("help box: the phone number is not a tel: link")
	}
	if !strings.Contains(old, "Aukioloajat: ma–pe klo 8–15") {
		t.Error("help box: opening hours not called Aukioloajat")
	}
	if !strings.Contains(old, `data-print hidden>`) {
		t.Error("the print button is not hidden until app.js shows it")
	}

	area := string(r.file(t, "areas/terveys/index.html"))
	if !strings.Contains(area, `<h2 id="tool-teams" class="group-title"><a href="/tools/teams/">Teams</a></h2>`) {
		t.Error("area page: no heading for the tool")
	}
	offline := string(r.file(t, "offline/index.html"))
	if !strings.Contains(offline, "<h1>Olet ilman verkkoa – nämä ohjeet ovat tallessa</h1>") {
		t.Error("offline page lacks its heading")
	}
	if sw := string(r.file(t, "sw.js")); !strings.Contains(sw, `"/offline/"`) {
		t.Error("the service worker does not keep the offline page")
	}
}

// TestStaleFromSourceDate checks that the stale notice is reckoned from
// the build's date when SOURCE_DATE_EPOCH gives a later one, and from the
// content's newest date otherwise, never from the clock: two builds of the
// same content and date are the same.
func TestStaleFromSourceDate(t *testing.T) {
	files := with(minimal, map[string]string{"site.yaml": minimal["site.yaml"] + "staleAfterMonths: 12\n"})
	stale := func(opts ...LoadOption) []string {
		cfg, _ := LoadConfig(mapFS(files))
		s, _ := Load(mapFS(files), cfg, NewMarkdown(testLabels))
		for _, o := range opts {
			o(s)
		}
		Assemble(s)
		var ids []string
		for _, c := range s.Cards {
			if c.Stale {
				ids = append(ids, c.ID)
			}
		}
		return ids
	}
	if got := stale(); len(got) != 0 {
		t.Errorf("reckoned from the content's newest date (2024-06-01): stale %v, want none", got)
	}
	later := WithSourceDate(time.Date(2025, 5, 15, 23, 0, 0, 0, time.UTC))
	if got, want := strings.Join(stale(later), " "), "teams/liity-kokoukseen"; got != want {
		t.Errorf("reckoned from 2025-05-15: stale %q, want %q", got, want)
	}
	if got, want := strings.Join(stale(WithSourceDate(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))), " "), ""; got != want {
		t.Errorf("an earlier SOURCE_DATE_EPOCH: stale %q, want none (the content's date wins)", got)
	}
}

// TestCardChangesDiagnostics checks that a card's change note without its
// date or text is reported at its line.
func TestCardChangesDiagnostics(t *testing.T) {
	_, diags := site(t, with(minimal, map[string]string{
		"tools/teams/jaa-naytto.md": editLines(cardChanges, "    what: Ensimmäinen versio.", "    why: Puuttuu mitä."),
	}))
	var found bool
	for _, d := range diags {
		if d.Pos.File == "tools/teams/jaa-naytto.md" && d.Severity == Error {
			found = true
			if d.Pos.Line < 9 || d.Pos.Line > 10 {
				t.Errorf("%v: want line 9 or 10 (the note without what)", d)
			}
		}
	}
	if !found {
		t.Errorf("no error for a change note without what; got %v", diags)
	}
}

// TestApplyNewestDate: an edit that moves the content's newest date (the
// "now" of every card's stale notice) rebuilds every page; an edit that
// does not, only its own.
func TestApplyNewestDate(t *testing.T) {
	files := with(minimal, map[string]string{"site.yaml": minimal["site.yaml"] + "staleAfterMonths: 12\n"})
	s, _ := site(t, files)
	md := NewMarkdown(testLabels)
	same := with(files, map[string]string{"tools/teams/mika-on-teams.md": editLines(files["tools/teams/mika-on-teams.md"], "Teams on ohjelma.", "Teams on viestintäohjelma.")})
	if up := Apply(s, mapFS(same), md, []string{"tools/teams/mika-on-teams.md"}); up.Full {
		t.Error("an edit that leaves the newest date: a full rebuild")
	}
	later := with(files, map[string]string{"tools/teams/jaa-naytto.md": editLines(files["tools/teams/jaa-naytto.md"], "updated: 2024-06-01", "updated: 2025-09-01")})
	up := Apply(s, mapFS(later), md, []string{"tools/teams/jaa-naytto.md"})
	if !up.Full {
		t.Error("an edit that moves the newest date: not a full rebuild")
	}
	if !up.Site.CardByID["teams/liity-kokoukseen"].Stale {
		t.Error("after the newest date moved to 2025-09-01, the card of 2024-05-01 is not stale")
	}
}
