//go:build unix

package generator

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadRefusesSpecialFiles puts a named pipe in the content folder,
// where a card or a picture would be: reading it would wait for a writer
// for ever. Load reports it without opening it, and so does the content
// FS.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, minimal)
	for _, name := range []string{"tools/teams/putki.md", "tools/teams/putki.png"} {
		if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(name)), 0o644); err != nil {
			t.Fatalf("making a named pipe: %v", err)
		}
	}
	for impl, fsys := range contentFSes(dir) {
		if _, err := fs.ReadFile(fsys, "tools/teams/putki.md"); !errors.Is(err, ErrSpecialFile) {
			t.Errorf("%s: ReadFile of a pipe: %v, want ErrSpecialFile", impl, err)
		}
		if _, err := fs.Stat(fsys, "tools/teams/putki.png"); !errors.Is(err, ErrSpecialFile) {
			t.Errorf("%s: Stat of a pipe: %v, want ErrSpecialFile", impl, err)
		}
	}
	_, _, diags, err := LoadSite(Content(dir), "")
	if err != nil {
		t.Fatal(err)
	}
	special := func(file string) wantDiag {
		return wantErr(file+":1:1", "special-file", "this is not a regular file", "remove it from the content folder")
	}
	if p := diagProblems(diags, []wantDiag{special("tools/teams/putki.md"), special("tools/teams/putki.png")}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
}
