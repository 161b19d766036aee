package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"tietopankki/generator"
	"tietopankki/internal/testbin"
	"tietopankki/internal/testcontent"
)

// newCard is a card that only the "new" build of the reload tests has.
const newCard = `---
title: Kvanttipuhelimen käyttöönotto
summary: Näin otat kvanttipuhelimen käyttöön ensimmäisellä kerralla.
tags: [kvanttipuhelin]
updated: 2026-10-01
---
Kvanttipuhelin on uusi laite. Avaa se ja valitse **Aloita**.
`

var (
	sitesOnce sync.Once
	sitesDir  string // holds old/ and new/
	sitesErr  error
)

// builtSites builds the tests' knowledge bank (testcontent.Fixture: old)
// and the same with newCard (new), once per test binary, with the real
// build command, and returns their output folders.
func builtSites(t testing.TB) (oldSite, newSite string) {
	t.Helper()
	sitesOnce.Do(func() {
		root, _ := filepath.Abs("..")
		sitesDir, sitesErr = os.MkdirTemp("", "tietopankki-server-")
		if sitesErr != nil {
			return
		}
		content, newContent := filepath.Join(sitesDir, "content"), filepath.Join(sitesDir, "new-content")
		for _, dir := range []string{content, newContent} {
			if sitesErr = testcontent.CopyFixture(dir); sitesErr != nil {
				return
			}
		}
		if sitesErr = os.WriteFile(filepath.Join(newContent, "tools/teams/kvanttipuhelin.md"), []byte(newCard), 0o644); sitesErr != nil {
			return
		}
		bin := filepath.Join(sitesDir, "tietopankki")
		if sitesErr = testbin.Build(bin); sitesErr != nil {
			return
		}
		for _, args := range [][]string{
			{bin, "build", "--content", content, "--out", filepath.Join(sitesDir, "old")},
			{bin, "build", "--content", newContent, "--out", filepath.Join(sitesDir, "new")},
		} {
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				sitesErr = &buildError{args, err, string(out)}
				return
			}
		}
	})
	if sitesErr != nil {
		t.Fatal(sitesErr)
	}
	return filepath.Join(sitesDir, "old"), filepath.Join(sitesDir, "new")
}

type buildError struct {
	args []string
	err  error
	out  string
}

func (e *buildError) Error() string {
	return strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + e.out
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sitesDir != "" {
		os.RemoveAll(sitesDir)
	}
	os.Exit(code)
}

// copySite copies a built site to a fresh folder that a test may change.
func copySite(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "public")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// replaceTree puts a copy of src in place of dir the way build does
// (generator.Publish: a new folder beside it, swapped in atomically).
func replaceTree(t testing.TB, dir, src string) {
	t.Helper()
	err := generator.Publish(dir, func(out generator.DirOutput) error {
		root, err := out.Folder(".")
		if err != nil {
			return err
		}
		return os.CopyFS(root, os.DirFS(src))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// newTestServer serves a copy of the sample site.
func newTestServer(t testing.TB, opts Options) (*Server, *httptest.Server, string) {
	t.Helper()
	oldSite, _ := builtSites(t)
	if opts.Public == "" {
		opts.Public = copySite(t, oldSite)
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return s, ts, opts.Public
}

// fetch GETs a URL with extra headers; it returns the response and its
// body, gunzipped when it came gzipped.
func fetch(t testing.TB, c *http.Client, url string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if c == nil {
		c = noRedirect
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatalf("GET %s: bad gzip: %v", url, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res, string(b)
}

// noRedirect is a client that shows redirects instead of following them
// and asks for no compression unless a test sets Accept-Encoding.
var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{DisableCompression: true},
}

// checkSecurity fails unless res carries every security header.
func checkSecurity(t testing.TB, what string, res *http.Response) {
	t.Helper()
	for k, v := range SecurityHeaders() {
		if got := res.Header.Get(k); got != v[0] {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v[0])
		}
	}
}
