package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// snapshot returns every file and folder under dir ("name/" for folders)
// with, for files, the content.
func snapshot(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	files, _ := snapshotModes(tb, dir)
	return files
}

// snapshotModes is snapshot with the mode of every entry.
func snapshotModes(tb testing.TB, dir string) (map[string]string, map[string]fs.FileMode) {
	tb.Helper()
	out := map[string]string{}
	modes := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := e.Info()
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if e.IsDir() {
			name += "/"
		}
		modes[name] = info.Mode()
		if e.IsDir() {
			out[name] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[name] = string(b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out, modes
}

// checkPublishedMode checks that the published folder can be read by a web
// server running as another user.
func checkPublishedMode(tb testing.TB, dir string) {
	tb.Helper()
	info, err := os.Stat(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if got, want := info.Mode().Perm(), fs.FileMode(0o755); got != want {
		tb.Errorf("%s has mode %v, want %v", dir, got, want)
	}
}

// entries returns the names in dir.
func entries(tb testing.TB, dir string) []string {
	tb.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// writeFiles is a build func that writes files with DirOutput.
func writeFiles(files map[string]string) func(DirOutput) error {
	return func(out DirOutput) error {
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if err := out.WriteFile(name, []byte(files[name])); err != nil {
				return err
			}
		}
		return nil
	}
}

// oldBuild publishes a first build into parent/public.
func oldBuild(t *testing.T) (parent, dir string) {
	t.Helper()
	parent = t.TempDir()
	dir = filepath.Join(parent, "public")
	err := Publish(dir, writeFiles(map[string]string{
		"index.html":               "vanha etusivu",
		"tools/teams/index.html":   "vanha Teams",
		"assets/app.0123456789.js": "vanha skripti",
	}))
	if err != nil {
		t.Fatal(err)
	}
	return parent, dir
}

func TestPublishSwaps(t *testing.T) {
	parent, dir := oldBuild(t)
	var tmpSeen string
	err := Publish(dir, func(out DirOutput) error {
		tmpSeen = out.root
		return writeFiles(map[string]string{
			"index.html":                "uusi etusivu",
			"tools/onedrive/index.html": "uusi OneDrive",
		})(out)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := filepath.Dir(tmpSeen), parent; got != want {
		t.Errorf("the build folder is in %s, want beside the output in %s (one file system, for the swap)", got, want)
	}
	want := map[string]string{
		"./":                        "",
		"index.html":                "uusi etusivu",
		"tools/":                    "",
		"tools/onedrive/":           "",
		"tools/onedrive/index.html": "uusi OneDrive",
	}
	if got := snapshot(t, dir); !maps.Equal(got, want) {
		t.Errorf("after publishing got\n%v\nwant\n%v", got, want)
	}
	checkPublishedMode(t, dir)
	WaitRemoved()
	if got, want := entries(t, parent), []string{".public.manifest", "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output: got %v, want %v (no temporary or old folders)", got, want)
	}
}

// TestPublishDoesNotWaitForRemoval holds the removal of the old build and
// checks that Publish has put the new build in place and returned while the
// old one waits, renamed aside, to be removed.
func TestPublishDoesNotWaitForRemoval(t *testing.T) {
	parent, dir := oldBuild(t)
	WaitRemoved()
	if err := removeManifest(dir); err != nil { // the next build is swapped in whole
		t.Fatal(err)
	}
	release := make(chan struct{})
	removing := make(chan string, 1)
	removeAll = func(p string) error {
		removing <- p
		<-release
		return os.RemoveAll(p)
	}
	t.Cleanup(func() { removeAll = os.RemoveAll })
	if err := Publish(dir, writeFiles(map[string]string{"index.html": "uusi"})); err != nil {
		t.Fatal(err)
	}
	old := <-removing
	if got, want := snapshot(t, dir), map[string]string{"./": "", "index.html": "uusi"}; !maps.Equal(got, want) {
		t.Errorf("published: %v, want %v", got, want)
	}
	if got := snapshot(t, old)["tools/teams/index.html"]; got != "vanha Teams" {
		t.Errorf("the folder being removed, %s, holds %q, want the old build", old, got)
	}
	if got, want := entries(t, parent), []string{".public.manifest", ".public.old-" + strings.TrimPrefix(filepath.Base(old), ".public.old-"), "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output while removing: %v, want %v", got, want)
	}
	close(release)
	WaitRemoved()
	if got, want := entries(t, parent), []string{".public.manifest", "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output after removing: %v, want %v", got, want)
	}
}

func TestPublishFailingBuild(t *testing.T) {
	parent, dir := oldBuild(t)
	before, beforeModes := snapshotModes(t, dir)
	manifest := snapshot(t, parent)["./.public.manifest"]
	errBuild := errors.New("content has errors")
	err := Publish(dir, func(out DirOutput) error {
		if err := writeFiles(map[string]string{"index.html": "puolikas", "x/y.html": "puolikas"})(out); err != nil {
			return err
		}
		return fmt.Errorf("build: %w", errBuild)
	})
	if !errors.Is(err, errBuild) {
		t.Errorf("Publish returned %v, want the build's error", err)
	}
	after, afterModes := snapshotModes(t, dir)
	if !maps.Equal(after, before) || !maps.Equal(afterModes, beforeModes) {
		t.Errorf("the old build changed: got\n%v %v\nwant\n%v %v", after, afterModes, before, beforeModes)
	}
	if got, want := entries(t, parent), []string{".public.manifest", "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output: got %v, want %v (no temporary folders)", got, want)
	}
	if got := snapshot(t, parent)["./.public.manifest"]; got != manifest {
		t.Errorf("the manifest changed from\n%s\nto\n%s", manifest, got)
	}
}

func TestPublishNewFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "sivusto", "public")
	if err := Publish(dir, writeFiles(map[string]string{"index.html": "etusivu"})); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"./": "", "index.html": "etusivu"}
	if got := snapshot(t, dir); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	checkPublishedMode(t, dir)
	if got, want := entries(t, filepath.Join(parent, "sivusto")), []string{".public.manifest", "public"}; !slices.Equal(got, want) {
		t.Errorf("beside the output: got %v, want %v", got, want)
	}
}

func TestPublishNewFolderFailingBuild(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	errBuild := errors.New("broken")
	if err := Publish(dir, func(DirOutput) error { return errBuild }); !errors.Is(err, errBuild) {
		t.Errorf("Publish returned %v, want %v", err, errBuild)
	}
	if got := entries(t, parent); len(got) != 0 {
		t.Errorf("the folder has %v after a failed first build, want nothing", got)
	}
}

// TestPublishRender publishes a whole rendered site to disk, the way the
// build command does, and checks it matches the build in memory.
func TestPublishRender(t *testing.T) {
	files := with(minimal, map[string]string{
		"tools/teams/jaa-naytto.md":       minimal["tools/teams/jaa-naytto.md"] + "![Jaa-painike](jaa-naytto/kuva.png)\n",
		"tools/teams/jaa-naytto/kuva.png": testPNG,
	})
	fsys := mapFS(files)
	s := mustSite(t, files)
	th := defaultTheme(t, s.BasePath)
	mem := NewMemOutput()
	if err := Render(t.Context(), s, th, mem, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	err := Publish(dir, func(out DirOutput) error {
		if err := Render(t.Context(), s, th, out, RenderOptions{}); err != nil {
			return err
		}
		return CopyFiles(t.Context(), fsys, s, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, dir)
	for _, name := range append(mem.Names(), "tools/teams/jaa-naytto/kuva.png") {
		want, _ := mem.File(name)
		if name == "tools/teams/jaa-naytto/kuva.png" {
			want = []byte(testPNG)
		}
		if g, w := got[name], string(want); g != w {
			t.Errorf("%s on disk differs from the build in memory (%d bytes, want %d)", name, len(g), len(w))
		}
	}
}

func TestMemOutputConcurrent(t *testing.T) {
	out := NewMemOutput()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			name := fmt.Sprintf("p%02d/index.html", i)
			if err := out.WriteFile(name, []byte(name)); err != nil {
				t.Error(err)
			}
			out.Names()
			out.File(name)
		})
	}
	wg.Wait()
	names := out.Names()
	if got, want := len(names), 20; got != want {
		t.Fatalf("got %d files, want %d", got, want)
	}
	if !slices.IsSorted(names) {
		t.Errorf("Names() %v is not sorted", names)
	}
	out.Remove("p00/index.html")
	if _, ok := out.File("p00/index.html"); ok {
		t.Error("Remove left the file")
	}
}
