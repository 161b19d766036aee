package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"tietopankki/feedback"
	"tietopankki/generator"
	"tietopankki/search"
)

// Limits of the production server.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 2 * time.Minute
	MaxHeaderBytes    = 32 << 10
	// DefaultMaxConcurrent is Options.MaxConcurrent when 0.
	DefaultMaxConcurrent = 256
	// QueueWait is how long a request waits for a turn when
	// MaxConcurrent are running before it gets 503.
	QueueWait = 2 * time.Second
	// MaxSearchesPerClient is how many searches one client (one user when
	// the site needs sign-in, else one address) may have running at once,
	// half of what the search handler runs: more get 429, and the other
	// half stays for everyone else. Answers from the cache do not count.
	MaxSearchesPerClient = search.MaxInFlight / 2
	// ShutdownTimeout is how long Serve lets requests in flight finish.
	ShutdownTimeout = 25 * time.Second
)

// HealthPath answers the health check.
const HealthPath = "/healthz"

// Options configure a Server.
type Options struct {
	// Public is the folder that `tietopankki build --out` wrote.
	Public string
	// Auth limits who may read the site; nil lets everyone.
	Auth Auth
	// Log receives one line per request and the server's errors; nil
	// discards them.
	Log *slog.Logger
	// MaxConcurrent is how many requests run at once (0: the default).
	MaxConcurrent int
	// CacheBytes bounds the memory kept for file contents (0: the default).
	CacheBytes int64
	// SearchCacheBytes bounds the memory kept for search answers of the
	// build in use (0: the default; negative: no cache).
	SearchCacheBytes int64
	// Feedback keeps the feedback widget's posts and counts the searches
	// that found nothing (see package feedback); nil switches both off,
	// and New then refuses a build whose site.yaml asks for feedback.
	Feedback *feedback.Store
	// Mentors may read the feedback report at <base>palaute/; nil: no one.
	Mentors Mentors
}

// Server serves one built site folder and its search. It is an
// http.Handler; Serve runs it on a listener with NewHTTPServer's limits.
type Server struct {
	opts    Options
	log     *slog.Logger
	headers map[string][]string
	files   *files
	builds  *builds
	sem     chan struct{}
	wait    time.Duration // QueueWait; tests shorten it
	// searches holds a place for each search request that is not answered
	// from the cache: at most half of MaxConcurrent, so that pages keep
	// answering under a flood of searches.
	searches chan struct{}
	clients  counter // searches running per client
	fbLimit  *feedback.Limiter
}

// New opens the build in opts.Public: it fails when the folder holds no
// build (no search index or site shell).
func New(opts Options) (*Server, error) {
	if opts.Public == "" {
		return nil, errors.New("server: no public folder")
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bs, err := openBuilds(opts.Public, log, opts.SearchCacheBytes)
	if err != nil {
		return nil, err
	}
	if mode := bs.current().site.Feedback; opts.Feedback == nil && mode != generator.FeedbackOff && mode != "" {
		bs.close()
		return nil, &NeedDataError{Mode: mode}
	}
	return &Server{
		opts:     opts,
		log:      log,
		headers:  SecurityHeaders(),
		files:    newFiles(opts.Public, opts.CacheBytes),
		builds:   bs,
		sem:      make(chan struct{}, opts.MaxConcurrent),
		wait:     QueueWait,
		searches: make(chan struct{}, max(1, opts.MaxConcurrent/2)),
		clients:  counter{n: map[string]int{}},
		fbLimit:  feedback.NewLimiter(feedback.PostsPerMinute, time.Minute, time.Now),
	}, nil
}

// BasePath returns the base path of the build in use: "/", or the path
// of its baseURL ("/tietopankki/").
func (s *Server) BasePath() string { return s.builds.current().base }

// Docs returns the number of documents in the search index in use and
// when its build was made.
func (s *Server) Docs() (int, time.Time) {
	b := s.builds.current()
	return b.docs, b.built
}

// Close closes the search index once the searches running on it finish.
func (s *Server) Close() error {
	s.builds.close()
	return nil
}

// NeedDataError is New's error for a build whose site takes feedback
// (site.yaml feedback: server or netlify) when Options.Feedback is nil:
// its pages would show a form that cannot be sent.
type NeedDataError struct{ Mode string }

func (e *NeedDataError) Error() string {
	return "the site asks for feedback (site.yaml feedback: " + e.Mode + ") but there is no database for it: give --data DIR, or build with feedback: off"
}

// NewHTTPServer returns an http.Server for h with the production limits.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// Serve serves h on ln until ctx ends, then shuts down gracefully: it
// stops accepting, closes idle connections and waits up to
// ShutdownTimeout for requests in flight.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	hs := NewHTTPServer(h)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(shut)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// ServeHTTP logs, limits, authenticates and routes one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	lw := &logWriter{ResponseWriter: w}
	user := s.handle(lw, r)
	attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", lw.status()), slog.Int64("bytes", lw.bytes),
		slog.Duration("duration", time.Since(start)), slog.String("remote", r.RemoteAddr)}
	if user != "" {
		attrs = append(attrs, slog.String("user", user))
	}
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" { // as the proxy sent it: not verified
		attrs = append(attrs, slog.String("forwarded_for", xff))
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) (user string) {
	SetHeaders(w, s.headers)
	if !s.feedbackPost(r) && Refuse(w, r) { // the feedback handler bounds its own bodies
		return ""
	}
	if r.URL.Path == HealthPath {
		s.health(w, r)
		return ""
	}
	if !take(r.Context(), s.sem, s.wait) {
		busy(w, "too many requests at once")
		return ""
	}
	defer func() { <-s.sem }()
	if s.opts.Auth != nil { // inside the limit: a bcrypt check costs CPU
		u, ok := s.opts.Auth.Check(w, r)
		if !ok {
			return ""
		}
		user = u
	}
	if s.serveFeedback(w, r, user) {
		return user
	}
	s.route(w, r, user)
	return user
}

// Refuse answers the requests the site does not take, and reports whether
// it did: methods other than GET and HEAD (405), and GET or HEAD requests
// that declare a body (400). It does so at once, without reading the body:
// waiting for a body that a client never sends would hold the request for
// ReadTimeout. The connection is closed after such an answer.
func Refuse(w http.ResponseWriter, r *http.Request) bool {
	body := r.ContentLength != 0 || len(r.TransferEncoding) > 0
	if body {
		w.Header().Set("Connection", "close")
	}
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case body:
		http.Error(w, "a GET or HEAD request has no body", http.StatusBadRequest)
	default:
		return false
	}
	return true
}

// RedirectToBase answers a request for the root ("/") or for the base
// path without its last slash ("/tietopankki") of a site that lives under
// a base path ("/tietopankki/"): both are sent to the base path, so that
// the address a server prints and the one people type both work. It
// reports whether it answered. The root's redirect is temporary (302): the
// root may serve something else one day.
func RedirectToBase(w http.ResponseWriter, r *http.Request, base string) bool {
	p := r.URL.Path
	if base == "/" || p != "/" && p != strings.TrimSuffix(base, "/") {
		return false
	}
	target := base
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	code := http.StatusMovedPermanently
	if p == "/" {
		code = http.StatusFound
	}
	http.Redirect(w, r, target, code)
	return true
}

// take takes a place in sem, waiting up to wait (or until ctx ends).
func take(ctx context.Context, sem chan struct{}, wait time.Duration) bool {
	select {
	case sem <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case sem <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

// busy answers 503: come back in a second.
func busy(w http.ResponseWriter, msg string) {
	w.Header().Set("Retry-After", "1")
	http.Error(w, msg, http.StatusServiceUnavailable)
}

// clientAddr is the address a request comes from: the IP address of the
// connection, or, when that is on this machine (a reverse proxy in front),
// the last address of X-Forwarded-For, which the proxy appends.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); last != "" {
				return last
			}
		}
	}
	return host
}

// counter counts what runs per key; a key at zero is forgotten, so its
// memory is bounded by what runs.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

// add adds one for key unless it already has limit, and reports whether
// it did.
func (c *counter) add(key string, limit int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[key] >= limit {
		return false
	}
	c.n[key]++
	return true
}

func (c *counter) done(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[key]--; c.n[key] <= 0 {
		delete(c.n, key)
	}
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, user string) {
	base := s.builds.current().base
	p := r.URL.Path
	if p == base+"api/search" || p == base+"search/" || p == base+"search" {
		s.search(w, r, user)
		return
	}
	rel, ok := strings.CutPrefix(p, base)
	if !ok {
		if !RedirectToBase(w, r, base) {
			s.notFound(w, r)
		}
		return
	}
	dir := rel == "" || strings.HasSuffix(rel, "/")
	rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
	if hidden(rel) {
		s.notFound(w, r)
		return
	}
	if dir {
		rel = path.Join(rel, "index.html")
	}
	f, err := s.files.get(rel)
	switch {
	case errors.Is(err, errIsDir) && !dir:
		target := path.Clean(p) + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
	case err != nil:
		s.notFound(w, r)
	default:
		cc := CacheRevalidate
		if Fingerprinted(rel) {
			cc = CacheImmutable
		}
		w.Header().Set("Content-Security-Policy", FileCSP(rel))
		f.serve(w, r, cc, http.StatusOK)
	}
}

// search answers a search from the cache of the build in use, or runs it
// within the limits: MaxSearchesPerClient for the client (the user when
// known, else the address), and half of the server's places for all.
func (s *Server) search(w http.ResponseWriter, r *http.Request, user string) {
	b := s.builds.acquire()
	defer s.builds.release(b)
	key := answerKey(r)
	if a := b.answers.get(key); a != nil {
		s.countNoResults(a.noResults)
		a.write(w, r)
		return
	}
	client := user
	if client == "" {
		client = clientAddr(r)
	}
	if !s.clients.add(client, MaxSearchesPerClient) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "too many searches at once from you", http.StatusTooManyRequests)
		return
	}
	defer s.clients.done(client)
	select {
	case s.searches <- struct{}{}:
		defer func() { <-s.searches }()
	default:
		busy(w, "too many searches at once")
		return
	}
	a := record(b.search, r, b.answers != nil || acceptsGzip(r.Header.Get("Accept-Encoding")))
	b.answers.put(key, a)
	s.countNoResults(a.noResults)
	a.write(w, r)
}

// hidden reports whether rel must never be served: the search index and
// site shell, and dot-files.
func hidden(rel string) bool {
	if rel == generator.ShellDir || strings.HasPrefix(rel, generator.ShellDir+"/") || rel == NetlifyHeadersFile {
		return true
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(seg, ".") && seg != ".well-known" {
			return true
		}
	}
	return false
}

// notFound answers the site's 404.html with status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	f, err := s.files.get("404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	f.serve(w, r, "no-cache", http.StatusNotFound)
}

// health answers the health check.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	s.builds.maybeReload()
	b := s.builds.current()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "docs": b.docs, "built": b.built})
}

// logWriter remembers the status and size of a response.
type logWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (w *logWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *logWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
