// Package devserver is `tietopankki serve`: it builds the content into
// memory, serves it with search, watches the content and theme folders,
// rebuilds only what a change touches, and tells open pages to reload (or
// shows the content errors over the page until they are fixed). With a
// Loader that loads generator.WithDrafts it previews drafts too. Its
// messages (log, overlay, the page answered while the content has never
// built) are in the language of the catalogue it is given.
package devserver

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"tietopankki/feedback"
	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/search"
	"tietopankki/server"
)

//go:embed reload.js
var reloadJS []byte

//go:embed overlay.css
var overlayCSS []byte

// Loader runs the stages up to a linked site (config, theme, load,
// validate, assemble); err is for problems that are not the content's.
type Loader func(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error)

// Server is the dev server. Create it with New; it is an http.Handler.
type Server struct {
	ContentDir string
	ThemeDir   string // a theme folder on disk to watch, or "" for a built-in theme
	Load       Loader
	Log        io.Writer     // diagnostics and rebuild lines
	Messages   *i18n.Catalog // the language of Log, the overlay and the error page
	Now        func() time.Time
	// Hosts are the Host names answered besides localhost, 127.0.0.1 and
	// [::1] (any port): the host that --addr names, unless it listens on
	// every address. Other names get 403, so that a web page elsewhere
	// cannot read the dev server through DNS rebinding.
	Hosts []string
	// Feedback, when set (serve --data, a copy of the production
	// database), is shown on each card, tool page and learning path, and
	// takes the widget's posts.
	Feedback *feedback.Store

	content fs.FS
	mu      sync.Mutex // serialises rebuilds
	state   *state     // guarded by mu for writes; read under stateMu
	stateMu sync.RWMutex
	pending []string        // content files whose change is not applied yet (errors)
	held    map[string]int  // emptied files waiting for their content: rounds waited
	printed map[string]bool // the diagnostics Log has, as printed
	logMu   sync.Mutex      // Log is written by rebuilds and by builds in the background
	events  broker
	headers http.Header
	hooks   hooks

	ready     chan struct{} // closed once Watch watches every folder (Ready)
	readyOnce sync.Once
}

// state is one good build: the site, its pages in memory (written in the
// background: see build) and its search index. The incremental updates
// after a full build share its pages and index.
type state struct {
	site   *generator.Site
	theme  *generator.Theme
	md     *generator.Markdown
	out    *pages
	build  *build
	errors []string // current content errors, shown in the overlay
}

// hooks hold a build back at a point, for tests.
type hooks struct {
	write func(rel string) // called before each file is written
	index <-chan struct{}  // the search index is built once it is closed
}

// New starts the dev server: it loads the content and returns once the
// first page is rendered; the other pages and then the search index are
// built in the background (see Indexed). Content errors make a server that
// answers every page with them. Its messages (to log, in the error
// overlay) are in the language of messages.
func New(contentDir, themeDir string, load Loader, log io.Writer, messages *i18n.Catalog) (*Server, error) {
	s := newServer(contentDir, themeDir, load, log, messages)
	if err := s.start(); err != nil {
		return nil, err
	}
	return s, nil
}

func newServer(contentDir, themeDir string, load Loader, log io.Writer, messages *i18n.Catalog) *Server {
	s := &Server{ContentDir: contentDir, ThemeDir: themeDir, Load: load, Log: log, Messages: messages, Now: time.Now,
		content: generator.Content(contentDir), headers: server.SecurityHeaders(), held: map[string]int{}, ready: make(chan struct{})}
	s.events.subs = map[chan event]bool{}
	return s
}

func (s *Server) start() error {
	st, err := s.startBuild(time.Now(), false)
	if err != nil {
		return err
	}
	s.state = st
	return nil
}

// Indexed is closed once the search of the current build answers (or
// failed): until then every page is served, and search says that its
// index is being built. (Tests and benchmarks wait for it.)
func (s *Server) Indexed() <-chan struct{} { return s.current().build.search.done }

// Close stops the build in the background and removes the server's
// temporary index.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.close()
}

func (st *state) close() error {
	if st == nil {
		return nil
	}
	return st.build.close()
}

// logln writes a line to Log.
func (s *Server) logln(line string) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintln(s.Log, line)
}

// HoldRounds is how many debounced rounds Changed waits for an emptied
// file to get its content back: editors that save by truncating and then
// writing leave it empty in between.
const HoldRounds = 10

// Changed applies changed content or theme files (absolute or relative to
// the working folder) and notifies open pages. It is what the watcher calls
// after debouncing, and what tests call directly. A Markdown file that was
// in the site and is now empty is held (see Held) for up to HoldRounds
// calls: the editor is saving it.
func (s *Server) Changed(files []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	full := false
	var rels []string
	files = s.holdEmptied(files)
	for _, f := range files {
		if s.ThemeDir != "" && within(s.ThemeDir, f) {
			full = true
			continue
		}
		rel, err := filepath.Rel(s.ContentDir, f)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		rels = append(rels, filepath.ToSlash(rel))
	}
	if len(rels) == 0 && !full {
		return
	}
	old := s.current()
	<-old.build.rendered // Apply changes the site that the build is rendering
	if old.site == nil || old.build.failed() != nil {
		full = true // the last build had errors: start over
	}
	if !full {
		all := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(s.pending), rels...))))
		up := generator.Apply(old.site, s.content, old.md, all)
		switch {
		case up.Diags.HasErrors():
			s.printDiags(up.Diags)
			s.pending = all
			next := *old
			next.errors = s.diagLines(up.Diags)
			s.setState(&next)
			s.events.send(event{"errors", s.overlay(next.errors)})
			return
		case up.Full:
			full = true
		default:
			if err := s.applyUpdate(old, up); err != nil {
				s.logln(s.Messages.T("cli.serve.full-rebuild", err))
				full = true
				break
			}
			s.printDiags(up.Diags)
			s.pending = nil
			s.logln(s.Messages.N("cli.serve.rebuilt", len(up.Views), s.Messages.Decimal(time.Since(start).Seconds()*1000, 0)))
			s.events.send(event{"reload", "{}"})
			return
		}
	}
	st, err := s.startBuild(start, true)
	if err != nil {
		s.logln(s.Messages.T("cli.error", "serve", err))
		next := *old
		next.errors = []string{err.Error()}
		s.setState(&next)
		s.events.send(event{"errors", s.overlay(next.errors)})
		return
	}
	if st.errors != nil {
		st.close()
		next := *old
		next.errors = st.errors
		s.setState(&next)
		s.events.send(event{"errors", s.overlay(next.errors)})
		return
	}
	s.pending = nil
	s.setState(st)
	old.close()
	// The pages ask for what is not rendered yet, and wait for it.
	s.events.send(event{"reload", "{}"})
}

// applyUpdate renders the pages an incremental update names and, side by
// side, updates the index in place; then it makes the new site current.
func (s *Server) applyUpdate(old *state, up *generator.Update) error {
	indexed := make(chan error, 1)
	go func() { indexed <- old.build.search.apply(up) }()
	err := s.renderUpdate(old, up)
	if err := errors.Join(err, <-indexed); err != nil {
		return err
	}
	next := *old
	next.site, next.errors = up.Site, nil
	s.setState(&next)
	return nil
}

// renderUpdate writes the pages, files and feeds of an update.
func (s *Server) renderUpdate(old *state, up *generator.Update) error {
	out := old.out
	if err := generator.RenderTeasers(old.theme, up.Changed.Cards); err != nil {
		return err
	}
	if err := generator.RenderViews(context.Background(), old.theme, up.Views, out, generator.RenderOptions{LiveReload: true, Now: s.Now()}); err != nil {
		return err
	}
	for _, f := range up.Remove {
		out.Remove(f)
	}
	for _, f := range up.Gone {
		out.Remove(f)
	}
	for _, f := range up.Copy {
		b, err := fs.ReadFile(s.content, f)
		if err != nil {
			return err
		}
		out.WriteFile(f, b)
	}
	return generator.RenderFeeds(up.Site, out, s.Now())
}

// problems are the errors the overlay shows: the content's, or why the
// build in the background stopped.
func (st *state) problems() []string {
	if err := st.build.failed(); err != nil && len(st.errors) == 0 {
		return []string{err.Error()}
	}
	return slices.Clone(st.errors)
}

func (s *Server) current() *state {
	s.stateMu.RLock()
	defer s.stateMu.RUnlock()
	return s.state
}

func (s *Server) setState(st *state) {
	s.stateMu.Lock()
	s.state = st
	s.stateMu.Unlock()
}

func within(dir, f string) bool {
	rel, err := filepath.Rel(dir, f)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// holdEmptied takes out of files the Markdown files that the site has and
// that are empty now, and returns the rest: an editor that truncates a
// file and then writes it has not saved yet. A file held for HoldRounds
// calls is let through: it was emptied for real.
func (s *Server) holdEmptied(files []string) []string {
	st := s.current()
	known := map[string]bool{}
	if st.site != nil {
		for _, f := range st.site.ContentFiles() {
			known[f] = true
		}
	}
	var out []string
	for _, f := range files {
		rel, err := filepath.Rel(s.ContentDir, f)
		info, statErr := os.Stat(f)
		rel = filepath.ToSlash(rel)
		// Empty now, and whole in the site (not an error already shown).
		emptied := err == nil && statErr == nil && info.Size() == 0 && strings.HasSuffix(f, ".md") &&
			known[rel] && !slices.Contains(s.pending, rel)
		if emptied && s.held[f] < HoldRounds {
			s.held[f]++
			continue
		}
		delete(s.held, f)
		out = append(out, f)
	}
	return out
}

// Held returns the files Changed holds back, waiting for their content.
func (s *Server) Held() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.held))
}

// diagLines are the errors as the overlay shows them, with paths from the
// working folder.
func (s *Server) diagLines(ds generator.Diagnostics) []string {
	var out []string
	for _, d := range ds.Errors() {
		d.File = filepath.ToSlash(filepath.Join(s.ContentDir, d.File))
		out = append(out, d.Format(s.Messages))
	}
	return out
}

// printDiags writes the diagnostics to Log, each once: those it printed
// for the last build and that are still there are not repeated.
func (s *Server) printDiags(ds generator.Diagnostics) {
	printed := map[string]bool{}
	for _, d := range ds {
		d.File = filepath.ToSlash(filepath.Join(s.ContentDir, d.File))
		line := d.Format(s.Messages)
		if !s.printed[line] && !printed[line] {
			s.logln(line)
		}
		printed[line] = true
	}
	s.printed = printed
}

// overlay is the errors event's data.
func (s *Server) overlay(lines []string) string {
	b, _ := json.Marshal(map[string]any{"title": s.Messages.T("reload.errors"), "errors": lines})
	return string(b)
}

// --- HTTP ------------------------------------------------------------------

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	server.SetHeaders(w, s.headers)
	if !s.allowedHost(r.Host) {
		http.Error(w, "Forbidden: the dev server answers only http://localhost:PORT/ (and the host that --addr names), "+
			"so that other web sites cannot read it through DNS rebinding.", http.StatusForbidden)
		return
	}
	if !s.feedbackPost(r) && server.Refuse(w, r) {
		return
	}
	switch r.URL.Path {
	case "/_tietopankki/events":
		s.serveEvents(w, r)
		return
	case "/_tietopankki/reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(reloadJS)
		return
	case "/_tietopankki/overlay.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(overlayCSS)
		return
	}
	st := s.current()
	if st.site == nil {
		s.serveErrorPage(w, st.errors)
		return
	}
	base := st.site.BasePath
	api, page := search.Routes(base)
	if r.URL.Path == api || r.URL.Path == page || r.URL.Path == strings.TrimSuffix(page, "/") {
		if h, err := st.build.search.ready(); h != nil {
			h.ServeHTTP(w, r)
		} else {
			s.serveIndexing(w, r, st, r.URL.Path == api, err != nil)
		}
		return
	}
	if s.serveFeedback(w, r, st) {
		return
	}
	rel, ok := strings.CutPrefix(r.URL.Path, base)
	if !ok {
		if !server.RedirectToBase(w, r, base) {
			s.notFound(w, r, st)
		}
		return
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	b, found := st.out.file(r.Context(), rel)
	if !found {
		if r.Context().Err() != nil {
			return
		}
		if _, dir := st.out.File(rel + "/index.html"); dir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, st)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(rel))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Security-Policy", server.FileCSP(rel))
	server.LimitRanges(r, int64(len(b)))
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// serveIndexing answers a search while the index is being built, or when
// it could not be built: 503, and why in the site's language, as JSON for
// the API and as the results page with the form for the page.
func (s *Server) serveIndexing(w http.ResponseWriter, r *http.Request, st *state, api, failed bool) {
	msg := st.theme.Strings.T("search.building")
	if failed {
		msg = st.theme.Strings.T("search.unavailable")
	} else {
		w.Header().Set("Retry-After", "1")
	}
	w.Header().Set("Cache-Control", "no-store")
	if api {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	q := r.URL.Query()
	sv := &generator.SearchView{Query: q.Get("q"), Tool: q.Get("tool"), Segment: q.Get("segment"), Area: q.Get("area")}
	if req := (&search.Request{Query: sv.Query, Tool: sv.Tool, Segment: sv.Segment, Area: sv.Area}); req.Validate() != nil {
		sv = &generator.SearchView{}
	}
	sv.Error = msg
	var buf bytes.Buffer
	if err := generator.RenderView(st.theme, &generator.View{Site: st.site, Kind: "search", Rel: "search/", LiveReload: true, Search: sv}, &buf); err != nil {
		http.Error(w, msg, http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(buf.Bytes())
}

// allowedHost reports whether the dev server answers a request for host
// (the Host header, with or without a port).
func (s *Server) allowedHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	return host == "localhost" || host == "127.0.0.1" || host == "::1" ||
		slices.ContainsFunc(s.Hosts, func(h string) bool { return strings.EqualFold(strings.Trim(h, "[]"), host) })
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state) {
	b, _ := st.out.file(r.Context(), "404.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(b)
}

// serveErrorPage answers every page while the content has never built:
// the error overlay that reload.js shows over a page, on a page of its own
// in the messages' language. reload.js keeps it up to date and reloads
// the page once the content builds.
func (s *Server) serveErrorPage(w http.ResponseWriter, errs []string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	errorPage.Execute(w, map[string]any{"Lang": s.Messages.Lang, "Title": s.Messages.T("reload.errors"), "Errors": errs})
}

// errorPage has the markup reload.js makes for the overlay (keep them the same).
var errorPage = template.Must(template.New("errors").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/_tietopankki/overlay.css">
<script src="/_tietopankki/reload.js" defer></script>
</head>
<body>
<main>
<div class="dev-overlay" role="alertdialog" aria-modal="true" aria-labelledby="dev-overlay-title" tabindex="-1">
<h1 id="dev-overlay-title">{{.Title}}</h1>
<ul>
{{- range .Errors}}
<li><pre>{{.}}</pre></li>
{{- end}}
</ul>
</div>
</main>
</body>
</html>
`))

// --- server-sent events ----------------------------------------------------

type event struct{ name, data string }

type broker struct {
	mu   sync.Mutex
	subs map[chan event]bool
}

func (b *broker) subscribe() chan event {
	ch := make(chan event, 4)
	b.mu.Lock()
	b.subs[ch] = true
	b.mu.Unlock()
	return ch
}

func (b *broker) unsubscribe(ch chan event) {
	b.mu.Lock()
	delete(b.subs, ch)
	b.mu.Unlock()
}

// send delivers e to every subscriber; a subscriber that is not keeping up
// misses it rather than blocking the rebuild.
func (b *broker) send(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- e:
		default:
		}
	}
}

// Subscribe returns a channel of event names ("reload", "errors") for
// tests and benchmarks, and a function to stop.
func (s *Server) Subscribe() (<-chan string, func()) {
	ch := s.events.subscribe()
	names := make(chan string, 16)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case e := <-ch:
				select {
				case names <- e.name:
				default:
				}
			case <-done:
				return
			}
		}
	}()
	return names, func() { s.events.unsubscribe(ch); close(done) }
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	ch := s.events.subscribe()
	defer s.events.unsubscribe(ch)
	if errs := s.current().problems(); len(errs) > 0 {
		fmt.Fprintf(w, "event: errors\ndata: %s\n\n", s.overlay(errs))
	}
	fmt.Fprint(w, ": connected\n\n")
	fl.Flush()
	tick := time.NewTicker(25 * time.Second)
	defer tick.Stop()
	for {
		select {
		case e := <-ch:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			fl.Flush()
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case <-r.Context().Done():
			return
		}
	}
}
