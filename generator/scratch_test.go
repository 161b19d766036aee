package generator

import (
	"fmt"
	"testing"
)

func show(t *testing.T, name string, ch map[string]string) {
	_, d := site(t, with(minimal, ch))
	fmt.Println("==", name)
	for _, x := range d {
		fmt.Printf("   %s [%s]\n", x.String(), x.Rule)
	}
}

func TestScratch(t *testing.T) {
	card := "tools/teams/x.md"
	show(t, "badyaml", map[string]string{card: lines("---", "title: X", "summary: [a", "weight: 1", "---", "b")})
	show(t, "badyaml2", map[string]string{card: lines("", "", "---", "title: X", "summary: a", "  weight: 1", "---", "b")})
	show(t, "badyaml3", map[string]string{card: lines("---", "title: X", "summary: a: b", "---", "b")})
	show(t, "badyaml4", map[string]string{card: lines("---", "title: X", "summary: \"a", "weight: 1", "---", "b")})
	show(t, "badyaml5", map[string]string{card: lines("---", "title: X", "\tsummary: a", "---", "b")})
	show(t, "notclosed", map[string]string{card: lines("---", "title: X", "summary: a", "b")})
	show(t, "nofm", map[string]string{card: lines("# Otsikko", "b")})
	show(t, "missing", map[string]string{card: lines("---", "weight: 1", "---", "b"), "tools/teams/_index.md": lines("---", "title: T", "---"), "paths/alku.md": lines("---", "title: A", "---")})
	show(t, "unknown", map[string]string{card: lines("---", "title: X", "sumary: a", "---", "b")})
	show(t, "types", map[string]string{card: lines("---", "title: X", "summary: a", "weight: abc", "draft: maybe", "updated: 2024-13-45", "segments: {a: b}", "---", "b")})
	show(t, "refs", map[string]string{card: lines("---", "title: X", "summary: a", "segments: [alkava, tuntematon]", "areas:", "  - terveys", "  - koulu", "---", "b")})
	show(t, "steps", map[string]string{card: lines("---", "title: X", "summary: a", "draft: true", "---", "b"), "paths/alku.md": lines("---", "title: A", "segment: alkava", "steps:", "  - teams/mika-on-team", "  - teams/x", "  - teams/jaa-naytto", "  - teams/jaa-naytto", "---")})
	show(t, "stepsempty", map[string]string{"paths/alku.md": lines("---", "title: A", "segment: alkava", "steps: []", "---")})
	show(t, "slug", map[string]string{"tools/teams/Liity_Kokous.md": lines("---", "title: X", "summary: a", "---"), "tools/teams/sub/y.md": lines("---", "title: X", "summary: a", "---"), "tools/zoom/z.md": lines("---", "title: X", "summary: a", "---"), "search.md": lines("---", "title: X", "---")})
	show(t, "links", map[string]string{card: lines("---", "title: X", "summary: a", "---", "", "Lue [a](liity-kokoukseenn.md) ja [b](../onedrive/tallenna.md).", "[c](../../../ulos.md) [d](jaa-naytto.md#ei-ole) [e](mika-on-teams.md#x)", "", "![](x/kuva.png)", "", "![Kuva](x/puuttuu.png)", "", "<b>lihava</b>", "", "<div>", "raw", "</div>", "", "# Ykkönen", "", "> [!OUTO]", "> teksti", "", "[f](#ei-otsikkoa)")})
	show(t, "draftlink", map[string]string{"tools/teams/d.md": lines("---", "title: D", "summary: a", "draft: true", "---"), card: lines("---", "title: X", "summary: a", "---", "[d](d.md)")})
	show(t, "helppage", map[string]string{"apua.md": ""})
	show(t, "dupseg", map[string]string{"site.yaml": minimal["site.yaml"] + lines("  - id: terveys", "    name: T2")})
	show(t, "toml", map[string]string{card: lines("+++", "title = \"X\"", "summary = \"a\"", "segments = [\"alkava\", \"vahva\"]", "updated = 2024-05-31", "sumary = 1", "weight = \"abc\"", "+++", "body")})
	show(t, "tomlbad", map[string]string{card: lines("+++", "title = \"X\"", "summary = a", "+++", "body")})
	show(t, "siteempty", map[string]string{"site.yaml": "\n"})
	show(t, "sitemissing", map[string]string{"site.yaml": lines("title: X", "help:", "  email: a", "segments: []", "areas:", "  - id: a", "sumary: x")})
	show(t, "sitebad", map[string]string{"site.yaml": lines("title: X", "language: [fi", "help:")})
	show(t, "emptyfm", map[string]string{card: lines("---", "---", "body")})
}
