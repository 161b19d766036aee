package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"tietopankki/internal/testwait"
)

func TestServerStatic(t *testing.T) {
	_, ts, public := newTestServer(t, Options{})
	u := ts.URL

	res, body := fetch(t, nil, u+"/")
	if res.StatusCode != 200 || !strings.Contains(body, "<!DOCTYPE html>") {
		t.Fatalf("/: %d", res.StatusCode)
	}
	checkSecurity(t, "/", res)
	if res.Header.Get("Cache-Control") != CacheRevalidate || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("/: %v", res.Header)
	}
	etag, lastMod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if !strings.HasPrefix(etag, `"`) || lastMod == "" {
		t.Errorf("/: ETag %q Last-Modified %q", etag, lastMod)
	}

	// Conditional requests.
	if res, _ := fetch(t, nil, u+"/", "If-None-Match", etag); res.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", res.StatusCode)
	}
	if res, _ := fetch(t, nil, u+"/", "If-Modified-Since", lastMod); res.StatusCode != 304 {
		t.Errorf("If-Modified-Since: %d", res.StatusCode)
	}
	if res, _ := fetch(t, nil, u+"/", "If-None-Match", `"other"`); res.StatusCode != 200 {
		t.Errorf("other ETag: %d", res.StatusCode)
	}

	// Compression: the same page, gzipped, with its own ETag.
	res, gzBody := fetch(t, nil, u+"/", "Accept-Encoding", "gzip, deflate, br")
	if res.Header.Get("Content-Encoding") != "gzip" || gzBody != body || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("gzip: %v, same body %v", res.Header, gzBody == body)
	}
	if res.Header.Get("ETag") == etag {
		t.Error("the gzipped page has the same ETag as the plain one")
	}
	if res, _ := fetch(t, nil, u+"/", "Accept-Encoding", "gzip, deflate, br", "If-None-Match", res.Header.Get("ETag")); res.StatusCode != 304 {
		t.Errorf("gzip If-None-Match: %d", res.StatusCode)
	}
	for _, ae := range []string{"gzip;q=0", "br", "identity", "*;q=0", "gzip;q=0.000"} {
		if res, _ := fetch(t, nil, u+"/", "Accept-Encoding", ae); res.Header.Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q got %s", ae, res.Header.Get("Content-Encoding"))
		}
	}
	if res, _ := fetch(t, nil, u+"/", "Accept-Encoding", "*"); res.Header.Get("Content-Encoding") != "gzip" {
		t.Error(`Accept-Encoding "*" got no gzip`)
	}

	// Assets: immutable; pretty URLs; redirects keep the query.
	assets, _ := os.ReadDir(filepath.Join(public, "assets"))
	for _, a := range assets {
		res, _ := fetch(t, nil, u+"/assets/"+a.Name())
		want := CacheImmutable
		if !Fingerprinted("assets/" + a.Name()) {
			want = CacheRevalidate // a name without a hash must not be cached for a year
		}
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != want {
			t.Errorf("/assets/%s: %d %q", a.Name(), res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	for name, want := range map[string]bool{"assets/app.3f9c1e2a07.css": true, "assets/favicon.8395ed5098.svg": true,
		"assets/sw.js": false, "app.3f9c1e2a07.css": false, "assets/app.css": false, "assets/x/app.3f9c1e2a07.css": true,
		"assets/app.3F9C1E2A07.css": false, "assets/app.3f9c1e.css": false} {
		if Fingerprinted(name) != want {
			t.Errorf("Fingerprinted(%q) = %v", name, !want)
		}
	}
	if res, _ := fetch(t, nil, u+"/tools/teams/"); res.StatusCode != 200 {
		t.Errorf("/tools/teams/: %d", res.StatusCode)
	}
	if res, _ := fetch(t, nil, u+"/tools/teams/index.html"); res.StatusCode != 200 {
		t.Errorf("/tools/teams/index.html: %d", res.StatusCode)
	}
	res, _ = fetch(t, nil, u+"/tools/teams?x=1")
	if res.StatusCode != 301 || res.Header.Get("Location") != "/tools/teams/?x=1" {
		t.Errorf("/tools/teams: %d -> %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = fetch(t, nil, u+"//tools//teams")
	if loc := res.Header.Get("Location"); res.StatusCode == 301 && loc != "/tools/teams/" {
		t.Errorf("//tools//teams redirects to %q", loc)
	}
	if res, _ := fetch(t, nil, u+"/sitemap.xml"); res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "xml") {
		t.Errorf("/sitemap.xml: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// The 404 page, with status 404, for everything missing or hidden.
	notFound, _ := os.ReadFile(filepath.Join(public, "404.html"))
	os.WriteFile(filepath.Join(public, ".secret"), []byte("x"), 0o644)
	for _, p := range []string{"/ei-ole", "/tools/ei-ole/", "/_search/site.json", "/_search/index/meta.json", "/_search/",
		"/_search", "/.secret", "/tools/../_search/site.json", "/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/assets/../../go.mod"} {
		res, body := fetch(t, nil, u+p)
		if res.StatusCode != 404 || body != string(notFound) {
			t.Errorf("%s: %d, the 404 page: %v", p, res.StatusCode, body == string(notFound))
		}
		checkSecurity(t, p, res)
	}

	// Methods and bodies.
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS"} {
		req, _ := http.NewRequest(m, u+"/", strings.NewReader("x"))
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 405 || res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d", m, res.StatusCode)
		}
	}
	req, _ := http.NewRequest("GET", u+"/", strings.NewReader("x"))
	if res, err := noRedirect.Do(req); err != nil || res.StatusCode != 400 {
		t.Errorf("GET with a body: %v %v", res, err)
	}
	res, err := noRedirect.Head(u + "/")
	if err != nil || res.StatusCode != 200 || res.ContentLength != int64(len(body)) {
		t.Errorf("HEAD: %v %d %d", err, res.StatusCode, res.ContentLength)
	}
}

func TestServerSearch(t *testing.T) {
	_, ts, _ := newTestServer(t, Options{})
	res, body := fetch(t, nil, ts.URL+"/api/search?q=teams+kokous", "Accept-Encoding", "gzip")
	checkSecurity(t, "api", res)
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("api: %d %v", res.StatusCode, res.Header)
	}
	var r struct {
		Results []struct{ ID string } `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if !top3(r.Results, "teams/liity-kokoukseen") {
		t.Errorf("teams kokous: %v", r.Results)
	}
	res, body = fetch(t, nil, ts.URL+"/search/?q=oirearvio")
	if res.StatusCode != 200 || !strings.Contains(body, `href="/tools/omaolo/lue-oirearvio/"`) {
		t.Errorf("search page: %d", res.StatusCode)
	}
	checkSecurity(t, "search page", res)
	if res, _ := fetch(t, nil, ts.URL+"/search?q=oirearvio"); res.StatusCode != 200 {
		t.Errorf("/search: %d", res.StatusCode)
	}
	res, body = fetch(t, nil, ts.URL+"/api/search?q=teams&limit=x")
	if res.StatusCode != 400 || !strings.Contains(body, `"error"`) {
		t.Errorf("bad limit: %d %s", res.StatusCode, body)
	}
}

func top3(hits []struct{ ID string }, id string) bool {
	for i, h := range hits {
		if i < 3 && h.ID == id {
			return true
		}
	}
	return false
}

func TestServerHealth(t *testing.T) {
	s, ts, _ := newTestServer(t, Options{Auth: TrustedHeader("X-Remote-User")})
	res, body := fetch(t, nil, ts.URL+HealthPath)
	var h struct {
		OK    bool      `json:"ok"`
		Docs  int       `json:"docs"`
		Built time.Time `json:"built"`
	}
	if err := json.Unmarshal([]byte(body), &h); err != nil || res.StatusCode != 200 {
		t.Fatalf("%d %s %v", res.StatusCode, body, err)
	}
	docs, built := s.Docs()
	if !h.OK || h.Docs != docs || docs < 40 || !h.Built.Equal(built) || built.IsZero() {
		t.Errorf("health %+v, server %d %v", h, docs, built)
	}
}

func TestServerBasicAuth(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("salasana"), bcrypt.MinCost)
	file := filepath.Join(t.TempDir(), "htpasswd")
	os.WriteFile(file, []byte("# staff\n\nmentori:"+string(hash)+"\n"), 0o600)
	a, err := LoadBasicAuth(file)
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	var mu sync.Mutex
	_, ts, _ := newTestServer(t, Options{Auth: a, Log: slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))})
	do := func(user, pass string, path string) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := do("", "", "/"); res.StatusCode != 401 || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("no credentials: %d %v", res.StatusCode, res.Header)
	}
	if res := do("mentori", "väärä", "/"); res.StatusCode != 401 {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	if res := do("kuka", "salasana", "/"); res.StatusCode != 401 {
		t.Errorf("unknown user: %d", res.StatusCode)
	}
	for range 3 { // the second and third are answered from memory
		if res := do("mentori", "salasana", "/api/search?q=teams"); res.StatusCode != 200 {
			t.Errorf("right password: %d", res.StatusCode)
		}
	}
	if res := do("", "", HealthPath); res.StatusCode != 200 {
		t.Errorf("health needs no credentials: %d", res.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logs.String(), `"user":"mentori"`) {
		t.Errorf("the access log does not name the user:\n%s", logs.String())
	}

	for _, bad := range []string{"", "mentori:plain\n", "nocolon\n", ":" + string(hash) + "\n"} {
		os.WriteFile(file, []byte(bad), 0o600)
		if _, err := LoadBasicAuth(file); err == nil {
			t.Errorf("htpasswd %q was accepted", bad)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func TestServerTrustedHeader(t *testing.T) {
	_, ts, _ := newTestServer(t, Options{Auth: TrustedHeader("X-Remote-User")})
	if res, _ := fetch(t, nil, ts.URL+"/"); res.StatusCode != 403 {
		t.Errorf("no header: %d", res.StatusCode)
	}
	if res, _ := fetch(t, nil, ts.URL+"/", "X-Remote-User", "  "); res.StatusCode != 403 {
		t.Errorf("blank header: %d", res.StatusCode)
	}
	if res, _ := fetch(t, nil, ts.URL+"/", "X-Remote-User", "anna.mentori"); res.StatusCode != 200 {
		t.Errorf("header: %d", res.StatusCode)
	}
}

func TestServerConcurrencyLimit(t *testing.T) {
	s, ts, _ := newTestServer(t, Options{MaxConcurrent: 2})
	s.wait = 50 * time.Millisecond
	s.sem <- struct{}{}
	s.sem <- struct{}{}
	res, _ := fetch(t, nil, ts.URL+"/")
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Errorf("full: %d", res.StatusCode)
	}
	if res, _ := fetch(t, nil, ts.URL+HealthPath); res.StatusCode != 200 {
		t.Errorf("health while full: %d", res.StatusCode)
	}
	<-s.sem
	if res, _ := fetch(t, nil, ts.URL+"/"); res.StatusCode != 200 {
		t.Errorf("a free place: %d", res.StatusCode)
	}
	<-s.sem
}

func TestServerNoBuild(t *testing.T) {
	if _, err := New(Options{Public: filepath.Join(t.TempDir(), "none")}); err == nil {
		t.Error("a missing folder was accepted")
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "index.html"), []byte("x"), 0o644)
	if _, err := New(Options{Public: empty}); err == nil || !strings.Contains(err.Error(), "run build") {
		t.Errorf("a folder without an index: %v", err)
	}
}

// TestServerReload swaps a new build into the served folder while clients
// read pages and search: no request fails, and search moves to the new
// index within CheckInterval.
func TestServerReload(t *testing.T) {
	_, newSite := builtSites(t)
	oldSite, _ := builtSites(t)
	s, ts, public := newTestServer(t, Options{})
	docs0, built0 := s.Docs()

	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	served := make(chan struct{}, 1) // a receive: at least one more request done
	paths := []string{"/", "/tools/teams/", "/api/search?q=teams+kokous", "/search/?q=oirearvio", "/api/search?q=kvanttipuhelin", "/assets/"}
	for w := range 6 {
		wg.Go(func() {
			c := &http.Client{Transport: &http.Transport{}}
			defer c.CloseIdleConnections()
			for i := 0; ctx.Err() == nil; i++ {
				p := paths[(w+i)%len(paths)]
				res, err := c.Get(ts.URL + p)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprint(p, err))
					continue
				}
				buf := make([]byte, 512)
				for {
					if _, err := res.Body.Read(buf); err != nil {
						break
					}
				}
				res.Body.Close()
				if res.StatusCode >= 500 || (p != "/assets/" && res.StatusCode != 200) {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprint(p, " ", res.StatusCode))
				}
				select {
				case served <- struct{}{}:
				default:
				}
			}
		})
	}
	for i := range 6 {
		for range 12 { // requests on the build in place before each swap
			testwait.For(t, "requests", served)
		}
		src := newSite
		if i%2 == 1 {
			src = oldSite
		}
		replaceTree(t, public, src)
	}
	replaceTree(t, public, newSite)
	// The server looks for a new build on a request at most once per
	// CheckInterval: no event says when; the search answer shows it.
	testwait.Until(t, "search to answer from the new build", func() bool {
		_, body := fetch(t, nil, ts.URL+"/api/search?q=kvanttipuhelin")
		return strings.Contains(body, "teams/kvanttipuhelin")
	})
	stop()
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d requests failed during swaps; first: %v", n, requests.Load(), firstFailure.Load())
	}
	docs1, built1 := s.Docs()
	if docs1 != docs0+1 || !built1.After(built0) {
		t.Errorf("after the swap: %d docs built %v, before %d %v", docs1, built1, docs0, built0)
	}
	if _, body := fetch(t, nil, ts.URL+"/tools/teams/kvanttipuhelin/"); !strings.Contains(body, "Kvanttipuhelimen") {
		t.Error("the new card's page is not served")
	}
	t.Logf("%d requests during 7 swaps, none failed", requests.Load())
}

// TestServerShutdown: Serve stops on its context and lets a request in
// flight finish: the slow request answers only once the shutdown has
// begun.
func TestServerShutdown(t *testing.T) {
	s, _, _ := newTestServer(t, Options{})
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("slow") {
			shutdown := make(chan struct{})
			r.Context().Value(http.ServerContextKey).(*http.Server).RegisterOnShutdown(func() { close(shutdown) })
			close(started)
			<-shutdown
		}
		s.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, slow) }()
	url := "http://" + ln.Addr().String()
	got := make(chan int, 1)
	go func() {
		res, err := http.Get(url + "/tools/teams/?slow=1")
		if err != nil {
			got <- -1
			return
		}
		res.Body.Close()
		got <- res.StatusCode
	}()
	<-started
	cancel()
	if code := <-got; code != 200 {
		t.Errorf("the request in flight got %d", code)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get(url + "/"); err == nil {
		t.Error("still accepting after shutdown")
	}
}

func TestServerAcceptsGzip(t *testing.T) {
	for ae, want := range map[string]bool{
		"gzip": true, "GZIP": true, "deflate, gzip;q=1.0": true, "gzip;q=0.5": true, "*": true,
		"": false, "br": false, "gzip;q=0": false, "gzip; q=0.0": false, "*;q=0": false, "br, *;q=0.1": true,
		"gzip;q=0, *": false,
	} {
		if got := acceptsGzip(ae); got != want {
			t.Errorf("acceptsGzip(%q) = %v", ae, got)
		}
	}
}

func TestServerSearchCache(t *testing.T) {
	s, ts, _ := newTestServer(t, Options{})
	u := ts.URL + "/api/search?q=teams+kokous&limit=5"
	res1, body1 := fetch(t, nil, u)
	res2, body2 := fetch(t, nil, ts.URL+"/api/search?limit=5&q=teams%20kokous", "Accept-Encoding", "gzip")
	if body1 != body2 || res2.Header.Get("Content-Encoding") != "gzip" || res1.Header.Get("Content-Encoding") != "" {
		t.Errorf("the cached answer differs: %v %v", res1.Header, res2.Header)
	}
	for _, res := range []*http.Response{res1, res2} {
		checkSecurity(t, "cached search", res)
		if res.Header.Get("Content-Type") != "application/json; charset=utf-8" || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("headers: %v", res.Header)
		}
	}
	b := s.builds.current()
	if n := len(b.answers.m); n != 1 {
		t.Errorf("%d answers cached for one query in two spellings", n)
	}
	if res, _ := fetch(t, nil, ts.URL+"/api/search?q=teams&limit=x"); res.StatusCode != 400 {
		t.Errorf("bad request: %d", res.StatusCode)
	}
	res, err := noRedirect.Head(u)
	if err != nil || res.StatusCode != 200 {
		t.Errorf("HEAD: %v %v", res, err)
	}

	// A full cache makes room; it never grows past its bound.
	c := newAnswers(64 << 10)
	for i := range 500 {
		c.put(fmt.Sprint("/api/search?q=", i), &answer{status: 200, header: http.Header{}, body: make([]byte, 1000)})
	}
	if c.size > c.max || len(c.m) == 0 || len(c.m) > 64 {
		t.Errorf("cache: %d bytes of %d, %d answers", c.size, c.max, len(c.m))
	}
	c.put("/api/search?q=error", &answer{status: 504})
	if c.get("/api/search?q=error") != nil {
		t.Error("an error answer was cached")
	}
	if newAnswers(-1).get("x") != nil {
		t.Error("a disabled cache answered")
	}
}

// TestServerSearchUncached runs a server without a search cache (serve
// --production --search-cache 0, for measuring): every search runs, as a
// cache miss does, and is compressed only for a client that accepts gzip.
// Every search answer, cached or not, has its Content-Length rather than
// being chunked.
func TestServerSearchUncached(t *testing.T) {
	const u = "/api/search?q=teams+kokous&limit=10"
	for _, c := range []struct {
		name  string
		bytes int64
		runs  int // searches run for the three requests
	}{{"default cache", 0, 1}, {"no cache", -1, 3}} {
		t.Run(c.name, func(t *testing.T) {
			s, ts, _ := newTestServer(t, Options{SearchCacheBytes: c.bytes})
			b := s.builds.current()
			var runs atomic.Int32
			inner := b.search
			b.search = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				runs.Add(1)
				inner.ServeHTTP(w, r)
			})
			var plain []byte
			for i, ae := range []string{"", "gzip", "gzip"} {
				req, _ := http.NewRequest("GET", ts.URL+u, nil)
				if ae != "" {
					req.Header.Set("Accept-Encoding", ae)
				}
				res, err := noRedirect.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				raw, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 {
					t.Fatalf("request %d: %d %v", i, res.StatusCode, err)
				}
				if got, want := res.ContentLength, int64(len(raw)); got != want || len(res.TransferEncoding) > 0 {
					t.Errorf("request %d: Content-Length %d for %d bytes, Transfer-Encoding %v", i, got, want, res.TransferEncoding)
				}
				body := raw
				if got, want := res.Header.Get("Content-Encoding"), ae; got != want {
					t.Errorf("request %d: Content-Encoding %q, want %q", i, got, want)
				} else if ae == "gzip" {
					zr, err := gzip.NewReader(bytes.NewReader(raw))
					if err != nil {
						t.Fatal(err)
					}
					if body, err = io.ReadAll(zr); err != nil {
						t.Fatal(err)
					}
				}
				if i == 0 {
					plain = body
					if len(plain) < 2<<10 {
						t.Errorf("an answer of %d bytes does not show chunking", len(plain))
					}
				} else if !bytes.Equal(body, plain) {
					t.Errorf("request %d: another answer:\n%s\n%s", i, body, plain)
				}
			}
			if got := int(runs.Load()); got != c.runs {
				t.Errorf("%d searches ran for 3 requests, want %d", got, c.runs)
			}
		})
	}
	// Without a cache, an answer no client takes gzipped is not compressed.
	s, _, _ := newTestServer(t, Options{SearchCacheBytes: -1})
	b := s.builds.current()
	req := httptest.NewRequest("GET", u, nil)
	if a := record(b.search, req, false); a.gz != nil || len(a.body) < minCompress {
		t.Errorf("not wanted: %d bytes gzipped of %d", len(a.gz), len(a.body))
	}
	if a := record(b.search, req, true); a.gz == nil || len(a.gz) >= len(a.body) {
		t.Errorf("wanted: %d bytes gzipped of %d", len(a.gz), len(a.body))
	}
}

// BenchmarkServerPage is the server's own cost of one page (no network):
// stat, cache hit, headers, gzip body, access log to io.Discard.
func BenchmarkServerPage(b *testing.B) { benchServe(b, "/tools/teams/liity-kokoukseen/") }

// BenchmarkServerSearchCached is one search answered from the cache.
func BenchmarkServerSearchCached(b *testing.B) { benchServe(b, "/api/search?q=teams+kokous") }

// benchServe times one gzip-accepting GET of target on the sample site.
func benchServe(b *testing.B, target string) {
	s, _, _ := newTestServer(b, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
