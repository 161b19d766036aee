package generator

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// writeTree writes files (slash paths -> content) under dir.
func writeTree(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// symlink makes the link name (a slash path under dir) point to target.
func symlink(tb testing.TB, dir, name, target string) {
	tb.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		tb.Fatalf("making a symbolic link: %v", err)
	}
}

// contentFSes are the content FS of dir as Content makes it here (on
// Linux, with openat2) and through an os.Root, as it is made elsewhere.
func contentFSes(dir string) map[string]fs.FS {
	return map[string]fs.FS{"Content": Content(dir), "os.Root": rootContent(dir)}
}

// TestContentFSConforms runs the standard file system checks on the
// content FS of a folder without links.
func TestContentFSConforms(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"site.yaml": "title: x\n", "tools/teams/kortti.md": "kortti", "tools/teams/kortti/kuva.png": testPNG})
	for name, fsys := range contentFSes(dir) {
		if err := fstest.TestFS(fsys, "site.yaml", "tools/teams/kortti.md", "tools/teams/kortti/kuva.png"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, portable := Content(dir).(contentDir); portable {
		t.Logf("Content uses os.Root here (%s)", runtime.GOOS)
	}
}

// TestContentFSRefusesLinks checks that the content FS follows no symbolic
// link, whether it leads out of the folder or stays inside, to a file or
// to a folder, and reads nothing outside the folder.
func TestContentFSRefusesLinks(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "content"), filepath.Join(base, "outside")
	writeTree(t, dir, map[string]string{"tools/teams/kortti.md": "kortti"})
	writeTree(t, outside, map[string]string{"secret.txt": "SALAISUUS"})
	symlink(t, dir, "tools/teams/ulos.md", "../../../outside/secret.txt")
	symlink(t, dir, "tools/teams/passwd.png", filepath.Join(outside, "secret.txt"))
	symlink(t, dir, "tools/teams/sisalla.md", "kortti.md")
	symlink(t, dir, "tools/ulkokansio", "../../outside")
	symlink(t, dir, "tools/sisakansio", "teams")
	for impl, fsys := range contentFSes(dir) {
		t.Run(impl, func(t *testing.T) { checkRefusesLinks(t, fsys) })
	}
}

func checkRefusesLinks(t *testing.T, fsys fs.FS) {
	for _, name := range []string{
		"tools/teams/ulos.md", "tools/teams/passwd.png", "tools/teams/sisalla.md",
		"tools/ulkokansio/secret.txt", "tools/sisakansio/kortti.md", "tools/ulkokansio", "tools/sisakansio",
	} {
		if b, err := fs.ReadFile(fsys, name); !errors.Is(err, ErrSymlink) {
			t.Errorf("ReadFile(%s) = %q, %v; want ErrSymlink", name, b, err)
		}
		if _, err := fsys.Open(name); !errors.Is(err, ErrSymlink) {
			t.Errorf("Open(%s): %v; want ErrSymlink", name, err)
		}
		if _, err := fs.Stat(fsys, name); !errors.Is(err, ErrSymlink) {
			t.Errorf("Stat(%s): %v; want ErrSymlink", name, err)
		}
	}
	if _, err := fs.ReadDir(fsys, "tools/sisakansio"); !errors.Is(err, ErrSymlink) {
		t.Errorf("ReadDir of a linked folder: %v; want ErrSymlink", err)
	}
	// Lstat tells a link from a file, and refuses to look through one.
	if st, err := fs.Lstat(fsys, "tools/teams/ulos.md"); err != nil || st.Mode()&fs.ModeSymlink == 0 || st.Name() != "ulos.md" {
		t.Errorf("Lstat of a link: %v, %v; want the link itself", st, err)
	}
	if target, err := fs.ReadLink(fsys, "tools/teams/ulos.md"); err != nil || target != "../../../outside/secret.txt" {
		t.Errorf("ReadLink: %q, %v", target, err)
	}
	if _, err := fs.Lstat(fsys, "tools/ulkokansio/secret.txt"); !errors.Is(err, ErrSymlink) {
		t.Errorf("Lstat through a linked folder: %v; want ErrSymlink", err)
	}
	if _, err := fs.ReadFile(fsys, "../outside/secret.txt"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("ReadFile(../outside/secret.txt): %v; want fs.ErrInvalid", err)
	}
	if b, err := fs.ReadFile(fsys, "tools/teams/kortti.md"); err != nil || string(b) != "kortti" {
		t.Errorf("a plain file: %q, %v", b, err)
	}
}

// TestLoadRefusesLinks loads a content folder with links of every kind, in
// the words: to /proc/self/environ, a .md link to a file elsewhere,
// a picture that is a link to a secret, a linked folder, and a link inside
// the folder. Each is an error at the link, nothing behind any of them is
// read, and a card that shows the linked picture gets no second error.
func TestLoadRefusesLinks(t *testing.T) {
	base := t.TempDir()
	dir, outside := filepath.Join(base, "content"), filepath.Join(base, "outside")
	writeTree(t, dir, with(minimal, map[string]string{
		"tools/teams/jaa-naytto.md": minimal["tools/teams/jaa-naytto.md"] + "![Jaa-painike](jaa-naytto/kuva.png)\n",
	}))
	secret := "---\ntitle: SALAISUUS\nsummary: SALAISUUS\n---\nSALAISUUS\n"
	writeTree(t, outside, map[string]string{"secret.md": secret, "synonyms.yaml": "- [SALAISUUS, x]\n"})
	symlink(t, dir, "ymparisto.md", "/proc/self/environ")
	symlink(t, dir, "tools/teams/salaisuus.md", filepath.Join(outside, "secret.md"))
	symlink(t, dir, "tools/teams/jaa-naytto/kuva.png", filepath.Join(outside, "secret.md"))
	symlink(t, dir, "tools/kuvat", outside)
	symlink(t, dir, "tools/teams/sama.md", "mika-on-teams.md")
	symlink(t, dir, "synonyms.yaml", filepath.Join(outside, "synonyms.yaml"))

	s, _, diags, err := LoadSite(Content(dir), "")
	if err != nil {
		t.Fatal(err)
	}
	link := func(file string) wantDiag {
		return wantErr(file+":1:1", "symlink", "this is a symbolic link to another file", "replace the link with the file itself")
	}
	if p := diagProblems(diags, []wantDiag{
		link("synonyms.yaml"),
		link("tools/kuvat"),
		link("tools/teams/jaa-naytto/kuva.png"),
		link("tools/teams/salaisuus.md"),
		link("tools/teams/sama.md"),
		link("ymparisto.md"),
	}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
	for _, doc := range s.Docs() {
		if strings.Contains(doc.Text, "SALAISUUS") || strings.Contains(string(doc.Body), "SALAISUUS") {
			t.Errorf("%s shows what a link points to", doc.File)
		}
	}
	if len(s.Files) != 0 || len(s.Synonyms) != 0 {
		t.Errorf("published files %v and synonyms %v, want none", s.Files, s.Synonyms)
	}
}

// TestLoadRefusesLinksInMemory is TestLoadRefusesLinks on an fs.FS that
// is not the content FS: Load itself never follows a link it meets.
func TestLoadRefusesLinksInMemory(t *testing.T) {
	fsys := mapFS(minimal)
	fsys["tools/teams/kopio.md"] = &fstest.MapFile{Data: []byte("mika-on-teams.md"), Mode: fs.ModeSymlink}
	fsys["tools/kansio"] = &fstest.MapFile{Data: []byte("teams"), Mode: fs.ModeSymlink}
	s, diags := siteFS(t, fsys)
	if p := diagProblems(diags, []wantDiag{
		wantErr("tools/kansio:1:1", "symlink", "symbolic link", "replace the link"),
		wantErr("tools/teams/kopio.md:1:1", "symlink", "symbolic link", "replace the link"),
	}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
	if got, want := len(s.Cards), 3; got != want {
		t.Errorf("%d cards, want %d (the minimal site's, no copies)", got, want)
	}
}

// Files whose first bytes are of each allowed type.
const (
	testJPEG = "\xff\xd8\xff\xe0\x00\x10JFIF"
	testGIF  = "GIF89a\x01\x00\x01\x00"
	testWebP = "RIFF\x24\x00\x00\x00WEBPVP8 "
	testAVIF = "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"
	// An AVIF whose major brand is the general image format and that
	// names avif among its compatible brands.
	testAVIF2 = "\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif"
	testHEIC  = "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
)

func TestAttachments(t *testing.T) {
	const dir = "tools/teams/jaa-naytto/"
	linking := func(files map[string]string, names ...string) map[string]string {
		body := ""
		for _, n := range names {
			body += "![Kuva](jaa-naytto/" + n + ")\n\n"
		}
		return with(files, map[string]string{"tools/teams/jaa-naytto.md": minimal["tools/teams/jaa-naytto.md"] + body})
	}
	typeErr := func(name string) wantDiag {
		return wantErr(dir+name+":1:1", "attachment-type", `"`+name+`" cannot be published: only pictures and PDF files may be attached`, "save pictures as PNG, JPEG, GIF, WebP, AVIF or SVG and documents as PDF")
	}
	contentErr := func(name, kind string) wantDiag {
		return wantErr(dir+name+":1:1", "attachment-content", `the content of "`+name+`" is not `+kind+`, although its name says so`, "save the file again in the right format")
	}
	allowed := map[string]string{
		dir + "a.png": testPNG, dir + "b.jpg": testJPEG, dir + "C.JPEG": testJPEG, dir + "d.gif": testGIF,
		dir + "e.webp": testWebP, dir + "f.avif": testAVIF, dir + "g.avif": testAVIF2, dir + "h.pdf": testPDF, dir + "i.svg": testSVG,
	}
	runErrorCases(t, []errorCase{
		{
			name:  "every allowed type, linked, is published",
			files: linking(allowed, "a.png", "b.jpg", "C.JPEG", "d.gif", "e.webp", "f.avif", "g.avif", "h.pdf", "i.svg"),
			check: func(t *testing.T, s *Site) {
				var want []string
				for name := range allowed {
					want = append(want, name)
				}
				slices.Sort(want)
				if !slices.Equal(s.Files, want) {
					t.Errorf("Files %v, want %v", s.Files, want)
				}
			},
		},
		{
			name: "web pages, scripts, programs and office files are refused",
			files: linking(map[string]string{
				dir + "sivu.html": "<script>alert(1)</script>", dir + "koodi.js": "alert(1)", dir + "ohjelma.exe": "MZ",
				dir + "muistio.docx": "PK\x03\x04", dir + "vanha.doc": "\xd0\xcf\x11\xe0", dir + "tiedot.yaml": "a: b",
			}, "sivu.html", "koodi.js"),
			want: []wantDiag{typeErr("koodi.js"), typeErr("muistio.docx"), typeErr("ohjelma.exe"), typeErr("sivu.html"), typeErr("tiedot.yaml"), typeErr("vanha.doc")},
			check: func(t *testing.T, s *Site) {
				if len(s.Files) != 0 {
					t.Errorf("published %v", s.Files)
				}
			},
		},
		{
			name: "content that is not what the name says",
			files: linking(map[string]string{
				dir + "kuva.png": "<!DOCTYPE html><html><script>alert(1)</script></html>", // evil.html renamed kuva.png
				dir + "kuva.jpg": testPNG, dir + "kuva.gif": "GIF90a", dir + "kuva.webp": "RIFF\x00\x00\x00\x00WAVEfmt ",
				dir + "kuva.avif": testHEIC, dir + "ohje.pdf": "<html>", dir + "kuva.svg": "<html><script>alert(1)</script></html>",
			}, "kuva.png", "kuva.jpg", "kuva.gif", "kuva.webp", "kuva.avif", "ohje.pdf", "kuva.svg"),
			want: []wantDiag{
				contentErr("kuva.avif", "AVIF"), contentErr("kuva.gif", "GIF"), contentErr("kuva.jpg", "JPG"), contentErr("kuva.png", "PNG"),
				contentErr("kuva.svg", "SVG"), contentErr("kuva.webp", "WEBP"), contentErr("ohje.pdf", "PDF"),
			},
		},
		{
			name:  "an attachment that no page links to",
			files: map[string]string{dir + "kuva.png": testPNG},
			want:  []wantDiag{wantWarn(dir+"kuva.png:1:1", "unlinked-file", `no page links to "kuva.png", so it is not published`, "add the picture or a link to it to a card, or remove the file")},
			check: func(t *testing.T, s *Site) {
				if len(s.Files) != 0 {
					t.Errorf("published %v", s.Files)
				}
			},
		},
		{
			name:  "an attachment over the size cap",
			files: linking(map[string]string{dir + "iso.png": testPNG + strings.Repeat("x", MaxAttachmentSize+1-len(testPNG))}, "iso.png"),
			want:  []wantDiag{wantErr(dir+"iso.png:1:1", "too-large", "the file is too large: 10241 KB, the limit is 10240 KB", "make the file smaller")},
		},
		{
			name:  "an attachment at the size cap",
			files: linking(map[string]string{dir + "iso.png": testPNG + strings.Repeat("x", MaxAttachmentSize-len(testPNG))}, "iso.png"),
		},
	})
}

func TestAttachmentTypes(t *testing.T) {
	types := AttachmentTypes()
	if got, want := strings.Join(slices.Sorted(maps.Keys(types)), " "), ".avif .gif .jpeg .jpg .pdf .png .svg .webp"; got != want {
		t.Errorf("AttachmentTypes: %s, want %s", got, want)
	}
	types[".html"] = "text/html" // the caller's own copy
	for name, want := range map[string]string{"kuva.PNG": "image/png", "a/b.svg": "image/svg+xml", "ohje.pdf": "application/pdf", "sivu.html": "", "kuva": "", "kuva.png.exe": ""} {
		got, ok := AttachmentType(name)
		if got != want || ok != (want != "") {
			t.Errorf("AttachmentType(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// TestSVG checks each way an SVG could run script or load something when
// opened from the site, each reported at its element's line:col, and that
// the usual parts of drawings made with drawing programs pass.
func TestSVG(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">` + "\n"
	svg := func(ls ...string) string { return head + strings.Join(ls, "\n") + "\n</svg>\n" }
	hint := "save the picture as PNG, or save the SVG without scripts and links"
	bad := func(pos, msg string) []wantDiag { return []wantDiag{wantErr("k.svg:"+pos, "unsafe-svg", msg, hint)} }
	for _, tc := range []struct {
		name, data string
		want       []wantDiag
	}{
		{"a drawing program's picture", `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   width="100" height="100" sodipodi:docname="kuva.svg" inkscape:export-filename="C:\Users\mentori\kuva.png">
  <sodipodi:namedview id="base" pagecolor="#ffffff"/>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:format xmlns:dc="http://purl.org/dc/elements/1.1/">image/svg+xml</dc:format></cc:Work></rdf:RDF></metadata>
  <defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff"/></linearGradient>
    <style>.a { fill: url(#g); font-family: "Arial"; } .b { fill: url( '#g' ) }</style></defs>
  <rect class="a" width="10" height="10" fill="url(#g)" style="fill:url(&quot;#g&quot;);stroke:#000"/>
  <use href="#g"/><use xlink:href="#g"/><a href=""><text>Liity</text></a>
  <image width="1" height="1" xlink:href="data:image/png;base64,iVBORw0KGgo="/>
  <animate attributeName="opacity" values="0;1" dur="1s"/>
</svg>
`, nil},
		{"script", svg(`<rect/>`, `  <script>alert(1)</script>`), bad("3:3", "the SVG picture has a script element, which can run a program")},
		{"script in capitals", svg(`<SCRIPT>alert(1)</SCRIPT>`), bad("2:1", "has a SCRIPT element")},
		{"XHTML script", svg(`<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>`), bad("2:1", "has a script element")},
		{"XHTML iframe", svg(`<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p>`), bad("2:1", "holds a piece of a web page: a p element")},
		{"foreignObject", svg(`<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>`), bad("2:1", "a foreignObject element")},
		{"event handler", svg(`<rect width="1"`, `  onload="alert(1)"/>`), bad("2:1", "the SVG picture's rect element has onload, which can run a program")},
		{"event handler in capitals on the root", `<svg xmlns="http://www.w3.org/2000/svg" ONCLICK="alert(1)"/>`, bad("1:1", "svg element has ONCLICK")},
		{"javascript: link", svg(`<a href="javascript:alert(1)"><text>x</text></a>`), bad("2:1", "the SVG picture's a element has a javascript: address")},
		{"javascript: hidden by a character reference", svg(`<a xlink:href="java&#x09;script:alert(1)"><text>x</text></a>`), bad("2:1", "a element has a javascript: address")},
		{"javascript: in an animation", svg(`<a><set to="JavaScript:alert(1)" attributeName="href"/></a>`), bad("2:4", "set element has a javascript: address")},
		{"animating a handler", svg(`<set attributeName="onclick" to="x"/>`), bad("2:1", "the SVG picture's set element has onclick")},
		{"animating a link", svg(`<animate attributeName="xlink:href" values="https://example.com/"/>`), bad("2:1", "animate element has xlink:href")},
		{"link to a web page", svg(`<a href="https://example.com/"><text>x</text></a>`), bad("2:1", `the SVG picture loads something from outside itself: "https://example.com/"`)},
		{"picture from another file", svg(`<image xlink:href="kuva.png"/>`), bad("2:1", `from outside itself: "kuva.png"`)},
		{"part of another SVG", svg(`<use href="muu.svg#a"/>`), bad("2:1", `"muu.svg#a"`)},
		{"inline SVG", svg(`<image href="data:image/svg+xml;base64,PHN2Zz4="/>`), bad("2:1", `"data:image/svg+xml;base64,PHN2Zz4="`)},
		{"style sheet import", svg(`<style>@import "https://example.com/a.css";</style>`), bad("2:1", "the SVG picture's style has @import, which is not allowed")},
		{"style sheet url", svg(`<style>`, `rect { fill: url(https://example.com/a.svg#g) }`, `</style>`), bad("2:1", "style has url()")},
		{"style attribute url", svg(`<rect style="background: URL( 'https://example.com/' )"/>`), bad("2:1", "style has url()")},
		{"presentation attribute url", svg(`<rect fill="url(https://example.com/#g)"/>`), bad("2:1", "style has url()")},
		{"CSS escape", svg(`<rect style="fill: \75 rl(https://example.com/)"/>`), bad("2:1", `style has \`)},
		{"entity declarations", `<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>` + "\n" + svg(`&x;`), bad("1:1", "the SVG picture has the declaration <!DOCTYPE>")},
		{"style sheet instruction", `<?xml-stylesheet type="text/xsl" href="a.xsl"?>` + "\n" + svg(), bad("1:1", "the declaration <?xml-stylesheet?>")},
		{"not well-formed", svg(`<rect>`, `<g></rect>`), []wantDiag{wantErr("k.svg:3:4", "unsafe-svg", "the SVG picture's code has an error here", "open the picture in a drawing program and save it again")}},
		{"not an SVG picture", `<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`,
			[]wantDiag{wantErr("k.svg:1:1", "attachment-content", `the content of "k.svg" is not SVG`, "save the file again")}},
		{"columns count characters", svg(`<text>Äiti ja Öljy</text><script/>`), bad("2:26", "script element")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d diags
			ok := checkSVG("k.svg", []byte(tc.data), &d)
			if ok != (len(tc.want) == 0) {
				t.Errorf("checkSVG = %v", ok)
			}
			if p := diagProblems(d.list, tc.want); len(p) > 0 {
				t.Error(strings.Join(p, "\n"))
			}
		})
	}
}

func TestUnsafeScheme(t *testing.T) {
	for dest, want := range map[string]string{
		"javascript:alert(1)":        "javascript",
		"JaVaScRiPt:alert(1)":        "javascript",
		"&#x6A;avascript:alert(1)":   "javascript",
		"&#106;avascript:alert(1)":   "javascript",
		"java\tscript:alert(1)":      "javascript",
		"java&#09;script:alert(1)":   "",           // goldmark makes &#09; U+FFFD, which no browser drops
		"jav&#x0A;ascript:alert(1)":  "javascript", // goldmark writes %0A, which browsers keep: refused all the same
		"  javascript:x":             "javascript",
		"\x01javascript:x":           "javascript",
		"java\\script:x":             "", // a backslash escape of a letter stays a backslash
		"vbscript:msgbox(1)":         "vbscript",
		"data:text/html,<script>":    "data",
		"DATA:image/png;base64,AAAA": "data",
		"file:///etc/passwd":         "file",
		"https://example.fi/":        "",
		"mailto:tuki@example.fi":     "",
		"tel:+358401234567":          "",
		"%6aavascript:x":             "", // a relative path to a browser
		"kuva.png":                   "",
		"ohje.md#vaihe:2":            "",
		"kansio/javascript:x":        "",
		"?javascript:x":              "",
		"#javascript:x":              "",
		"":                           "",
	} {
		if got := unsafeScheme(dest); got != want {
			t.Errorf("unsafeScheme(%q) = %q, want %q", dest, got, want)
		}
	}
}

func TestUnsafeLinks(t *testing.T) {
	const hint = "link to a web address (https://...) or to another card"
	bad := func(pos, dest, scheme string) wantDiag {
		return wantErr(x+":"+pos, "unsafe-link", `link "`+dest+`" begins with `+scheme+`:, which is not allowed`, hint)
	}
	runErrorCases(t, []errorCase{
		{
			name: "links",
			files: map[string]string{x: card(okCard,
				"[Avaa](javascript:alert(1)) ja [tämä](JaVaScRiPt:alert(1)).",
				"[b](&#x6A;avascript:alert(1)) [c](<java\tscript:alert(1)>)",
				"Katso <javascript:alert(1)> ja [d](vbscript:msgbox(1)).",
				"[e](file:///etc/passwd) [f](data:text/html;base64,PHNjcmlwdD4=)",
				"Lue [ohje][pahis].",
				"",
				"[pahis]: javascript:alert(1)",
				"",
				"[Hyvä](https://example.fi/?q=javascript:x) <https://example.fi/>",
			)},
			want: []wantDiag{
				bad("5:1", "javascript:alert(1)", "javascript"),
				bad("5:32", "JaVaScRiPt:alert(1)", "javascript"),
				bad("6:1", "&#x6A;avascript:alert(1)", "javascript"),
				bad("6:31", `java\tscript:alert(1)`, "javascript"),
				bad("7:7", "javascript:alert(1)", "javascript"),
				bad("7:32", "vbscript:msgbox(1)", "vbscript"),
				bad("8:1", "file:///etc/passwd", "file"),
				bad("8:25", "data:text/html;base64,PHNjcmlwdD4=", "data"),
				bad("9:5", "javascript:alert(1)", "javascript"),
			},
		},
		{
			name:  "images",
			files: map[string]string{x: card(okCard, "Kuva: ![Liity](data:image/png;base64,iVBORw0KGgo=)")},
			want: []wantDiag{wantErr(x+":5:7", "unsafe-link", `image "data:image/png;base64,iVBORw0KGgo=" begins with data:, which is not allowed`,
				"save the picture as a file next to the card and write its name in the parentheses")},
		},
		{
			name:  "a tool's link",
			files: map[string]string{"tools/teams/_index.md": editLines(minimal["tools/teams/_index.md"], "link: https://teams.microsoft.com/", `link: "javascript:alert(1)"`)},
			want: []wantDiag{wantErr("tools/teams/_index.md:4:8", "unsafe-link", `the tool's link "javascript:alert(1)" begins with javascript:, which is not allowed`,
				"write the tool's web address, e.g. https://teams.microsoft.com/")},
		},
	})
}

// TestUnsafeLinksNotListed checks that check's list of external links
// leaves out the refused ones, which are errors already.
func TestUnsafeLinksNotListed(t *testing.T) {
	data := []byte(card(okCard, "[a](javascript:alert(1)) [b](https://example.fi/) <vbscript:x>"))
	var got []string
	for _, l := range NewMarkdown(nil).ExternalLinks(x, data) {
		got = append(got, l.Dest)
	}
	if want := []string{"https://example.fi/"}; !slices.Equal(got, want) {
		t.Errorf("external links %q, want %q", got, want)
	}
}

func TestBadEncoding(t *testing.T) {
	const hint = "save the file as UTF-8, then check the letters ä and ö"
	bad := func(pos string) wantDiag {
		return wantErr(pos, "bad-encoding", "the file has a character that cannot be read", hint)
	}
	runErrorCases(t, []errorCase{
		{
			name:  "front matter in Latin-1",
			files: map[string]string{x: card([]string{"title: Kortti \xe4", "summary: Hyvä."}, "Teksti.")},
			want:  []wantDiag{bad(x + ":2:15")},
		},
		{
			name:  "body in Latin-1",
			files: map[string]string{x: card(okCard, "Ensimmäinen rivi.", "Hyv\xe4 p\xe4iv\xe4")},
			want:  []wantDiag{bad(x + ":6:4")},
		},
		{
			name:  "UTF-16",
			files: map[string]string{x: "\xff\xfe-\x00-\x00-\x00"},
			want:  []wantDiag{bad(x + ":1:1")},
		},
		{
			name:  "glossary",
			files: map[string]string{"glossary.yaml": "- word: hyvä\n  plain: \xe4\n"},
			want:  []wantDiag{bad("glossary.yaml:2:10")},
		},
		{
			name:  "synonyms",
			files: map[string]string{"synonyms.yaml": "- [kokous, palaveri]\n- [p\xe4iv\xe4, aika]\n"},
			want:  []wantDiag{bad("synonyms.yaml:2:5")},
		},
	})
	// site.yaml is read by LoadConfig.
	_, diags := LoadConfig(mapFS(map[string]string{ConfigFile: "title: Testi\xe4\n"}))
	if p := diagProblems(diags, []wantDiag{bad("site.yaml:1:13")}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
}

// sizeFS is a content folder in memory whose file big claims a size and
// may not be read: the size cap must be checked before reading.
type sizeFS struct {
	fstest.MapFS
	t    *testing.T
	big  string
	size int64
}

func (f sizeFS) Lstat(name string) (fs.FileInfo, error) {
	st, err := f.MapFS.Lstat(name)
	if name == f.big && err == nil {
		st = sizedInfo{st, f.size}
	}
	return st, err
}

func (f sizeFS) Open(name string) (fs.File, error) {
	if name == f.big {
		f.t.Errorf("%s was opened before its size was checked", name)
	}
	return f.MapFS.Open(name)
}

func (f sizeFS) ReadFile(name string) ([]byte, error) {
	if name == f.big {
		f.t.Errorf("%s was read before its size was checked", name)
	}
	return f.MapFS.ReadFile(name)
}

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

func TestSizeCaps(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int64
		want wantDiag
	}{
		{x, 2 << 20, wantErr(x+":1:1", "too-large", "the file is too large: 2048 KB, the limit is 1024 KB", "split the text into several cards")},
		{GlossaryFile, MaxTextSize + 1, wantErr(GlossaryFile+":1:1", "too-large", "1025 KB, the limit is 1024 KB", "split the text")},
		{"tools/teams/x/kuva.png", 1 << 30, wantErr("tools/teams/x/kuva.png:1:1", "too-large", "the file is too large: 1048576 KB, the limit is 10240 KB", "make the file smaller")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := sizeFS{MapFS: mapFS(with(minimal, map[string]string{tc.name: "x"})), t: t, big: tc.name, size: tc.size}
			_, diags := siteFS(t, fsys)
			if p := diagProblems(diags, []wantDiag{tc.want}); len(p) > 0 {
				t.Error(strings.Join(p, "\n"))
			}
		})
	}
	// At the cap a card loads.
	body := strings.Repeat("Sana ", (MaxTextSize-100)/5)
	text := card(okCard, body)
	text += strings.Repeat(".", MaxTextSize-len(text))
	_, diags := site(t, with(minimal, map[string]string{x: text}))
	if diags.HasErrors() {
		t.Errorf("a card of exactly %d bytes: %v", len(text), diags.Errors())
	}
	_, diags = site(t, with(minimal, map[string]string{x: text + "."}))
	if p := diagProblems(diags, []wantDiag{wantErr(x+":1:1", "too-large", "1025 KB", "split")}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
}

// TestApplyAttachments follows attachments through incremental builds: a
// picture is copied when a page starts linking to it and taken out when
// none does any more, a changed picture is checked again, and only the
// attachments a change touches are reported as unlinked.
func TestApplyAttachments(t *testing.T) {
	files := with(minimal, map[string]string{
		"tools/teams/jaa-naytto/kuva.png": testPNG,
		"tools/teams/jaa-naytto/muu.png":  testPNG,
	})
	s, _ := site(t, files)
	md := NewMarkdown(testLabels)
	apply := func(changes map[string]string, changed ...string) *Update {
		t.Helper()
		files = with(files, changes)
		return Apply(s, mapFS(files), md, changed)
	}
	const kuva, muu = "tools/teams/jaa-naytto/kuva.png", "tools/teams/jaa-naytto/muu.png"
	card := "tools/teams/jaa-naytto.md"

	up := apply(map[string]string{card: minimal[card] + "![Jaa-painike](jaa-naytto/kuva.png)\n"}, card)
	if p := diagProblems(up.Diags, nil); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
	if !slices.Equal(up.Copy, []string{kuva}) || len(up.Gone) != 0 || !slices.Equal(up.Site.Files, []string{kuva}) {
		t.Errorf("linking: Copy %v, Gone %v, Files %v; want kuva.png copied and published", up.Copy, up.Gone, up.Site.Files)
	}
	s = up.Site

	up = apply(map[string]string{kuva: testPNG + "uusi"}, kuva)
	if !slices.Equal(up.Copy, []string{kuva}) || len(up.Gone) != 0 || len(up.Diags) != 0 {
		t.Errorf("changing: Copy %v, Gone %v, diagnostics %v; want kuva.png copied again", up.Copy, up.Gone, up.Diags)
	}
	s = up.Site

	up = apply(map[string]string{kuva: "<html><script>alert(1)</script></html>"}, kuva)
	if p := diagProblems(up.Diags, []wantDiag{wantErr(kuva+":1:1", "attachment-content", `the content of "kuva.png" is not PNG`, "save the file again")}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
	files[kuva] = testPNG // the last good site s stays

	up = apply(map[string]string{card: minimal[card]}, card)
	if p := diagProblems(up.Diags, []wantDiag{wantWarn(kuva+":1:1", "unlinked-file", `no page links to "kuva.png"`, "add the picture")}); len(p) > 0 {
		t.Error(strings.Join(p, "\n"))
	}
	if len(up.Copy) != 0 || !slices.Equal(up.Gone, []string{kuva}) || len(up.Site.Files) != 0 {
		t.Errorf("unlinking: Copy %v, Gone %v, Files %v; want kuva.png gone", up.Copy, up.Gone, up.Site.Files)
	}
	if slices.ContainsFunc(up.Diags, func(d Diagnostic) bool { return d.File == muu }) {
		t.Errorf("an untouched unlinked file was reported again: %v", up.Diags)
	}
}

// TestLoadStopsWhenCancelled checks that a stopped build's loading ends
// with the context's error and no site.
func TestLoadStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s, _, _, err := LoadSiteContext(ctx, mapFS(minimal), "")
	if !errors.Is(err, context.Canceled) || s != nil {
		t.Errorf("LoadSiteContext after cancel: site %v, err %v; want none and the context's error", s, err)
	}
}

// BenchmarkLoadLongParagraph loads a card at the size cap that is one
// paragraph of a megabyte, with a link, emphasis and code every few words:
// the many nodes of one long line, whose positions once cost a count from
// the line's start each (12 s for 1.5 MB).
func BenchmarkLoadLongParagraph(b *testing.B) {
	words := []string{"Avaa", "[Teams](https://teams.microsoft.com/)", "ja", "valitse", "**Liity**", "`Ctrl+V`", "kokoukseen", "nyt."}
	var body strings.Builder
	for i := 0; body.Len() < MaxTextSize-200; i++ {
		body.WriteString(words[i%len(words)] + " ")
	}
	files := with(minimal, map[string]string{x: card(okCard, body.String())})
	fsys := mapFS(files)
	cfg, _ := LoadConfig(fsys)
	md := NewMarkdown(testLabels)
	b.SetBytes(int64(len(files[x])))
	for b.Loop() {
		if _, diags := Load(fsys, cfg, md); diags.HasErrors() {
			b.Fatal(diags.Errors())
		}
	}
}
