package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/lint"
)

// ruleIDs is every rule id of the program's diagnostics. check --format
// json consumers and the mentors' guide rely on these names: a rename must
// be a decision, made here, in the guide and in the catalogues.
var ruleIDs = []string{
	"attachment-content", "attachment-type", "bad-encoding", "bad-front-matter", "bad-id",
	"bad-link", "bad-value", "bad-yaml", "broken-anchor", "broken-link",
	"callout", "draft-link", "draft-step", "duplicate-field", "duplicate-id",
	"duplicate-step", "external-link", "hard-text", "heading-level", "image-alt",
	"jargon", "large-image", "list-indent", "long-card", "long-sentence",
	"long-word", "markdown", "maturity-bad-date", "maturity-bad-level", "maturity-config",
	"maturity-csv", "maturity-duplicate", "maturity-duplicate-column", "maturity-empty", "maturity-empty-cell",
	"maturity-encoding", "maturity-missing-column", "maturity-not-csv", "maturity-read", "maturity-unknown-area",
	"maturity-unknown-column", "maturity-unknown-tool", "misplaced-file", "missing-field", "missing-file",
	"missing-front-matter", "passive", "pin-twice", "pin-words", "raw-html",
	"read", "short-card", "site-path-link", "special-file", "stale-card",
	"symlink", "template-text", "too-large", "unknown-area", "unknown-card",
	"unknown-field", "unknown-page", "unknown-segment", "unknown-tool", "unlinked-file",
	"unsafe-link", "unsafe-svg",
}

// TestRuleIDsAreStable pins the rule ids, and checks that each has its
// messages in every catalogue (diag.<rule> or diag.<rule>.<variant>) and
// that no catalogue has the message of a rule that is not here.
func TestRuleIDsAreStable(t *testing.T) {
	var got []string
	got = append(got, generator.Rules()...)
	got = append(got, lint.Rules()...)
	got = append(got, checkRules...)
	slices.Sort(got)
	if !slices.Equal(got, ruleIDs) {
		t.Errorf("rule ids changed:\n got %q\nwant %q", got, ruleIDs)
	}
	for _, lang := range i18n.Languages() {
		c, _ := i18n.Get(lang)
		for _, id := range ruleIDs {
			if !slices.ContainsFunc(c.Keys(), func(k string) bool { return k == "diag."+id || strings.HasPrefix(k, "diag."+id+".") }) {
				t.Errorf("%s.yaml has no diag.%s or diag.%s.<variant>", lang, id, id)
			}
		}
		for _, k := range c.Keys() {
			if rule, ok := strings.CutPrefix(k, "diag."); ok && !strings.Contains(rule, ".") && !slices.Contains(ruleIDs, rule) {
				t.Errorf("%s.yaml has %s, the message of no rule", lang, k)
			}
		}
	}
}

// envRun runs the program with an environment and no --lang: the language
// comes from the environment or the site.
func envRun(tb testing.TB, env map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	return ctxRun(tb, context.Background(), env, args...)
}

// ctxRun is envRun with the context a signal would end.
func ctxRun(tb testing.TB, ctx context.Context, env map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return chkNow }, Themes: chkThemes,
		Getenv: func(k string) string { return env[k] }}
	code := m.Run(ctx, args)
	return code, stdout.String(), stderr.String()
}

// TestCheckSpeaksFinnish: a Finnish site's check speaks Finnish, in text
// and in GitHub annotations, unless --lang or LANG says otherwise.
func TestCheckSpeaksFinnish(t *testing.T) {
	dir := chkContent(t, map[string]string{
		"tools/teams/liity.md": "---\ntitle: Teams: liity\nsummary: Näin liityt.\n---\nTeksti.\n",
	})
	f := filepath.ToSlash(dir) + "/tools/teams/liity.md"
	fi := f + `:2:8: title: tekstissä on kaksoispiste (:), ja se sekoittaa tiedot (lisää otsikon ympärille lainausmerkit: title: "Teams: liity")`
	en := f + `:2:8: title: the text has a colon (:), which is read as a new key (put the title in quotes: title: "Teams: liity")`
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"site language", nil, nil, fi + "\n1 virhe, 0 varoitusta – 1 tiedostossa\n"},
		{"C locale", map[string]string{"LANG": "C.UTF-8"}, nil, fi + "\n1 virhe, 0 varoitusta – 1 tiedostossa\n"},
		{"LANG", map[string]string{"LANG": "en_GB.UTF-8"}, nil, en + "\n1 error, 0 warnings in 1 file\n"},
		{"--lang", map[string]string{"LANG": "en_GB.UTF-8"}, []string{"--lang", "fi"}, fi + "\n1 virhe, 0 varoitusta – 1 tiedostossa\n"},
		{"github", nil, []string{"--format", "github"}, "::error file=" + ghProperty(f) + ",line=2,col=8,title=bad-front-matter::" +
			`title: tekstissä on kaksoispiste (:), ja se sekoittaa tiedot (lisää otsikon ympärille lainausmerkit: title: "Teams: liity")` +
			"\n1 virhe, 0 varoitusta – 1 tiedostossa\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := envRun(t, tc.env, append([]string{"check", "--content", dir}, tc.args...)...)
			if code != exitContent || stdout != tc.want {
				t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, stdout, tc.want, stderr)
			}
		})
	}
}

// TestCommandsSpeakFinnish: what build and new say, in Finnish.
func TestCommandsSpeakFinnish(t *testing.T) {
	dir := chkContent(t, map[string]string{"tools/teams/rikki.md": "---\ntitle: Rikki\n---\nTeksti.\n"})
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := envRun(t, nil, "build", "--content", dir, "--out", out)
	want := filepath.ToSlash(dir) + `/tools/teams/rikki.md:1:1: kenttä summary puuttuu (lisää rivi "summary: ...")` + "\n" +
		"kokoaminen epäonnistui: 1 virhe. Kansio " + out + " jäi ennalleen\n"
	if code != exitContent || stderr != want {
		t.Errorf("build: exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
	}

	dir = chkContent(t, nil)
	code, stdout, stderr := envRun(t, nil, "new", "card", "Teams/soita", "--segment", "Alkava", "--content", dir)
	d := filepath.ToSlash(dir)
	want = "Uusi tiedosto: " + d + "/tools/teams/soita.md\n" +
		"Avaa tiedosto ja kirjoita ohje. Esikatsele: tietopankki serve --content " + dir + "\n" +
		"Kortti on luonnos. Esikatselussa näet sen osoitteessa http://localhost:1313/tools/teams/soita/. Julkaistulla sivustolla se ei näy. Kun kortti on valmis, poista rivi draft: true.\n"
	if code != exitOK || stdout != want {
		t.Errorf("new card: exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, stdout, want, stderr)
	}
	if text := newRead(t, dir, "tools/teams/soita.md"); !strings.Contains(text, "segments: [alkava]") {
		t.Errorf("the segment is not written in lowercase:\n%s", text)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "card", "teams/soita", "--segment", "kaikki"}, `new: tiedostossa site.yaml ei ole tasoa "kaikki" (tasot: alkava, vahva)` + "\n"},
		{[]string{"new", "card", "temas/soita"}, `new: työkalua "temas" ei ole (tarkoititko "teams"?)` + "\n"},
		{[]string{"new", "tool", "Kanta"}, `new: "Kanta" ei kelpaa työkalun nimeksi (käytä vain pieniä kirjaimia a–z, numeroita ja väliviivoja, esimerkiksi tietopankki new tool kanta)` + "\n"},
		{[]string{"new", "card", "teams/soita"}, "new: " + d + "/tools/teams/soita.md on jo olemassa, eikä sitä muutettu (valitse toinen nimi tai avaa se tiedosto)\n"},
	} {
		_, _, stderr := envRun(t, nil, append(tc.args, "--content", dir)...)
		if stderr != tc.want {
			t.Errorf("%v: stderr\n%s\nwant\n%s", tc.args, stderr, tc.want)
		}
	}
}

// TestUsageInEveryLanguage: every command's help and flags are in the
// catalogue of every language; a bad flag is explained in it.
func TestUsageInEveryLanguage(t *testing.T) {
	missing := regexp.MustCompile(`\[(cli|word|hint|diag)\.[^\]]*\]`)
	helps := [][]string{{"help"}, {"new", "--help"}}
	for _, c := range commands {
		helps = append(helps, []string{c.name, "--help"})
	}
	for _, kind := range newKinds {
		helps = append(helps, []string{"new", kind, "--help"})
	}
	for _, lang := range i18n.Languages() {
		for _, args := range helps {
			_, stdout, stderr := envRun(t, map[string]string{"LANG": lang}, args...)
			if m := missing.FindString(stdout + stderr); m != "" || stdout+stderr == "" {
				t.Errorf("LANG=%s %v: %q is missing from the catalogue:\n%s%s", lang, args, m, stdout, stderr)
			}
		}
	}
	_, _, stderr := envRun(t, nil, "serve", "--help")
	for _, want := range []string{"Käyttö: tietopankki serve [--content KANSIO]", "-drafts\n", "näytä luonnokset merkittyinä (--drafts=false piilottaa ne)", "-lang arvo\n    \tviestien kieli: en, fi", "-addr teksti\n    \tosoite, jossa palvelin vastaa (oletus \"localhost:1313\")"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("serve --help has no %q:\n%s", want, stderr)
		}
	}
	code, _, stderr := envRun(t, nil, "check", "--fix")
	if code != exitUsage || !strings.HasPrefix(stderr, "tuntematon valinta: -fix\nKäyttö: tietopankki check") {
		t.Errorf("check --fix: exit %d\n%s", code, stderr)
	}
	code, _, stderr = envRun(t, nil, "build", "--lang", "de")
	if code != exitUsage || !strings.HasPrefix(stderr, `arvo "de" ei käy valinnalle -lang: kielellä "de" ei ole viestejä. Valitse en, fi`) {
		t.Errorf("build --lang de: exit %d\n%s", code, stderr)
	}
}

// TestCheckReadability: check --format json has each published card's
// readability figures.
func TestCheckReadability(t *testing.T) {
	dir := chkContent(t, map[string]string{
		"tools/teams/liity.md":   "---\ntitle: Liity\nsummary: Näin liityt.\n---\nAvaa Teams. Valitse kalenterista kokous.\n",
		"tools/teams/luonnos.md": "---\ntitle: Luonnos\nsummary: Kesken.\ndraft: true\n---\nKesken.\n",
	})
	_, stdout, _ := chkRun(t, "check", "--content", dir, "--format", "json")
	var got struct{ Readability []lint.Readability }
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	// The card's 5 words and chkFiller's 80 (8-word sentences, 10 of
	// "seuraavaksi", 5 syllables): 12 sentences, 85 words, 11 long.
	want := []lint.Readability{{File: filepath.ToSlash(dir) + "/tools/teams/liity.md", Sentences: 12, Words: 85, MeanWords: 7.08, LongWords: 0.13, Wiio: 6.58}}
	if !slices.Equal(got.Readability, want) {
		t.Errorf("readability %+v\nwant %+v", got.Readability, want)
	}
}
