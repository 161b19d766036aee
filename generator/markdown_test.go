package generator

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite the expected HTML of testdata/markdown/*.txt")

// goldenSep separates a golden file's Markdown from its expected HTML, as in
// goldmark's own test data.
const goldenSep = "//- - - - - - - - -//\n"

// A golden file of testdata/markdown is
//
//	// comment lines, and options:
//	// file: tools/teams/kortti.md   (the content file the Markdown is in)
//	// base: /tietopankki/            (the site's base path)
//	Markdown
//	//- - - - - - - - -//
//	expected HTML
type golden struct {
	header, markdown, html string
	file, base             string
}

func readGolden(tb testing.TB, name string) golden {
	tb.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	g := golden{file: "tools/teams/kortti.md", base: "/"}
	text := string(data)
	for strings.HasPrefix(text, "// ") {
		line, rest, _ := strings.Cut(text, "\n")
		g.header += line + "\n"
		text = rest
		if v, ok := strings.CutPrefix(line, "// file: "); ok {
			g.file = v
		}
		if v, ok := strings.CutPrefix(line, "// base: "); ok {
			g.base = v
		}
	}
	md, html, ok := strings.Cut(text, goldenSep)
	if !ok {
		tb.Fatalf("%s: no separator line %q", name, strings.TrimSpace(goldenSep))
	}
	g.markdown, g.html = md, html
	return g
}

// convertBody converts a body as if it were the whole content file file.
func convertBody(md *Markdown, file, base, body string) (Doc, Diagnostics) {
	var doc Doc
	var d diags
	md.convert(&source{file: file, data: []byte(body)}, base, &doc, &d)
	return doc, d.list
}

func TestMarkdownGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/markdown/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files in testdata/markdown")
	}
	md := NewMarkdown(defaultTheme(t, "/").Labels())
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txt"), func(t *testing.T) {
			g := readGolden(t, name)
			doc, _ := convertBody(md, g.file, g.base, g.markdown)
			got := string(doc.Body)
			if *update {
				if err := os.WriteFile(name, []byte(g.header+g.markdown+goldenSep+got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != g.html {
				t.Errorf("%s: Markdown\n%s\ngot HTML\n%s\nwant\n%s", name, g.markdown, got, g.html)
			}
		})
	}
}

// TestMarkdownConcurrent converts with one Markdown from many goroutines:
// Load does so, and heading ids must not leak between documents.
func TestMarkdownConcurrent(t *testing.T) {
	md := NewMarkdown(testLabels)
	body := "## Otsikko\n\n## Otsikko\n\n[Linkki](toinen.md#otsikko)\n"
	want, _ := convertBody(md, "tools/teams/kortti.md", "/", body)
	done := make(chan Doc)
	for range 8 {
		go func() {
			doc, _ := convertBody(md, "tools/teams/kortti.md", "/", body)
			done <- doc
		}()
	}
	for range 8 {
		if got := <-done; got.Body != want.Body {
			t.Errorf("concurrent conversion got\n%s\nwant\n%s", got.Body, want.Body)
		}
	}
	if got, want := string(want.Body), `<h2 id="otsikko">Otsikko</h2>`+"\n"+`<h2 id="otsikko-2">Otsikko</h2>`; !strings.HasPrefix(got, want) {
		t.Errorf("got %s, want it to start with %s", got, want)
	}
}

func TestMarkdownHeadings(t *testing.T) {
	md := NewMarkdown(testLabels)
	doc, d := convertBody(md, "tools/teams/kortti.md", "/", lines(
		"## Käynnistä kokous",
		"",
		"### Käynnistä kokous",
		"",
		"## Åland ja Öljy: 2 *vaihetta*",
		"",
		"## ???",
	))
	if len(d) != 0 {
		t.Errorf("diagnostics: %v", d)
	}
	want := []Heading{
		{Level: 2, ID: "kaynnista-kokous", Text: "Käynnistä kokous"},
		{Level: 3, ID: "kaynnista-kokous-2", Text: "Käynnistä kokous"},
		{Level: 2, ID: "aland-ja-oljy-2-vaihetta", Text: "Åland ja Öljy: 2 vaihetta"},
		{Level: 2, ID: "osio", Text: "???"},
	}
	if got, want := len(doc.Headings), len(want); got != want {
		t.Fatalf("got %d headings %+v, want %d", got, doc.Headings, want)
	}
	for i, h := range doc.Headings {
		if h != want[i] {
			t.Errorf("heading %d got %+v, want %+v", i, h, want[i])
		}
	}
}

func TestSlugify(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Käynnistä kokous", "kaynnista-kokous"},
		{"  Liity   Teams-kokoukseen!  ", "liity-teams-kokoukseen"},
		{"Åström ÖLJY élan", "astrom-oljy-elan"},
		{"Vaihe 2: tallenna", "vaihe-2-tallenna"},
		{"Liity_Kokoukseen", "liity-kokoukseen"},
		{"!!!", ""},
	} {
		if got := Slugify(tc.in); got != tc.want {
			t.Errorf("Slugify(%q) got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// words returns the words of a text: runs of letters, digits and the
// characters that join them in the test bodies.
func words(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' && r != '/' && r != ':'
	}) {
		set[strings.TrimRight(w, ".:")] = true
	}
	return set
}

// TestMarkdownText checks the plain text that search indexes: every word of
// the body, none of its markup, nor code blocks; a line for each
// paragraph, heading, list item and table row.
func TestMarkdownText(t *testing.T) {
	md := NewMarkdown(testLabels)
	doc, _ := convertBody(md, "tools/teams/kortti.md", "/", lines(
		"Avaa **Teams** ja _valitse_ ~~vanha~~ [Kalenteri](../onedrive/kalenteri-ohje.md#vaihe).",
		"Toinen rivi\\",
		"kolmas rivi.",
		"",
		"## Näin liityt",
		"",
		"- [x] kamera päällä",
		"- [ ] mikrofoni kiinni",
		"",
		"| Painike | Toiminto |",
		"|:--|--:|",
		"| Liity | avaa kokouksen |",
		"",
		"> [!VINKKI]",
		"> Liity ajoissa.",
		"",
		"![Liity-painike kuvana](kortti/kuva.png)",
		"",
		"Kirjoita `teams.exe` tai katso <https://teams.example.fi/ohje>.",
		"",
		"```",
		"koodirivi",
		"```",
		"",
		"<div class=\"salainen\">piilotettu</div>",
		"",
		"Tämä on <span>upotettu</span> sana.",
	))
	got := words(doc.Text)
	for _, word := range strings.Fields(
		"Avaa Teams ja valitse vanha Kalenteri Toinen rivi kolmas Näin liityt kamera päällä mikrofoni kiinni " +
			"Painike Toiminto Liity avaa kokouksen ajoissa Liity-painike kuvana Kirjoita teams.exe tai katso " +
			"https://teams.example.fi/ohje Tämä on upotettu sana") {
		if !got[word] {
			t.Errorf("Text does not have the word %q:\n%s", word, doc.Text)
		}
	}
	for _, markup := range []string{
		"**", "_valitse_", "~~", "](", "kalenteri-ohje", "\\", "##", "[x]", "[ ]", "|", ":--", "[!VINKKI]", "VINKKI",
		"> ", "kortti/kuva.png", "!", "`", "<", ">", "salainen", "piilotettu", "span", "koodirivi",
	} {
		if strings.Contains(doc.Text, markup) {
			t.Errorf("Text contains markup %q:\n%s", markup, doc.Text)
		}
	}
	lines := strings.Split(doc.Text, "\n")
	for _, line := range []string{"Näin liityt", "kamera päällä", "mikrofoni kiinni", "Painike – Toiminto", "Liity – avaa kokouksen", "Liity ajoissa."} {
		if !slices.Contains(lines, line) {
			t.Errorf("Text has no line %q:\n%s", line, doc.Text)
		}
	}
}

// TestMarkdownTextRawHTMLBreak checks that words on both sides of an
// inline HTML tag such as <br> stay two words in the search text.
func TestMarkdownTextRawHTMLBreak(t *testing.T) {
	md := NewMarkdown(testLabels)
	doc, _ := convertBody(md, "tools/teams/kortti.md", "/", "| Vaihe |\n|--|\n| Avaa<br>Tallenna |\n")
	got := words(doc.Text)
	if !got["Avaa"] || !got["Tallenna"] {
		t.Errorf("Text %q: want the words Avaa and Tallenna", doc.Text)
	}
}
