package generator

import (
	"strings"
	"testing"
)

// TestReviewerFindings: what a reviewer would send back, in Finnish, at the
// place it is: template text left in, a link written as a site address, a
// picture missing from the card's own folder.
func TestReviewerFindings(t *testing.T) {
	p := Placeholders
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "template text in a published card",
			files: map[string]string{x: card([]string{"title: Soita", "summary: " + p.CardSummary},
				p.CardIntro, "", "## Näin teet sen", "", "1. "+p.CardSteps[0], "2. Valitse **Soita**.", "", "> [!VINKKI]", "> "+p.CardTip)},
			want: strings.Join([]string{
				x + ":3:10: mallin teksti on vielä paikallaan: ”Kerro tähän yhdellä lauseella, mitä kortti neuvoo.” (kirjoita tilalle oma tekstisi) [template-text]",
				x + ":5:1: mallin teksti on vielä paikallaan: ”Kerro tähän lyhyesti, missä tilanteessa ohje auttaa.” (kirjoita tilalle oma tekstisi) [template-text]",
				x + ":9:4: mallin teksti on vielä paikallaan: ”Avaa ...” (kirjoita tilalle oma tekstisi) [template-text]",
				x + ":13:3: mallin teksti on vielä paikallaan: ”Kirjoita tähän hyvä neuvo, joka helpottaa työtä.” (kirjoita tilalle oma tekstisi) [template-text]",
			}, "\n"),
		},
		{
			name:  "template text in a draft is a reminder",
			files: map[string]string{x: card([]string{"title: Soita", "summary: Näin soitat.", "draft: true"}, p.CardTrouble)},
			want:  x + ":6:1: huomautus: mallin teksti on vielä paikallaan: ”Kerro tähän, mitä lukija voi tehdä, jos jokin vaihe ei onnistu.” (kirjoita tilalle oma tekstisi) [template-text]",
		},
		{
			name: "template text in a tool page",
			files: map[string]string{"tools/teams/_index.md": card([]string{"title: Teams", "purpose: " + p.ToolPurpose},
				"## Aloita tästä", "", p.ToolStart, p.ToolNewCard+" `tietopankki new card teams/kortin-nimi`.")},
			want: strings.Join([]string{
				"tools/teams/_index.md:3:10: mallin teksti on vielä paikallaan: ”Kerro tähän yhdellä lauseella, mihin työkalu auttaa työssä.” (kirjoita tilalle oma tekstisi) [template-text]",
				"tools/teams/_index.md:7:1: mallin teksti on vielä paikallaan: ”Linkitä tähän työkalun tärkein ohjekortti.” (kirjoita tilalle oma tekstisi) [template-text]",
				"tools/teams/_index.md:8:1: mallin teksti on vielä paikallaan: ”Uuden kortin saat komennolla” (kirjoita tilalle oma tekstisi) [template-text]",
			}, "\n"),
		},
		{
			name:  "link written as a site address",
			files: map[string]string{x: card(okCard, "Lue [ohje](/tools/teams/jaa-naytto/#vaihe) ja [taso](/segments/alkava/).")},
			want:  x + ":5:5: varoitus: linkki \"/tools/teams/jaa-naytto/#vaihe\" on sivuston osoite (linkitä tiedostoon: jaa-naytto.md#vaihe. Silloin tarkistus huomaa, jos sivu siirtyy) [site-path-link]",
		},
		{
			name:  "link from a page written as a site address",
			files: map[string]string{"apua.md": card([]string{"title: Apua"}, "[Teams](/tools/teams)")},
			want:  "apua.md:4:1: varoitus: linkki \"/tools/teams\" on sivuston osoite (linkitä tiedostoon: tools/teams/_index.md. Silloin tarkistus huomaa, jos sivu siirtyy) [site-path-link]",
		},
		{
			name:  "picture missing: save it in the card's own folder",
			files: map[string]string{x: card(okCard, "![Soita-painike](soita.png)")},
			want:  x + ":5:1: kuva \"soita.png\": tiedostoa ei ole (tallenna kuva kortin omaan kansioon: tools/teams/x/soita.png. Kirjoita kuvan osoitteeksi x/soita.png) [missing-file]",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := site(t, with(minimal, tc.files))
			if got := finnish(diags); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
