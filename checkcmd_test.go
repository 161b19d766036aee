package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tietopankki/internal/testcontent"
)

// chkNow is the fixed clock of the check and new tests.
var chkNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// chkThemes is the themes folder, absolute so that tests may change the
// working folder.
var chkThemes, _ = filepath.Abs("themes")

// chkRun runs the program with a fixed clock and returns the exit code and
// what it wrote to stdout and stderr.
func chkRun(tb testing.TB, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return chkNow }, Themes: chkThemes, lang: "en"}
	code := m.Run(context.Background(), args)
	return code, stdout.String(), stderr.String()
}

// chkSiteYAML is a small site.yaml for the tests' own content folders.
const chkSiteYAML = `title: Testi
language: fi
baseURL: https://tietopankki.example.fi/
maxImageKB: 1
help:
  name: Digimentorit
segments:
  - id: alkava
    name: Alkava
  - id: vahva
    name: Vahva
areas:
  - id: terveys
    name: Terveys
`

// chkFiller ends every card chkContent writes: plain text that makes the
// card as long as the guide asks (lint.MinCardWords), so that tests of
// other findings do not get short-card warnings. It adds no finding.
var chkFiller = "\n" + strings.Repeat("Kysy apua, jos et tiedä, mitä tehdä seuraavaksi. ", 10) + "\n"

// chkContent writes a content folder with site.yaml, a tool "teams" and
// files (name -> content), and returns its path. Cards (tools/<tool>/<slug>.md)
// end with chkFiller.
func chkContent(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "content")
	all := map[string]string{
		"site.yaml":             chkSiteYAML,
		"tools/teams/_index.md": "---\ntitle: Teams\npurpose: Teamsilla pidät kokouksia.\n---\nTeams on viestipaikka.\n",
	}
	for name, data := range files {
		if parts := strings.Split(name, "/"); len(parts) == 3 && parts[0] == "tools" && strings.HasSuffix(name, ".md") && parts[2] != "_index.md" {
			data += chkFiller
		}
		all[name] = data
	}
	for name, data := range all {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// chkPNG is a file of n bytes that starts as a PNG image does.
func chkPNG(n int) string {
	const sig = "\x89PNG\r\n\x1a\n"
	return sig + strings.Repeat("x", n-len(sig))
}

// chkSample copies the tests' knowledge bank (testcontent.Fixture) to a
// temporary folder "content".
func chkSample(tb testing.TB) string {
	tb.Helper()
	return testcontent.Fixture(tb)
}

// chkCard is a card with one finding of each kind check adds to the build's:
// a stale date (line 4), an external link (line 6), passive voice (line 7),
// a large image (line 9) and a broken link, the build's error (line 11).
// Links and images are reported at their first character, '[' or '!'.
const chkCard = `---
title: Liity kokoukseen
summary: Näin liityt kokoukseen.
updated: 2025-01-10
---
Avaa [Teams](https://teams.microsoft.com/).
Sitten valitaan kokous.

![Teamsin kalenteri](liity/kuva.png)

Lue [ohje](puuttuu.md).
`

func chkFindings(tb testing.TB) string {
	tb.Helper()
	return chkContent(tb, map[string]string{
		"tools/teams/liity.md":       chkCard,
		"tools/teams/liity/kuva.png": chkPNG(2000),
	})
}

func TestCheckText(t *testing.T) {
	dir := chkFindings(t)
	code, stdout, stderr := chkRun(t, "check", "--content", dir)
	if code != exitContent {
		t.Errorf("exit code %d, want %d (stderr %s)", code, exitContent, stderr)
	}
	f := filepath.ToSlash(dir) + "/tools/teams/liity.md"
	want := strings.Join([]string{
		f + ":4:10: warning: the card was last checked on 2025-01-10, over 12 months ago (read it through, fix what has changed and set updated: 2026-11-23)",
		f + ":6:6: external link https://teams.microsoft.com/ (not checked)",
		f + ":7:8: notice: \"valitaan\" is passive (write it as an instruction: valitaan -> valitse)",
		f + ":9:1: warning: image \"liity/kuva.png\" is 2 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)",
		f + ":11:5: link \"puuttuu.md\" points to no card or page (check the file name and the ../ parts)",
		"1 error, 2 warnings, 1 notice in 1 file",
		"",
	}, "\n")
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

// chkJSON is check's JSON output.
type chkJSON struct {
	Errors, Warnings, External []struct {
		File          string
		Line, Col     int
		Rule, Message string
		Hint          string
	}
}

func TestCheckJSON(t *testing.T) {
	dir := chkFindings(t)
	code, stdout, _ := chkRun(t, "check", "--content", dir, "--format", "json")
	if code != exitContent {
		t.Errorf("exit code %d, want %d", code, exitContent)
	}
	var got chkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	f := filepath.ToSlash(dir) + "/tools/teams/liity.md"
	brief := func(list []struct {
		File          string
		Line, Col     int
		Rule, Message string
		Hint          string
	}) string {
		var out []string
		for _, d := range list {
			out = append(out, fmt.Sprintf("%s:%d:%d %s: %s (%s)", strings.TrimPrefix(d.File, f), d.Line, d.Col, d.Rule, d.Message, d.Hint))
		}
		return strings.Join(out, "\n")
	}
	if got, want := brief(got.Errors), `:11:5 broken-link: link "puuttuu.md" points to no card or page (check the file name and the ../ parts)`; got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	if got, want := brief(got.Warnings), `:4:10 stale-card: the card was last checked on 2025-01-10, over 12 months ago (read it through, fix what has changed and set updated: 2026-11-23)
:9:1 large-image: image "liity/kuva.png" is 2 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)`; got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
	if got, want := brief(got.External), `:6:6 external-link: external link https://teams.microsoft.com/ (not checked)`; got != want {
		t.Errorf("external:\n%s\nwant:\n%s", got, want)
	}
}

func TestCheckJSONEmptyLists(t *testing.T) {
	dir := chkContent(t, nil)
	code, stdout, _ := chkRun(t, "check", "--content", dir, "--format", "json")
	if code != exitOK {
		t.Errorf("exit code %d, want %d", code, exitOK)
	}
	if got, want := strings.Join(strings.Fields(stdout), ""), `{"errors":[],"warnings":[],"notices":[],"external":[],"readability":[]}`; got != want {
		t.Errorf("output %s, want %s", got, want)
	}
}

func TestCheckGitHub(t *testing.T) {
	dir := chkFindings(t)
	code, stdout, _ := chkRun(t, "check", "--content", dir, "--format", "github")
	if code != exitContent {
		t.Errorf("exit code %d, want %d", code, exitContent)
	}
	f := ghProperty(filepath.ToSlash(dir) + "/tools/teams/liity.md")
	want := strings.Join([]string{
		"::warning file=" + f + ",line=4,col=10,title=stale-card::the card was last checked on 2025-01-10, over 12 months ago (read it through, fix what has changed and set updated: 2026-11-23)",
		"::notice file=" + f + ",line=7,col=8,title=passive::\"valitaan\" is passive (write it as an instruction: valitaan -> valitse)",
		"::warning file=" + f + ",line=9,col=1,title=large-image::image \"liity/kuva.png\" is 2 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)",
		"::error file=" + f + ",line=11,col=5,title=broken-link::link \"puuttuu.md\" points to no card or page (check the file name and the ../ parts)",
		"1 error, 2 warnings, 1 notice in 1 file",
		"",
	}, "\n")
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

func TestCheckGitHubEscaping(t *testing.T) {
	if got, want := ghData("100% valmis\r\nseuraava: a,b"), "100%25 valmis%0D%0Aseuraava: a,b"; got != want {
		t.Errorf("ghData = %q, want %q", got, want)
	}
	if got, want := ghProperty("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae"; got != want {
		t.Errorf("ghProperty = %q, want %q", got, want)
	}

	// A folder name with ':', ',' and '%', and a message with '%'.
	root := t.TempDir()
	src := chkContent(t, map[string]string{
		"tools/teams/kuva.md":           "---\ntitle: Kuva\nsummary: Kuva.\n---\n![Iso kuva](kuva/iso%20kuva.png)\n",
		"tools/teams/kuva/iso kuva.png": chkPNG(3000),
	})
	dir := filepath.Join(root, "a,b:c%")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := chkRun(t, "check", "--content", dir, "--format", "github")
	want := "::warning file=" + strings.ReplaceAll(filepath.ToSlash(root), ":", "%3A") + "/a%2Cb%3Ac%25/tools/teams/kuva.md,line=5,col=1,title=large-image::" +
		"image \"kuva/iso%2520kuva.png\" is 3 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)\n"
	if first, _, _ := strings.Cut(stdout, "\n"); first+"\n" != want {
		t.Errorf("stdout:\n%s\nwant first line:\n%s", stdout, want)
	}
}

// TestCheckStrict: --strict turns warnings into errors; a notice (the
// passive-voice hint) stays a notice.
func TestCheckStrict(t *testing.T) {
	dir := chkContent(t, map[string]string{
		"tools/teams/liity.md": "---\ntitle: Liity\nsummary: Näin liityt.\n---\nSitten valitaan kokous.\n\nAvaa terveydenhuoltohenkilöstölle tarkoitettu kanava.\n",
	})
	f := filepath.ToSlash(dir) + "/tools/teams/liity.md"
	passive := f + ":5:8: notice: \"valitaan\" is passive (write it as an instruction: valitaan -> valitse)\n"
	code, stdout, _ := chkRun(t, "check", "--content", dir)
	if got, want := code, exitOK; got != want {
		t.Errorf("without --strict: exit code %d, want %d", got, want)
	}
	if !strings.HasPrefix(stdout, passive) || !strings.Contains(stdout, ":7:6: warning: \"terveydenhuoltohenkilöstölle\"") ||
		!strings.HasSuffix(stdout, "0 errors, 1 warning, 1 notice in 1 file\n") {
		t.Errorf("without --strict:\n%s", stdout)
	}
	code, stdout, _ = chkRun(t, "check", "--strict", "--content", dir)
	if got, want := code, exitContent; got != want {
		t.Errorf("with --strict: exit code %d, want %d", got, want)
	}
	if !strings.HasPrefix(stdout, passive) || !strings.Contains(stdout, ":7:6: \"terveydenhuoltohenkilöstölle\"") ||
		!strings.HasSuffix(stdout, "1 error, 0 warnings, 1 notice in 1 file\n") {
		t.Errorf("with --strict:\n%s", stdout)
	}
	_, stdout, _ = chkRun(t, "check", "--strict", "--content", dir, "--format", "json")
	var got chkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) != 1 || len(got.Warnings) != 0 || got.Errors[0].Rule != "long-word" {
		t.Errorf("with --strict the warning should be an error and the notice stay: %s", stdout)
	}
}

func TestCheckExitCodes(t *testing.T) {
	clean := chkContent(t, nil)
	broken := chkContent(t, map[string]string{"site.yaml": "title: Testi\n"})
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{"check", "--content", clean}, exitOK},
		{"help", []string{"check", "--help"}, exitOK},
		{"bad site.yaml", []string{"check", "--content", broken}, exitContent},
		{"unknown format", []string{"check", "--content", clean, "--format", "xml"}, exitUsage},
		{"unknown flag", []string{"check", "--content", clean, "--fix"}, exitUsage},
		{"argument", []string{"check", "--content", clean, "extra"}, exitUsage},
		{"no such folder", []string{"check", "--content", filepath.Join(clean, "missing")}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := chkRun(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tt.want, stdout, stderr)
			}
		})
	}
}

func TestCheckStaleCard(t *testing.T) {
	card := func(updated string, draft bool) string {
		return fmt.Sprintf("---\ntitle: Kortti\nsummary: Lyhyt.\nupdated: %s\ndraft: %v\n---\nTeksti.\n", updated, draft)
	}
	dir := chkContent(t, map[string]string{
		"tools/teams/vanha.md":        card("2025-11-22", false), // 12 months and a day before chkNow
		"tools/teams/juuri.md":        card("2025-11-23", false), // exactly 12 months
		"tools/teams/uusi.md":         card("2026-11-01", false),
		"tools/teams/luonnos.md":      card("2020-01-01", true), // drafts are not checked
		"tools/teams/toml.md":         "+++\ntitle = \"Kortti\"\nsummary = \"Lyhyt.\"\nupdated = 2024-02-29\n+++\nTeksti.\n",
		"tools/teams/pidempi.md":      "---\ntitle: Kortti\nsummary: Lyhyt.\n\nupdated:   \"2025-01-01\"\n---\nTeksti.\n",
		"tools/teams/ilman-paivaa.md": "---\ntitle: Kortti\nsummary: Lyhyt.\n---\nTeksti.\n",
	})
	_, stdout, _ := chkRun(t, "check", "--content", dir, "--format", "json")
	var got chkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range got.Warnings {
		lines = append(lines, fmt.Sprintf("%s:%d:%d %s", filepath.Base(d.File), d.Line, d.Col, d.Message))
	}
	want := []string{
		"pidempi.md:5:13 the card was last checked on 2025-01-01, over 12 months ago",
		"toml.md:4:11 the card was last checked on 2024-02-29, over 12 months ago",
		"vanha.md:4:10 the card was last checked on 2025-11-22, over 12 months ago",
	}
	if got, want := strings.Join(lines, "\n"), strings.Join(want, "\n"); got != want {
		t.Errorf("stale warnings:\n%s\nwant:\n%s", got, want)
	}

	// staleAfterMonths comes from site.yaml.
	dir = chkContent(t, map[string]string{
		"site.yaml":            chkSiteYAML + "staleAfterMonths: 6\n",
		"tools/teams/uusi.md":  card("2026-05-22", false),
		"tools/teams/tuore.md": card("2026-05-23", false),
	})
	_, stdout, _ = chkRun(t, "check", "--content", dir)
	if got, want := stdout, filepath.ToSlash(dir)+"/tools/teams/uusi.md:4:10: warning: the card was last checked on 2026-05-22, over 6 months ago (read it through, fix what has changed and set updated: 2026-11-23)\n0 errors, 1 warning in 1 file\n"; got != want {
		t.Errorf("with staleAfterMonths: 6:\n%s\nwant:\n%s", got, want)
	}
}

func TestCheckLargeImage(t *testing.T) {
	dir := chkContent(t, map[string]string{
		"tools/teams/kuvat.md": "---\ntitle: Kuvat\nsummary: Kuvia.\n---\n" +
			"![Pieni kuva](kuvat/pieni.png)\n\n" + // 1024 bytes: at the limit
			"Katso ![iso kuva](kuvat/iso.png) tästä.\n\n" + // 1025 bytes: over
			"![Iso kuva sivuston osoitteella](/tools/teams/kuvat/iso.png)\n",
		"tools/teams/kuvat/pieni.png": chkPNG(1024),
		"tools/teams/kuvat/iso.png":   chkPNG(1025),
		"apua.md":                     "---\ntitle: Apua\n---\n![Iso kuva](tools/teams/kuvat/iso.png)\n",
	})
	_, stdout, _ := chkRun(t, "check", "--content", dir)
	d := filepath.ToSlash(dir)
	want := strings.Join([]string{
		d + "/apua.md:4:1: warning: image \"tools/teams/kuvat/iso.png\" is 2 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)",
		d + "/tools/teams/kuvat.md:7:7: warning: image \"kuvat/iso.png\" is 2 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)",
		d + "/tools/teams/kuvat.md:9:1: warning: image \"/tools/teams/kuvat/iso.png\" is 2 KB, more than 1 KB (make the screenshot smaller: crop it or save it as JPEG)",
		"0 errors, 3 warnings in 2 files",
		"",
	}, "\n")
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

func TestCheckExternalLinks(t *testing.T) {
	dir := chkContent(t, map[string]string{
		"tools/teams/_index.md": "---\ntitle: Teams\npurpose: Teamsilla pidät kokouksia.\nlink: https://teams.microsoft.com/\n---\nTeams on viestipaikka.\n",
		"tools/teams/ohje.md": "---\ntitle: Ohje\nsummary: Ohje.\n---\n" +
			"Lue [Microsoftin ohje](https://support.microsoft.com/teams) ja\n" +
			"kirjoita osoitteeseen <mailto:tuki@example.fi>. Sivu [Apua](../../apua.md) on oma.\n",
		"apua.md": "---\ntitle: Apua\n---\nApua saat osoitteesta https://apua.example.fi/.\n",
	})
	code, stdout, _ := chkRun(t, "check", "--content", dir)
	if code != exitOK {
		t.Errorf("exit code %d, want %d: external links are not findings", code, exitOK)
	}
	d := filepath.ToSlash(dir)
	want := strings.Join([]string{
		d + "/apua.md:4:23: external link https://apua.example.fi/ (not checked)",
		d + "/tools/teams/_index.md:4:7: external link https://teams.microsoft.com/ (not checked)",
		d + "/tools/teams/ohje.md:5:5: external link https://support.microsoft.com/teams (not checked)",
		d + "/tools/teams/ohje.md:6:24: external link mailto:tuki@example.fi (not checked)",
		"0 errors, 0 warnings in 0 files",
		"",
	}, "\n")
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

// TestCheckSampleContent checks the tests' knowledge bank from the folder
// that holds it, as a mentor checks content/: no errors, and paths
// relative to the working folder.
func TestCheckSampleContent(t *testing.T) {
	t.Chdir(filepath.Dir(chkSample(t)))
	code, stdout, stderr := chkRun(t, "check")
	if code != exitOK {
		t.Fatalf("exit code %d, want %d\n%s%s", code, exitOK, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	rules := map[string]int{}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "content/") {
			t.Errorf("line %q does not start with the content folder", l)
		}
		switch {
		case strings.Contains(l, ": external link "):
			rules["external"]++
		case strings.Contains(l, ": warning: "):
			rules["warning"]++
		case strings.Contains(l, ": notice: "):
			rules["notice"]++
		default:
			t.Errorf("not a warning or notice: %s", l)
		}
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "0 errors, ") {
		t.Errorf("summary %q, want no errors", last)
	}
	if rules["external"] == 0 || rules["warning"] == 0 {
		t.Errorf("the sample has external links and warnings; got %v", rules)
	}

	// json gives the counts by rule.
	_, stdout, _ = chkRun(t, "check", "--format", "json")
	var got chkJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, d := range got.Warnings {
		counts[d.Rule]++
	}
	t.Logf("sample content: %d errors, warnings by rule %v, %d external links", len(got.Errors), counts, len(got.External))
}

// TestCheckWritesNothing: check leaves the content folder as it was.
func TestCheckWritesNothing(t *testing.T) {
	dir := chkSample(t)
	before := chkTree(t, dir)
	chkRun(t, "check", "--content", dir)
	if after := chkTree(t, dir); after != before {
		t.Errorf("check changed the content folder:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// chkTree lists a folder's files with their sizes and times.
func chkTree(tb testing.TB, dir string) string {
	tb.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %v\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return b.String()
}
