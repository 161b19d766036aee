package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tietopankki/internal/testcontent"
)

// smallSiteYAML is the smallest site.yaml that builds: title and language.
const smallSiteYAML = "title: Pieni pankki\nlanguage: fi\n"

// TestSmallSiteBuilds: a site.yaml with only title and language builds and
// passes check, with the documented defaults: baseURL "/", no help box, the
// default segments (alkava, kokeileva, vahva) and no service areas; no feed
// or sitemap, which need a full address.
func TestSmallSiteBuilds(t *testing.T) {
	dir := chkContent(t, map[string]string{
		"site.yaml": smallSiteYAML,
		"tools/teams/soita.md": "---\ntitle: Soita Teamsilla\nsummary: Näin soitat työkaverille.\nsegments: [alkava]\n---\n" +
			"1. Avaa Teams.\n2. Valitse **Puhelut**.\n",
	})
	if code, stdout, stderr := envRun(t, nil, "check", "--content", dir); code != exitOK || stdout != "0 virhettä, 0 varoitusta – 0 tiedostossa\n" {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := envRun(t, nil, "build", "--content", dir, "--out", out); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	home, card, search := read("index.html"), read("tools/teams/soita/index.html"), read("search/index.html")
	for _, tc := range []struct {
		page, html, text string
		want             bool
	}{
		{"home", home, `class="help-box"`, false},
		{"home", home, `id="footer-help"`, false},
		{"home", home, `id="areas"`, false},
		{"home", home, `feed.xml`, false},
		{"home", home, `href="/tools/teams/"`, true}, // baseURL "/"
		{"card", card, `class="help-box"`, false},
		{"search", search, `id="f-area"`, false},
		{"search", search, `<option value="alkava">Alkava</option>`, true},
		{"search", search, `<option value="kokeileva">Kokeileva</option>`, true},
		{"search", search, `<option value="vahva">Vahva</option>`, true},
	} {
		if got := strings.Contains(tc.html, tc.text); got != tc.want {
			t.Errorf("%s page has %s: %v, want %v", tc.page, tc.text, got, tc.want)
		}
	}
	for _, name := range []string{"feed.xml", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s written without a full baseURL", name)
		}
	}
}

// TestSiteYAMLHintsFitTheField: a wrong value in site.yaml or a tool's
// front matter gets a hint written for that field, and a language without
// a catalogue names the file, the line and the languages there are; the
// exact Finnish messages.
func TestSiteYAMLHintsFitTheField(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"help as text", "site.yaml", smallSiteYAML + "help: Digimentorit\n",
			`site.yaml:3:7: help: arvon pitää olla rivejä muodossa "kenttä: arvo" (jätä rivi "help:" muuten tyhjäksi ja kirjoita sen alle sisennetty rivi, esimerkiksi "  name: Digimentorit")`},
		{"segments as one id", "site.yaml", smallSiteYAML + "segments: alkava\n",
			`site.yaml:3:11: segments: arvon pitää olla luettelo (kirjoita jokainen kohta muodossa "- id: ..." ja sen alle "  name: ...")`},
		{"area without its name", "site.yaml", smallSiteYAML + "areas:\n  - terveys\n",
			`site.yaml:4:5: areas: arvon pitää olla rivejä muodossa "kenttä: arvo" (kirjoita jokainen kohta muodossa "- id: ..." ja sen alle "  name: ...")`},
		{"changes as text", "tools/teams/_index.md", "---\ntitle: Teams\npurpose: Teamsilla pidät kokouksia.\nchanges: Uusi versio\n---\nTeams.\n",
			`tools/teams/_index.md:4:10: changes: arvon pitää olla luettelo (kirjoita jokainen kohta muodossa "- date: ..." ja sen alle "  what: ...")`},
		{"unknown language", "site.yaml", "title: Pieni pankki\nlanguage: sv\n",
			`site.yaml:2:11: language: kieltä "sv" ei ole (kirjoita jokin näistä: en, fi)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := chkContent(t, map[string]string{"site.yaml": smallSiteYAML, tc.file: tc.text})
			code, stdout, stderr := envRun(t, nil, "check", "--content", dir, "--lang", "fi")
			want := filepath.ToSlash(dir) + "/" + tc.want + "\n1 virhe, 0 varoitusta – 1 tiedostossa\n"
			if code != exitContent || stdout != want {
				t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, stdout, want, stderr)
			}
		})
	}
	t.Run("unknown language in build", func(t *testing.T) {
		dir := chkContent(t, map[string]string{"site.yaml": "title: Pieni pankki\nlanguage: sv\n"})
		out := filepath.Join(t.TempDir(), "public")
		code, _, stderr := envRun(t, nil, "build", "--content", dir, "--out", out)
		want := filepath.ToSlash(dir) + `/site.yaml:2:11: language: kieltä "sv" ei ole (kirjoita jokin näistä: en, fi)` + "\n" +
			"kokoaminen epäonnistui: 1 virhe. Kansio " + out + " jäi ennalleen\n"
		if code != exitContent || stderr != want {
			t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
		}
	})
}

// subPathContent is a copy of the tests' knowledge bank published under
// https://intra.example.fi/tietopankki/.
func subPathContent(t *testing.T) string {
	t.Helper()
	dir := testcontent.Fixture(t)
	file := filepath.Join(dir, "site.yaml")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^baseURL:.*$`)
	if !re.Match(b) {
		t.Fatal("the fixture's site.yaml has no baseURL line")
	}
	b = re.ReplaceAll(b, []byte("baseURL: https://intra.example.fi/tietopankki/"))
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serveAt runs serve with args (and --lang fi) until the test ends and
// returns what it printed once it printed its address, and that address.
func serveAt(t *testing.T, args ...string) (string, string) {
	t.Helper()
	_, out := startServe(t, append(args, "--lang", "fi")...)
	printed := out.String()
	return printed, regexp.MustCompile(`http://\S+/`).FindString(printed)
}

// TestSubPathServers: with baseURL https://intra.example.fi/tietopankki/,
// serve and serve --production print the local address with /tietopankki/,
// which answers, and / and /tietopankki redirect to it (the query kept).
func TestSubPathServers(t *testing.T) {
	content := subPathContent(t)
	public := filepath.Join(t.TempDir(), "public")
	hostBuild(t, content, public)
	for _, tc := range []struct {
		name, printed string
		args          []string
	}{
		{"serve", `Esikatselu kansiosta ` + content + `: http://127.0.0.1:\d+/tietopankki/ \(haku toimii pian\)`,
			[]string{"serve", "--content", content, "--addr", "127.0.0.1:0"}},
		{"serve --production", `osoitteessa http://127.0.0.1:\d+/tietopankki/ ;`,
			[]string{"serve", "--production", "--public", public, "--addr", "127.0.0.1:0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			printed, u := serveAt(t, tc.args...)
			if !regexp.MustCompile(tc.printed).MatchString(printed) {
				t.Fatalf("printed:\n%s\nwant it to match %s", printed, tc.printed)
			}
			root := strings.TrimSuffix(u, "tietopankki/")
			if res, body := hostGet(t, u); res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`href="/tietopankki/tools/teams/"`)) {
				t.Errorf("GET %s: %d, links under /tietopankki/: %v", u, res.StatusCode, bytes.Contains(body, []byte(`href="/tietopankki/tools/teams/"`)))
			}
			for _, r := range []struct {
				path, location string
				code           int
			}{
				{"", "/tietopankki/", http.StatusFound},
				{"tietopankki", "/tietopankki/", http.StatusMovedPermanently},
				{"tietopankki?q=teams", "/tietopankki/?q=teams", http.StatusMovedPermanently},
			} {
				res, _ := hostGet(t, root+r.path)
				if res.StatusCode != r.code || res.Header.Get("Location") != r.location {
					t.Errorf("GET /%s: %d to %q, want %d to %q", r.path, res.StatusCode, res.Header.Get("Location"), r.code, r.location)
				}
			}
			if res, _ := hostGet(t, root+"muualla/"); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET /muualla/: %d, want 404", res.StatusCode)
			}
		})
	}
}
