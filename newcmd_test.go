package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tietopankki/generator"
)

// newFindings runs check on dir and returns the errors and warnings about
// the content file rel, as "rule line:col message (hint)".
func newFindings(tb testing.TB, dir, rel string) []string {
	tb.Helper()
	_, stdout, stderr := chkRun(tb, "check", "--content", dir, "--format", "json")
	var got chkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		tb.Fatalf("check output is not JSON: %v\n%s%s", err, stdout, stderr)
	}
	var out []string
	for _, list := range [][]struct {
		File          string
		Line, Col     int
		Rule, Message string
		Hint          string
	}{got.Errors, got.Warnings} {
		for _, d := range list {
			if d.File == filepath.ToSlash(filepath.Join(dir, rel)) {
				out = append(out, fmt.Sprintf("%s %d:%d %s (%s)", d.Rule, d.Line, d.Col, d.Message, d.Hint))
			}
		}
	}
	return out
}

// newCardTemplate is where check finds the template text of a new card
// (rule line:col), and that the card is too short.
var newCardTemplate = []string{
	"template-text 3:10", "template-text 9:1", "template-text 13:4", "template-text 14:4",
	"template-text 15:4", "template-text 18:3", "template-text 22:1", "short-card 2:8",
}

// newRules is findings as "rule line:col".
func newRules(findings []string) []string {
	out := make([]string, len(findings))
	for i, f := range findings {
		parts := strings.SplitN(f, " ", 3)
		out[i] = parts[0] + " " + parts[1]
	}
	return out
}

// newRead returns a file of the content folder dir.
func newRead(tb testing.TB, dir, rel string) string {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// newEdit replaces old with new in a file of dir.
func newEdit(tb testing.TB, dir, rel, old, repl string) {
	tb.Helper()
	text := newRead(tb, dir, rel)
	if !strings.Contains(text, old) {
		tb.Fatalf("%s has no %q:\n%s", rel, old, text)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(strings.ReplaceAll(text, old, repl)), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// newLoad loads the content folder as build does.
func newLoad(tb testing.TB, dir string) *generator.Site {
	tb.Helper()
	site, _, diags, err := generator.LoadSite(os.DirFS(dir), "themes")
	if err != nil || site == nil {
		tb.Fatalf("loading %s: %v %v", dir, err, diags)
	}
	return site
}

const newCardWant = `---
title: Liity puhelimella
summary: Kerro tähän yhdellä lauseella, mitä kortti neuvoo.
segments: [alkava, kokeileva, vahva]
areas: [terveys]
tags: []
updated: 2026-11-23
draft: true
---
Kerro tähän lyhyesti, missä tilanteessa ohje auttaa.

## Näin teet sen

1. Avaa ...
2. Valitse ...
3. Tallenna ...

> [!VINKKI]
> Kirjoita tähän hyvä neuvo, joka helpottaa työtä.

## Jos jokin ei onnistu

Kerro tähän, mitä lukija voi tehdä, jos jokin vaihe ei onnistu.
Voit myös kysyä apua: [Apua ja yhteystiedot](../../apua.md).
`

func TestNewCard(t *testing.T) {
	dir := chkSample(t)
	code, stdout, stderr := chkRun(t, "new", "card", "teams/liity-puhelimella", "--segment", "alkava,kokeileva", "--segment", "vahva", "--area", "terveys", "--content", dir)
	if code != exitOK {
		t.Fatalf("exit code %d, want %d: %s", code, exitOK, stderr)
	}
	rel := "tools/teams/liity-puhelimella.md"
	d := filepath.ToSlash(dir)
	if got, want := stdout, "New file: "+d+"/"+rel+"\nOpen the file and write the guide. Preview: tietopankki serve --content "+dir+
		"\nThe card is a draft: the preview shows it at http://localhost:1313/tools/teams/liity-puhelimella/, the published site does not. When the card is ready, remove the line draft: true.\n"; got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	if got, want := newRead(t, dir, rel), newCardWant; got != want {
		t.Errorf("the card:\n%s\nwant:\n%s", got, want)
	}
	if got := newFindings(t, dir, rel); len(got) > 0 {
		t.Errorf("check finds problems in the new card:\n%s", strings.Join(got, "\n"))
	}
	site := newLoad(t, dir)
	if !slices.ContainsFunc(site.Drafts, func(c *generator.Card) bool { return c.ID == "teams/liity-puhelimella" }) || site.CardByID["teams/liity-puhelimella"] != nil {
		t.Errorf("the new card is not a draft")
	}

	// Published as it is, the template text is an error at every sentence.
	newEdit(t, dir, rel, "draft: true\n", "")
	if got, want := strings.Join(newRules(newFindings(t, dir, rel)), "\n"), strings.Join(newCardTemplate, "\n"); got != want {
		t.Errorf("check on the published template:\n%s\nwant:\n%s", got, want)
	}
	if c := newLoad(t, dir).CardByID["teams/liity-puhelimella"]; c == nil || len(c.SegmentRefs) != 3 || len(c.AreaRefs) != 1 {
		t.Errorf("published card = %+v, want it with 3 segments and 1 area", c)
	}
}

func TestNewCardWithoutSegmentsOrHelpPage(t *testing.T) {
	dir := chkContent(t, nil)
	code, _, stderr := chkRun(t, "new", "--content", dir, "card", "teams/jaa-naytto")
	if got, want := stderr, "new: name the kind first, then the flags: tietopankki new card|path|tool ... --content DIR\n"; code != exitUsage || got != want {
		t.Errorf("new --content DIR card: exit code %d, stderr %q; want %d, %q", code, got, exitUsage, want)
	}
	code, _, stderr = chkRun(t, "new", "card", "--content", dir, "teams/jaa-naytto") // flags before the id
	if code != exitOK {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	text := newRead(t, dir, "tools/teams/jaa-naytto.md")
	for _, want := range []string{"title: Jaa naytto\n", "segments: []\n", "areas: []\n", "onnistu.\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card has no %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "apua") {
		t.Errorf("the card links to a help page, but site.yaml names none:\n%s", text)
	}
	newEdit(t, dir, "tools/teams/jaa-naytto.md", "draft: true\n", "")
	if got, want := strings.Join(newRules(newFindings(t, dir, "tools/teams/jaa-naytto.md")), "\n"), strings.Join(newCardTemplate, "\n"); got != want {
		t.Errorf("check on the published template:\n%s\nwant:\n%s", got, want)
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := chkSample(t)
	tests := []struct {
		args []string
		rel  string
	}{
		{[]string{"new", "card", "teams/liity-kokoukseen"}, "tools/teams/liity-kokoukseen.md"},
		{[]string{"new", "card", "chatbot/ehdota-hakusanaa"}, "tools/chatbot/ehdota-hakusanaa.md"}, // a draft
		{[]string{"new", "path", "ensiaskeleet", "--segment", "alkava"}, "paths/ensiaskeleet.md"},
		{[]string{"new", "tool", "teams"}, "tools/teams/_index.md"},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			before := newRead(t, dir, tt.rel)
			code, stdout, stderr := chkRun(t, append(tt.args, "--content", dir)...)
			if code != exitContent {
				t.Errorf("exit code %d, want %d", code, exitContent)
			}
			if got, want := stderr, "new: "+filepath.ToSlash(dir)+"/"+tt.rel+" already exists; it was left as it is (choose another name, or open that file)\n"; got != want {
				t.Errorf("stderr %q, want %q", got, want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if after := newRead(t, dir, tt.rel); after != before {
				t.Errorf("%s changed", tt.rel)
			}
		})
	}
}

func TestNewUsageErrors(t *testing.T) {
	dir := chkSample(t)
	before := chkTree(t, dir)
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no kind", []string{"new"}, "Usage:\n  tietopankki new card"},
		{"unknown kind", []string{"new", "page", "apua"}, `unknown kind "page"`},
		{"card: no id", []string{"new", "card"}, "Usage: tietopankki new card"},
		{"card: two ids", []string{"new", "card", "teams/a", "teams/b"}, "Usage: tietopankki new card"},
		{"card: no tool", []string{"new", "card", "liity"}, "write the card as <tool>/<slug>"},
		{"card: unknown tool", []string{"new", "card", "temas/liity"}, `there is no tool "temas" (did you mean "teams"?)`},
		{"card: new tool", []string{"new", "card", "kalenteri/liity"}, `there is no tool "kalenteri" (start it first: tietopankki new tool kalenteri)`},
		{"card: bad slug", []string{"new", "card", "teams/Liity_Kokoukseen"}, `"Liity_Kokoukseen" cannot be a card name (use lowercase letters a-z, digits and hyphens, e.g. tietopankki new card teams/liity-kokoukseen)`},
		{"card: unknown segment", []string{"new", "card", "teams/liity", "--segment", "alkava,aloittava"}, `site.yaml has no segment "aloittava" (did you mean "alkava"?)`},
		{"card: unknown area", []string{"new", "card", "teams/liity", "--area", "sote"}, `site.yaml has no area "sote" (known areas: terveys, perhe, ikaantyneet)`},
		{"card: unknown flag", []string{"new", "card", "teams/liity", "--tool", "teams"}, "flag provided but not defined: -tool"},
		{"path: no segment", []string{"new", "path", "aloita"}, "say who the path is for with --segment ID (alkava, kokeileva, vahva)"},
		{"path: unknown segment", []string{"new", "path", "aloita", "--segment", "vahvat"}, `site.yaml has no segment "vahvat" (did you mean "vahva"?)`},
		{"path: bad slug", []string{"new", "path", "Aloita tästä", "--segment", "alkava"}, "e.g. tietopankki new path aloita-tasta"},
		{"tool: bad id", []string{"new", "tool", "Kanta"}, "e.g. tietopankki new tool kanta"},
		{"tool: reserved id", []string{"new", "tool", "paths"}, `"paths" cannot be a tool name`},
		{"tool: no id", []string{"new", "tool"}, "Usage: tietopankki new tool"},
		{"no content folder", []string{"new", "tool", "kanta", "--content", filepath.Join(dir, "missing")}, "is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if len(args) > 1 && !strings.Contains(strings.Join(args, " "), "--content") {
				args = append(args, "--content", dir)
			}
			code, _, stderr := chkRun(t, args...)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant it to contain %q", stderr, tt.want)
			}
		})
	}
	if after := chkTree(t, dir); after != before {
		t.Errorf("a failed new changed the content folder")
	}
}

func TestNewHelp(t *testing.T) {
	code, stdout, _ := chkRun(t, "new", "--help")
	if code != exitOK {
		t.Errorf("new --help: exit code %d, want %d", code, exitOK)
	}
	for _, want := range []string{
		"tietopankki new card <tool>/<slug> [--segment ID]... [--area ID]... [--content DIR]",
		"tietopankki new path <slug> --segment ID [--content DIR]",
		"tietopankki new tool <id> [--content DIR]",
		"Exit codes: 0 file written, 1 the file exists or the content folder has errors, 2 usage errors.",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("new --help has no %q:\n%s", want, stdout)
		}
	}
	for _, kind := range []string{"card", "path", "tool"} {
		code, _, stderr := chkRun(t, "new", kind, "--help")
		if code != exitOK {
			t.Errorf("new %s --help: exit code %d, want %d", kind, code, exitOK)
		}
		if !strings.HasPrefix(stderr, "Usage: tietopankki new "+kind+" ") || !strings.Contains(stderr, "-content") {
			t.Errorf("new %s --help:\n%s", kind, stderr)
		}
	}
}

const newPathWant = `---
title: Aloita tasta
segment: vahva
summary: Kerro tähän yhdellä lauseella, mitä polulla oppii.
# Kirjoita vaiheiksi korttien tunnukset siinä järjestyksessä, jossa lukija etenee.
# Tunnus on työkalun kansio ja kortin tiedoston nimi ilman .md-päätettä.
# Poista alla olevien rivien alusta merkki # ja vaihda tilalle omat kortit:
# steps:
#   - teams/kirjoita-kanavalle
#   - teams/mikrofoni-ei-toimi
---
Kerro tähän 2–4 lauseella, kenelle polku sopii ja mitä sillä oppii.
`

func TestNewPath(t *testing.T) {
	dir := chkSample(t)
	code, stdout, stderr := chkRun(t, "new", "path", "--segment", "vahva", "aloita-tasta", "--content", dir)
	if code != exitOK {
		t.Fatalf("exit code %d, want %d: %s", code, exitOK, stderr)
	}
	rel := "paths/aloita-tasta.md"
	if got, want := stdout, "New file: "+filepath.ToSlash(dir)+"/"+rel+"\nOpen the file and write the guide. Preview: tietopankki serve --content "+dir+
		"\nAdd the path's steps under steps: before the path shows on the site. Check: tietopankki check\n"; got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	if got, want := newRead(t, dir, rel), newPathWant; got != want {
		t.Errorf("the path:\n%s\nwant:\n%s", got, want)
	}

	// As written, the path has no steps and the template text: check says to
	// add them and to write the text.
	if got, want := strings.Join(newRules(newFindings(t, dir, rel)), "\n"), "missing-field 1:1\ntemplate-text 4:10\ntemplate-text 12:1"; got != want {
		t.Errorf("check on the skeleton:\n%s\nwant:\n%s", got, want)
	}

	// With the example steps uncommented and its own text, it is a valid path.
	newEdit(t, dir, rel, "# steps:\n#   - ", "steps:\n  - ")
	newEdit(t, dir, rel, "\n#   - ", "\n  - ")
	newEdit(t, dir, rel, generator.Placeholders.PathSummary, "Opit kirjoittamaan kanavalle.")
	newEdit(t, dir, rel, generator.Placeholders.PathIntro, "Polku sopii sinulle, joka käytät Teamsia jo.")
	if got := newFindings(t, dir, rel); len(got) > 0 {
		t.Errorf("check finds problems in the path with steps:\n%s", strings.Join(got, "\n"))
	}
	p := newLoad(t, dir).PathByID["paths/aloita-tasta"]
	if p == nil || len(p.Cards) != 2 || p.SegmentRef == nil || p.SegmentRef.ID != "vahva" {
		t.Errorf("path = %+v, want 2 steps for vahva", p)
	}
}

const newToolWant = `---
title: Kanta
purpose: Kerro tähän yhdellä lauseella, mihin työkalu auttaa työssä.
# link: https://osoite.example.fi/
---
## Mihin työkalu auttaa?

Kerro tähän, mitä työkalulla voi tehdä.

## Kuka työkalua käyttää?

Kerro tähän, ketkä työkalua käyttävät ja missä työssä.

## Aloita tästä

Linkitä tähän työkalun tärkein ohjekortti.
Uuden kortin saat komennolla ` + "`tietopankki new card kanta/kortin-nimi`" + `.
`

func TestNewTool(t *testing.T) {
	dir := chkSample(t)
	code, stdout, stderr := chkRun(t, "new", "tool", "kanta", "--content", dir)
	if code != exitOK {
		t.Fatalf("exit code %d, want %d: %s", code, exitOK, stderr)
	}
	rel := "tools/kanta/_index.md"
	if got, want := stdout, "New file: "+filepath.ToSlash(dir)+"/"+rel+"\nOpen the file and write the guide. Preview: tietopankki serve --content "+dir+
		"\nThen write the tool's first card: tietopankki new card kanta/kortin-nimi\n"; got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	if got, want := newRead(t, dir, rel), newToolWant; got != want {
		t.Errorf("the tool page:\n%s\nwant:\n%s", got, want)
	}
	if got, want := strings.Join(newRules(newFindings(t, dir, rel)), "\n"), "template-text 3:10\ntemplate-text 8:1\ntemplate-text 12:1\ntemplate-text 16:1\ntemplate-text 17:1"; got != want {
		t.Errorf("check on the tool page template:\n%s\nwant:\n%s", got, want)
	}
	if tool := newLoad(t, dir).ToolByID["kanta"]; tool == nil || tool.Title != "Kanta" {
		t.Errorf("tool = %+v, want the tool Kanta", tool)
	}

	// The new tool takes cards.
	if code, _, stderr := chkRun(t, "new", "card", "kanta/kirjaudu", "--content", dir); code != exitOK {
		t.Fatalf("new card in the new tool: exit code %d: %s", code, stderr)
	}
	newEdit(t, dir, "tools/kanta/kirjaudu.md", "draft: true\n", "")
	if got, want := strings.Join(newRules(newFindings(t, dir, "tools/kanta/kirjaudu.md")), "\n"), strings.Join(newCardTemplate, "\n"); got != want {
		t.Errorf("check on the tool's card:\n%s\nwant:\n%s", got, want)
	}
}

// TestNewDefaultContent: without --content, new writes into content/ of the
// working folder, and says `tietopankki serve` without flags.
func TestNewDefaultContent(t *testing.T) {
	dir := chkSample(t)
	t.Chdir(filepath.Dir(dir))
	code, stdout, stderr := chkRun(t, "new", "tool", "kanta")
	if code != exitOK {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "tools", "kanta", "_index.md")); err != nil {
		t.Error(err)
	}
	if got, want := stdout, "New file: content/tools/kanta/_index.md\nOpen the file and write the guide. Preview: tietopankki serve\n"+
		"Then write the tool's first card: tietopankki new card kanta/kortin-nimi\n"; got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
}
