package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// rawRequest sends one request on a new connection without a body, even
// when its headers declare one, and returns the connection and a reader of
// what comes back.
func rawRequest(t *testing.T, addr, head string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	return c, bufio.NewReader(c)
}

// TestServerBodyRefused: GET and HEAD requests that declare a body and
// never send it get 400 at once and take no request place: with more such
// connections open than the server has places, a page still answers.
func TestServerBodyRefused(t *testing.T) {
	s, ts, _ := newTestServer(t, Options{MaxConcurrent: 2})
	s.wait = time.Millisecond // a full server answers 503 at once
	addr := strings.TrimPrefix(ts.URL, "http://")
	heads := []string{
		"GET /tools/teams/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n",
		"HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n",
		"GET /api/search?q=teams HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\nExpect: 100-continue\r\n\r\n",
	}
	for i := range 3 * len(heads) { // more than the server's places
		head := heads[i%len(heads)]
		c, br := rawRequest(t, addr, head)
		// A deadline only turns a server that waits for the body (as it
		// did) into a failure instead of a hang.
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		req, _ := http.ReadRequest(bufio.NewReader(strings.NewReader(head)))
		res, err := http.ReadResponse(br, req)
		if err != nil {
			t.Fatalf("%q: no answer before the body came: %v", head, err)
		}
		res.Body.Close()
		if res.StatusCode != 400 || !res.Close {
			t.Errorf("%q: %d, close %v; want 400 and the connection closed", head, res.StatusCode, res.Close)
		}
		checkSecurity(t, "body refused", res)
	}
	if n := len(s.sem); n != 0 {
		t.Errorf("%d request places taken by refused requests", n)
	}
	if res, _ := fetch(t, nil, ts.URL+"/tools/teams/"); res.StatusCode != 200 {
		t.Errorf("a page while refused requests hold connections: %d", res.StatusCode)
	}
	req := httptest.NewRequest("POST", "/", strings.NewReader("x"))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != 405 || w.Header().Get("Connection") != "close" {
		t.Errorf("POST with a body: %d %v", w.Code, w.Header())
	}
}

// failedCtx is a context that has ended with an error of its own: what a
// search sees when the index fails under it (an error that is neither a
// cancellation nor a timeout).
type failedCtx struct{ context.Context }

var closedDone = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (failedCtx) Done() <-chan struct{} { return closedDone }
func (failedCtx) Err() error            { return errors.New("reading the index failed") }

// TestServerSearchNotLogged: a cancelled, a timed-out and a failed search
// log that they failed, and nothing of the query.
func TestServerSearchNotLogged(t *testing.T) {
	var mu sync.Mutex
	var logs strings.Builder
	s, _, _ := newTestServer(t, Options{Log: slog.New(slog.NewJSONHandler(lockedWriter{&mu, &logs}, nil))})
	const secret = "salainenhakusana"
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	n := 0
	// The handler stops a search either before it starts or inside the
	// index: several searches of each so that both ways are taken.
	for i := range 10 {
		for _, tc := range []struct {
			ctx    context.Context
			status int
		}{{cancelled, 500}, {expired, 504}, {failedCtx{context.Background()}, 500}} {
			req := httptest.NewRequestWithContext(tc.ctx, "GET", fmt.Sprintf("/api/search?q=%s%dx%d+teams", secret, n, i), nil)
			w := httptest.NewRecorder()
			s.ServeHTTP(w, req)
			if w.Code != tc.status {
				t.Errorf("%v: %d, want %d", tc.ctx.Err(), w.Code, tc.status)
			}
			n++
		}
	}
	mu.Lock()
	defer mu.Unlock()
	out := logs.String()
	if strings.Contains(out, secret) {
		t.Errorf("a query reached the log:\n%s", out)
	}
	if got := strings.Count(out, `"msg":"search failed"`); got != n {
		t.Errorf("%d searches failed, %d logged it:\n%s", n, got, out)
	}
}

// authFile writes an htpasswd file of users with bcrypt hashes of cost
// costs[i] and password "salasana".
func authFile(t testing.TB, costs ...int) string {
	t.Helper()
	var b strings.Builder
	for i, c := range costs {
		hash, err := bcrypt.GenerateFromPassword([]byte("salasana"), c)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "mentori%d:%s\n", i, hash)
	}
	file := filepath.Join(t.TempDir(), "htpasswd")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestServerBasicAuthDummyCost: an unknown user is checked against a hash
// of the file's cost (its highest), so the time of an answer does not
// tell whether a user exists.
func TestServerBasicAuthDummyCost(t *testing.T) {
	for _, costs := range [][]int{{5}, {4, 6, 5}} {
		a, err := LoadBasicAuth(authFile(t, costs...))
		if err != nil {
			t.Fatal(err)
		}
		got, err := bcrypt.Cost(a.dummy())
		if want := slices.Max(costs); err != nil || got != want {
			t.Errorf("file costs %v: the unknown users' hash has cost %d (%v), want %d", costs, got, err, want)
		}
	}
}

// basicReq is a request from addr (host:port) with Basic credentials.
func basicReq(addr, user, pass string, hdr ...string) *http.Request {
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = addr
	req.SetBasicAuth(user, pass)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// TestServerBasicAuthFailLimit: failed checks are limited per client
// address (by a fake clock): after FailBurst the address gets 429 with
// Retry-After and no bcrypt check, another address still signs in, and
// one attempt comes back every FailEvery.
func TestServerBasicAuthFailLimit(t *testing.T) {
	a, err := LoadBasicAuth(authFile(t, bcrypt.MinCost))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a.fails.now = func() time.Time { return now }
	var checks atomic.Int64
	a.compare = func(hash, pw []byte) error { checks.Add(1); return bcrypt.CompareHashAndPassword(hash, pw) }
	s, _, _ := newTestServer(t, Options{Auth: a})
	do := func(req *http.Request) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w
	}
	const guesser, staff = "198.51.100.7:40000", "198.51.100.8:40000"
	for i := range FailBurst {
		user := "mentori0"
		if i%2 == 1 {
			user = "ei-ole"
		}
		if w := do(basicReq(guesser, user, fmt.Sprint("arvaus", i))); w.Code != 401 {
			t.Fatalf("attempt %d: %d", i+1, w.Code)
		}
	}
	if n := checks.Load(); n != FailBurst {
		t.Errorf("%d bcrypt checks for %d attempts", n, FailBurst)
	}
	w := do(basicReq(guesser, "mentori0", "arvaus"))
	if w.Code != 429 || w.Header().Get("Retry-After") != fmt.Sprint(int(FailEvery.Seconds())) {
		t.Errorf("after %d failures: %d Retry-After %q", FailBurst, w.Code, w.Header().Get("Retry-After"))
	}
	if w := do(basicReq(guesser, "mentori0", "salasana")); w.Code != 429 {
		t.Errorf("the right password from a limited address before it is remembered: %d", w.Code)
	}
	if n := checks.Load(); n != FailBurst {
		t.Errorf("a limited address got %d more bcrypt checks", n-FailBurst)
	}
	if w := do(basicReq(staff, "mentori0", "salasana")); w.Code != 200 {
		t.Errorf("another address: %d", w.Code)
	}
	if w := do(basicReq(guesser, "mentori0", "salasana")); w.Code != 200 {
		t.Errorf("remembered credentials need no check, also from a limited address: %d", w.Code)
	}
	now = now.Add(FailEvery)
	if w := do(basicReq(guesser, "mentori0", "uusi arvaus")); w.Code != 401 {
		t.Errorf("after %v: %d, want one more attempt", FailEvery, w.Code)
	}
	if w := do(basicReq(guesser, "mentori0", "taas")); w.Code != 429 {
		t.Errorf("after that attempt: %d", w.Code)
	}

	// Behind a proxy on this machine, the address the proxy appends to
	// X-Forwarded-For is the client.
	const proxy = "127.0.0.1:50000"
	for range FailBurst {
		do(basicReq(proxy, "mentori0", "väärä", "X-Forwarded-For", "10.0.0.1, 203.0.113.5"))
	}
	if w := do(basicReq(proxy, "mentori0", "väärä", "X-Forwarded-For", "10.0.0.2, 203.0.113.5")); w.Code != 429 {
		t.Errorf("the same client behind the proxy: %d", w.Code)
	}
	if w := do(basicReq(proxy, "mentori0", "väärä", "X-Forwarded-For", "203.0.113.6")); w.Code != 401 {
		t.Errorf("another client behind the proxy: %d", w.Code)
	}

	// Memory stays bounded: at most max addresses are remembered.
	l := &limiter{burst: 2, every: time.Minute, max: 3, now: func() time.Time { return now }, m: map[string]*bucket{}}
	for i := range 10 {
		l.take(fmt.Sprint(i))
	}
	if len(l.m) > 3 {
		t.Errorf("%d addresses remembered, at most 3", len(l.m))
	}
}

// TestServerBasicAuthChecksCapped: however many wrong passwords arrive
// at once, at most the cap of bcrypt checks run; the rest wait and then
// get 503, and a user can sign in once the checks finish.
func TestServerBasicAuthChecksCapped(t *testing.T) {
	a, err := LoadBasicAuth(authFile(t, bcrypt.MinCost))
	if err != nil {
		t.Fatal(err)
	}
	const limit, guessers = 2, 8
	a.checks = make(chan struct{}, limit)
	a.wait = time.Millisecond
	gate := make(chan struct{})
	entered := make(chan struct{}, guessers)
	var running, most atomic.Int64
	a.compare = func(hash, pw []byte) error {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		defer running.Add(-1)
		if string(pw) != "salasana" {
			entered <- struct{}{}
			<-gate
		}
		return bcrypt.CompareHashAndPassword(hash, pw)
	}
	s, _, _ := newTestServer(t, Options{Auth: a})
	codes := make(chan int, guessers)
	for i := range guessers {
		go func() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, basicReq(fmt.Sprintf("198.51.100.%d:1", i+1), "mentori0", "arvaus"))
			codes <- w.Code
		}()
	}
	// Each guess either runs its check (and waits at the gate) or is
	// answered without one.
	in, answered := split(entered, codes, guessers)
	if in > limit || answered[503] != guessers-in {
		t.Errorf("%d checks ran at once (cap %d); answered without a check: %v", in, limit, answered)
	}
	close(gate)
	for range in {
		if c := <-codes; c != 401 {
			t.Errorf("a checked guess: %d", c)
		}
	}
	if m := most.Load(); m > limit {
		t.Errorf("%d bcrypt checks ran at once, cap %d", m, limit)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, basicReq("198.51.100.200:1", "mentori0", "salasana"))
	if w.Code != 200 {
		t.Errorf("the user after the guesses: %d", w.Code)
	}
}

// TestServerBasicAuthOneCheckPerAddress: an address has one bcrypt check
// running at a time: its other guesses wait (and get 503), while another
// address's check runs; a user's parallel first requests share one check.
func TestServerBasicAuthOneCheckPerAddress(t *testing.T) {
	a, err := LoadBasicAuth(authFile(t, bcrypt.MinCost))
	if err != nil {
		t.Fatal(err)
	}
	a.wait = time.Millisecond
	a.checks = make(chan struct{}, 2) // whatever the machine's CPUs
	gate := make(chan struct{})
	entered := make(chan string, 16)
	var checks atomic.Int64
	a.compare = func(hash, pw []byte) error {
		checks.Add(1)
		if string(pw) != "salasana" {
			entered <- string(pw)
			<-gate
		}
		return bcrypt.CompareHashAndPassword(hash, pw)
	}
	s, _, _ := newTestServer(t, Options{Auth: a})
	const guesses = 6
	codes := make(chan int, guesses+1)
	send := func(addr, pass string) {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, basicReq(addr, "mentori0", pass))
		codes <- w.Code
	}
	for i := range guesses {
		go send("198.51.100.7:1", fmt.Sprint("arvaus", i))
	}
	in, answered := split(entered, codes, guesses)
	if in != 1 || answered[503] != guesses-1 {
		t.Errorf("one address: %d checks ran at once, answered without one %v; want 1 and the rest 503", in, answered)
	}
	go send("198.51.100.8:1", "toinen")
	select {
	case pw := <-entered:
		if pw != "toinen" {
			t.Errorf("another address's check did not run: %q", pw)
		}
	case c := <-codes:
		close(gate)
		t.Fatalf("another address got %d without a check", c)
	}
	close(gate)
	for range 2 {
		if c := <-codes; c != 401 {
			t.Errorf("a checked guess: %d", c)
		}
	}

	// A page's first requests arrive together with new credentials.
	a.wait = time.Minute
	checks.Store(0)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, basicReq("198.51.100.9:1", "mentori0", "salasana"))
			if w.Code != 200 {
				t.Errorf("a request of the page: %d", w.Code)
			}
		})
	}
	wg.Wait()
	if n := checks.Load(); n != 1 {
		t.Errorf("%d bcrypt checks for one user's 5 parallel requests", n)
	}
}

// split waits until each of n requests has either entered what the test
// holds at a gate (a name on entered) or been answered (a status on
// codes): it returns how many entered and the statuses of the others.
func split[T any](entered <-chan T, codes <-chan int, n int) (in int, answered map[int]int) {
	answered = map[int]int{}
	for i := 0; i < n; i++ {
		select {
		case <-entered:
			in++
		case c := <-codes:
			answered[c]++
		}
	}
	return in, answered
}

// gatedSearch makes the build in use hold every search that is not
// answered from the cache until gate closes; entered gets the client
// address of each.
func gatedSearch(s *Server, gate chan struct{}, entered chan string) {
	b := s.builds.current()
	inner := b.search
	b.search = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- r.RemoteAddr
		<-gate
		inner.ServeHTTP(w, r)
	})
}

// searchFrom runs a search of q from addr and sends its status to codes.
func searchFrom(s *Server, addr, q string, codes chan<- int) {
	req := httptest.NewRequest("GET", "/api/search?q="+q, nil)
	req.RemoteAddr = addr
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	codes <- w.Code
}

// TestServerSearchPerClient: one client has at most MaxSearchesPerClient
// searches running; more get 429 at once, and another client's search
// still runs.
func TestServerSearchPerClient(t *testing.T) {
	s, _, _ := newTestServer(t, Options{})
	gate, entered := make(chan struct{}), make(chan string, 64)
	gatedSearch(s, gate, entered)
	const flood = 3 * MaxSearchesPerClient
	codes := make(chan int, flood+1)
	for i := range flood {
		go searchFrom(s, "192.0.2.1:1000", fmt.Sprint("teams", i), codes)
	}
	in, answered := split(entered, codes, flood)
	if in != MaxSearchesPerClient || answered[429] != flood-in {
		t.Errorf("one client: %d searches running, answered at once %v; want %d running and the rest 429", in, answered, MaxSearchesPerClient)
	}
	go searchFrom(s, "192.0.2.2:1000", "kokous", codes)
	if got := <-entered; got != "192.0.2.2:1000" {
		t.Errorf("another client's search did not run: %s", got)
	}
	close(gate)
	for range in + 1 {
		if c := <-codes; c != 200 {
			t.Errorf("a search that ran: %d", c)
		}
	}
	req := httptest.NewRequest("GET", "/api/search?q=teams0", nil)
	req.RemoteAddr = "192.0.2.1:1000"
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Errorf("a cached answer: %d", w.Code)
	}
}

// TestServerPagesUnderSearchFlood: searches take at most half of the
// server's places, so pages answer while searches from many clients wait.
func TestServerPagesUnderSearchFlood(t *testing.T) {
	const places = 8
	s, _, _ := newTestServer(t, Options{MaxConcurrent: places})
	s.wait = time.Millisecond
	gate, entered := make(chan struct{}), make(chan string, 64)
	gatedSearch(s, gate, entered)
	codes := make(chan int, places)
	for i := range places {
		go searchFrom(s, fmt.Sprintf("192.0.2.%d:1000", i+1), fmt.Sprint("teams", i), codes)
	}
	in, answered := split(entered, codes, places)
	if in != places/2 || answered[503] != places-in {
		t.Errorf("%d searches running, answered at once %v; want %d running and the rest 503", in, answered, places/2)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/tools/teams/", nil))
	if w.Code != 200 {
		t.Errorf("a page while searches wait: %d", w.Code)
	}
	close(gate)
	for range in {
		if c := <-codes; c != 200 {
			t.Errorf("a search that ran: %d", c)
		}
	}
}

// TestServerSearchCacheKey: parameters the search does not read, their
// order and spellings of the same limit share one cached answer; the
// parameters it reads do not.
func TestServerSearchCacheKey(t *testing.T) {
	s, ts, _ := newTestServer(t, Options{})
	var first string
	for _, q := range []string{"q=teams&limit=5", "limit=5&q=teams", "q=teams&limit=05&utm_source=x", "q=teams&limit=5&_=1712345",
		"q=teams&q=other&limit=5", "q=teams&limit=5&tool="} {
		res, body := fetch(t, nil, ts.URL+"/api/search?"+q)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", q, res.StatusCode)
		}
		if first == "" {
			first = body
		} else if body != first {
			t.Errorf("%s: another answer", q)
		}
	}
	if n := len(s.builds.current().answers.m); n != 1 {
		t.Errorf("%d answers cached for one search", n)
	}
	for _, q := range []string{"q=teams&limit=4", "q=teams&limit=5&tool=teams", "q=kokous&limit=5"} {
		fetch(t, nil, ts.URL+"/api/search?"+q)
	}
	if n := len(s.builds.current().answers.m); n != 4 {
		t.Errorf("%d answers cached for four searches", n)
	}
}

// TestServerRanges: a few ranges get 206; too many, or overlapping ones,
// get the whole file with 200.
func TestServerRanges(t *testing.T) {
	_, ts, public := newTestServer(t, Options{})
	page, err := os.ReadFile(filepath.Join(public, "tools/teams/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	many := make([]string, 3000)
	for i := range many {
		many[i] = fmt.Sprintf("%d-%d", i, i)
	}
	ranges := func(n int) string {
		r := make([]string, n)
		for i := range r {
			r[i] = fmt.Sprintf("%d-%d", 10*i, 10*i+4)
		}
		return "bytes=" + strings.Join(r, ",")
	}
	for _, tc := range []struct {
		rng    string
		status int
	}{
		{"bytes=0-9", 206},
		{"bytes=-5", 206},
		{"bytes=100-", 206},
		{"bytes=0-9,20-29", 206},
		{ranges(MaxRanges), 206},
		{ranges(MaxRanges + 1), 200},
		{"bytes=" + strings.Join(many, ","), 200},
		{"bytes=0-99,50-149", 200},
		{"bytes=0-,10-19", 200},
		{"bytes=-100,0-99999", 200},
	} {
		res, body := fetch(t, nil, ts.URL+"/tools/teams/", "Range", tc.rng)
		if res.StatusCode != tc.status {
			t.Errorf("Range %.40s: %d, want %d", tc.rng, res.StatusCode, tc.status)
		}
		if tc.status == 200 && body != string(page) {
			t.Errorf("Range %.40s: %d bytes, want the page's %d", tc.rng, len(body), len(page))
		}
	}
}

// TestServerSymlinks: a symbolic link in the public folder that leads out
// of it is not followed; one that stays inside is.
func TestServerSymlinks(t *testing.T) {
	_, ts, public := newTestServer(t, Options{})
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SALAISUUS"), 0o644)
	for link, target := range map[string]string{
		"leak.txt":   filepath.Join(outside, "secret.txt"),
		"tools/ulos": outside,
		"passwd.txt": "/etc/passwd",
		"kuva.svg":   "tools/teams/liity-kokoukseen/liity-painike.svg",
	} {
		if err := os.Symlink(target, filepath.Join(public, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"/leak.txt", "/tools/ulos/secret.txt", "/tools/ulos/", "/passwd.txt"} {
		res, body := fetch(t, nil, ts.URL+p)
		if res.StatusCode != 404 || strings.Contains(body, "SALAISUUS") || strings.Contains(body, "root:") {
			t.Errorf("%s: %d, leaks: %v", p, res.StatusCode, strings.Contains(body, "SALAISUUS") || strings.Contains(body, "root:"))
		}
	}
	if res, _ := fetch(t, nil, ts.URL+"/kuva.svg"); res.StatusCode != 200 {
		t.Errorf("a link inside the folder: %d", res.StatusCode)
	}
}

// TestServerFileCSP: files copied from content/ (and anything else that
// is not a page or the service worker) are answered with a policy that
// runs no script; PDFs with one that keeps browsers' viewers working.
func TestServerFileCSP(t *testing.T) {
	_, ts, public := newTestServer(t, Options{})
	card := filepath.Join(public, "tools/teams/liity-kokoukseen")
	os.WriteFile(filepath.Join(card, "ohje.pdf"), []byte("%PDF-1.4\n"), 0o644)
	os.WriteFile(filepath.Join(card, "paha.html"), []byte("<script>alert(1)</script>"), 0o644)
	os.WriteFile(filepath.Join(card, "paha.js"), []byte("alert(1)"), 0o644)
	assets, _ := filepath.Glob(filepath.Join(public, "assets", "app.*.css"))
	if len(assets) == 0 {
		t.Fatal("no stylesheet in the build")
	}
	for p, want := range map[string]string{
		"/tools/teams/liity-kokoukseen/liity-painike.svg": AttachmentCSP,
		"/tools/teams/liity-kokoukseen/ohje.pdf":          PDFCSP,
		"/tools/teams/liity-kokoukseen/paha.html":         AttachmentCSP,
		"/tools/teams/liity-kokoukseen/paha.js":           AttachmentCSP,
		"/assets/" + filepath.Base(assets[0]):             AttachmentCSP,
		"/tools/teams/liity-kokoukseen/":                  ContentSecurityPolicy,
		"/tools/teams/liity-kokoukseen/index.html":        ContentSecurityPolicy,
		"/sw.js":      ContentSecurityPolicy,
		"/ei-ole.svg": ContentSecurityPolicy, // the 404 page
	} {
		res, _ := fetch(t, nil, ts.URL+p)
		if got := res.Header.Values("Content-Security-Policy"); len(got) != 1 || got[0] != want {
			t.Errorf("%s: CSP %q, want %q", p, got, want)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", p)
		}
	}
	if res, _ := fetch(t, nil, ts.URL+"/"+NetlifyHeadersFile); res.StatusCode != 404 {
		t.Errorf("/%s: %d", NetlifyHeadersFile, res.StatusCode)
	}
}

func TestFileCSP(t *testing.T) {
	for rel, want := range map[string]string{
		"index.html": ContentSecurityPolicy, "tools/teams/index.html": ContentSecurityPolicy, "404.html": ContentSecurityPolicy,
		"sw.js": ContentSecurityPolicy, "tools/sw.js": AttachmentCSP, "tools/x/404.html": AttachmentCSP,
		"tools/x/y/kuva.png": AttachmentCSP, "tools/x/y/ohje.PDF": PDFCSP, "tools/x/y/sivu.html": AttachmentCSP,
		"feed.xml": AttachmentCSP, "assets/app.0123456789.js": AttachmentCSP,
	} {
		if got := FileCSP(rel); got != want {
			t.Errorf("FileCSP(%q) = %q, want %q", rel, got, want)
		}
	}
	h, err := NetlifyHeaders([]string{"tools/x/y/kuva.png", "tools/x/y/ohje.pdf"})
	if want := "\n/tools/x/y/kuva.png\n  Content-Security-Policy: " + AttachmentCSP + "\n/tools/x/y/ohje.pdf\n  Content-Security-Policy: " + PDFCSP + "\n"; err != nil || !strings.HasSuffix(string(h), want) {
		t.Errorf("NetlifyHeaders: %v\n%s", err, h)
	}
	for _, bad := range []string{"tools/x/*.png", "tools/:x/a.png", "tools/x/a\n.png", " a.png"} {
		if _, err := NetlifyHeaders([]string{bad}); err == nil {
			t.Errorf("NetlifyHeaders accepted %q", bad)
		}
	}
}
