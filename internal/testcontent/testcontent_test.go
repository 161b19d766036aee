package testcontent_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tietopankki/generator"
	"tietopankki/internal/testcontent"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil
}

// TestPerturbChoosesAnUnnamedCard: the card taken out is the last one that
// no other file names, that has no attachments and that is not its tool's
// only card; the new card goes to the first tool under a free name.
func TestPerturbChoosesAnUnnamedCard(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"tools/a/_index.md":        "---\ntitle: A\n---\n",
		"tools/a/testikortti.md":   "taken",
		"tools/a/yksin.md":         "x",
		"tools/b/_index.md":        "---\ntitle: B\n---\n",
		"tools/b/linkitetty.md":    "x",
		"tools/b/polulla.md":       "x",
		"tools/b/kuvallinen.md":    "x",
		"tools/b/kuvallinen/k.png": "png",
		"tools/b/vapaa.md":         "x",
		"tools/b/viimeinen-ok.md":  "x",
		"tools/b/zz-linkitetty.md": "x",
		"tools/c/_index.md":        "---\ntitle: C\n---\n",
		"tools/c/ainoa.md":         "x",
		"paths/p.md":               "steps:\n  - b/polulla\n",
		"apua.md":                  "[a](tools/b/linkitetty.md) [z](tools/b/zz-linkitetty.md)",
	})
	if err := os.Mkdir(filepath.Join(dir, "tools/b/viimeinen-ok"), 0o755); err != nil {
		t.Fatal(err)
	}
	added, removed, err := testcontent.Perturb(dir)
	if err != nil {
		t.Fatal(err)
	}
	// viimeinen-ok has a folder of its own (empty): it counts as attachments.
	if got, want := removed, "tools/b/vapaa.md"; got != want {
		t.Errorf("removed %q, want %q", got, want)
	}
	if got, want := added, "tools/a/testikortti-2.md"; got != want {
		t.Errorf("added %q, want %q", got, want)
	}
	if exists(dir, "tools/b/vapaa.md") || !exists(dir, added) || !exists(dir, "tools/a/testikortti.md") {
		t.Errorf("the folder does not show the change")
	}
}

// TestSampleIsValidAndChanged: the perturbed copy of content/ loads
// without errors, has the new card and lacks the removed one.
func TestSampleIsValidAndChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	root, err := testcontent.Root()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	added, removed, err := testcontent.Perturb(dir)
	if err != nil {
		t.Fatal(err)
	}
	if removed == "" {
		t.Fatal("no card of content/ could be taken out")
	}
	site, _, diags, err := generator.LoadSite(os.DirFS(dir), "")
	if err != nil || diags.HasErrors() {
		t.Fatalf("the perturbed content does not load: %v %v", err, diags.Errors())
	}
	id := func(file string) string {
		return strings.TrimSuffix(strings.TrimPrefix(file, "tools/"), ".md")
	}
	if site.CardByID[id(added)] == nil {
		t.Errorf("the new card %s is not in the site", added)
	}
	if site.CardByID[id(removed)] != nil {
		t.Errorf("the removed card %s is still in the site", removed)
	}
	t.Logf("added %s, removed %s", added, removed)
}

// TestFixtureLoads: the tests' knowledge bank is valid content.
func TestFixtureLoads(t *testing.T) {
	dir := testcontent.Fixture(t)
	site, _, diags, err := generator.LoadSite(os.DirFS(dir), "")
	if err != nil || diags.HasErrors() {
		t.Fatalf("testdata/content does not load: %v %v", err, diags.Errors())
	}
	if len(site.Cards) < 30 || len(site.Paths) < 3 {
		t.Errorf("testdata/content has %d cards and %d paths; the tests need a realistic bank", len(site.Cards), len(site.Paths))
	}
}
