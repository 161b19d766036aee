package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"tietopankki/internal/testcontent"
	"tietopankki/internal/testwait"
	"tietopankki/server"
)

// hostWriter is a goroutine-safe buffer that reports the address that
// `serve --production` prints when it starts listening, and each line
// hostSlowMark that TestHostHelperProcess prints.
type hostWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	addr  chan string
	slow  chan struct{}
	slows int // hostSlowMark lines sent on slow
}

func newHostWriter() *hostWriter {
	return &hostWriter{addr: make(chan string, 1), slow: make(chan struct{}, 64)}
}

var hostAddrRE = regexp.MustCompile(` http://(\S+?)/ `) // the message is in the environment's language

// hostSlowMark is the line a slow request of TestHostHelperProcess prints
// once it is in its handler.
const hostSlowMark = "a slow request is in its handler\n"

func (w *hostWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(b)
	if m := hostAddrRE.FindSubmatch(w.buf.Bytes()); m != nil {
		select {
		case w.addr <- string(m[1]):
		default:
		}
	}
	for n := bytes.Count(w.buf.Bytes(), []byte(hostSlowMark)); w.slows < n; w.slows++ {
		w.slow <- struct{}{}
	}
	return len(b), nil
}

func (w *hostWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// hostMain is a Main writing to buffers.
func hostMain() (*Main, *hostWriter, *hostWriter) {
	out, errw := newHostWriter(), newHostWriter()
	m := NewMain()
	m.Stdout, m.Stderr = out, errw
	return m, out, errw
}

// hostBuild builds content into dir with the build command.
func hostBuild(t testing.TB, content, dir string) {
	t.Helper()
	m, out, errw := hostMain()
	if code := m.Run(context.Background(), []string{"build", "--content", content, "--out", dir}); code != 0 {
		t.Fatalf("build %s: exit %d\n%s%s", content, code, out, errw)
	}
}

// hostStart runs `serve --production` with args until the test ends and
// returns its base URL.
func hostStart(t testing.TB, args ...string) (string, context.CancelFunc, <-chan int, *hostWriter) {
	t.Helper()
	m, out, errw := hostMain()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--production", "--addr", "127.0.0.1:0"}, args...))
	}()
	select {
	case addr := <-out.addr:
		return "http://" + addr, cancel, done, errw
	case code := <-done:
		t.Fatalf("serve --production exited %d:\n%s", code, errw)
	case <-time.After(testwait.Deadline):
		t.Fatalf("serve --production did not start:\n%s", errw)
	}
	return "", cancel, done, errw
}

var hostClient = &http.Client{
	Timeout:       testwait.Deadline, // a guard against a hang, not a speed limit
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16},
}

// hostGet fetches a URL; the body comes back gunzipped when it was sent
// gzipped.
func hostGet(t testing.TB, u string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := hostClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(res.Body); err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return res, b
}

func hostCheckSecurity(t testing.TB, what string, res *http.Response) {
	t.Helper()
	for k, v := range server.SecurityHeaders() {
		if got := res.Header.Get(k); got != v[0] {
			t.Errorf("%s: %s = %q, want %q", what, k, got, v[0])
		}
	}
}

// hostCopyContent copies the tests' knowledge bank (testcontent.Fixture)
// and adds one card.
func hostCopyContent(t testing.TB) string {
	t.Helper()
	dir := testcontent.Fixture(t)
	card := "---\ntitle: Kvanttipuhelimen käyttöönotto\nsummary: Näin otat kvanttipuhelimen käyttöön.\n" +
		"tags: [kvanttipuhelin]\nupdated: 2026-10-01\n---\nKvanttipuhelin on uusi laite. Avaa se ja valitse **Aloita**.\n"
	if err := os.WriteFile(filepath.Join(dir, "tools/teams/kvanttipuhelin.md"), []byte(card), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestProductionEndToEnd builds the tests' knowledge bank, serves it with
// `serve --production`, fetches every page in sitemap.xml with its assets
// and the 404 page, checks headers, compression, ETags and search, then
// rebuilds into the same folder under load.
func TestProductionEndToEnd(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	hostBuild(t, testcontent.Fixture(t), public)
	base, stop, done, errw := hostStart(t, "--public", public)

	res, body := hostGet(t, base+"/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(body, &sm); err != nil || res.StatusCode != 200 || len(sm.URLs) < 20 {
		t.Fatalf("sitemap.xml: %d, %d URLs, %v", res.StatusCode, len(sm.URLs), err)
	}
	assets := map[string]bool{}
	assetRE := regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`)
	for _, e := range sm.URLs {
		u, err := url.Parse(e.Loc)
		if err != nil {
			t.Fatal(err)
		}
		res, plain := hostGet(t, base+u.Path)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", u.Path, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		hostCheckSecurity(t, u.Path, res)
		if cc := res.Header.Get("Cache-Control"); cc != server.CacheRevalidate {
			t.Errorf("%s: Cache-Control %q", u.Path, cc)
		}
		gz, unzipped := hostGet(t, base+u.Path, "Accept-Encoding", "gzip")
		if gz.Header.Get("Content-Encoding") != "gzip" || !bytes.Equal(unzipped, plain) {
			t.Errorf("%s: gzip %q, same page %v", u.Path, gz.Header.Get("Content-Encoding"), bytes.Equal(unzipped, plain))
		}
		if res304, _ := hostGet(t, base+u.Path, "If-None-Match", res.Header.Get("ETag")); res304.StatusCode != 304 {
			t.Errorf("%s: If-None-Match got %d", u.Path, res304.StatusCode)
		}
		for _, m := range assetRE.FindAllSubmatch(plain, -1) {
			assets[string(m[1])] = true
		}
	}
	if len(assets) < 2 {
		t.Errorf("pages link to %d assets", len(assets))
	}
	for a := range assets {
		res, _ := hostGet(t, base+a)
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != server.CacheImmutable {
			t.Errorf("%s: %d %q", a, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		// Not a page: the policy of files that may run no script.
		if got, want := res.Header.Get("Content-Security-Policy"), server.FileCSP(strings.TrimPrefix(a, "/")); got != want {
			t.Errorf("%s: Content-Security-Policy %q, want %q", a, got, want)
		}
	}
	notFound, _ := os.ReadFile(filepath.Join(public, "404.html"))
	for _, p := range []string{"/ei-ole-olemassa/", "/_search/site.json", "/_search/index/meta.json"} {
		res, b := hostGet(t, base+p)
		if res.StatusCode != 404 || !bytes.Equal(b, notFound) {
			t.Errorf("%s: %d, the site's 404 page: %v", p, res.StatusCode, bytes.Equal(b, notFound))
		}
		hostCheckSecurity(t, p, res)
	}

	// Search, both routes, and health.
	res, body = hostGet(t, base+"/api/search?q=teams+kokous")
	if res.StatusCode != 200 || !hostTop3(t, body, "teams/liity-kokoukseen") {
		t.Errorf("api: %d %s", res.StatusCode, body)
	}
	hostCheckSecurity(t, "api", res)
	res, body = hostGet(t, base+"/search/?q=oirearvio", "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !bytes.Contains(body, []byte(`href="/tools/omaolo/lue-oirearvio/"`)) {
		t.Errorf("search page: %d %v", res.StatusCode, res.Header)
	}
	if res, _ := hostGet(t, base+"/api/search?q=x&limit=-1"); res.StatusCode != 400 {
		t.Errorf("bad limit: %d", res.StatusCode)
	}
	res, body = hostGet(t, base+"/healthz")
	if res.StatusCode != 200 || !bytes.Contains(body, []byte(`"ok":true`)) {
		t.Errorf("healthz: %d %s", res.StatusCode, body)
	}

	// Rebuild into the same folder while clients read pages and search.
	ctx, stopLoad := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var n, bad atomic.Int64
	var first atomic.Value
	served := make(chan struct{}, 1) // a receive: at least one more request done
	paths := []string{"/", "/tools/teams/", "/tools/omaolo/lue-oirearvio/", "/api/search?q=teams+kokous",
		"/search/?q=oirearvio", "/api/search?q=kvanttipuhelin", "/assets/" + strings.TrimPrefix(hostAnyKey(assets), "/assets/")}
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				p := paths[(w+i)%len(paths)]
				res, err := hostClient.Get(base + p)
				n.Add(1)
				if err != nil {
					bad.Add(1)
					first.CompareAndSwap(nil, fmt.Sprint(p, ": ", err))
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					bad.Add(1)
					first.CompareAndSwap(nil, fmt.Sprint(p, ": ", res.StatusCode))
				}
				select {
				case served <- struct{}{}:
				default:
				}
			}
		})
	}
	requests := func(k int) { // waits until at least k more requests are done
		for range k {
			testwait.For(t, "requests", served)
		}
	}
	requests(8)
	hostBuild(t, hostCopyContent(t), public)
	// The server looks for a new build on a request at most once per
	// CheckInterval: no event says when; the search answer shows it.
	testwait.Until(t, "search to answer from the new build", func() bool {
		_, body := hostGet(t, base+"/api/search?q=kvanttipuhelin")
		return bytes.Contains(body, []byte(`"teams/kvanttipuhelin"`))
	})
	requests(8) // on the new build
	stopLoad()
	wg.Wait()
	if bad.Load() > 0 {
		t.Errorf("%d of %d requests failed while rebuilding; first: %v", bad.Load(), n.Load(), first.Load())
	}
	t.Logf("%d requests while rebuilding, %d failed", n.Load(), bad.Load())
	if res, _ := hostGet(t, base+"/tools/teams/kvanttipuhelin/"); res.StatusCode != 200 {
		t.Errorf("the new card's page: %d", res.StatusCode)
	}

	stop()
	if code := <-done; code != 0 {
		t.Errorf("serve --production exited %d", code)
	}
	logs := errw.String()
	for _, want := range []string{"msg=request", "method=GET", "path=/sitemap.xml", "status=200", "bytes=", "duration=", "remote=127.0.0.1:", "msg=\"new build in use\"", "msg=stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log has no %q", want)
		}
	}
}

func hostAnyKey(m map[string]bool) string {
	for k := range m {
		return k
	}
	return ""
}

func hostTop3(t testing.TB, body []byte, id string) bool {
	var r struct {
		Results []struct{ ID string } `json:"results"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Errorf("%v: %s", err, body)
	}
	for i, h := range r.Results {
		if i < 3 && h.ID == id {
			return true
		}
	}
	return false
}

// hostFlags is serve's FlagSet with the production flags, parsed: what
// runProduction reads once serve.go calls productionFlags.
func hostFlags(t testing.TB, m *Main, args ...string) (*flag.FlagSet, string, string) {
	fl := m.flags("serve")
	fl.String("content", "content", "")
	addr := fl.String("addr", "127.0.0.1:0", "")
	fl.Bool("production", true, "")
	public := fl.String("public", "public", "")
	productionFlags(fl)
	if err := fl.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fl, *public, *addr
}

// TestHostFlags runs runProduction with the flags beyond --public and
// --addr: Basic auth from an htpasswd file, JSON logs, and usage errors.
func TestHostFlags(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	hostBuild(t, testcontent.Fixture(t), public)
	hash, _ := bcrypt.GenerateFromPassword([]byte("salasana"), bcrypt.MinCost)
	htpasswd := filepath.Join(t.TempDir(), "htpasswd")
	os.WriteFile(htpasswd, []byte("mentori:"+string(hash)+"\n"), 0o600)

	m, out, errw := hostMain()
	fl, pub, addr := hostFlags(t, m, "--public", public, "--basic-auth-file", htpasswd, "--log", "json")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.runProduction(ctx, pub, addr, fl) }()
	var base string
	select {
	case a := <-out.addr:
		base = "http://" + a
	case <-time.After(testwait.Deadline):
		t.Fatalf("did not start: %s", errw)
	}
	if res, _ := hostGet(t, base+"/"); res.StatusCode != 401 {
		t.Errorf("no credentials: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", base+"/", nil)
	req.SetBasicAuth("mentori", "salasana")
	if res, err := hostClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Errorf("credentials: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	var line struct {
		Msg, Method, Path, User, Remote string
		Status                          int
	}
	sc := bufio.NewScanner(strings.NewReader(errw.String()))
	found := false
	for sc.Scan() {
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "request" && line.User == "mentori" && line.Status == 200 {
			found = true
		}
	}
	if !found {
		t.Errorf("no JSON access log line for mentori:\n%s", errw)
	}

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"--public", public, "--log", "xml"}, exitUsage},
		{[]string{"--public", public, "--basic-auth-file", htpasswd, "--trusted-user-header", "X-Remote-User"}, exitUsage},
		{[]string{"--public", public, "--basic-auth-file", filepath.Join(t.TempDir(), "none")}, exitUsage},
		{[]string{"--public", public, "extra"}, exitUsage},
		{[]string{"--public", filepath.Join(t.TempDir(), "none")}, exitContent},
	} {
		m, _, errw := hostMain()
		fl, pub, addr := hostFlags(t, m, tc.args...)
		if code := m.runProduction(context.Background(), pub, addr, fl); code != tc.code {
			t.Errorf("%v: exit %d, want %d: %s", tc.args, code, tc.code, errw)
		}
	}

	// Through the command line: --public and --addr always work.
	base, stop, done2, _ := hostStart(t, "--public", public)
	if res, _ := hostGet(t, base+"/"); res.StatusCode != 200 {
		t.Errorf("serve --production: %d", res.StatusCode)
	}
	stop()
	<-done2
}

// TestHostHelperProcess is the production server run as a child process
// by TestProductionSIGTERM; it does nothing in a normal test run.
func TestHostHelperProcess(t *testing.T) {
	if os.Getenv("TIETOPANKKI_HOST_HELPER") != "1" {
		t.Skip("the child process of TestProductionSIGTERM")
	}
	var args []string
	json.Unmarshal([]byte(os.Getenv("TIETOPANKKI_HOST_ARGS")), &args)
	// A slow request says so once it is in its handler, then answers only
	// after the shutdown has begun.
	wrapProduction = func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("slow") {
				shutdown := make(chan struct{})
				r.Context().Value(http.ServerContextKey).(*http.Server).RegisterOnShutdown(func() { close(shutdown) })
				fmt.Fprint(os.Stderr, hostSlowMark)
				<-shutdown
			}
			h.ServeHTTP(w, r)
		})
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(NewMain().Run(ctx, args))
}

// hostChild runs the command args as a child process (this test binary
// again, as TestHostHelperProcess) and returns it with its base URL once
// it listens; the process is killed when the test ends.
func hostChild(t *testing.T, args ...string) (*exec.Cmd, string, *hostWriter) {
	t.Helper()
	js, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TIETOPANKKI_HOST_HELPER=1", "TIETOPANKKI_HOST_ARGS="+string(js))
	out, errw := newHostWriter(), newHostWriter()
	cmd.Stdout, cmd.Stderr = out, errw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	select {
	case a := <-out.addr:
		return cmd, "http://" + a, errw
	case <-time.After(testwait.Deadline):
		t.Fatalf("the server did not start:\n%s", errw)
	}
	return nil, "", nil
}

// TestProductionSIGTERM starts the production server as a process, loads
// it, sends SIGTERM while slow requests are in flight, and checks that
// they finish, that nothing answers 5xx, and that it exits 0.
func TestProductionSIGTERM(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	hostBuild(t, testcontent.Fixture(t), public)
	cmd, base, errw := hostChild(t, "serve", "--production", "--public", public, "--addr", "127.0.0.1:0")

	// Load: fast requests in a loop, and slow ones that are in flight when
	// SIGTERM comes.
	ctx, stopLoad := context.WithCancel(context.Background())
	defer stopLoad()
	var fast, fast5xx atomic.Int64
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			c := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ctx.Err() == nil; i++ {
				p := []string{"/", "/api/search?q=teams", "/tools/teams/"}[(w+i)%3]
				res, err := c.Get(base + p)
				if err != nil {
					continue // after the listener closed
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				fast.Add(1)
				if res.StatusCode >= 500 {
					fast5xx.Add(1)
				}
			}
		})
	}
	const slow = 5
	type result struct {
		code int
		n    int
		err  error
	}
	results := make(chan result, slow)
	for i := range slow {
		go func() {
			p := []string{"/tools/teams/?slow=1", "/api/search?q=kokous&slow=1"}[i%2]
			res, err := http.Get(base + p)
			if err != nil {
				results <- result{err: err}
				return
			}
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			results <- result{res.StatusCode, len(b), err}
		}()
	}
	for range slow {
		testwait.For(t, "the slow requests in their handlers", errw.slow)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range slow {
		r := <-results
		if r.err != nil || r.code != 200 || r.n == 0 {
			t.Errorf("a request in flight at SIGTERM: status %d, %d bytes, %v", r.code, r.n, r.err)
		}
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, errw)
		}
	case <-time.After(server.ShutdownTimeout + testwait.Deadline):
		t.Fatal("the server did not exit after SIGTERM")
	}
	stopLoad()
	wg.Wait()
	if fast.Load() == 0 || fast5xx.Load() > 0 {
		t.Errorf("fast requests: %d, %d answered 5xx", fast.Load(), fast5xx.Load())
	}
	if !strings.Contains(errw.String(), "msg=stopped") {
		t.Errorf("no clean stop in the log:\n%s", errw)
	}
	t.Logf("%d fast requests; the slow ones finished %v after SIGTERM; exited cleanly", fast.Load(), time.Since(sent).Round(time.Millisecond))
}

// TestSearchCacheFlag reads serve --production --search-cache MB into
// Options.SearchCacheBytes: the default's megabytes, any other size, and
// 0 for no cache at all (server.Options says negative).
func TestSearchCacheFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		want int64
	}{
		{nil, server.DefaultSearchCacheBytes},
		{[]string{"--search-cache", "64"}, 64 << 20},
		{[]string{"--search-cache=0"}, -1},
		{[]string{"--search-cache", "-3"}, -1},
	} {
		m, _, _ := hostMain()
		fl, _, _ := hostFlags(t, m, c.args...)
		if got := searchCacheBytes(fl); got != c.want {
			t.Errorf("%v: %d bytes, want %d", c.args, got, c.want)
		}
	}
}
