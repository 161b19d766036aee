package generator

import (
	"strings"
	"testing"

	"tietopankki/i18n"
)

// finnish formats diagnostics as a Finnish mentor reads them, one a line,
// with their rule ids.
func finnish(ds Diagnostics) string {
	fi := i18n.MustGet("fi")
	var out []string
	for _, d := range ds {
		out = append(out, d.Format(fi)+" ["+d.Rule+"]")
	}
	return strings.Join(out, "\n")
}

// TestYAMLTrapsInFinnish: the YAML mistakes mentors make are reported on
// the line where they are, with the fix, in Finnish.
func TestYAMLTrapsInFinnish(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "colon in a title",
			files: map[string]string{x: card([]string{"title: Teams: soita puhelu", "summary: Näin soitat."})},
			want:  x + `:2:8: title: tekstissä on kaksoispiste (:), ja se sekoittaa tiedot (lisää otsikon ympärille lainausmerkit: title: "Teams: soita puhelu") [bad-front-matter]`,
		},
		{
			name:  "colon in a summary on a later line",
			files: map[string]string{x: card([]string{"title: Soita", "summary: Huom: näin soitat."})},
			want:  x + `:3:10: summary: tekstissä on kaksoispiste (:), ja se sekoittaa tiedot (lisää tekstin ympärille lainausmerkit: summary: "Huom: näin soitat.") [bad-front-matter]`,
		},
		{
			name:  "colon in site.yaml",
			files: map[string]string{"site.yaml": editLines(minimal["site.yaml"], "title: Testipankki", "title: Tietopankki: ohjeet")},
			want:  `site.yaml:1:8: title: tekstissä on kaksoispiste (:), ja se sekoittaa tiedot (lisää otsikon ympärille lainausmerkit: title: "Tietopankki: ohjeet") [bad-yaml]`,
		},
		{
			name:  "tab in the indentation",
			files: map[string]string{x: card([]string{"title: X", "segments:", "\t- alkava", "summary: a"})},
			want:  x + ":4:1: rivin alussa on sarkain (Tab-merkki) (sisennä välilyönneillä, älä Tab-näppäimellä) [bad-front-matter]",
		},
		{
			name:  "list item indented under the one before",
			files: map[string]string{x: card(append(okCard, "segments:", "  - alkava", "    - kokeileva"))},
			want:  x + `:6:5: luettelon segments sisennys on väärin: "alkava - kokeileva" luettiin yhdeksi kohdaksi (kirjoita jokainen kohta omalle rivilleen samaan kohtaan kuin ensimmäinen, esimerkiksi "  - kokeileva") [list-indent]`,
		},
		{
			name:  "three list items, the first not indented",
			files: map[string]string{x: card(append(okCard, "areas:", "- terveys", "  - perhe", "  - koulu"))},
			want: x + `:6:3: luettelon areas sisennys on väärin: "terveys - perhe - koulu" luettiin yhdeksi kohdaksi (kirjoita jokainen kohta omalle rivilleen samaan kohtaan kuin ensimmäinen, esimerkiksi "- perhe") [list-indent]` + "\n" +
				x + `:7:3: tuntematon palvelualue "koulu" (palvelualueet: terveys, perhe) [unknown-area]`,
		},
		{
			name:  "list item less indented than the one before",
			files: map[string]string{x: card(append(okCard, "segments:", "  - alkava", " - kokeileva"))},
			want:  x + ":6:2: luettelon kohdat eivät ala samasta kohdasta (aloita jokainen kohta yhtä kaukaa reunasta: 2 välilyöntiä, sitten viiva ja välilyönti) [bad-front-matter]",
		},
		{
			name:  "closing --- missing",
			files: map[string]string{x: lines("---", "title: Soita", "summary: Näin soitat.", "Avaa Teams.", "", "## Näin soitat")},
			want:  x + ":4:1: alkutietojen lopusta puuttuu rivi --- (lisää rivi --- tämän rivin yläpuolelle) [bad-front-matter]",
		},
		{
			name:  "closing --- missing before a heading",
			files: map[string]string{x: lines("---", "title: Soita", "summary: Näin soitat.", "", "## Näin soitat", "", "Avaa Teams.")},
			want:  x + ":5:1: alkutietojen lopusta puuttuu rivi --- (lisää rivi --- tämän rivin yläpuolelle) [bad-front-matter]",
		},
		{
			name:  "unclosed quote",
			files: map[string]string{x: card([]string{"title: Soita", `summary: "Näin soitat.`, "weight: 1"})},
			want:  x + `:3:10: lainausmerkki jää auki (lisää lainausmerkki tekstin loppuun: summary: "Näin soitat.") [bad-front-matter]`,
		},
		{
			name:  "unclosed list",
			files: map[string]string{x: card([]string{"title: Soita", "summary: Näin soitat.", "tags: [puhelu, soitto", "weight: 1"})},
			want:  x + ":4:7: luettelon lopusta puuttuu ] (lisää ] luettelon loppuun: tags: [puhelu, soitto]) [bad-front-matter]",
		},
		{
			name:  "text that starts with brackets",
			files: map[string]string{x: card([]string{"title: Soita", "summary: [Kesken] näin soitat."})},
			want:  x + `:3:10: summary: teksti alkaa merkillä [, joka vaatii lainausmerkit (lisää tekstin ympärille lainausmerkit: summary: "[Kesken] näin soitat.") [bad-front-matter]`,
		},
		{
			name:  "key indented under a text",
			files: map[string]string{x: card([]string{"title: Soita", "summary: Näin soitat.", "  weight: 1"})},
			want:  x + ":4:3: rivi on sisennetty enemmän kuin edellinen rivi (aloita rivi samasta kohdasta kuin edellinen rivi) [bad-front-matter]",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := site(t, with(minimal, tc.files))
			var mine Diagnostics // a broken site.yaml makes every card's segments unknown
			for _, d := range diags {
				if _, ok := tc.files[d.File]; ok {
					mine = append(mine, d)
				}
			}
			if got := finnish(mine); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestIDsIgnoreCase: segment and area ids work whatever their case.
func TestIDsIgnoreCase(t *testing.T) {
	s := mustSite(t, with(minimal, map[string]string{
		x:               card(append(okCard, "segments: [Alkava, VAHVA]", "areas:", "  - Terveys")),
		"paths/alku.md": editLines(minimal["paths/alku.md"], "segment: alkava", "segment: Alkava"),
	}))
	c := s.CardByID["teams/x"]
	var got []string
	for _, sg := range c.SegmentRefs {
		got = append(got, sg.ID)
	}
	for _, a := range c.AreaRefs {
		got = append(got, a.ID)
	}
	if g, want := strings.Join(got, " "), "alkava vahva terveys"; g != want {
		t.Errorf("card's segments and areas: got %q, want %q", g, want)
	}
	if p := s.PathByID["paths/alku"]; p.SegmentRef == nil || p.SegmentRef.ID != "alkava" {
		t.Errorf("path segment: got %v, want alkava", p.SegmentRef)
	}
}
