package generator

import (
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	"tietopankki/themes"
)

// mapFS turns file contents into a content folder.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// site runs the stages up to a linked site (LoadConfig, Load, Validate,
// Assemble) on files, returning every diagnostic, sorted.
func site(tb testing.TB, files map[string]string) (*Site, Diagnostics) {
	tb.Helper()
	return siteFS(tb, mapFS(files))
}

func siteFS(tb testing.TB, fsys fs.FS) (*Site, Diagnostics) {
	tb.Helper()
	cfg, diags := LoadConfig(fsys)
	s, d := Load(fsys, cfg, NewMarkdown(testLabels))
	diags = append(diags, d...)
	diags = append(diags, Validate(s)...)
	diags.Sort()
	Assemble(s)
	return s, diags
}

// testLabels are the callout titles of the default theme's Finnish strings.
var testLabels = map[string]string{"note": "Huomaa", "tip": "Vinkki", "important": "Tärkeää", "warning": "Varoitus"}

// with returns base with the files of changes added or replaced; an empty
// value removes the file.
func with(base map[string]string, changes map[string]string) map[string]string {
	out := maps.Clone(base)
	for name, data := range changes {
		if data == "" {
			delete(out, name)
		} else {
			out[name] = data
		}
	}
	return out
}

// defaultTheme loads the embedded default theme for Finnish and a base path.
func defaultTheme(tb testing.TB, basePath string) *Theme {
	tb.Helper()
	sub, err := fs.Sub(themes.FS, "default")
	if err != nil {
		tb.Fatal(err)
	}
	th, err := LoadTheme(sub, "default", "fi", basePath)
	if err != nil {
		tb.Fatal(err)
	}
	return th
}

// Attachments whose first bytes are what their names say.
const (
	testPNG = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	testPDF = "%PDF-1.7\n"
	testSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`
)

// lines joins lines with newlines, ending with one: file contents whose line
// numbers the tests can count.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
