// Package testcontent gives the tests their content folders, so that no
// test depends on the exact files of content/, which is the mentors' data
// and changes with every card they write.
//
// There are two, and a test takes the one that fits what it asserts:
//
//   - The fixture, testdata/content, is the tests' own knowledge bank: a
//     frozen snapshot of the sample content. A test may rely on its files:
//     a card's address, the best hit of a query, the relevance set of
//     search/testdata/relevance.yaml. Change it together with the tests
//     that read it, never to follow content/. Fixture and CopyFixture copy
//     it to a folder of the test's own.
//   - The sample is the live content/, whatever the mentors have written,
//     for tests that assert what holds for any valid content (every page
//     renders with working links, the Netlify build runs). Sample and
//     CopySample copy it with one card added and one card taken out (see
//     Perturb), so that a test that leans on the exact files of content/
//     fails at once, not after a mentor's edit.
//
// Both are copied, never read in place: the tests may change their copy,
// and a copy outside the git work tree gets no dates from git history.
package testcontent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Root returns the module root: the folder above the working folder that
// holds go.mod. (A test runs in its package's folder.)
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working folder")
		}
		dir = parent
	}
}

// Fixture copies testdata/content into a new folder "content" under the
// test's temporary folder and returns its path.
func Fixture(tb testing.TB) string {
	tb.Helper()
	return copyInto(tb, CopyFixture)
}

// CopyFixture copies testdata/content to dst, which must not exist; for a
// TestMain, which has no testing.TB.
func CopyFixture(dst string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	return os.CopyFS(dst, os.DirFS(filepath.Join(root, "testdata", "content")))
}

// Sample copies the live content/, perturbed (see Perturb), into a new
// folder "content" under the test's temporary folder and returns its path.
func Sample(tb testing.TB) string {
	tb.Helper()
	return copyInto(tb, CopySample)
}

// copyInto runs copy into a new folder "content" under the test's
// temporary folder and returns its path.
func copyInto(tb testing.TB, copy func(dst string) error) string {
	tb.Helper()
	dst := filepath.Join(tb.TempDir(), "content")
	if err := copy(dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// CopySample copies the live content/ to dst, which must not exist, and
// perturbs the copy (see Perturb).
func CopySample(dst string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(root, "content"))); err != nil {
		return err
	}
	_, _, err = Perturb(dst)
	return err
}

// NewCard is the card Perturb adds: a complete card in plain language, as
// a mentor writes one.
const NewCard = `---
title: Testikortti
summary: Tämä kortti on testien oma.
---
Testit lisäävät tämän kortin sisällön kopioon.

## Näin teet sen

1. Avaa ohjelma.
2. Valitse **Aloita**.
`

// Perturb changes the content folder dir as a mentor's day does: it adds
// NewCard to the first tool (in name order) as testikortti.md (or
// testikortti-2.md, ... when that exists), and it removes the last card,
// in name order, that nothing else in the folder names (no other file
// holds its file name or its id tool/slug), that has no folder of
// attachments and that is not its tool's only card. It returns the files
// added and removed, relative to dir with slashes; removed is "" when no
// card qualifies.
func Perturb(dir string) (added, removed string, err error) {
	fsys := os.DirFS(dir)
	cards, err := fs.Glob(fsys, "tools/*/*.md")
	if err != nil {
		return "", "", err
	}
	cards = slices.DeleteFunc(cards, func(p string) bool { return path.Base(p) == "_index.md" })
	slices.Sort(cards)
	if len(cards) == 0 {
		return "", "", fmt.Errorf("testcontent: %s has no cards (tools/<tool>/<card>.md)", dir)
	}
	perTool := map[string]int{}
	for _, c := range cards {
		perTool[path.Dir(c)]++
	}
	var texts []string // every text file, to look for names in
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := path.Ext(p); ext != ".md" && ext != ".yaml" && ext != ".yml" && ext != ".toml" {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		texts = append(texts, p+"\x00"+string(b))
		return err
	})
	if err != nil {
		return "", "", err
	}
	named := func(card string) bool {
		file := path.Base(card)
		id := path.Base(path.Dir(card)) + "/" + strings.TrimSuffix(file, ".md")
		for _, t := range texts {
			name, text, _ := strings.Cut(t, "\x00")
			if name != card && (strings.Contains(text, file) || strings.Contains(text, id)) {
				return true
			}
		}
		return false
	}
	for _, c := range slices.Backward(cards) {
		if perTool[path.Dir(c)] < 2 || named(c) {
			continue
		}
		if _, err := fs.Stat(fsys, strings.TrimSuffix(c, ".md")); err == nil {
			continue // it has attachments
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(c))); err != nil {
			return "", "", err
		}
		removed = c
		break
	}

	tool := path.Dir(cards[0])
	added = tool + "/testikortti.md"
	for i := 2; ; i++ {
		if _, err := fs.Stat(fsys, added); errors.Is(err, fs.ErrNotExist) {
			break
		}
		added = fmt.Sprintf("%s/testikortti-%d.md", tool, i)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(added)), []byte(NewCard), 0o644); err != nil {
		return "", "", err
	}
	return added, removed, nil
}
