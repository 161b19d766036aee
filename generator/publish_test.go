package generator

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// published returns what the published folder dir holds (snapshot) with
// the FileInfo of every file, to tell a file written again from one left
// in place.
func published(tb testing.TB, dir string) (map[string]string, map[string]fs.FileInfo) {
	tb.Helper()
	files := snapshot(tb, dir)
	infos := map[string]fs.FileInfo{}
	for name := range files {
		if strings.HasSuffix(name, "/") {
			continue
		}
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			tb.Fatal(err)
		}
		infos[name] = info
	}
	return files, infos
}

// want turns a build's files into what snapshot shows of the published
// folder: the files and every folder above them.
func want(files map[string]string) map[string]string {
	w := map[string]string{"./": ""}
	for name, data := range files {
		w[name] = data
		for d := filepath.Dir(name); d != "."; d = filepath.Dir(d) {
			w[filepath.ToSlash(d)+"/"] = ""
		}
	}
	return w
}

// checkLeftInPlace checks which files a publish wrote again: the files
// named in same must be the very files that were there before (the same
// file on disk, not rewritten), every other file that was there before
// must have been replaced.
func checkLeftInPlace(tb testing.TB, before, after map[string]fs.FileInfo, same ...string) {
	tb.Helper()
	for name, a := range after {
		b, ok := before[name]
		if !ok {
			continue
		}
		kept := os.SameFile(a, b) && a.ModTime().Equal(b.ModTime())
		if want := slices.Contains(same, name); kept != want {
			tb.Errorf("%s left in place: %v, want %v", name, kept, want)
		}
	}
}

// TestPublishWritesOnlyChanges publishes a second build into a folder that
// holds the first and checks that the folder then holds exactly the second
// build: unchanged files left as they were (not written again), changed
// and new ones in place, files the build no longer makes removed, with the
// folders they leave empty.
func TestPublishWritesOnlyChanges(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	first := map[string]string{
		"index.html":                  "etusivu",
		"tools/teams/index.html":      "Teams",
		"tools/teams/kokous/kuva.png": "kuva",
		"assets/app.0123.js":          "skripti",
	}
	if err := Publish(dir, writeFiles(first)); err != nil {
		t.Fatal(err)
	}
	_, before := published(t, dir)
	second := map[string]string{
		"index.html":                  "uusi etusivu",
		"tools/teams/kokous/kuva.png": "kuva",
		"tools/onedrive/index.html":   "OneDrive",
		"assets/app.4567.js":          "uusi skripti",
	}
	if err := Publish(dir, writeFiles(second)); err != nil {
		t.Fatal(err)
	}
	got, after := published(t, dir)
	if w := want(second); !maps.Equal(got, w) {
		t.Errorf("after the second build the folder holds\n%v\nwant\n%v", got, w)
	}
	checkLeftInPlace(t, before, after, "tools/teams/kokous/kuva.png")
	WaitRemoved()
	if got, want := entries(t, parent), []string{".public.manifest", "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output: got %v, want %v", got, want)
	}

	// The same build again writes nothing.
	if err := Publish(dir, writeFiles(second)); err != nil {
		t.Fatal(err)
	}
	got, again := published(t, dir)
	if w := want(second); !maps.Equal(got, w) {
		t.Errorf("after the same build again the folder holds\n%v\nwant\n%v", got, w)
	}
	checkLeftInPlace(t, after, again, slices.Collect(maps.Keys(second))...)
}

// TestPublishRepairsTheFolder changes the published folder by hand (a file
// edited, one removed, a folder removed) and checks that the next build
// puts each back, though the build itself did not change them.
func TestPublishRepairsTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"index.html":              "etusivu",
		"tools/teams/index.html":  "Teams",
		"tools/omaolo/index.html": "Omaolo",
		"sivut/apua/index.html":   "Apua",
	}
	if err := Publish(dir, writeFiles(files)); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(dir, "index.html")
	if err := os.WriteFile(edited, []byte("ETUSIVU"), 0o644); err != nil { // the same size
		t.Fatal(err)
	}
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC) // a hand edit comes later than the build; this is only different
	if err := os.Chtimes(edited, past, past); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "tools", "teams", "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "sivut")); err != nil {
		t.Fatal(err)
	}
	if err := Publish(dir, writeFiles(files)); err != nil {
		t.Fatal(err)
	}
	if got, w := snapshot(t, dir), want(files); !maps.Equal(got, w) {
		t.Errorf("after the build the folder holds\n%v\nwant\n%v", got, w)
	}
}

// TestPublishWithoutManifest checks that a folder without a manifest to
// trust (none, a broken one, or one removed by a publish that was killed
// midway) gets the new build whole: what the folder held besides goes.
func TestPublishWithoutManifest(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(manifest string) error
	}{
		{"removed", os.Remove},
		{"cut short", func(m string) error {
			data, err := os.ReadFile(m)
			if err != nil {
				return err
			}
			return os.WriteFile(m, data[:len(data)-3], 0o644)
		}},
		{"another format", func(m string) error { return os.WriteFile(m, []byte("v0\n"), 0o644) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			if err := Publish(dir, writeFiles(map[string]string{"index.html": "vanha", "a/index.html": "A"})); err != nil {
				t.Fatal(err)
			}
			writeTree(t, dir, map[string]string{"index.html": "kesken", "b/index.html": "kesken"}) // a publish killed midway
			if err := c.damage(manifestPath(dir)); err != nil {
				t.Fatal(err)
			}
			if got := readManifest(dir); got != nil {
				t.Fatalf("readManifest trusts the damaged manifest: %v", got)
			}
			files := map[string]string{"index.html": "uusi", "a/index.html": "A"}
			if err := Publish(dir, writeFiles(files)); err != nil {
				t.Fatal(err)
			}
			if got, w := snapshot(t, dir), want(files); !maps.Equal(got, w) {
				t.Errorf("after the build the folder holds\n%v\nwant\n%v", got, w)
			}
			if got := readManifest(dir); len(got) != len(files) {
				t.Errorf("the new manifest lists %d files, want %d", len(got), len(files))
			}
			WaitRemoved()
		})
	}
}

// TestPublishFolderFiles publishes files written straight into a folder
// from DirOutput.Folder, as the search index is: they are published, left
// in place when unchanged, and removed when the build no longer makes them.
func TestPublishFolderFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	build := func(files map[string]string) func(DirOutput) error {
		return func(out DirOutput) error {
			if err := out.WriteFile("index.html", []byte("etusivu")); err != nil {
				return err
			}
			idx, err := out.Folder("_search/index")
			if err != nil {
				return err
			}
			for name, data := range files {
				p := filepath.Join(idx, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					return err
				}
			}
			return nil
		}
	}
	pages := func(index map[string]string) map[string]string {
		w := map[string]string{"index.html": "etusivu"}
		for name, data := range index {
			w["_search/index/"+name] = data
		}
		return w
	}
	first := map[string]string{"meta.json": "{1}", "0/store/000001.zap": "segmentti", "1/store/000001.zap": "toinen"}
	if err := Publish(dir, build(first)); err != nil {
		t.Fatal(err)
	}
	_, before := published(t, dir)
	second := map[string]string{"meta.json": "{2}", "0/store/000001.zap": "segmentti"}
	if err := Publish(dir, build(second)); err != nil {
		t.Fatal(err)
	}
	got, after := published(t, dir)
	if w := want(pages(second)); !maps.Equal(got, w) {
		t.Errorf("after the second build the folder holds\n%v\nwant\n%v", got, w)
	}
	checkLeftInPlace(t, before, after, "index.html", "_search/index/0/store/000001.zap")
}

// TestPublishOrder checks the order of the renames: what pages refer to
// before the pages, and the index's meta.json, which makes servers open the
// new index, after everything.
func TestPublishOrder(t *testing.T) {
	paths := []string{
		"_search/index/meta.json",
		"index.html",
		"sw.js",
		"assets/app.0123.js",
		"_search/index/0/store/root.bolt",
		"_search/index/0/store/000001.zap",
		"sitemap.xml",
		"tools/teams/kuva.png",
		"search-index/entry.json",
		"search-index/t/abcd.json.gz",
	}
	slices.SortStableFunc(paths, func(a, b string) int { return publishOrder(a) - publishOrder(b) })
	rank := func(p string) int { return slices.Index(paths, p) }
	for _, c := range [][2]string{
		{"assets/app.0123.js", "index.html"},
		{"tools/teams/kuva.png", "index.html"},
		{"search-index/t/abcd.json.gz", "search-index/entry.json"},
		{"_search/index/0/store/000001.zap", "_search/index/0/store/root.bolt"},
		{"index.html", "sw.js"},
		{"_search/index/0/store/root.bolt", "_search/index/meta.json"},
		{"sw.js", "_search/index/meta.json"},
		{"sitemap.xml", "_search/index/meta.json"},
	} {
		if rank(c[0]) > rank(c[1]) {
			t.Errorf("%s is published after %s", c[0], c[1])
		}
	}
	if got := paths[len(paths)-1]; got != "_search/index/meta.json" {
		t.Errorf("published last: %s, want the index's meta.json", got)
	}
}
