package devserver

import (
	"tietopankki/i18n"

	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tietopankki/internal/testcontent"
	"tietopankki/internal/testwait"
	"tietopankki/server"
)

// newServed copies the tests' knowledge bank (testcontent.Fixture), adds a
// PDF to a card folder, and serves it without watching.
func newServed(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	dir := testcontent.Fixture(t)
	if err := os.WriteFile(filepath.Join(dir, "tools/teams/liity-kokoukseen/ohje.pdf"), []byte("%PDF-1.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Attachments are published when a page links to them.
	if err := os.WriteFile(filepath.Join(dir, "tools/teams/ohje-pdf.md"), []byte(card("Ohje PDF-tiedostona", "[Ohje](liity-kokoukseen/ohje.pdf)")), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := New(dir, "", loader, io.Discard, i18n.MustGet("fi"))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	testwait.For(t, "the search index", srv.Indexed())
	return srv, hs
}

// TestDevServerHosts: only localhost names, and the host --addr names,
// are answered (DNS rebinding); others get 403 with a plain message.
func TestDevServerHosts(t *testing.T) {
	srv, _ := newServed(t)
	srv.Hosts = []string{"192.168.1.5"}
	for host, want := range map[string]int{
		"localhost:1313": 200, "localhost": 200, "LocalHost.:80": 200, "127.0.0.1:1313": 200, "[::1]:1313": 200, "[::1]": 200,
		"192.168.1.5:1313": 200, "192.168.1.6:1313": 403, "evil.example:1313": 403, "localhost.evil.example": 403,
		"127.0.0.1.nip.io:1313": 403, "": 403,
	} {
		for _, p := range []string{"/", "/api/search?q=teams", "/_tietopankki/reload.js"} {
			req := httptest.NewRequest("GET", p, nil)
			req.Host = host
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, req)
			if w.Code != want {
				t.Errorf("Host %q %s: %d, want %d", host, p, w.Code, want)
			}
			if want == 403 && (!strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") || !strings.Contains(w.Body.String(), "DNS rebinding")) {
				t.Errorf("Host %q: %s %q", host, w.Header().Get("Content-Type"), w.Body.String())
			}
		}
	}
}

// TestDevServerBodyRefused: a GET that declares a body it never sends is
// answered 400 at once.
func TestDevServerBodyRefused(t *testing.T) {
	_, hs := newServed(t)
	for _, head := range []string{
		"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n",
		"HEAD /tools/teams/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET /api/search?q=teams HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n",
	} {
		c, err := net.Dial("tcp", strings.TrimPrefix(hs.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write([]byte(head))
		// The deadline only turns a server that waits for the body (as it
		// did) into a failure instead of a hang.
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		req, _ := http.ReadRequest(bufio.NewReader(strings.NewReader(head)))
		res, err := http.ReadResponse(bufio.NewReader(c), req)
		if err != nil {
			t.Fatalf("%q: no answer before the body came: %v", head, err)
		}
		res.Body.Close()
		if res.StatusCode != 400 || !res.Close {
			t.Errorf("%q: %d, close %v", head, res.StatusCode, res.Close)
		}
	}
}

// TestDevServerFileCSP: the dev server answers files with server.FileCSP,
// and caps ranges like the production server.
func TestDevServerFileCSP(t *testing.T) {
	_, hs := newServed(t)
	for p, want := range map[string]string{
		"/tools/teams/liity-kokoukseen/liity-painike.svg": server.AttachmentCSP,
		"/tools/teams/liity-kokoukseen/ohje.pdf":          server.PDFCSP,
		"/tools/teams/liity-kokoukseen/":                  server.ContentSecurityPolicy,
		"/sw.js":                                          server.ContentSecurityPolicy,
		"/search/?q=teams":                                server.ContentSecurityPolicy,
	} {
		res, err := http.Get(hs.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Values("Content-Security-Policy"); res.StatusCode != 200 || len(got) != 1 || got[0] != want {
			t.Errorf("%s: %d CSP %q, want %q", p, res.StatusCode, got, want)
		}
	}
	many := make([]string, 3000)
	for i := range many {
		many[i] = fmt.Sprintf("%d-%d", i, i)
	}
	for rng, want := range map[string]int{"bytes=0-9": 206, "bytes=" + strings.Join(many, ","): 200, "bytes=0-99,50-149": 200} {
		req, _ := http.NewRequest("GET", hs.URL+"/tools/teams/", nil)
		req.Header.Set("Range", rng)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Range %.30s: %d, want %d", rng, res.StatusCode, want)
		}
	}
}
