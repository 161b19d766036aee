package generator

import (
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"tietopankki/themes"
)

// TestAssetsMinified checks that the theme's scripts and style sheets
// are written minified (at most 85 % of the source, no comment left) under
// the hash of what is written, that other assets are written as they are,
// and that the service worker is minified with its constants filled in.
func TestAssetsMinified(t *testing.T) {
	th := defaultTheme(t, "/")
	out := NewMemOutput()
	if err := WriteAssets(th, out); err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(themes.FS, "default/assets")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := fs.ReadFile(themes.FS, "default/assets/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == ServiceWorker {
			continue
		}
		name, err := th.Asset(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		got, ok := out.File(name)
		if !ok {
			t.Fatalf("%s not written", name)
		}
		switch path.Ext(e.Name()) {
		case ".js", ".css":
			if len(got)*100 > len(src)*85 {
				t.Errorf("%s: %d bytes written of %d in the source; want at most 85 %%", e.Name(), len(got), len(src))
			}
			if strings.Contains(string(got), "\n//") || strings.Contains(string(got), "/* ") {
				t.Errorf("%s: a comment is left in what is written", e.Name())
			}
		default:
			if string(got) != string(src) {
				t.Errorf("%s: written changed", e.Name())
			}
		}
	}

	s := &Site{BasePath: "/"}
	s.Offline = true
	if err := WriteServiceWorker(s, th, out); err != nil {
		t.Fatal(err)
	}
	sw, _ := out.File(ServiceWorker)
	src, _ := fs.ReadFile(themes.FS, "default/assets/"+ServiceWorker)
	if len(sw) >= len(src) || strings.Contains(string(sw), `"dev"`) || !strings.Contains(string(sw), `"/offline/"`) {
		t.Errorf("sw.js: %d bytes of %d, or its constants are not filled in:\n%.300s", len(sw), len(src), sw)
	}
}

// TestAssetNotParsed: a theme whose script cannot be parsed does not
// load, and the error names the file and where.
func TestAssetNotParsed(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(themes.FS, "default", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themes.FS, p)
		fsys[strings.TrimPrefix(p, "default/")] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["assets/app.js"] = &fstest.MapFile{Data: []byte("(function () {\n  var a = ;\n})();\n")}
	_, err = LoadTheme(fsys, "default", "fi", "/")
	if err == nil || !strings.Contains(err.Error(), "assets/app.js") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("LoadTheme with a broken app.js: %v; want an error naming assets/app.js and line 2", err)
	}
}
