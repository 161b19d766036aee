package search

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"tietopankki/generator"
)

// MaxInFlight is how many searches one Handler runs at once; more wait up
// to QueueWait for a turn and then get 503.
const (
	MaxInFlight = 16
	QueueWait   = time.Second
)

// Handler serves a search index over HTTP, the same for the dev server,
// the production server and the Netlify function:
//
//	GET <base>api/search?q=&tool=&segment=&area=&limit=   JSON results
//	GET <base>search/?q=&tool=&segment=&area=             the results page, rendered in the theme
//
// Bad parameters get 400 (a JSON error for the API). The handler is safe
// for concurrent use and bounds its concurrency and each search's time.
type Handler struct {
	index  atomic.Pointer[Index]
	page   atomic.Pointer[pageShell]
	sem    chan struct{}
	Header http.Header // set on every response (security headers)
	Log    *slog.Logger
	// OnResult, when set, is called after each search of the results
	// page (not the API: its searches are the suggestions asked as
	// people type, mostly beginnings of words) with the number of
	// results. The production server counts the queries that found
	// nothing with it; nothing about who searched is passed on.
	OnResult func(r *http.Request, req Request, total int)
}

type pageShell struct {
	site  *generator.Site
	theme *generator.Theme
}

// NewHandler returns a handler over ix; site and theme render the results
// page (both nil: the page answers 404 and only the API works).
func NewHandler(ix *Index, site *generator.Site, theme *generator.Theme) *Handler {
	h := &Handler{sem: make(chan struct{}, MaxInFlight), Header: http.Header{}}
	h.index.Store(ix)
	h.SetSite(site, theme)
	return h
}

// SetSite replaces the site and theme the results page is rendered with.
func (h *Handler) SetSite(site *generator.Site, theme *generator.Theme) {
	h.page.Store(&pageShell{site, theme})
}

// SetIndex replaces the index searched.
func (h *Handler) SetIndex(ix *Index) { h.index.Store(ix) }

// Routes returns the paths the handler answers, under a base path.
func Routes(base string) (api, page string) { return base + "api/search", base + "search/" }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range h.Header {
		w.Header()[k] = v
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		h.fail(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	api := strings.HasSuffix(r.URL.Path, "/api/search") || r.URL.Path == "api/search"
	q := r.URL.Query()
	req := Request{Query: q.Get("q"), Tool: q.Get("tool"), Segment: q.Get("segment"), Area: q.Get("area")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			h.fail(w, r, http.StatusBadRequest, "limit must be a whole number from 1 to "+strconv.Itoa(MaxLimit))
			return
		}
		req.Limit = n
	}
	if !api && req.Limit == 0 {
		req.Limit = 30
	}
	verr := req.Validate()
	if verr != nil && api {
		h.fail(w, r, http.StatusBadRequest, verr.Error())
		return
	}
	var res *Result
	if verr == nil {
		var err error
		res, err = h.search(r.Context(), req)
		if err != nil {
			status := http.StatusInternalServerError
			switch {
			case errors.Is(err, errBusy):
				status = http.StatusServiceUnavailable
				w.Header().Set("Retry-After", "1")
			case errors.Is(err, context.DeadlineExceeded):
				status = http.StatusGatewayTimeout
			}
			h.log(r, "search failed", err)
			h.fail(w, r, status, http.StatusText(status))
			return
		}
	}
	if !api && res != nil && h.OnResult != nil {
		h.OnResult(r, req, res.Total)
	}
	if api {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		json.NewEncoder(w).Encode(res)
		return
	}
	h.servePage(w, r, req, res, verr)
}

var errBusy = errors.New("too many searches at once")

func (h *Handler) search(ctx context.Context, req Request) (*Result, error) {
	t := time.NewTimer(QueueWait)
	defer t.Stop()
	select {
	case h.sem <- struct{}{}:
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.sem }()
	return h.index.Load().Search(ctx, req)
}

func (h *Handler) servePage(w http.ResponseWriter, r *http.Request, req Request, res *Result, verr error) {
	p := h.page.Load()
	if p.site == nil || p.theme == nil {
		http.NotFound(w, r)
		return
	}
	sv := &generator.SearchView{Query: req.Query, Tool: req.Tool, Segment: req.Segment, Area: req.Area}
	status := http.StatusOK
	if verr != nil {
		status = http.StatusBadRequest
		key := "search.bad"
		if strings.Contains(verr.Error(), "characters") {
			key = "search.tooLong"
		}
		sv.Error, _ = p.theme.T(key)
	} else {
		sv.Total, sv.Complete, sv.Partial = res.Total, res.Complete, res.Partial
		for _, hit := range res.Hits {
			sr := generator.SearchResult{ID: hit.ID, Title: hit.Title, Summary: hit.Summary, URL: hit.URL,
				Tool: p.site.ToolByID[hit.Tool], Snippet: template.HTML(hit.Snippet), Partial: hit.Partial} // Snippet escapes all but <mark>
			for _, id := range hit.Segments {
				if sg := p.site.SegmentByID[id]; sg != nil {
					sr.Segments = append(sr.Segments, sg)
				}
			}
			sv.Results = append(sv.Results, sr)
		}
	}
	var buf bytes.Buffer
	v := &generator.View{Site: p.site, Kind: "search", Rel: "search/", Search: sv}
	if err := generator.RenderView(p.theme, v, &buf); err != nil {
		h.log(r, "rendering the search page", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail answers an error: JSON for the API, plain text otherwise.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// log logs an error with the request's path, never its query: what staff
// search for stays out of the logs (docs/operations.md), so errors of the
// index must not quote the query either.
func (h *Handler) log(r *http.Request, msg string, err error) {
	if h.Log != nil {
		h.Log.Error(msg, "path", r.URL.Path, "err", err)
	}
}
