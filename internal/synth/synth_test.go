package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
var mdLinkRE = regexp.MustCompile(`\]\(([^)\s]+?\.md)(#[^)]*)?\)`)

// Front matter shapes from docs/content-format.md; decoding with KnownFields rejects unknown keys.
type siteFile struct {
	Title            string `yaml:"title"`
	Description      string `yaml:"description"`
	Language         string `yaml:"language"`
	BaseURL          string `yaml:"baseURL"`
	Theme            string `yaml:"theme"`
	StaleAfterMonths int    `yaml:"staleAfterMonths"`
	Help             *struct {
		Name  string `yaml:"name"`
		Text  string `yaml:"text"`
		Email string `yaml:"email"`
		Phone string `yaml:"phone"`
		Hours string `yaml:"hours"`
		Page  string `yaml:"page"`
	} `yaml:"help"`
	Segments []struct {
		ID      string   `yaml:"id"`
		Name    string   `yaml:"name"`
		Summary string   `yaml:"summary"`
		Traits  []string `yaml:"traits"`
		Needs   []string `yaml:"needs"`
	} `yaml:"segments"`
	Areas []struct {
		ID   string `yaml:"id"`
		Name string `yaml:"name"`
	} `yaml:"areas"`
}

type toolFM struct {
	Title   string `yaml:"title"`
	Purpose string `yaml:"purpose"`
	Link    string `yaml:"link"`
	Weight  int    `yaml:"weight"`
	Changes []struct {
		Date string `yaml:"date"`
		What string `yaml:"what"`
		Why  string `yaml:"why"`
	} `yaml:"changes"`
}

type cardFM struct {
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Segments []string `yaml:"segments"`
	Areas    []string `yaml:"areas"`
	Tags     []string `yaml:"tags"`
	Updated  string   `yaml:"updated"`
	Draft    bool     `yaml:"draft"`
	Weight   int      `yaml:"weight"`
}

type pathFM struct {
	Title   string   `yaml:"title"`
	Segment string   `yaml:"segment"`
	Summary string   `yaml:"summary"`
	Steps   []string `yaml:"steps"`
	Weight  int      `yaml:"weight"`
}

func strictYAML(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// splitFM returns the YAML front matter and the body of a Markdown file.
func splitFM(t *testing.T, name string, data []byte) ([]byte, string) {
	t.Helper()
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: no front matter", name)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("%s: front matter not closed", name)
	}
	return []byte(s[4 : 4+end+1]), s[4+end+5:]
}

func TestDeterministic(t *testing.T) {
	cfg := Config{Cards: 500, Seed: 42}
	a, b := Generate(cfg), Generate(cfg)
	if len(a) != len(b) {
		t.Fatalf("file counts differ: %d vs %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
	c := Generate(Config{Cards: 500, Seed: 43})
	same := 0
	for name, data := range a {
		if bytes.Equal(data, c[name]) {
			same++
		}
	}
	if same > 10 { // site.yaml, synonyms.yaml, glossary.yaml and little else
		t.Errorf("seed 43 produced %d files identical to seed 42", same)
	}
}

func TestWriteMatchesGenerate(t *testing.T) {
	cfg := Config{Cards: 120, Seed: 7, Tools: 4, Paths: 5}
	dir := t.TempDir()
	if err := Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	want := Generate(cfg)
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want[filepath.ToSlash(rel)]) {
			t.Errorf("%s: written bytes differ from Generate", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("wrote %d files, Generate returned %d", n, len(want))
	}
}

func TestCounts(t *testing.T) {
	for _, tc := range []struct {
		cfg                 Config
		tools, paths, cards int
	}{
		{Config{Cards: 1000, Seed: 1}, 10, 12, 1000},
		{Config{Cards: 101, Seed: 2, Tools: 3, Paths: 4}, 3, 4, 101},
		{Config{Cards: 5, Seed: 3}, 10, 12, 5}, // fewer cards than tools
		{Config{Cards: 40, Seed: 4, Tools: 20}, 20, 12, 40},
		{Config{Cards: 0, Seed: 5}, 10, 0, 0},
	} {
		files := Generate(tc.cfg)
		perTool := map[string]int{}
		cards, tools, paths := 0, 0, 0
		for name := range files {
			switch {
			case strings.HasPrefix(name, "tools/") && strings.HasSuffix(name, "/_index.md"):
				tools++
			case strings.HasPrefix(name, "tools/"):
				cards++
				perTool[strings.Split(name, "/")[1]]++
			case strings.HasPrefix(name, "paths/"):
				paths++
			}
		}
		if cards != tc.cards || tools != tc.tools || paths != tc.paths {
			t.Errorf("%+v: got %d cards, %d tools, %d paths; want %d, %d, %d",
				tc.cfg, cards, tools, paths, tc.cards, tc.tools, tc.paths)
		}
		if want := 3 + tc.cards + tc.tools + tc.paths; len(files) != want {
			t.Errorf("%+v: %d files, want %d", tc.cfg, len(files), want)
		}
		lo, hi := tc.cards, 0
		for _, n := range perTool {
			lo, hi = min(lo, n), max(hi, n)
		}
		if tc.cards >= tc.tools && (len(perTool) != tc.tools || hi-lo > 1) {
			t.Errorf("%+v: cards not spread evenly over tools: %v", tc.cfg, perTool)
		}
	}
}

// TestValid checks every file against the content format, through an fstest.MapFS as
// the generator's tests would use it.
func TestValid(t *testing.T) {
	files := Generate(Config{Cards: 2000, Seed: 9})
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}

	var site siteFile
	data, err := fs.ReadFile(fsys, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	strictYAML(t, "site.yaml", data, &site)
	if site.Title == "" || site.Language != "fi" || site.BaseURL != "https://bench.example.fi/" || site.Help == nil ||
		site.Help.Name == "" || site.Help.Text == "" {
		t.Errorf("site.yaml: required fields missing: %+v", site)
	}
	segs, areas := map[string]bool{}, map[string]bool{}
	for _, s := range site.Segments {
		if s.Name == "" || s.Summary == "" || len(s.Traits) == 0 || len(s.Needs) == 0 {
			t.Errorf("segment %q incomplete", s.ID)
		}
		segs[s.ID] = true
	}
	for _, a := range site.Areas {
		areas[a.ID] = true
	}
	for _, id := range SegmentIDs {
		if !segs[id] {
			t.Errorf("segment %s missing", id)
		}
	}
	for _, id := range AreaIDs {
		if !areas[id] {
			t.Errorf("area %s missing", id)
		}
	}
	var syn [][]string
	data, _ = fs.ReadFile(fsys, "synonyms.yaml")
	strictYAML(t, "synonyms.yaml", data, &syn)
	if len(syn) < 3 {
		t.Errorf("synonyms.yaml: %d groups", len(syn))
	}
	var gloss []struct {
		Word    string `yaml:"word"`
		Plain   string `yaml:"plain"`
		Explain string `yaml:"explain"`
	}
	data, _ = fs.ReadFile(fsys, "glossary.yaml")
	strictYAML(t, "glossary.yaml", data, &gloss)
	for _, g := range gloss {
		if g.Word == "" || g.Plain == "" {
			t.Errorf("glossary entry incomplete: %+v", g)
		}
	}

	withLink, withCallout := 0, 0
	cards := 0
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".md") {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		fm, body := splitFM(t, name, data)
		parts := strings.Split(name, "/")
		switch {
		case len(parts) == 3 && parts[0] == "tools" && parts[2] == "_index.md":
			if !slugRE.MatchString(parts[1]) {
				t.Errorf("%s: bad tool id", name)
			}
			var tf toolFM
			strictYAML(t, name, fm, &tf)
			if tf.Title == "" || tf.Purpose == "" {
				t.Errorf("%s: title or purpose missing", name)
			}
			for _, c := range tf.Changes {
				if !dateRE.MatchString(c.Date) || c.What == "" {
					t.Errorf("%s: bad change %+v", name, c)
				}
			}
		case len(parts) == 3 && parts[0] == "tools":
			cards++
			if slug := strings.TrimSuffix(parts[2], ".md"); !slugRE.MatchString(slug) {
				t.Errorf("%s: bad slug", name)
			}
			var cf cardFM
			strictYAML(t, name, fm, &cf)
			if cf.Title == "" || cf.Summary == "" {
				t.Errorf("%s: title or summary missing", name)
			}
			if n := len(strings.Fields(cf.Title)); n < 4 || n > 8 {
				t.Errorf("%s: title has %d words", name, n)
			}
			if n := len(strings.Fields(cf.Summary)); n < 9 || n > 16 {
				t.Errorf("%s: summary has %d words", name, n)
			}
			for _, s := range cf.Segments {
				if !segs[s] {
					t.Errorf("%s: unknown segment %q", name, s)
				}
			}
			for _, a := range cf.Areas {
				if !areas[a] {
					t.Errorf("%s: unknown area %q", name, a)
				}
			}
			for _, tag := range cf.Tags {
				if tag == "" || tag != strings.ToLower(tag) || strings.ContainsAny(tag, " ,") {
					t.Errorf("%s: bad tag %q", name, tag)
				}
			}
			if !dateRE.MatchString(cf.Updated) || cf.Weight <= 0 || len(cf.Tags) == 0 {
				t.Errorf("%s: updated/weight/tags not set: %+v", name, cf)
			}
			checkBody(t, name, body)
			for _, m := range mdLinkRE.FindAllStringSubmatch(body, -1) {
				withLink++
				target := path.Join(path.Dir(name), m[1])
				if _, ok := files[target]; !ok || !strings.HasPrefix(target, "tools/") {
					t.Errorf("%s: link to missing card %s", name, m[1])
				}
			}
			if strings.Contains(body, "> [!") {
				withCallout++
			}
		case len(parts) == 2 && parts[0] == "paths":
			if slug := strings.TrimSuffix(parts[1], ".md"); !slugRE.MatchString(slug) {
				t.Errorf("%s: bad slug", name)
			}
			var pf pathFM
			strictYAML(t, name, fm, &pf)
			if pf.Title == "" || !segs[pf.Segment] || len(pf.Steps) == 0 {
				t.Errorf("%s: title, segment or steps missing: %+v", name, pf)
			}
			seen := map[string]bool{}
			for _, s := range pf.Steps {
				if _, ok := files["tools/"+s+".md"]; !ok {
					t.Errorf("%s: step %s is no card", name, s)
				}
				if seen[s] {
					t.Errorf("%s: step %s twice", name, s)
				}
				seen[s] = true
			}
		default:
			t.Errorf("unexpected file %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cards != 2000 {
		t.Errorf("walked %d cards", cards)
	}
	if withLink < cards/5 || withLink > cards/2 {
		t.Errorf("%d of %d cards link to another card", withLink, cards)
	}
	if withCallout < cards/6 || withCallout > cards/2 {
		t.Errorf("%d of %d cards have a callout", withCallout, cards)
	}
}

// checkBody: 80-150 words of prose in 2-4 paragraphs, one ## heading (no #), a numbered list.
func checkBody(t *testing.T, name, body string) {
	t.Helper()
	words, paras, headings, steps := 0, 0, 0, 0
	for _, block := range strings.Split(strings.TrimSpace(body), "\n\n") {
		switch {
		case strings.HasPrefix(block, "## "):
			headings++
		case strings.HasPrefix(block, "# "):
			t.Errorf("%s: level-1 heading in body", name)
		case strings.HasPrefix(block, "1. "):
			steps = strings.Count(block, "\n") + 1
		case strings.HasPrefix(block, "> [!"):
		default:
			paras++
		}
		for _, f := range strings.Fields(block) {
			if strings.IndexFunc(f, func(r rune) bool { return r >= 'A' && r <= 'z' || r > 127 }) >= 0 &&
				!strings.HasPrefix(f, "[!") && f != "##" {
				words++
			}
		}
	}
	if headings != 1 || steps < 3 || paras < 2 || paras > 4 {
		t.Errorf("%s: %d headings, %d steps, %d paragraphs", name, headings, steps, paras)
	}
	if words < 80 || words > 150 {
		t.Errorf("%s: body has %d words", name, words)
	}
}

func TestVocabularyInflected(t *testing.T) {
	v := vocabulary
	if len(v.nouns) < 100 || len(v.verbs) < 30 {
		t.Errorf("vocabulary too small: %d nouns, %d verbs", len(v.nouns), len(v.verbs))
	}
	forms := map[string]bool{}
	for _, n := range v.nouns {
		for _, f := range n {
			forms[f] = true
		}
	}
	for _, w := range []string{"kokous", "kokouksen", "kokoukseen", "kokousta", "tiedosto", "tiedoston", "tiedostot",
		"hoitopolku", "hoitopolulle", "digihoitopolku", "etävastaanotto", "oirearvio", "työkaveri", "asiakas", "asiakkaan"} {
		if !forms[w] {
			t.Errorf("vocabulary lacks %q", w)
		}
	}
}

func TestZipfLike(t *testing.T) {
	// Word frequencies fall off with rank: the commonest word form is far commoner than the median one.
	files := Generate(Config{Cards: 1000, Seed: 1})
	counts := map[string]int{}
	for name, data := range files {
		if strings.HasPrefix(name, "tools/") {
			for _, w := range strings.Fields(strings.ToLower(string(data))) {
				counts[strings.Trim(w, ".,*[]()")]++
			}
		}
	}
	top, distinct := 0, 0
	for _, c := range counts {
		top = max(top, c)
		distinct++
	}
	if distinct < 600 {
		t.Errorf("only %d distinct words", distinct)
	}
	if top < 50*len(files)/len(counts) {
		t.Errorf("frequencies look flat: top %d over %d distinct words", top, distinct)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Liity Teams-kokoukseen":                       "liity-teams-kokoukseen",
		"Näin pääset etävastaanotolle":                 "nain-paaset-etavastaanotolle",
		"Yksi kaksi kolme neljä viisi kuusi seitsemän": "yksi-kaksi-kolme-nelja-viisi-kuusi",
		"  ?? ":            "sivu",
		"Suomi.fi tutuksi": "suomi-fi-tutuksi",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestYAMLStr(t *testing.T) {
	for _, s := range []string{"Teams", "on", "No", "Kysy: nyt", "#1", "- lista", "12 kohtaa", "Avaa kokous, sitten kutsu.", `sano "hei"`} {
		var got string
		if err := yaml.Unmarshal([]byte("k: "+yamlStr(s)), &struct {
			K *string `yaml:"k"`
		}{&got}); err != nil || got != s {
			t.Errorf("yamlStr(%q) = %s reads back as %q (%v)", s, yamlStr(s), got, err)
		}
	}
}

// BenchmarkGenerate10k measures what TestFast once asserted with a wall
// clock: the time to generate 10,000 cards (well under a second).
func BenchmarkGenerate10k(b *testing.B) {
	for b.Loop() {
		Generate(Config{Cards: 10000, Seed: 1})
	}
}
