package lint

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/internal/testcontent"
)

// testGlossary is a few entries of content/glossary.yaml, and one of
// several words.
var testGlossary = []generator.GlossaryEntry{
	{Word: "autentikoida", Plain: "tunnistautua"},
	{Word: "applikaatio", Plain: "sovellus"},
	{Word: "äppi", Plain: "sovellus"},
	{Word: "ikoni", Plain: "kuvake"},
	{Word: "single sign on", Plain: "kertakirjautuminen"},
}

// lintBody lints a card whose body is body: the body starts on line 4.
func lintBody(tb testing.TB, body string) generator.Diagnostics {
	tb.Helper()
	return lintFile(tb, "---\ntitle: Testi\n---\n"+body, false)
}

func lintFile(tb testing.TB, data string, card bool) generator.Diagnostics {
	tb.Helper()
	md := generator.NewMarkdown(nil)
	return New(testGlossary).File(md, "tools/teams/testi.md", []byte(data), card)
}

// brief writes findings as "rule line:col", and with hints "rule line:col hint".
func brief(ds generator.Diagnostics, hints bool) []string {
	var out []string
	for _, d := range ds {
		if want := generator.Warning; d.Rule == RulePassive && d.Severity != generator.Notice || d.Rule != RulePassive && d.Severity != want {
			out = append(out, "WRONG SEVERITY: "+d.String())
		}
		s := fmt.Sprintf("%s %d:%d", d.Rule, d.Line, d.Col)
		if hints {
			s += " " + i18n.MustGet("en").Format(d.Hint)
		}
		out = append(out, s)
	}
	return out
}

func TestLintRules(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		// long-sentence
		{"16 words", "Tämä on pitkä lause, jossa on yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän sanaa.\n",
			[]string{"long-sentence 4:1"}},
		{"15 words", "Tämä on pitkä lause, jossa on yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän.\n", nil},
		{"second sentence", "Avaa Teams. Tämä on pitkä lause, jossa on yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän sanaa.\n",
			[]string{"long-sentence 4:13"}},
		{"over a line break", "Kokous alkaa.\nAvaa Teams ja valitse kalenteri, jossa näet\nkaikki kokoukset, kutsut ja muistutukset yhdellä silmäyksellä tänään ja huomenna.\n",
			[]string{"long-sentence 5:1"}},
		{"abbreviation", "Voit kysyä apua monelta, esim. Digimentorit auttavat sinua aina arkipäivisin kello kahdeksasta viiteentoista asti hyvin mielellään.\n",
			[]string{"long-sentence 4:1"}},
		{"list item", "Lue tämä.\n\n- Valitse yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen yksitoista kaksitoista kolmetoista neljätoista viisitoista.\n",
			[]string{"long-sentence 6:3"}},
		{"bold and links count as their words", "Valitse **yksi kaksi** kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen [yksitoista kaksitoista](muu.md) kolmetoista neljätoista viisitoista.\n",
			[]string{"long-sentence 4:1"}},
		{"code is not words", "Kirjoita `yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen` kenttään.\n", nil},

		// long-word
		{"long word", "Lue ohje sosiaalihuoltolainsäädännöstä tarkasti.\n", []string{"long-word 4:10"}},
		{"20 letters", "Kaikki sairaanhoitopalvelut ovat auki.\n", nil},
		{"heading", "## Terveydenhuoltohenkilöstön ohjeet\n", []string{"long-word 4:4"}},
		{"hyphen splits", "Sosiaali- ja terveydenhuoltohenkilöstölle tai Teams-kokoukseen.\n", []string{"long-word 4:14"}},
		{"file names and addresses", "Avaa asetustiedostopohjamalli.yaml ja tiedosto kansiot/terveydenhuoltohenkilöstö ja digimentoritukipalvelut@hyvinvointialue.fi ja https://hyvinvointialue.fi/terveydenhuoltohenkilöstö.\n", nil},
		{"table cell", "| Mitä | Missä |\n|---|---|\n| Terveydenhuoltohenkilöstön ohjeet | Kansio |\n", []string{"long-word 6:3"}},

		// passive
		{"passive", "Ensin avataan Teams.\n", []string{"passive 4:7 write it as an instruction: avataan -> avaa"}},
		{"passive first word", "Valitaan kalenteri.\n", []string{"passive 4:1 write it as an instruction: Valitaan -> Valitse"}},
		{"passive -daan", "Sitten tehdään muistiinpano ja voidaan lopettaa.\n",
			[]string{"passive 4:8 write it as an instruction: tehdään -> tee", "passive 4:32 write it to the reader: voidaan -> voit"}},
		{"passive not in the table", "Lopuksi asioidaan verkossa.\n",
			[]string{"passive 4:9 write it as an instruction to the reader, e.g. valitaan -> valitse, avataan -> avaa"}},
		{"passive -llaan from the table", "Uutta tapaa kokeillaan viikko.\n", []string{"passive 4:13 write it as an instruction: kokeillaan -> kokeile"}},
		{"passive in a callout", "> [!VINKKI]\n> Lomake täytetään ja lähetetään.\n", []string{"passive 5:10", "passive 5:23"}},
		{"passive in a cell", "| Mitä | Missä |\n|---|---|\n| Tiedosto tallennetaan | x |\n", []string{"passive 6:12"}},
		{"question", "## Mihin Teamsia käytetään?\n\nMiten kokous avataan? Avaa kalenteri.\n", nil},
		{"not passive", "Et voi rikkoa mitään. Kirjoita hakukenttään nimi. Palaa kohtaan kolme. Laita kuppi pöytään. " +
			"Hän tekee työtään ja kertoo ketään. Kone sammuu itsestään. Lue yksi kerrallaan. Siirrä ikkuna reunaan. " +
			"Hoitaja tapaa potilaitaan ja asiakkaitaan. Lisää asia agendaan. Asiakas avaa sovelluksen puhelimellaan. " +
			"Sotaan ei lähdetä. Aurinko nousee itään. Vie tieto suoraan ja uudestaan tilaan. Muutto Kanadaan onnistui.\n",
			nil},

		// jargon
		{"jargon", "Voit autentikoida itsesi pankkitunnuksilla.\n",
			[]string{`jargon 4:6 write "tunnistautua" instead of "autentikoida"`}},
		{"jargon inflected", "Sovellus autentikoituu itse. Avaa applikaatiossa asetukset. Äppiä ei tarvita.\n",
			[]string{"jargon 4:10", "jargon 4:35", "jargon 4:61"}},
		{"jargon in a compound", "Mobiiliapplikaatio toimii. Teams-ikoni näkyy.\n", []string{"jargon 4:1", "jargon 4:34"}},
		{"jargon of several words", "Käytä single sign on -kirjautumista.\n", []string{"jargon 4:7"}},
		{"not jargon", "Kysy apua. Apuna on ikkuna ja sen sovellus.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lintBody(t, tt.body)
			hints := slices.ContainsFunc(tt.want, func(s string) bool { return strings.Count(s, " ") > 1 })
			if g, w := strings.Join(brief(got, hints), "\n"), strings.Join(tt.want, "\n"); g != w {
				t.Errorf("findings:\n%s\nwant:\n%s\nall: %v", g, w, got)
			}
		})
	}
}

func TestLintTitleAndSummary(t *testing.T) {
	tests := []struct {
		name, data string
		card       bool
		want       []string
	}{
		{"title", "---\ntitle: Tallenna applikaatiossa\nsummary: Näin avataan tiedosto.\n---\nTeksti.\n", true,
			[]string{"jargon 2:17", "passive 3:15"}},
		{"quoted title", "---\ntitle: \"Käytä äppiä\"\nsummary: 'Lyhyt.'\n---\nTeksti.\n", true, []string{"jargon 2:15"}},
		{"TOML", "+++\ntitle = \"Käytä äppiä\"\nsummary = \"Lyhyt.\"\n+++\nTeksti.\n", true, []string{"jargon 2:16"}},
		{"block scalar", "---\ntitle: Testi\nsummary: |\n  Näin avataan tiedosto.\n---\nTeksti.\n", true, []string{"passive 4:8"}},
		{"not a card", "---\ntitle: Tallenna applikaatiossa\n---\nTeksti.\n", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lintFile(t, tt.data, tt.card)
			if g, w := strings.Join(brief(got, false), "\n"), strings.Join(tt.want, "\n"); g != w {
				t.Errorf("findings:\n%s\nwant:\n%s\nall: %v", g, w, got)
			}
		})
	}
}

func TestLintPassiveWords(t *testing.T) {
	tests := []struct {
		word, instead string
		passive       bool
	}{
		{"avataan", "avaa", true},
		{"Avataan", "Avaa", true},
		{"valitaan", "valitse", true},
		{"painetaan", "paina", true},
		{"tallennetaan", "tallenna", true},
		{"kirjoitetaan", "kirjoita", true},
		{"lähetetään", "lähetä", true},
		{"täytetään", "täytä", true},
		{"suljetaan", "sulje", true},
		{"liitetään", "liitä", true},
		{"jaetaan", "jaa", true},
		{"ladataan", "lataa", true},
		{"kirjaudutaan", "kirjaudu", true},
		{"saadaan", "saat", true},
		{"mennään", "mene", true},
		{"haetaan", "hae", true},    // ha-e: two syllables
		{"luetaan", "lue", true},    // lu-e
		{"kootaan", "kokoa", true},  // one syllable, from the table
		{"nähdään", "näet", true},   // -hdään
		{"hoidetaan", "", true},     // not in the table
		{"juodaan", "", true},       // -daan after a vowel
		{"mainitaan", "", true},     // -itaan after a consonant
		{"asioidaan", "", true},     // -oidaan
		{"mitään", "", false},       // one syllable before -tään
		{"ketään", "", false},       // one syllable
		{"itään", "", false},        // too short
		{"pöytään", "", false},      // illative, one syllable
		{"sotaan", "", false},       // illative
		{"työtään", "", false},      // partitive with a possessive
		{"päätään", "", false},      // partitive with a possessive
		{"tietään", "", false},      // excluded
		{"asioitaan", "", false},    // -Vitaan: plural partitive with a possessive
		{"potilaitaan", "", false},  // -Vitaan
		{"kohtaan", "", false},      // consonant before -taan
		{"hakukenttään", "", false}, // consonant before -tään
		{"itsestään", "", false},    // -stään is not in the table
		{"puolestaan", "", false},   // -staan
		{"kerrallaan", "", false},   // -llaan is not in the table
		{"puhelimellaan", "", false},
		{"reunaan", "", false}, // -naan
		{"ikkunaan", "", false},
		{"tilaan", "", false}, // -laan
		{"agendaan", "", false},
		{"kaan", "", false},
		{"maan", "", false},
		{"vaan", "", false},
		{"kukaan", "", false},
		{"tänään", "", false},
		{"enintään", "", false}, // consonant before -tään
		{"suoraan", "", false},
	}
	for _, tt := range tests {
		instead, ok := passive(tt.word)
		if got, want := fmt.Sprint(instead, ok), fmt.Sprint(tt.instead, tt.passive); got != want {
			t.Errorf("passive(%q) = %s, want %s", tt.word, got, want)
		}
	}
}

func TestLintJargonMatches(t *testing.T) {
	tests := []struct {
		text, gloss string
		want        bool
	}{
		{"autentikoida", "autentikoida", true},
		{"autentikoidaan", "autentikoida", true},
		{"autentikoituu", "autentikoida", true}, // the stem's end changes: StemPrefix
		{"autentikoinnin", "autentikoida", true},
		{"applikaatiossa", "applikaatio", true},
		{"applikaatiot", "applikaatio", true},
		{"mobiiliapplikaatiossa", "applikaatio", true}, // last part of a compound
		{"käyttöliittymässä", "käyttöliittymä", true},
		{"synkronoituu", "synkronoida", true},
		{"reaaliaikaisesti", "reaaliaikainen", true},
		{"äppiä", "äppi", true},
		{"äpin", "äppi", true},
		{"ikonit", "ikoni", true},
		{"ikonista", "ikoni", true},
		{"tiketin", "tiketti", true},
		{"sessiossa", "sessio", true},
		{"apua", "äppi", false}, // "äppi" stems to "ap": only equal stems count
		{"apuna", "äppi", false},
		{"ikkuna", "ikoni", false},
		{"appelsiini", "äppi", false},
		{"pilvi", "pilvipalvelu", false},
		{"palvelu", "pilvipalvelu", false},
		{"logaritmi", "logata", false},
		{"sovellus", "applikaatio", false},
	}
	for _, tt := range tests {
		if got := stemMatches(stem(tt.text), stem(tt.gloss)); got != tt.want {
			t.Errorf("%q as a form of %q (stems %q, %q) = %v, want %v", tt.text, tt.gloss, stem(tt.text), stem(tt.gloss), got, tt.want)
		}
	}
}

func TestLintSentences(t *testing.T) {
	tests := []struct {
		text string
		want string // sentences as "words|..." with ? for questions
	}{
		{"Avaa Teams. Valitse kalenteri.", "2|2"},
		{"Kello on 8.30 ja klo 9. Se alkaa.", "6|2"},
		{"Esim. Teams toimii. Hyvä.", "3|1"},
		{"Mihin Teamsia käytetään? Viesteihin.", "3?|1"},
		{"Lue sivu \"Mikä Teams on?\". Sitten jatka.", "5|2"},
		{"Avaa (ja sulje) ikkuna.", "4"},
		{"Vaihe 1. Tee näin – ja näin.", "2|4"},
		{"", ""},
	}
	for _, tt := range tests {
		var parts []string
		for _, s := range sentences(tt.text) {
			p := fmt.Sprint(len(s.chunks))
			if s.question {
				p += "?"
			}
			parts = append(parts, p)
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("sentences(%q) = %s, want %s", tt.text, got, tt.want)
		}
	}
}

// TestLintSampleContent: the tests' knowledge bank (testcontent.Fixture, a
// snapshot of the sample content, the mentors' model) is good plain
// language, so the linter must find nothing in it: no false alarm on
// realistic text.
func TestLintSampleContent(t *testing.T) {
	fsys := os.DirFS(testcontent.Fixture(t))
	site, _, diags, err := generator.LoadSite(fsys, "../themes")
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading the sample content: %v %v", err, diags.Errors())
	}
	ds, _ := New(site.Glossary).Site(fsys, site, generator.NewMarkdown(nil))
	for _, d := range ds {
		t.Errorf("the sample content should lint clean: %v", d)
	}
}
