package lint

import (
	"fmt"
	"strings"
	"testing"

	"tietopankki/generator"
	"tietopankki/i18n"
)

// TestSyllables counts the syllables of known Finnish words (hyphenated as
// a dictionary hyphenates them).
func TestSyllables(t *testing.T) {
	for _, tt := range []struct {
		word string
		want int // kis-sa
	}{
		{"ja", 1},
		{"tie", 1},              // ie in the first syllable
		{"työ", 1},              // yö
		{"kissa", 2},            // kis-sa
		{"suomi", 2},            // suo-mi
		{"liian", 2},            // lii-an: a long vowel, then a
		{"kauan", 2},            // kau-an
		{"aie", 2},              // ai-e: pairs from the left
		{"hääyö", 2},            // hää-yö
		{"Öljy", 2},             // capitals
		{"maailma", 3},          // maa-il-ma
		{"raueta", 3},           // rau-e-ta
		{"korkea", 3},           // kor-ke-a: ea is no diphthong
		{"leikkiä", 3},          // leik-ki-ä
		{"yhteistyö", 3},        // yh-teis-työ
		{"kirjoittaa", 3},       // kir-joit-taa
		{"kokoukseen", 3},       // ko-kouk-seen
		{"tietokone", 4},        // tie-to-ko-ne
		{"mikrofoni", 4},        // mik-ro-fo-ni
		{"vastaanotto", 4},      // vas-taan-ot-to
		{"radioissa", 4},        // ra-di-ois-sa
		{"käyttäjien", 4},       // käyt-tä-ji-en: -ien after the first syllable
		{"saapuvien", 4},        // saa-pu-vi-en
		{"terveydenhuolto", 5},  // ter-vey-den-huol-to
		{"kalenterissa", 5},     // ka-len-te-ris-sa
		{"hyvinvointialue", 7},  // hy-vin-voin-ti-a-lu-e
		{"asiakastietojen", 7},  // a-si-ak-kas-tie-to-jen
		{"Teams-kokoukseen", 5}, // a hyphen parts the words: te-ams-ko-kouk-seen
		{"", 0},
		{"2024", 0},
	} {
		if got := syllables(tt.word); got != tt.want {
			t.Errorf("syllables(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
}

// body parses a card body into prose blocks; the body starts on line 4.
func body(tb testing.TB, text string) []generator.Prose {
	tb.Helper()
	return generator.NewMarkdown(nil).Prose("tools/teams/testi.md", []byte("---\ntitle: Testi\n---\n"+text))
}

var titlePos = generator.Pos{File: "tools/teams/testi.md", Line: 2, Col: 8}

// inFinnish formats findings as a Finnish mentor reads them.
func inFinnish(ds generator.Diagnostics) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Format(i18n.MustGet("fi"))+" ["+d.Rule+"]")
	}
	return strings.Join(out, "\n")
}

func TestReadabilityFigures(t *testing.T) {
	// Avaa(2) Teams(2). Valitse(3) kalenterista(5) kokous(2): 5 words, 1 long.
	r, _ := readability("tools/teams/testi.md", titlePos, body(t, "Avaa Teams. Valitse kalenterista kokous.\n\nKatso [ohje](https://example.fi/ohje) osoitteesta https://example.fi/ohje.\n"))
	// Katso(2) ohje(2) osoitteesta(4): the address is no word.
	want := Readability{File: "tools/teams/testi.md", Sentences: 3, Words: 8, MeanWords: 2.67, LongWords: 0.25, Wiio: 10.2}
	if r != want {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	if got := wiio(0.2); fmt.Sprintf("%.2f", got) != "8.70" {
		t.Errorf("wiio(0.2) = %v, want 2.7 + 30 × 0.2 = 8.7", got)
	}
}

func TestCardLengthAndReadability(t *testing.T) {
	ten := "Yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen.\n"
	for _, tt := range []struct {
		name, body string
		want       string
	}{
		{"short", "Avaa Teams. Valitse kokous.\n", "tools/teams/testi.md:2:8: varoitus: kortissa on 4 sanaa, vähemmän kuin 80 " +
			"(kerro, missä tilanteessa ohje auttaa, mitä lukija tekee ja mitä hän voi tehdä, jos jokin ei onnistu) [short-card]"},
		{"80 words", strings.Repeat(ten, 8), ""},
		{"300 words", strings.Repeat(ten, 30), ""},
		{"long", strings.Repeat(ten, 30) + "\n" + ten, "tools/teams/testi.md:35:1: varoitus: kortissa on 310 sanaa, enemmän kuin 300 " +
			"(kortti venyy liian pitkäksi tästä kohdasta. Jaa se kahdeksi kortiksi tai jätä pois se, mitä lukija ei tarvitse) [long-card]"},
		{"below the grade limit", strings.Repeat(ten, 8) + "\nAvaa se. " + strings.Repeat("Asiakastietojärjestelmä edellyttää tunnistautumista. ", 8) +
			"Uusi asiakastietojärjestelmä edellyttää nopeaa tunnistautumista.\n",
			// 80 + 2 + 8×3 + 5 = 111 words, 27 long: 2.7 + 30 × 27/111 = 10.0
			""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := readability("tools/teams/testi.md", titlePos, body(t, tt.body))
			if got := inFinnish(ds); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	// A hard text: two long words in three, pointing at the hardest sentence.
	_, ds := readability("tools/teams/testi.md", titlePos, body(t, strings.Repeat(ten, 8)+"\nAvaa se. Asiakastietojärjestelmä edellyttää tunnistautumista.\n\n"+
		strings.Repeat("Tietojärjestelmä edellyttää tunnistautumista. ", 40)+"\n\nKäyttöoikeudet edellyttävät tunnistautumista asiakastietojärjestelmään aina.\n"))
	// 210 words, 127 long: 2.7 + 30 × 127/210 = 20.8; the last sentence has 4 long words.
	want := "tools/teams/testi.md:17:1: varoitus: teksti on vaikeaa luettavaa: sen Wiion luku on 21, enemmän kuin 12 " +
		"(vaikein lause on tässä: siinä on 4 sanaa, joissa on neljä tavua tai enemmän. Käytä lyhyitä ja tuttuja sanoja) [hard-text]"
	if got := inFinnish(ds); got != want {
		t.Errorf("hard text: got\n%s\nwant\n%s", got, want)
	}
}

// TestLongSentenceInFinnish: the one sentence-length rule, at the sentence.
func TestLongSentenceInFinnish(t *testing.T) {
	ds := lintBody(t, "Avaa Teams. Tämä on pitkä lause, jossa on yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän sanaa.\n")
	want := "tools/teams/testi.md:4:13: varoitus: lauseessa on 16 sanaa (jaa se kahdeksi lauseeksi. Kirjoita lauseeseen enintään 15 sanaa) [long-sentence]"
	if got := inFinnish(ds); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
