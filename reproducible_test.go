package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tietopankki/internal/synth"
	"tietopankki/internal/testcontent"
	"tietopankki/search"
)

// BuildStampFile is the one output file that may differ between two builds
// of the same content: the index's meta.json, whose "built" field is the
// time of the build. treeFiles reads it without that field.
var buildStampFile = filepath.ToSlash(filepath.Join(search.Dir, "meta.json"))

// treeFiles reads every file under dir, by slash path, with the build time
// taken out of the build stamp file.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel == buildStampFile {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			if _, ok := m["built"]; !ok {
				t.Errorf("%s has no built field", rel)
			}
			delete(m, "built")
			b, _ = json.Marshal(m)
		}
		files[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameTree reports every file that differs between two outputs.
func sameTree(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	var names []string
	for n := range got {
		names = append(names, n)
	}
	for n := range want {
		if _, ok := got[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	bad := 0
	for _, n := range names {
		g, gok := got[n]
		w, wok := want[n]
		switch {
		case !gok:
			t.Errorf("%s: %s is missing", what, n)
		case !wok:
			t.Errorf("%s: %s should not be there", what, n)
		case !bytes.Equal(g, w):
			t.Errorf("%s: %s differs (%d bytes, want %d)", what, n, len(g), len(w))
		default:
			continue
		}
		if bad++; bad == 20 {
			t.Fatalf("%s: more differences left out", what)
		}
	}
}

// TestBuildIsReproducible builds the same content four times, three times
// into the same output folder and once into a fresh one, and checks that every
// file of the output, the search index's included, is the same byte for
// byte (but for the build time in the index's meta.json). The synthetic
// site has enough cards that its index is built in several batches.
func TestBuildIsReproducible(t *testing.T) {
	synthetic := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(synthetic, synth.Config{Cards: 1200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, content string }{
		{"fixture", testcontent.Fixture(t)},
		{"synthetic", synthetic},
	} {
		t.Run(c.name, func(t *testing.T) {
			build := func(out string) map[string][]byte {
				t.Helper()
				if code, _, stderr := envRun(t, nil, "build", "--content", c.content, "--out", out); code != exitOK {
					t.Fatalf("build: exit %d\n%s", code, stderr)
				}
				return treeFiles(t, out)
			}
			out := filepath.Join(t.TempDir(), "public")
			first := build(out)
			if len(first) == 0 {
				t.Fatal("the build wrote nothing")
			}
			sameTree(t, "the second build into the same folder", build(out), first)
			sameTree(t, "the third build into the same folder", build(out), first)
			// The build does not wait for the output it replaced to be
			// removed, but it does wait for older ones.
			entries, err := os.ReadDir(filepath.Dir(out))
			if err != nil {
				t.Fatal(err)
			}
			var beside []string
			for _, e := range entries {
				if e.Name() != "public" && e.Name() != ".public.manifest" {
					beside = append(beside, e.Name())
				}
			}
			if len(beside) > 1 || len(beside) == 1 && !strings.HasPrefix(beside[0], ".public.old-") {
				t.Errorf("beside the output after three builds: %v, want at most one .public.old-*", beside)
			}
			sameTree(t, "a build into a fresh folder", build(filepath.Join(t.TempDir(), "public")), first)
		})
	}
}
