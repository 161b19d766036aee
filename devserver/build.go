package devserver

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"tietopankki/generator"
	"tietopankki/search"
)

// A full build runs in the background, so that the first page is served as
// soon as it is rendered rather than after the whole site and its index:
//
//	load    in the background, waited for: its diagnostics decide what is served
//	render  generator.Build writes into pages; startBuild returns at the first page,
//	        and a request for a page not written yet waits for it (pages.file)
//	index   once every page is written: search.Create, which writes the index with
//	        the offline builder that `build` uses and opens it for updates; until
//	        it is open, search answers that the index is being built
//
// Rendering goes first and indexing after it, rather than side by side,
// because on a small machine both want every core: pages sooner, search
// later, the same total.
type build struct {
	out      *pages
	rendered chan struct{} // closed once every page is written, or the build failed or stopped
	err      error         // why rendering failed; read after rendered is closed
	search   *liveSearch
	cancel   context.CancelFunc
}

// startBuild starts a full build at start (when the change that asked for
// it came, or the server started) and returns its state once the first
// page is written, or once the build ended without one: with content
// errors (a state with only the errors) or with an error that is not the
// content's. rebuilt says that it replaces a build (for its log line).
func (s *Server) startBuild(start time.Time, rebuilt bool) (*state, error) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &build{rendered: make(chan struct{}), search: newLiveSearch(), cancel: cancel}
	b.out = newPages(b.rendered, s.hooks.write)
	st := &state{out: b.out, build: b}
	var diags generator.Diagnostics
	ended := make(chan error, 1)
	go func() {
		built, err := generator.Build(ctx, s.content, b.out, generator.BuildOptions{
			Load: func(_ context.Context, content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
				site, theme, ds, err := s.Load(content)
				// Read once a page is written, or the build ended.
				st.site, st.theme, diags = site, theme, ds
				if theme != nil && err == nil {
					// Before rendering: templates change as they first run.
					st.md = generator.NewMarkdown(theme.Labels(), theme.IDs()...)
				}
				return site, theme, ds, err
			},
			Render:    generator.RenderOptions{LiveReload: true, Now: s.Now()},
			SearchAPI: true, // the dev server answers api/search
		})
		var docs []search.Doc
		if err == nil {
			// Before rendered is closed: from then on Changed may change the site.
			docs = indexDocs(built.Site)
		}
		b.err = err
		close(b.rendered)
		ended <- err
		if err != nil {
			b.search.stop()
			if !b.out.started() {
				return // startBuild reports it
			}
			if !errors.Is(err, context.Canceled) {
				s.logln(s.Messages.T("cli.error", "serve", err))
				s.events.send(event{"errors", s.overlay([]string{err.Error()})})
			}
			return
		}
		if rebuilt {
			s.logln(s.Messages.T("cli.serve.rebuilt-all", s.Messages.Decimal(time.Since(start).Seconds()*1000, 0)))
		} else {
			s.logln(s.Messages.N("cli.serve.pages-ready", built.Pages, s.Messages.Decimal(time.Since(start).Seconds(), 1)))
		}
		if err := b.search.build(ctx, s, docs, built.Site, built.Theme); err != nil {
			if !errors.Is(err, context.Canceled) {
				s.logln(s.Messages.T("cli.error", "serve", err))
			}
			return
		}
		s.logln(s.Messages.N("cli.serve.search-ready", len(docs), s.Messages.Decimal(time.Since(start).Seconds(), 1)))
	}()
	var err error
	select {
	case <-b.out.first:
	case err = <-ended:
		if b.out.started() {
			err = nil // the state is served; the build reports its error itself
		}
	}
	s.printDiags(diags)
	switch {
	case errors.Is(err, generator.ErrContent):
		st.site, st.theme = nil, nil
		st.errors = s.diagLines(diags)
		return st, nil
	case err != nil:
		st.close()
		return nil, err
	}
	return st, nil
}

// indexDocs are the documents of the dev server's index: the site's, and in
// a preview its drafts too.
func indexDocs(site *generator.Site) []search.Doc {
	docs := search.Documents(site)
	if site.Preview {
		for _, c := range site.Drafts {
			docs = append(docs, search.CardDoc(c))
		}
	}
	return docs
}

// close stops the build and removes its index.
func (b *build) close() error {
	b.cancel()
	<-b.rendered
	return b.search.close()
}

// failed returns the error that stopped rendering, once it has stopped.
func (b *build) failed() error {
	select {
	case <-b.rendered:
		if errors.Is(b.err, context.Canceled) {
			return nil
		}
		return b.err
	default:
		return nil
	}
}

// --- pages -----------------------------------------------------------------

// pages is the MemOutput of a build that may still be writing: a request
// for a file that is not there waits for the build to write it, or to end.
type pages struct {
	*generator.MemOutput
	done  <-chan struct{} // the build wrote every file it will
	first chan struct{}   // closed at the first file
	hold  func(rel string)

	mu      sync.Mutex
	wrote   chan struct{} // closed and replaced at every file written
	waiting atomic.Int32  // requests waiting for a file (tests)
}

func newPages(done <-chan struct{}, hold func(string)) *pages {
	return &pages{MemOutput: generator.NewMemOutput(), done: done, first: make(chan struct{}), hold: hold, wrote: make(chan struct{})}
}

func (p *pages) WriteFile(rel string, data []byte) error {
	if p.hold != nil {
		p.hold(rel)
	}
	p.MemOutput.WriteFile(rel, data)
	p.mu.Lock()
	close(p.wrote)
	p.wrote = make(chan struct{})
	if !p.started() {
		close(p.first)
	}
	p.mu.Unlock()
	return nil
}

// started reports whether a file has been written.
func (p *pages) started() bool {
	select {
	case <-p.first:
		return true
	default:
		return false
	}
}

// file returns the file rel, waiting while the build may still write it.
// It reports false when the build ended without it, or when ctx ended
// first.
func (p *pages) file(ctx context.Context, rel string) ([]byte, bool) {
	for {
		p.mu.Lock()
		wrote := p.wrote
		p.mu.Unlock()
		if b, ok := p.File(rel); ok {
			return b, true
		}
		select {
		case <-p.done:
			return p.File(rel)
		default:
		}
		p.waiting.Add(1)
		select {
		case <-wrote:
		case <-p.done:
		case <-ctx.Done():
		}
		p.waiting.Add(-1)
		if ctx.Err() != nil {
			return nil, false
		}
	}
}

// --- search ----------------------------------------------------------------

// liveSearch is a build's search index and its handler. The index is
// built once the pages are; updates made meanwhile wait in pending and are
// applied, in order, before the first search.
type liveSearch struct {
	done chan struct{} // closed once the index is open, or it failed or was stopped

	mu      sync.Mutex
	handler *search.Handler // nil until the index is open
	err     error           // why it is not: building it failed
	ix      *search.Index
	dir     string
	site    *generator.Site // the newest, for the results page
	theme   *generator.Theme
	pending []*generator.Update
}

func newLiveSearch() *liveSearch { return &liveSearch{done: make(chan struct{})} }

// build creates the index of docs in a temporary folder and opens it.
func (l *liveSearch) build(ctx context.Context, s *Server, docs []search.Doc, site *generator.Site, theme *generator.Theme) (err error) {
	defer close(l.done)
	l.mu.Lock()
	l.site, l.theme = site, theme
	l.mu.Unlock()
	defer func() {
		if err != nil && !errors.Is(err, context.Canceled) {
			l.mu.Lock()
			l.err = err
			l.mu.Unlock()
		}
	}()
	if s.hooks.index != nil {
		select {
		case <-s.hooks.index:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	dir, err := os.MkdirTemp("", "tietopankki-serve-")
	if err != nil {
		return err
	}
	ix, err := search.Create(ctx, filepath.Join(dir, "index"), docs, site.Synonyms)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ix, l.dir = ix, dir
	for _, up := range l.pending {
		if err := ix.Apply(up); err != nil {
			return err
		}
	}
	l.pending = nil
	l.handler = search.NewHandler(ix, l.site, l.theme)
	l.handler.Header = s.headers
	return nil
}

// apply updates the index with an incremental update, or keeps the update
// for when the index is open.
func (l *liveSearch) apply(up *generator.Update) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.site = up.Site
	if l.handler == nil {
		select {
		case <-l.done: // failed or stopped: nothing to update
		default:
			l.pending = append(l.pending, up)
		}
		return nil
	}
	if err := l.ix.Apply(up); err != nil {
		return err
	}
	l.handler.SetSite(up.Site, l.theme)
	return nil
}

// ready returns the handler once the index is open, else nil and, when
// building it failed, why.
func (l *liveSearch) ready() (*search.Handler, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.handler, l.err
}

// stop marks a search that will not be built.
func (l *liveSearch) stop() { close(l.done) }

// close waits until the index is built or stopped, and closes and removes it.
func (l *liveSearch) close() error {
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	l.handler = nil
	if l.ix == nil {
		return nil
	}
	err := l.ix.Close()
	os.RemoveAll(l.dir)
	l.ix = nil
	return err
}
