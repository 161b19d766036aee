package generator

import (
	"strings"
	"testing"

	"tietopankki/internal/htmlscan"
)

// fuzzCard is where the fuzz targets put their card in the minimal site.
const fuzzCard = "tools/teams/sumea.md"

// fuzzSite loads the minimal site with the file fuzzCard as given, through
// the public path a build takes (LoadConfig, Load, Validate, Assemble).
func fuzzSite(t *testing.T, file string) (*Site, Diagnostics) {
	t.Helper()
	return site(t, with(minimal, map[string]string{fuzzCard: file}))
}

// FuzzFrontMatter feeds arbitrary card files (front matter in YAML or TOML,
// or none, and a body) to the loader: it must never panic, and every
// diagnostic must point at a line (1 or more) of a file, so that a mentor
// is sent somewhere.
func FuzzFrontMatter(f *testing.F) {
	for _, seed := range []string{
		card(okCard, "Teksti."),
		card(append(okCard, "segments: [alkava, vahva]", "areas: [terveys]", "tags: [kokous]", "updated: 2024-05-01", "weight: 3"), "## Otsikko", "", "Teksti."),
		"+++\ntitle = \"Kortti\"\nsummary = \"Lyhyt.\"\nupdated = 2024-02-29\n+++\nTeksti.\n",
		"+++\ntitle = \"Kortti\"\n[[changes]]\ndate = 2024-01-01\n+++\n",
		"\ufeff" + card(okCard, "BOM."),
		"---\r\ntitle: Kortti\r\nsummary: CRLF.\r\n---\r\nTeksti.\r\n",
		"---\ntitle: [rikki\nsummary: x\n---\nRikki.\n",
		"---\ntitle: X\n\tsummary: tab\n---\n",
		"---\ntitle: X\nsummary: a: b\n---\n",
		"---\ntitle: X\nsummary: Y\n",                           // no closing line
		"---\n---\n",                                            // empty front matter
		"Ei etuosaa lainkaan.\n",                                // no front matter
		"---\ntitle: &a X\nsummary: *a\n---\n",                  // anchor and alias
		"---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n", // alias expansion
		"---\ntitle: X\ntitle: Y\nsummary: Z\n---\n",            // a key twice
		"---\ntitle: X\nsummary: Y\nweight: 99999999999999999999\nupdated: 31.5.2024\nsegments: {alkava: true}\n---\n",
		"---\n- a\n- b\n---\n",                           // a list, not a mapping
		"---\ntitle: \xff\xfe\nsummary: Y\n---\n\xc3(\n", // invalid UTF-8
		"---\ntitle: X\nsummary: Y\ndraft: true\n---\n",
		"\n\n---\ntitle: X\nsummary: Y\n---\n",
		"---\n" + strings.Repeat("  ", 50) + "x: 1\n---\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		_, diags := fuzzSite(t, file)
		for _, d := range diags {
			if d.Line < 1 || d.File == "" {
				t.Errorf("diagnostic %v [%s] has no place in a file (file %q, line %d)", d, d.Rule, d.File, d.Line)
			}
		}
	})
}

// FuzzMarkdown feeds arbitrary Markdown, as a card's body, to the
// Markdown → HTML path of a build: whatever the input, the HTML must hold
// no <script>, no event-handler attribute (on...=) and no javascript: or
// vbscript: URL. (Raw HTML in Markdown is never rendered, and links are
// checked or neutralised.)
func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{
		"Avaa [Teams](mika-on-teams.md) ja valitse **Liity**.",
		"## Näin teet sen\n\n1. Avaa ohjelma.\n2. Valitse *Aloita*.\n\n> [!VINKKI]\n> Hyvä neuvo.\n",
		"| Vaihe | Mitä |\n|--|--|\n| 1 | Avaa<br>Tallenna |\n",
		"<script>alert(1)</script>",
		"<SCRIPT SRC=//x.example/x.js></SCRIPT>",
		"Teksti <img src=x onerror=alert(1)> lisää.",
		"<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">x</a>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x]( javascript:alert(1) \"otsikko\")",
		"[x](java\tscript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](javascript&colon;alert(1))",
		"[x](vbscript:msgbox(1))",
		"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"![kuva](javascript:alert(1))",
		"<javascript:alert(1)>",
		"[x][1]\n\n[1]: javascript:alert(1) \"t\"\n",
		"www.example.fi/javascript:alert(1) https://example.fi/?a=<script>",
		"> [!VAROITUS]\n> <b onmouseover=alert(1)>x</b>\n",
		"## Otsikko {onclick=alert(1)}\n",
		"`<script>` ja ```\n<script>alert(1)</script>\n```\n",
		"&lt;script&gt; &#60;script&#62; \\<script>",
		"<!-- <script>alert(1)</script> -->",
		"<div\nonclick=alert(1)>x</div>",
		"[x](<javascript:alert(1)>)",
		"<iframe src=javascript:alert(1)></iframe>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		s, _ := fuzzSite(t, card(okCard, body))
		c := s.CardByID["teams/sumea"]
		if c == nil {
			return // the card had an error that keeps it out of the site
		}
		html := string(c.Body)
		if strings.Contains(strings.ToLower(html), "<script") {
			t.Fatalf("Markdown %q gave a <script>:\n%s", body, html)
		}
		tags, err := htmlscan.Scan(html)
		if err != nil {
			t.Fatalf("Markdown %q gave HTML that does not scan (%v):\n%s", body, err, html)
		}
		for _, tag := range tags {
			for _, a := range tag.Attrs {
				if strings.HasPrefix(a.Name, "on") {
					t.Fatalf("Markdown %q gave an event handler %s:\n%s", body, tag, html)
				}
				if scriptURL(a.Value) {
					t.Fatalf("Markdown %q gave a script URL in %s:\n%s", body, tag, html)
				}
			}
		}
	})
}

// scriptURL reports whether a browser would run an attribute value as
// script when followed: javascript: or vbscript:, however written (the
// scanner has decoded character references; browsers drop ASCII tab and
// newline anywhere in a URL, and leading controls and spaces).
func scriptURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:")
}
