package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"tietopankki/generator"
	"tietopankki/internal/synth"
)

// outputState is the output folder's files with their sizes and times,
// and the names of what is beside it (a temporary folder left behind).
func outputState(tb testing.TB, out string) string {
	tb.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.Name() + "\n")
	}
	return b.String() + chkTree(tb, out)
}

// refusal is content that build and check must refuse: files (and links:
// name -> target, "OUT/" standing for a folder outside the content
// folder) added to a good content folder, and the diagnostic expected, in
// Finnish.
type refusal struct {
	name      string
	files     map[string]string
	links     map[string]string
	file      string // content-relative
	line, col int
	rule      string
	msg, hint string
}

const (
	fiLink     = "tämä on symbolinen linkki toiseen tiedostoon. Linkkejä ei lueta eikä julkaista"
	fiLinkHint = "korvaa linkki oikealla tiedostolla"
	fiSVGHint  = "tallenna kuva PNG-muodossa. Tai tallenna SVG-kuva ilman skriptejä ja linkkejä"
	fiUTF8     = "tiedostossa on merkki, jota ei voi lukea"
	fiUTF8Hint = "tallenna tiedosto UTF-8-muodossa. Tarkista sitten ä- ja ö-kirjaimet"
	fiURLHint  = "linkitä verkko-osoitteeseen (https://...) tai toiseen ohjeeseen"
)

var refusals = []refusal{
	{name: "link to the environment", links: map[string]string{"ymparisto.md": "/proc/self/environ"},
		file: "ymparisto.md", line: 1, col: 1, rule: "symlink", msg: fiLink, hint: fiLinkHint},
	{name: "Markdown link to a file elsewhere", links: map[string]string{"tools/teams/salainen.md": "OUT/salainen.md"},
		file: "tools/teams/salainen.md", line: 1, col: 1, rule: "symlink", msg: fiLink, hint: fiLinkHint},
	{name: "picture that is a link to /etc/passwd", links: map[string]string{"tools/teams/liity/passwd.png": "/etc/passwd"},
		file: "tools/teams/liity/passwd.png", line: 1, col: 1, rule: "symlink", msg: fiLink, hint: fiLinkHint},
	{name: "linked folder", links: map[string]string{"tools/teams/kuvat": "OUT"},
		file: "tools/teams/kuvat", line: 1, col: 1, rule: "symlink", msg: fiLink, hint: fiLinkHint},
	{name: "link inside the folder", links: map[string]string{"tools/teams/kopio.md": "liity.md"},
		file: "tools/teams/kopio.md", line: 1, col: 1, rule: "symlink", msg: fiLink, hint: fiLinkHint},
	{name: "web page", files: map[string]string{"tools/teams/liity/evil.html": "<script>alert(1)</script>"},
		file: "tools/teams/liity/evil.html", line: 1, col: 1, rule: "attachment-type",
		msg:  `tiedostoa "evil.html" ei voi julkaista. Sivustolle voi liittää vain kuvia ja PDF-tiedostoja`,
		hint: "tallenna kuva PNG-, JPEG-, GIF-, WebP-, AVIF- tai SVG-muodossa ja asiakirja PDF-muodossa. Poista muut tiedostot"},
	{name: "web page named as a picture", files: map[string]string{"tools/teams/liity/kuva.png": "<!DOCTYPE html><script>alert(1)</script>"},
		file: "tools/teams/liity/kuva.png", line: 1, col: 1, rule: "attachment-content",
		msg:  `tiedosto "kuva.png" ei ole PNG-tiedosto, vaikka nimi niin sanoo`,
		hint: "tallenna tiedosto uudelleen oikeassa muodossa tai korjaa nimen loppu (esimerkiksi .png)"},
	{name: "SVG with a script", files: map[string]string{"tools/teams/liity/kaavio.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"1\" height=\"1\"/>\n  <script href=\"https://example.com/x.js\"/>\n</svg>\n"},
		file: "tools/teams/liity/kaavio.svg", line: 3, col: 3, rule: "unsafe-svg", msg: "SVG-kuvassa on script-elementti. Se voi ajaa ohjelmaa", hint: fiSVGHint},
	{name: "SVG with an event handler", files: map[string]string{"tools/teams/liity/kaavio.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onmouseover=\"alert(1)\"/></svg>\n"},
		file: "tools/teams/liity/kaavio.svg", line: 2, col: 1, rule: "unsafe-svg", msg: "SVG-kuvan rect-elementissä on onmouseover. Se voi ajaa ohjelmaa", hint: fiSVGHint},
	{name: "javascript: link", files: map[string]string{"tools/teams/vaara.md": "---\ntitle: Vaara\nsummary: Vaara.\n---\nAvaa [Teams](javascript:alert(1)).\n"},
		file: "tools/teams/vaara.md", line: 5, col: 6, rule: "unsafe-link",
		msg: `linkin osoite "javascript:alert(1)" alkaa javascript:. Sellaista osoitetta ei sallita`, hint: fiURLHint},
	{name: "vbscript: address", files: map[string]string{"tools/teams/vaara.md": "---\ntitle: Vaara\nsummary: Vaara.\n---\nTeksti.\n\nKatso <VBScript:msgbox(1)>.\n"},
		file: "tools/teams/vaara.md", line: 7, col: 7, rule: "unsafe-link",
		msg: `linkin osoite "VBScript:msgbox(1)" alkaa vbscript:. Sellaista osoitetta ei sallita`, hint: fiURLHint},
	{name: "data: picture", files: map[string]string{"tools/teams/vaara.md": "---\ntitle: Vaara\nsummary: Vaara.\n---\n![Kuva](data:image/png;base64,iVBORw0KGgo=)\n"},
		file: "tools/teams/vaara.md", line: 5, col: 1, rule: "unsafe-link",
		msg:  `kuvan osoite "data:image/png;base64,iVBORw0KGgo=" alkaa data:. Sellaista osoitetta ei sallita`,
		hint: "tallenna kuva tiedostona ohjeen viereen ja kirjoita sulkuihin sen nimi"},
	{name: "tool link", files: map[string]string{"tools/zoom/_index.md": "---\ntitle: Zoom\npurpose: Zoomilla pidät kokouksia.\nlink: javascript:alert(1)\n---\nZoom.\n"},
		file: "tools/zoom/_index.md", line: 4, col: 7, rule: "unsafe-link",
		msg:  `työkalun linkki "javascript:alert(1)" alkaa javascript:. Sellaista osoitetta ei sallita`,
		hint: "kirjoita työkalun verkko-osoite, esimerkiksi https://teams.microsoft.com/"},
	{name: "Latin-1 in the body", files: map[string]string{"tools/teams/latin1.md": "---\ntitle: Latin\nsummary: Latin.\n---\nHyv\xe4 p\xe4iv\xe4.\n"},
		file: "tools/teams/latin1.md", line: 5, col: 4, rule: "bad-encoding", msg: fiUTF8, hint: fiUTF8Hint},
	{name: "Latin-1 in the front matter", files: map[string]string{"tools/teams/latin1.md": "---\ntitle: P\xe4iv\xe4\nsummary: Latin.\n---\nTeksti.\n"},
		file: "tools/teams/latin1.md", line: 2, col: 9, rule: "bad-encoding", msg: fiUTF8, hint: fiUTF8Hint},
	{name: "card over the size cap", files: map[string]string{"tools/teams/iso.md": "---\ntitle: Iso\nsummary: Iso.\n---\n" + strings.Repeat("sana ", 1<<20/5)},
		file: "tools/teams/iso.md", line: 1, col: 1, rule: "too-large",
		msg: "tiedosto on liian suuri: 1025 kt, kun enintään saa olla 1024 kt", hint: "jaa teksti useaksi ohjeeksi tai poista siitä ylimääräinen"},
	{name: "attachment over the size cap", files: map[string]string{"tools/teams/liity/iso.pdf": "%PDF-1.7\n" + strings.Repeat("x", 10<<20)},
		file: "tools/teams/liity/iso.pdf", line: 1, col: 1, rule: "too-large",
		msg: "tiedosto on liian suuri: 10241 kt, kun enintään saa olla 10240 kt", hint: "pienennä tiedostoa. Tai laita se asiakirjapalveluun ja linkitä sinne"},
}

// safetyContent is a good content folder for the refusals: a card with a
// picture, and a folder outside it with a secret.
func safetyContent(tb testing.TB) (content, outside string) {
	tb.Helper()
	content = chkContent(tb, map[string]string{
		"tools/teams/liity.md":          "---\ntitle: Liity kokoukseen\nsummary: Näin liityt kokoukseen.\n---\nValitse Liity.\n\n![Liity-painike](liity/painike.png)\n",
		"tools/teams/liity/painike.png": chkPNG(100),
	})
	outside = filepath.Join(filepath.Dir(content), "outside")
	for name, data := range map[string]string{"salainen.md": "---\ntitle: SALAISUUS\nsummary: SALAISUUS\n---\nSALAISUUS\n", "salainen.png": "SALAISUUS"} {
		if err := os.MkdirAll(outside, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(outside, name), []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return content, outside
}

// add puts a refusal's files and links into content and returns the paths
// to remove afterwards.
func (r refusal) add(tb testing.TB, content, outside string) []string {
	tb.Helper()
	var added []string
	for name, data := range r.files {
		p := filepath.Join(content, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
		added = append(added, p)
	}
	for name, target := range r.links {
		if rest, ok := strings.CutPrefix(target, "OUT"); ok {
			target = outside + rest
		}
		p := filepath.Join(content, filepath.FromSlash(name))
		if err := os.Symlink(target, p); err != nil {
			tb.Fatalf("making a symbolic link: %v", err)
		}
		added = append(added, p)
	}
	return added
}

// TestRefusedContent adds each refused input to a good content folder
// that was built before, and checks that build and check both report it
// at file:line:col with its rule, Finnish message and hint, and exit 1,
// and that build leaves the last good output exactly as it was, with no
// temporary folder beside it.
func TestRefusedContent(t *testing.T) {
	content, outside := safetyContent(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := envRun(t, nil, "build", "--content", content, "--out", out); code != exitOK {
		t.Fatalf("the good content: exit %d\n%s", code, stderr)
	}
	good := outputState(t, out)
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			added := r.add(t, content, outside)
			defer func() {
				for _, p := range added {
					os.Remove(p)
				}
			}()
			where := filepath.ToSlash(filepath.Join(content, r.file))

			code, _, stderr := envRun(t, nil, "build", "--content", content, "--out", out)
			if code != exitContent {
				t.Errorf("build: exit %d, want %d", code, exitContent)
			}
			want := fmt.Sprintf("%s:%d:%d: %s (%s)", where, r.line, r.col, r.msg, r.hint)
			if !slices.Contains(strings.Split(stderr, "\n"), want) {
				t.Errorf("build's messages:\n%s\nwant the line:\n%s", stderr, want)
			}
			if after := outputState(t, out); after != good {
				t.Errorf("the output changed:\nbefore:\n%s\nafter:\n%s", good, after)
			}

			code, stdout, _ := envRun(t, nil, "check", "--content", content, "--format", "json")
			if code != exitContent {
				t.Errorf("check: exit %d, want %d", code, exitContent)
			}
			var got chkJSON
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("check's output is not JSON: %v\n%s", err, stdout)
			}
			found := false
			for _, f := range got.Errors {
				found = found || f.File == where && f.Line == r.line && f.Col == r.col && f.Rule == r.rule && f.Message == r.msg && f.Hint == r.hint
			}
			if !found {
				t.Errorf("check's errors:\n%s\nwant %s:%d:%d %s: %s (%s)", stdout, where, r.line, r.col, r.rule, r.msg, r.hint)
			}
		})
	}
}

// TestUnlinkedAttachment checks that an attachment no page links to is a
// warning of both commands and is left out of the site.
func TestUnlinkedAttachment(t *testing.T) {
	content, _ := safetyContent(t)
	unused := filepath.Join(content, "tools/teams/liity/vanha.png")
	if err := os.WriteFile(unused, []byte(chkPNG(100)), 0o644); err != nil {
		t.Fatal(err)
	}
	want := filepath.ToSlash(unused) + `:1:1: varoitus: mikään sivu ei linkitä tiedostoon "vanha.png". Siksi sitä ei julkaista (lisää ohjeeseen kuva tai linkki tiedostoon, tai poista tiedosto)`
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := envRun(t, nil, "build", "--content", content, "--out", out)
	if code != exitOK || !slices.Contains(strings.Split(stderr, "\n"), want) {
		t.Errorf("build: exit %d, messages:\n%s\nwant exit 0 and the line:\n%s", code, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(out, "tools/teams/liity/vanha.png")); !os.IsNotExist(err) {
		t.Errorf("the unlinked picture was published (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "tools/teams/liity/painike.png")); err != nil {
		t.Errorf("the linked picture was not published: %v", err)
	}
	code, stdout, _ := envRun(t, nil, "check", "--content", content)
	if code != exitOK || !slices.Contains(strings.Split(stdout, "\n"), want) {
		t.Errorf("check: exit %d, output:\n%s\nwant exit 0 and the line:\n%s", code, stdout, want)
	}
}

// TestBuildRemovesStaleTemporaryFolders checks that a build removes the
// temporary folders that killed builds left beside the output.
func TestBuildRemovesStaleTemporaryFolders(t *testing.T) {
	content, _ := safetyContent(t)
	parent := t.TempDir()
	stale := filepath.Join(parent, ".public.new-123")
	if err := os.MkdirAll(filepath.Join(stale, "tools"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stale, "tools", "index.html"), []byte("puolikas"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := envRun(t, nil, "build", "--content", content, "--out", filepath.Join(parent, "public")); code != exitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	generator.WaitRemoved() // they are removed in the background
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".public.manifest", "public"}; !slices.Equal(names, want) {
		t.Errorf("beside the output: %v, want %v", names, want)
	}
}

// stopAfter is a context that ends when it has been asked whether it has
// ended n times: a signal that arrives at a chosen point of a build,
// without any timing. Its count of questions also says how many a whole
// build asks.
type stopAfter struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func newStopAfter(n int64) *stopAfter {
	c := &stopAfter{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

func (c *stopAfter) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

func (c *stopAfter) Done() <-chan struct{} { return c.done }

// TestBuildStopped stops builds of a synthetic site at several points (in
// loading, rendering, copying or indexing) and checks that each says so,
// exits 1, leaves the last good output as it was and removes its
// temporary folder.
func TestBuildStopped(t *testing.T) {
	content := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(content, synth.Config{Cards: 150, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	const never = 1 << 40
	counter := newStopAfter(never)
	if code, _, stderr := ctxRun(t, counter, nil, "build", "--content", content, "--out", out); code != exitOK {
		t.Fatalf("the synthetic site: exit %d\n%s", code, stderr)
	}
	asked := never - counter.left.Load()
	good := outputState(t, out)
	for _, at := range []int64{0, asked / 4, asked / 2, asked * 3 / 4, asked - 2} {
		t.Run(fmt.Sprintf("at %d of %d", at, asked), func(t *testing.T) {
			code, _, stderr := ctxRun(t, newStopAfter(at), nil, "build", "--content", content, "--out", out)
			want := "koonti keskeytettiin. Kansio " + out + " jäi ennalleen"
			if code != exitContent || !slices.Contains(strings.Split(stderr, "\n"), want) {
				t.Errorf("exit %d, messages:\n%s\nwant exit 1 and the line:\n%s", code, stderr, want)
			}
			if after := outputState(t, out); after != good {
				t.Errorf("the output changed:\nbefore:\n%s\nafter:\n%s", good, after)
			}
		})
	}
}
