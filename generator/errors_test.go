package generator

import (
	"fmt"
	"strings"
	"testing"

	"tietopankki/i18n"
)

// wantDiag is a diagnostic a test expects: where, which rule, and parts of
// its message and hint. Every error must have a hint, whatever the case says.
type wantDiag struct {
	pos      string // "file:line:col"
	severity Severity
	rule     string
	msg      string // a part of the message
	hint     string // a part of the hint
}

func wantErr(pos, rule, msg, hint string) wantDiag {
	return wantDiag{pos: pos, severity: Error, rule: rule, msg: msg, hint: hint}
}

func wantWarn(pos, rule, msg, hint string) wantDiag {
	return wantDiag{pos: pos, severity: Warning, rule: rule, msg: msg, hint: hint}
}

// diagProblems compares diagnostics with the wanted ones, in order, and
// returns what differs.
func diagProblems(got Diagnostics, want []wantDiag) []string {
	var problems []string
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(want):
			problems = append(problems, fmt.Sprintf("unexpected %s [%s]", got[i], got[i].Rule))
			continue
		case i >= len(got):
			problems = append(problems, fmt.Sprintf("missing %s: %s %s %q", want[i].pos, want[i].severity, want[i].rule, want[i].msg))
			continue
		}
		g, w := got[i], want[i]
		en := i18n.MustGet("en")
		msg, hint := en.Format(g.Msg), en.Format(g.Hint)
		if g.Pos.String() != w.pos || g.Severity != w.severity || g.Rule != w.rule ||
			!strings.Contains(msg, w.msg) || !strings.Contains(hint, w.hint) {
			problems = append(problems, fmt.Sprintf("got %s [%s %s]\n\twant %s: %s %s, message with %q, hint with %q",
				g, g.Severity, g.Rule, w.pos, w.severity, w.rule, w.msg, w.hint))
		}
		for _, c := range []*i18n.Catalog{en, i18n.MustGet("fi")} {
			if t := c.Format(g.Msg) + c.Format(g.Hint); strings.Contains(t, "[diag.") || strings.Contains(t, "[hint.") || strings.Contains(t, "[word.") {
				problems = append(problems, fmt.Sprintf("%s: a key is missing from the %s catalogue: %s", g.Pos, c.Lang, t))
			}
		}
		if g.Severity == Error && hint == "" {
			problems = append(problems, fmt.Sprintf("error %s has no hint", g))
		}
	}
	return problems
}

// card is a card file with front matter lines and body lines.
func card(matter []string, body ...string) string {
	return lines(append(append(append([]string{"---"}, matter...), "---"), body...)...)
}

// okCard is the front matter of a valid card.
var okCard = []string{"title: Kortti", "summary: Kortin tiivistelmä."}

// editLines replaces whole lines of text: old -> new; a new value of "-"
// deletes the line. It panics when a line is not there, so that a test's
// edit cannot silently miss.
func editLines(text string, edits ...string) string {
	ls := strings.Split(text, "\n")
	for i := 0; i+1 < len(edits); i += 2 {
		found := false
		for j, l := range ls {
			if l == edits[i] {
				found = true
				if edits[i+1] == "-" {
					ls = append(ls[:j], ls[j+1:]...)
				} else {
					ls[j] = edits[i+1]
				}
				break
			}
		}
		if !found {
			panic(fmt.Sprintf("editLines: no line %q", edits[i]))
		}
	}
	return strings.Join(ls, "\n")
}

// withoutKey removes a top-level key of a YAML file with its nested lines.
func withoutKey(text, key string) string {
	var out []string
	skip := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, key+":") {
			skip = true
			continue
		}
		if skip && strings.HasPrefix(l, " ") {
			continue
		}
		skip = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

type errorCase struct {
	name  string
	files map[string]string // changes to the minimal site
	only  string            // compare only the diagnostics of this file
	want  []wantDiag
	check func(t *testing.T, s *Site)
}

func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, diags := site(t, with(minimal, tc.files))
			got := diags
			if tc.only != "" {
				got = nil
				for _, d := range diags {
					if d.File == tc.only {
						got = append(got, d)
					}
				}
			}
			problems := diagProblems(got, tc.want)
			for _, p := range problems {
				t.Error(p)
			}
			if tc.check != nil {
				tc.check(t, s)
			}
		})
	}
}

const x = "tools/teams/x.md"

func TestFrontMatterSyntaxErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name:  "mapping value in a value",
			files: map[string]string{x: card([]string{"title: X", "summary: a: b"})},
			want:  []wantDiag{wantErr(x+":3:10", "bad-front-matter", "summary: the text has a colon", `put the text in quotes: summary: "a: b"`)},
		},
		{
			name:  "blank lines before the front matter",
			files: map[string]string{x: "\n\n" + card([]string{"title: X", "summary: a", "  weight: 1"})},
			want:  []wantDiag{wantErr(x+":6:3", "bad-front-matter", "indented more than the line before", "same column")},
		},
		{
			name:  "tab indentation",
			files: map[string]string{x: card([]string{"title: X", "\tsummary: a"})},
			want:  []wantDiag{wantErr(x+":3:1", "bad-front-matter", "tab character", "indent with spaces")},
		},
		{
			name:  "unclosed quote",
			files: map[string]string{x: card([]string{"title: X", `summary: "a`, "weight: 1"})},
			want:  []wantDiag{wantErr(x+":3:10", "bad-front-matter", "quotation mark is not closed", `summary: "a"`)},
		},
		{
			name:  "unclosed flow list",
			files: map[string]string{x: card([]string{"title: X", "summary: a", "tags: [kokous", "weight: 1"})},
			want:  []wantDiag{wantErr(x+":4:7", "bad-front-matter", "the list has no closing ]", "tags: [kokous]")},
		},
		{
			name:  "list item out of line, after blank lines",
			files: map[string]string{x: "\n" + card([]string{"title: X", "summary: a", "segments:", "  - alkava", " - vahva"})},
			want:  []wantDiag{wantErr(x+":7:2", "bad-front-matter", "do not start in the same column", "2 spaces")},
		},
		{
			name:  "front matter not closed",
			files: map[string]string{x: lines("---", "title: X", "summary: a", "", "Teksti.")},
			want:  []wantDiag{wantErr(x+":5:1", "bad-front-matter", "front matter is not closed", "line of --- above this line")},
		},
		{
			name:  "front matter not closed after a blank line",
			files: map[string]string{x: lines("", "---", "title: X", "summary: a", "", "Teksti.")},
			want:  []wantDiag{wantErr(x+":6:1", "bad-front-matter", "front matter is not closed", "line of --- above this line")},
		},
		{
			name:  "TOML front matter not closed",
			files: map[string]string{x: lines("+++", `title = "X"`, `summary = "a"`, "", "Teksti.")},
			want:  []wantDiag{wantErr(x+":5:1", "bad-front-matter", "front matter is not closed", "line of +++ above this line")},
		},
		{
			name:  "no front matter",
			files: map[string]string{x: lines("Teksti ilman otsikkoa.")},
			want:  []wantDiag{wantErr(x+":1:1", "missing-front-matter", "no front matter", "start the file with a line ---")},
		},
		{
			name:  "site.yaml syntax error",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "language: fi", "language: fi: en")},
			only:  "site.yaml",
			want:  []wantDiag{wantErr("site.yaml:3:11", "bad-yaml", "language: the text has a colon", `language: "fi: en"`)},
		},
		{
			name:  "site.yaml unclosed flow list",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "language: fi", "language: [fi")},
			only:  "site.yaml",
			want:  []wantDiag{wantErr("site.yaml:3:11", "bad-yaml", "the list has no closing ]", "language: [fi]")},
		},
	})
}

func TestRequiredFields(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name:  "card title",
			files: map[string]string{x: card([]string{"summary: a"})},
			want:  []wantDiag{wantErr(x+":1:1", "missing-field", "title is required", `"title: ..."`)},
		},
		{
			name:  "card title given empty",
			files: map[string]string{x: card([]string{"title:", "summary: a"})},
			want:  []wantDiag{wantErr(x+":1:1", "missing-field", "title is required", `"title: ..."`)},
		},
		{
			name:  "card summary",
			files: map[string]string{x: card([]string{"title: X"})},
			want:  []wantDiag{wantErr(x+":1:1", "missing-field", "summary is required", `"summary: ..."`)},
		},
		{
			name:  "card summary after blank lines",
			files: map[string]string{x: "\n\n" + card([]string{"title: X"})},
			want:  []wantDiag{wantErr(x+":3:1", "missing-field", "summary is required", `"summary: ..."`)},
		},
		{
			name:  "tool purpose",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams"})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:1:1", "missing-field", "purpose is required", `"purpose: ..."`)},
		},
		{
			name:  "tool change without what",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: P.", "changes:", "  - date: 2024-01-02", "    why: Syy."})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:5:5", "missing-field", "changes.what is required", `"what: ..."`)},
		},
		{
			name:  "path segment",
			files: map[string]string{"paths/alku.md": card([]string{"title: Alku", "steps: [teams/mika-on-teams]"})},
			want:  []wantDiag{wantErr("paths/alku.md:1:1", "missing-field", "segment is required", `"segment: ..."`)},
		},
		{
			name:  "path steps",
			files: map[string]string{"paths/alku.md": card([]string{"title: Alku", "segment: alkava"})},
			want:  []wantDiag{wantErr("paths/alku.md:1:1", "missing-field", "steps is required", `"steps: ..."`)},
		},
		{
			name:  "path steps given as an empty list",
			files: map[string]string{"paths/alku.md": card([]string{"title: Alku", "segment: alkava", "steps: []"})},
			want:  []wantDiag{wantErr("paths/alku.md:1:1", "missing-field", "steps is required", `"steps: ..."`)},
		},
		{
			name:  "page title",
			files: map[string]string{"apua.md": card([]string{"menu: true"})},
			want:  []wantDiag{wantErr("apua.md:1:1", "missing-field", "title is required", `"title: ..."`)},
		},
		{
			name:  "help.name",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  name: Digimentorit", "-")},
			want:  []wantDiag{wantErr("site.yaml:6:3", "missing-field", "help.name is required", `"name: ..."`)},
		},
		{
			name:  "segment name",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "    name: Kokeileva", "-")},
			want:  []wantDiag{wantErr("site.yaml:14:5", "missing-field", "name is required", `"name: ..."`)},
		},
		{
			name:  "glossary plain word",
			files: map[string]string{"glossary.yaml": lines("- word: autentikoida", "  plain: tunnistautua", "- word: implementoida", "  explain: Ottaa käyttöön.")},
			want:  []wantDiag{wantErr("glossary.yaml:3:3", "missing-field", "plain is required", `"plain: ..."`)},
		},
	})
}

func TestSiteRequiredKeys(t *testing.T) {
	var cases []errorCase
	for _, key := range []string{"title", "language"} {
		cases = append(cases, errorCase{
			name:  key,
			files: map[string]string{"site.yaml": withoutKey(minimal["site.yaml"], key)},
			only:  "site.yaml",
			want:  []wantDiag{wantErr("site.yaml:1:1", "missing-field", key+" is required", `"`+key+`: ..."`)},
		})
	}
	runErrorCases(t, cases)

	t.Run("no site.yaml", func(t *testing.T) {
		_, diags := LoadConfig(mapFS(with(minimal, map[string]string{"site.yaml": ""})))
		if problems := diagProblems(diags, []wantDiag{wantErr("site.yaml", "missing-file", "no site.yaml", "create site.yaml")}); len(problems) > 0 {
			t.Error(strings.Join(problems, "\n"))
		}
	})
	t.Run("empty site.yaml", func(t *testing.T) {
		_, diags := LoadConfig(mapFS(with(minimal, map[string]string{"site.yaml": "# nothing yet\n"})))
		var want []wantDiag
		for _, key := range []string{"title", "language"} {
			want = append(want, wantErr("site.yaml:1:1", "missing-field", key+" is required", `"`+key+`: ..."`))
		}
		if problems := diagProblems(diags, want); len(problems) > 0 {
			t.Error(strings.Join(problems, "\n"))
		}
	})
}

func TestUnknownFields(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name:  "misspelt summary",
			files: map[string]string{x: card([]string{"title: X", "sumary: a"})},
			want: []wantDiag{
				wantErr(x+":1:1", "missing-field", "summary is required", `"summary: ..."`),
				wantErr(x+":3:1", "unknown-field", `unknown key "sumary"`, `did you mean "summary"?`),
			},
		},
		{
			name:  "key nothing like a known one",
			files: map[string]string{x: card(append(okCard, "kuvitus: x.png"))},
			want:  []wantDiag{wantErr(x+":4:1", "unknown-field", `unknown key "kuvitus"`, "known keys: title, summary, segments")},
		},
		{
			name:  "key given twice",
			files: map[string]string{x: card(append(okCard, "title: Y"))},
			want:  []wantDiag{wantErr(x+":4:1", "duplicate-field", `key "title" is given twice`, "remove one")},
		},
		{
			name:  "misspelt key in site.yaml help",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  email: apu@example.fi", "  emial: apu@example.fi")},
			want:  []wantDiag{wantErr("site.yaml:8:3", "unknown-field", `unknown key "emial"`, `did you mean "email"?`)},
		},
		{
			name:  "misspelt key in site.yaml",
			files: map[string]string{"site.yaml": minimal["site.yaml"] + "staleAfterMonth: 6\n"},
			want:  []wantDiag{wantErr("site.yaml:23:1", "unknown-field", `unknown key "staleAfterMonth"`, `did you mean "staleAfterMonths"?`)},
		},
		{
			name:  "misspelt key in a tool change",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: P.", "changes:", "  - date: 2024-01-02", "    what: Uusi.", "    whyy: Syy."})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:7:5", "unknown-field", `unknown key "whyy"`, `did you mean "why"?`)},
		},
		{
			name:  "misspelt key in glossary.yaml",
			files: map[string]string{"glossary.yaml": lines("- word: autentikoida", "  plian: tunnistautua")},
			want: []wantDiag{
				wantErr("glossary.yaml:1:3", "missing-field", "plain is required", `"plain: ..."`),
				wantErr("glossary.yaml:2:3", "unknown-field", `unknown key "plian"`, `did you mean "plain"?`),
			},
		},
	})
}

func TestWrongValueTypes(t *testing.T) {
	runErrorCases(t, []errorCase{
		{
			name:  "weight: abc",
			files: map[string]string{x: card(append(okCard, "weight: abc"))},
			want:  []wantDiag{wantErr(x+":4:9", "bad-value", "weight should be a whole number", "e.g. 10")},
		},
		{
			name:  "updated: 2024-13-45",
			files: map[string]string{x: card(append(okCard, "updated: 2024-13-45"))},
			want:  []wantDiag{wantErr(x+":4:10", "bad-value", "updated should be a date", "YYYY-MM-DD")},
		},
		{
			name:  "updated: 31.5.2024",
			files: map[string]string{x: card(append(okCard, "updated: 31.5.2024"))},
			want:  []wantDiag{wantErr(x+":4:10", "bad-value", "updated should be a date", "YYYY-MM-DD")},
		},
		{
			name:  "segments given as a mapping",
			files: map[string]string{x: card(append(okCard, "segments: {alkava: true}"))},
			want:  []wantDiag{wantErr(x+":4:11", "bad-value", "segments should be a list", `"- item"`)},
		},
		{
			name:  "segments given as one id",
			files: map[string]string{x: card(append(okCard, "segments: alkava"))},
			want:  []wantDiag{wantErr(x+":4:11", "bad-value", "segments should be a list", `"- item"`)},
		},
		{
			name:  "draft: maybe",
			files: map[string]string{x: card(append(okCard, "draft: maybe"))},
			want:  []wantDiag{wantErr(x+":4:8", "bad-value", "draft should be true or false", "")},
		},
		{
			name:  "tool link given as a list",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: P.", "link: [https://teams.microsoft.com/]"})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:4:7", "bad-value", "link should be text", "")},
		},
		{
			name:  "tool change given as text",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: P.", "changes:", "  - Uusi versio."})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:5:5", "bad-value", "changes should be a set of", "")},
		},
		{
			name:  "path segment given as a list",
			files: map[string]string{"paths/alku.md": card([]string{"title: Alku", "segment: [alkava]", "steps: [teams/mika-on-teams]"})},
			want:  []wantDiag{wantErr("paths/alku.md:3:10", "bad-value", "segment should be an id", "lowercase")},
		},
		{
			name:  "change date",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: P.", "changes:", "  - date: eilen", "    what: Uusi."})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:5:11", "bad-value", "date should be a date", "YYYY-MM-DD")},
		},
		{
			name:  "optional change why given as a list",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: P.", "changes:", "  - date: 2024-01-02", "    what: Uusi.", "    why: [a, b]"})},
			want:  []wantDiag{wantErr("tools/teams/_index.md:7:10", "bad-value", "why should be text", "")},
		},
		{
			name:  "synonyms.yaml given as a mapping",
			files: map[string]string{"synonyms.yaml": lines("teams: tiimit")},
			want:  []wantDiag{wantErr("synonyms.yaml:1:1", "bad-value", "should be a list", `"- item"`)},
		},
		{
			name:  "baseURL not absolute",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "baseURL: https://tietopankki.example.fi/", "baseURL: tietopankki.example.fi")},
			want:  []wantDiag{wantErr("site.yaml:4:10", "bad-value", "neither a full address nor a path", "/tietopankki/")},
		},
	})
}

func TestUnknownReferences(t *testing.T) {
	draft := card([]string{"title: Luonnos", "summary: Kesken.", "draft: true"})
	runErrorCases(t, []errorCase{
		{
			name:  "unknown segment in a flow list",
			files: map[string]string{x: card(append(okCard, "segments: [alkava, tuntematon]"))},
			want:  []wantDiag{wantErr(x+":4:20", "unknown-segment", `unknown segment "tuntematon"`, "known segments: alkava, kokeileva, vahva")},
		},
		{
			name:  "misspelt segment",
			files: map[string]string{x: card(append(okCard, "segments:", "  - kokeileva", "  - alkavaa"))},
			want:  []wantDiag{wantErr(x+":6:5", "unknown-segment", `unknown segment "alkavaa"`, `did you mean "alkava"?`)},
		},
		{
			name:  "unknown area in a block list",
			files: map[string]string{x: card(append(okCard, "areas:", "  - terveys", "  - koulu"))},
			want:  []wantDiag{wantErr(x+":6:5", "unknown-area", `unknown area "koulu"`, "known areas: terveys, perhe")},
		},
		{
			name:  "columns count characters, not bytes",
			files: map[string]string{x: card(append(okCard, `areas: [terveys, "ääni", koulu]`))},
			want: []wantDiag{
				wantErr(x+":4:18", "unknown-area", `unknown area "ääni"`, "known areas"),
				wantErr(x+":4:26", "unknown-area", `unknown area "koulu"`, "known areas"),
			},
		},
		{
			name:  "unknown segment of a draft",
			files: map[string]string{x: card(append(okCard, "draft: true", "segments: [alkva]"))},
			want:  []wantDiag{wantErr(x+":5:12", "unknown-segment", `unknown segment "alkva"`, `did you mean "alkava"?`)},
		},
		{
			name:  "unknown path segment",
			files: map[string]string{"paths/alku.md": editLines(minimal["paths/alku.md"], "segment: alkava", "segment: alkva")},
			want:  []wantDiag{wantErr("paths/alku.md:3:10", "unknown-segment", `unknown segment "alkva"`, `did you mean "alkava"?`)},
		},
		{
			name:  "step naming no card",
			files: map[string]string{"paths/alku.md": editLines(minimal["paths/alku.md"], "  - teams/liity-kokoukseen", "  - teams/liity-kokoukseenn")},
			want:  []wantDiag{wantErr("paths/alku.md:7:5", "unknown-card", `step "teams/liity-kokoukseenn" names no card`, `did you mean "teams/liity-kokoukseen"?`)},
		},
		{
			name:  "step naming nothing like a card",
			files: map[string]string{"paths/alku.md": editLines(minimal["paths/alku.md"], "  - teams/liity-kokoukseen", "  - liity")},
			want:  []wantDiag{wantErr("paths/alku.md:7:5", "unknown-card", `step "liity" names no card`, "<tool>/<file name without .md>")},
		},
		{
			name: "step naming a draft",
			files: map[string]string{
				"tools/teams/luonnos.md": draft,
				"paths/alku.md":          editLines(minimal["paths/alku.md"], "  - teams/jaa-naytto", "  - teams/luonnos"),
			},
			want: []wantDiag{wantErr("paths/alku.md:8:5", "draft-step", `step "teams/luonnos" is a draft`, "remove draft: true")},
		},
		{
			name:  "duplicate step",
			files: map[string]string{"paths/alku.md": editLines(minimal["paths/alku.md"], "  - teams/jaa-naytto", "  - teams/mika-on-teams")},
			want:  []wantDiag{wantErr("paths/alku.md:8:5", "duplicate-step", `step "teams/mika-on-teams" is in the path twice`, "once")},
			check: func(t *testing.T, s *Site) {
				if got, want := len(s.PathByID["paths/alku"].Cards), 2; got != want {
					t.Errorf("path has %d cards, want %d", got, want)
				}
			},
		},
		{
			name:  "duplicate segment id",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  - id: vahva", "  - id: alkava")},
			only:  "site.yaml",
			want:  []wantDiag{wantErr("site.yaml:16:5", "duplicate-id", `segment id "alkava" is used twice`, "its own id")},
		},
		{
			name:  "duplicate area id",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  - id: perhe", "  - id: terveys")},
			only:  "site.yaml",
			want:  []wantDiag{wantErr("site.yaml:21:5", "duplicate-id", `area id "terveys" is used twice`, "its own id")},
		},
		{
			name:  "segment id not a slug",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  - id: vahva", "  - id: Vahva")},
			only:  "site.yaml",
			want:  []wantDiag{wantErr("site.yaml:16:5", "bad-id", `segment id "Vahva" is not valid`, "lowercase")},
		},
		{
			name:  "help.page naming no page",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  page: apua", "  page: apuva")},
			want:  []wantDiag{wantErr("site.yaml:9:9", "unknown-page", `help.page "apuva" names no page`, `did you mean "apua"?`)},
		},
		{
			name:  "help.page naming nothing like a page",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "  page: apua", "  page: yhteystiedot")},
			want:  []wantDiag{wantErr("site.yaml:9:9", "unknown-page", `help.page "yhteystiedot" names no page`, "")},
		},
	})
}

func TestFileNames(t *testing.T) {
	ok := card(okCard)
	runErrorCases(t, []errorCase{
		{
			name:  "card file name",
			files: map[string]string{"tools/teams/Liity_Kokoukseen.md": ok},
			want:  []wantDiag{wantErr("tools/teams/Liity_Kokoukseen.md:1:1", "bad-id", `file name "Liity_Kokoukseen" cannot be a card id`, "rename it liity-kokoukseen.md")},
		},
		{
			name:  "path file name",
			files: map[string]string{"paths/Käyttöön otto.md": card([]string{"title: P", "segment: alkava", "steps: [teams/jaa-naytto]"})},
			want:  []wantDiag{wantErr("paths/Käyttöön otto.md:1:1", "bad-id", "cannot be a learning path id", "rename it kayttoon-otto.md")},
		},
		{
			name:  "page file name",
			files: map[string]string{"Ohje.md": card([]string{"title: Ohje"})},
			want:  []wantDiag{wantErr("Ohje.md:1:1", "bad-id", "cannot be a page id", "rename it ohje.md")},
		},
		{
			name:  "tool folder name",
			files: map[string]string{"tools/Zoom/_index.md": card([]string{"title: Zoom", "purpose: P."})},
			want:  []wantDiag{wantErr("tools/Zoom/_index.md:1:1", "bad-id", `folder name "Zoom" cannot be a tool id`, "lowercase")},
		},
		{
			name:  "reserved page name search",
			files: map[string]string{"search.md": card([]string{"title: Haku"})},
			want:  []wantDiag{wantErr("search.md:1:1", "bad-id", `page name "search" is taken`, "another file name")},
		},
		{
			name:  "reserved page name sanasto",
			files: map[string]string{"sanasto.md": card([]string{"title: Sanasto"})},
			want:  []wantDiag{wantErr("sanasto.md:1:1", "bad-id", `page name "sanasto" is taken`, "another file name")},
		},
		{
			name: "misplaced Markdown files",
			files: map[string]string{
				"tools/teams/vanhat/x.md": ok,
				"ohjeet/x.md":             ok,
				"tools/x.md":              ok,
				"paths/vanhat/x.md":       ok,
			},
			want: []wantDiag{
				wantErr("ohjeet/x.md:1:1", "misplaced-file", "not in a place the site knows", "tools/<tool>/<slug>.md"),
				wantErr("paths/vanhat/x.md:1:1", "misplaced-file", "not in a place the site knows", "tools/<tool>/<slug>.md"),
				wantErr("tools/teams/vanhat/x.md:1:1", "misplaced-file", "not in a place the site knows", "tools/<tool>/<slug>.md"),
				wantErr("tools/x.md:1:1", "misplaced-file", "not in a place the site knows", "tools/<tool>/<slug>.md"),
			},
		},
		{
			name:  "card in a folder without _index.md",
			files: map[string]string{"tools/zoom/aloita.md": ok},
			want:  []wantDiag{wantErr("tools/zoom/aloita.md:1:1", "unknown-tool", `folder "zoom"`, "add tools/zoom/_index.md")},
		},
		{
			name:  "editor files are ignored",
			files: map[string]string{"tools/teams/.x.md.swp": "roskaa", "tools/teams/x.md~": "roskaa", ".git/config": "x", "#apua.md#": "x"},
			check: func(t *testing.T, s *Site) {
				if len(s.Files) != 0 {
					t.Errorf("copied files %v, want none", s.Files)
				}
			},
		},
	})
}

func TestBodyErrors(t *testing.T) {
	body := func(ls ...string) map[string]string {
		return map[string]string{x: card(okCard, ls...)}
	}
	picture := map[string]string{"tools/teams/x/kuva.png": testPNG}
	draft := card([]string{"title: Luonnos", "summary: Kesken.", "draft: true"})
	runErrorCases(t, []errorCase{
		{
			name:  "link to a missing card",
			files: body("", "Lue [ohje](liity-kokoukseenn.md).", "Käynnistä [kokous](liity-kokoukseenn.md#vaihe)."),
			want: []wantDiag{
				wantErr(x+":6:5", "broken-link", `link "liity-kokoukseenn.md" points to no card or page`, "did you mean liity-kokoukseen.md?"),
				wantErr(x+":7:11", "broken-link", `link "liity-kokoukseenn.md#vaihe" points to no card or page`, "did you mean liity-kokoukseen.md?"),
			},
		},
		{
			name: "link to a missing card of another tool",
			files: map[string]string{
				"tools/onedrive/_index.md": card([]string{"title: OneDrive", "purpose: P."}),
				"tools/onedrive/x.md":      card(okCard, "[Jaa](../teams/jaa-nayto.md)"),
			},
			want: []wantDiag{wantErr("tools/onedrive/x.md:5:1", "broken-link", "points to no card or page", "did you mean ../teams/jaa-naytto.md?")},
		},
		{
			name:  "link from a page to a missing card",
			files: map[string]string{"ohje.md": card([]string{"title: Ohje"}, "", "- [Jaa](tools/teams/jaa-nayto.md)")},
			want:  []wantDiag{wantErr("ohje.md:5:3", "broken-link", "points to no card or page", "did you mean tools/teams/jaa-naytto.md?")},
		},
		{
			name:  "link to a draft",
			files: with(body("[Luonnos](luonnos.md)"), map[string]string{"tools/teams/luonnos.md": draft}),
			want:  []wantDiag{wantErr(x+":5:1", "draft-link", `link "luonnos.md" points to a draft`, "publish that card first")},
		},
		{
			name:  "link outside the content folder",
			files: body("[Ulos](../../../README.md)"),
			want:  []wantDiag{wantErr(x+":5:1", "broken-link", "points outside the content folder", "inside the content folder")},
		},
		{
			name:  "link to a site path that is no page",
			files: body("[Taso](/segments/alkava/) ja [ei](/segments/tuntematon/)"),
			want:  []wantDiag{wantErr(x+":5:30", "broken-link", `link "/segments/tuntematon/" points to no page`, ".md file")},
		},
		{
			name:  "link to the glossary of a site without one",
			files: body("[Sanasto](/sanasto/)"),
			want:  []wantDiag{wantErr(x+":5:1", "broken-link", `link "/sanasto/" points to no page`, ".md file")},
		},
		{
			name:  "links to the search page and the feed",
			files: body("[Haku](/search/) ja [syöte](/feed.xml)"),
			want:  nil,
		},
		{
			name:  "image without alt text",
			files: with(body("![](x/kuva.png)"), picture),
			want:  []wantDiag{wantErr(x+":5:1", "image-alt", `image "x/kuva.png" has no alt text`, "describe the picture")},
		},
		{
			name:  "missing image file",
			files: with(body("Katso kuva:", "", "![Kuva](x/kuvaa.png)"), picture),
			want: []wantDiag{
				wantErr(x+":7:1", "missing-file", `image "x/kuvaa.png": no such file`, "did you mean x/kuva.png?"),
				wantWarn("tools/teams/x/kuva.png:1:1", "unlinked-file", `no page links to "kuva.png"`, "add the picture"),
			},
		},
		{
			name:  "broken heading anchor",
			files: body("[Liity](liity-kokoukseen.md#vaihe-1) ja [jaa](jaa-naytto.md#x)"),
			want: []wantDiag{
				wantWarn(x+":5:1", "broken-anchor", `link "liity-kokoukseen.md#vaihe-1" points to no heading of tools/teams/liity-kokoukseen.md`, "its headings are #nain-liityt"),
				wantWarn(x+":5:41", "broken-anchor", `link "jaa-naytto.md#x" points to no heading`, "that page has no headings"),
			},
		},
		{
			name:  "broken heading anchor on the same page",
			files: body("## Vaihe yksi", "", "[Alkuun](#vaihe-1) [oikein](#vaihe-yksi)"),
			want:  []wantDiag{wantWarn(x+":7:1", "broken-anchor", `link "#vaihe-1" points to no heading`, "its headings are #vaihe-yksi")},
		},
		{
			name:  "raw HTML",
			files: body("Teksti <b>lihava</b>.", "", "<div class=\"laatikko\">", "piilossa", "</div>"),
			want: []wantDiag{
				wantWarn(x+":5:8", "raw-html", "raw HTML is left out", "write it in Markdown"),
				wantWarn(x+":5:17", "raw-html", "raw HTML is left out", "write it in Markdown"),
				wantWarn(x+":7:1", "raw-html", "raw HTML is left out", "write it in Markdown"),
			},
			check: func(t *testing.T, s *Site) {
				body := string(s.CardByID["teams/x"].Body)
				for _, raw := range []string{"<b>", "</b>", "<div", "laatikko", "piilossa"} {
					if strings.Contains(body, raw) {
						t.Errorf("body %q contains the raw HTML %q", body, raw)
					}
				}
				if !strings.Contains(body, "lihava") {
					t.Errorf("body %q lost the text around the raw HTML", body)
				}
			},
		},
		{
			name:  "level-1 heading",
			files: body("Johdanto.", "", "# Otsikko"),
			want:  []wantDiag{wantWarn(x+":7:1", "heading-level", `level-1 heading "Otsikko"`, "start body headings at ##")},
		},
		{
			name:  "level-1 setext heading",
			files: body("Johdanto.", "", "Otsikko", "======="),
			want:  []wantDiag{wantWarn(x+":7:1", "heading-level", `level-1 heading "Otsikko"`, "start body headings at ##")},
		},
		{
			name:  "unknown callout kind",
			files: body("> [!VINKKI]", "> Hyvä.", "", "> [!OUTO]", "> Outo."),
			want:  []wantDiag{wantWarn(x+":8:3", "callout", `unknown callout "OUTO"`, "[!VINKKI]")},
		},
		{
			name:  "positions after blank lines and Finnish letters",
			files: map[string]string{x: "\n\n" + card(okCard, "Käynnistä ääni: [ohje](ei-ole.md)")},
			want:  []wantDiag{wantErr(x+":7:17", "broken-link", `link "ei-ole.md"`, "")},
		},
		{
			name: "link nothing like a card",
			files: map[string]string{
				"tools/onedrive/_index.md": card([]string{"title: OneDrive", "purpose: P."}),
				x:                          card(okCard, "[a](ei-ole.md) [b](../onedrive/tallenna.md)"),
			},
			want: []wantDiag{
				wantErr(x+":5:1", "broken-link", `link "ei-ole.md"`, "check the file name"),
				wantErr(x+":5:16", "broken-link", `link "../onedrive/tallenna.md"`, "check the file name"),
			},
		},
	})
}

func TestTOMLFrontMatter(t *testing.T) {
	yamlCard := card([]string{
		"title: Liity kokoukseen",
		"summary: Näin liityt.",
		"segments: [alkava, vahva]",
		"areas: [perhe]",
		"tags: [kokous, video]",
		"updated: 2024-05-31",
		"draft: false",
		"weight: 7",
	}, "## Vaihe yksi", "", "Avaa **Teams**.")
	tomlCard := lines(
		"+++",
		`title = "Liity kokoukseen"`,
		`summary = "Näin liityt."`,
		`segments = ["alkava", "vahva"]`,
		`areas = ["perhe"]`,
		`tags = ["kokous", "video"]`,
		"updated = 2024-05-31",
		"draft = false",
		"weight = 7",
		"+++",
		"## Vaihe yksi", "", "Avaa **Teams**.")
	sy, dy := site(t, with(minimal, map[string]string{x: yamlCard}))
	st, dt := site(t, with(minimal, map[string]string{x: tomlCard}))
	if len(dy) != 0 || len(dt) != 0 {
		t.Fatalf("diagnostics: YAML %v, TOML %v", dy, dt)
	}
	cy, ct := sy.CardByID["teams/x"], st.CardByID["teams/x"]
	if cy == nil || ct == nil {
		t.Fatal("card teams/x not loaded")
	}
	ids := func(rs []Ref) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return strings.Join(out, ",")
	}
	for _, f := range []struct {
		name      string
		toml, yml any
	}{
		{"Title", ct.Title, cy.Title},
		{"Summary", ct.Summary, cy.Summary},
		{"Segments", ids(ct.Segments), ids(cy.Segments)},
		{"Areas", ids(ct.Areas), ids(cy.Areas)},
		{"Tags", strings.Join(ct.Tags, ","), strings.Join(cy.Tags, ",")},
		{"Updated", ct.Updated.String(), cy.Updated.String()},
		{"Draft", ct.Draft, cy.Draft},
		{"Weight", ct.Weight, cy.Weight},
		{"Body", ct.Body, cy.Body},
		{"Text", ct.Text, cy.Text},
		{"SegmentRefs", len(ct.SegmentRefs), len(cy.SegmentRefs)},
		{"Pos", ct.Pos, cy.Pos},
	} {
		if f.toml != f.yml {
			t.Errorf("%s: TOML got %v, YAML %v", f.name, f.toml, f.yml)
		}
	}
	if got, want := ct.Updated.String(), "2024-05-31"; got != want {
		t.Errorf("Updated got %s, want %s", got, want)
	}

	runErrorCases(t, []errorCase{
		{
			name:  "TOML unknown key",
			files: map[string]string{x: lines("+++", `title = "X"`, `summary = "a"`, "", `sumary = "b"`, "+++")},
			want:  []wantDiag{wantErr(x+":5:1", "unknown-field", `unknown key "sumary"`, `did you mean "summary"?`)},
		},
		{
			name:  "TOML unknown key after blank lines",
			files: map[string]string{x: lines("", "+++", `title = "X"`, `summary = "a"`, `kuvitus = "b"`, "+++")},
			want:  []wantDiag{wantErr(x+":5:1", "unknown-field", `unknown key "kuvitus"`, "known keys")},
		},
		{
			name:  "TOML wrong value type",
			files: map[string]string{x: lines("+++", `title = "X"`, `summary = "a"`, `weight = "raskas"`, "+++")},
			want:  []wantDiag{wantErr(x+":4:1", "bad-value", "weight should be a whole number", "e.g. 10")},
		},
		{
			name:  "TOML unknown segment",
			files: map[string]string{x: lines("+++", `title = "X"`, `summary = "a"`, `segments = ["alkava", "alkva"]`, "+++")},
			want:  []wantDiag{wantErr(x+":4:1", "unknown-segment", `unknown segment "alkva"`, `did you mean "alkava"?`)},
		},
		{
			name:  "TOML inline table for a list",
			files: map[string]string{x: lines("+++", `title = "X"`, `summary = "a"`, `segments = { alkava = true }`, "+++")},
			want:  []wantDiag{wantErr(x+":4:1", "bad-value", "segments should be a list", `"- item"`)},
		},
		{
			name: "TOML change without what",
			files: map[string]string{"tools/teams/_index.md": lines("+++", `title = "Teams"`, `purpose = "P."`, "",
				"[[changes]]", "date = 2024-01-02", `what = "Uusi."`, "",
				"[[changes]]", "date = 2024-02-03", `why = "Syy."`, "+++")},
			want: []wantDiag{wantErr("tools/teams/_index.md:9:1", "missing-field", "changes.what is required", `"what: ..."`)},
		},
		{
			name: "TOML unknown key in a change",
			files: map[string]string{"tools/teams/_index.md": lines("+++", `title = "Teams"`, `purpose = "P."`, "",
				"[[changes]]", "date = 2024-01-02", `what = "Uusi."`, `whyy = "Syy."`, "+++")},
			want: []wantDiag{wantErr("tools/teams/_index.md:8:1", "unknown-field", `unknown key "whyy"`, `did you mean "why"?`)},
		},
		{
			name:  "TOML syntax error",
			files: map[string]string{x: lines("+++", `title = "X"`, `summary = a`, "+++")},
			want:  []wantDiag{wantErr(x+":3:11", "bad-front-matter", "bad TOML", "key = value")},
		},
	})
}

// TestAllErrorsAtOnce checks that one build reports every problem of the
// content, not only the first.
func TestAllErrorsAtOnce(t *testing.T) {
	files := with(minimal, map[string]string{
		"tools/teams/a.md": card([]string{"title: A", "summary: a", "tagz: [x]"}),
		"tools/teams/b.md": card([]string{"title: B"}),
		"tools/teams/c.md": card([]string{"title: C", "summary: c", "segments: [vahvaa]"}),
		"ohje.md":          card([]string{"title: Ohje"}, "[Puuttuu](tools/teams/puuttuu.md)"),
		"paths/alku.md":    editLines(minimal["paths/alku.md"], "  - teams/jaa-naytto", "  - teams/jaa"),
	})
	_, diags := site(t, files)
	want := []wantDiag{
		wantErr("ohje.md:4:1", "broken-link", `link "tools/teams/puuttuu.md"`, ""),
		wantErr("paths/alku.md:8:5", "unknown-card", `step "teams/jaa"`, ""),
		wantErr("tools/teams/a.md:4:1", "unknown-field", `unknown key "tagz"`, `did you mean "tags"?`),
		wantErr("tools/teams/b.md:1:1", "missing-field", "summary is required", ""),
		wantErr("tools/teams/c.md:4:12", "unknown-segment", `unknown segment "vahvaa"`, `did you mean "vahva"?`),
	}
	for _, p := range diagProblems(diags, want) {
		t.Error(p)
	}
	if got, want := len(diags.Errors()), 5; got != want {
		t.Errorf("got %d errors, want %d:\n%v", got, want, diags)
	}
	if !diags.HasErrors() {
		t.Error("HasErrors is false")
	}
}

func TestDiagnosticString(t *testing.T) {
	ds := Diagnostics{
		{Pos: Pos{File: "b.md", Line: 2, Col: 3}, Severity: Warning, Rule: "raw-html", Msg: i18n.Raw("raw HTML is left out"), Hint: i18n.Raw("write it in Markdown")},
		{Pos: Pos{File: "a.md", Line: 10, Col: 1}, Severity: Error, Rule: "missing-field", Msg: i18n.Raw("title is required")},
		{Pos: Pos{File: "a.md", Line: 9}, Severity: Error, Msg: i18n.Raw("x"), Hint: i18n.Raw("y")},
		{Pos: Pos{File: "site.yaml"}, Severity: Error, Msg: i18n.Raw("no site.yaml")},
	}
	ds.Sort()
	want := strings.Join([]string{
		"a.md:9: x (y)",
		"a.md:10:1: title is required",
		"b.md:2:3: warning: raw HTML is left out (write it in Markdown)",
		"site.yaml: no site.yaml",
	}, "\n")
	if got := ds.Error(); got != want {
		t.Errorf("Error() got\n%s\nwant\n%s", got, want)
	}
	if got, want := len(ds.Errors()), 3; got != want {
		t.Errorf("Errors() has %d diagnostics, want %d", got, want)
	}
	if got, want := len(ds), 4; got != want {
		t.Errorf("Errors() changed the list: %d diagnostics, want %d", got, want)
	}
	if got := (Diagnostics{ds[2]}).HasErrors(); got {
		t.Errorf("a warning alone: HasErrors got %v, want false", got)
	}
}
