package search

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tietopankki/generator"
	"tietopankki/internal/testcontent"
)

// TestApplyUpdate applies an incremental update of the site (a card
// deleted, a card added, synonyms changed) to an open index: the update
// names content, and the index finds its own documents for it.
func TestApplyUpdate(t *testing.T) {
	dir := testcontent.Fixture(t)
	fsys := os.DirFS(dir)
	site, theme, diags, err := generator.LoadSite(fsys, "")
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags.Errors())
	}
	ix, err := Create(context.Background(), filepath.Join(t.TempDir(), "index"), Documents(site), site.Synonyms)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const gone, added = "teams/aloita-videopuhelu", "teams/kokeile-taustaa"
	search := func(q string) []string {
		t.Helper()
		r, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		return ids(r)
	}
	if got := search("soita videopuhelu työkaverille"); !slices.Contains(got, gone) {
		t.Fatalf("before the update %s is not found: %v", gone, got)
	}
	if err := os.Remove(filepath.Join(dir, "tools", "teams", "aloita-videopuhelu.md")); err != nil {
		t.Fatal(err)
	}
	pathFile := filepath.Join(dir, "paths", "ensiaskeleet.md")
	b, err := os.ReadFile(pathFile)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "  - teams/aloita-videopuhelu\n", "  - teams/kokeile-taustaa\n", 1))
	if err := os.WriteFile(pathFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	card := "---\ntitle: Vaihda tausta\nsummary: Näin vaihdat taustakuvan.\nsegments: [alkava]\nareas: [terveys]\n---\nValitse zebrakuvio taustaksi.\n"
	if err := os.WriteFile(filepath.Join(dir, "tools", "teams", "kokeile-taustaa.md"), []byte(card), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "synonyms.yaml"), []byte("- [zebrakuvio, seepra]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	md := generator.NewMarkdown(theme.Labels(), theme.IDs()...)
	up := generator.Apply(site, fsys, md, []string{"paths/ensiaskeleet.md", "synonyms.yaml", "tools/teams/aloita-videopuhelu.md", "tools/teams/kokeile-taustaa.md"})
	if up.Diags.HasErrors() || up.Full {
		t.Fatalf("update: full %v, %v", up.Full, up.Diags.Errors())
	}
	if err := ix.Apply(up); err != nil {
		t.Fatal(err)
	}
	if got := search("soita videopuhelu työkaverille"); slices.Contains(got, gone) {
		t.Errorf("the deleted card %s is still found: %v", gone, got)
	}
	if got, want := search("zebrakuvio"), []string{added}; !slices.Equal(got, want) {
		t.Errorf("the added card: got %v, want %v", got, want)
	}
	if got, want := search("seepra"), []string{added}; !slices.Equal(got, want) {
		t.Errorf("by the new synonym: got %v, want %v", got, want)
	}
	// The learning path's document lists its steps' titles: it changed.
	if got := search("vaihda tausta"); !slices.Contains(got, "paths/ensiaskeleet") {
		t.Errorf("the path that took the new card is not found by its title: %v", got)
	}
}
