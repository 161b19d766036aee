package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"tietopankki/generator"
	"tietopankki/search"
	"tietopankki/server"
)

// FunctionPath is where Netlify serves the function itself.
const FunctionPath = "/.netlify/functions/search"

// MaxQueryBytes bounds the encoded query string of one invocation.
const MaxQueryBytes = 4 << 10

// Function answers the search routes from one built site.
type Function struct {
	handler *search.Handler
	index   *search.Index
	dir     string // the index's copy on disk
	// Access, when not nil, must let a request in before it is answered.
	Access *Access
}

// New copies the search index of site (a folder laid out like the build's
// output: _search/index/..., _search/site.json, _search/theme/...) into a
// fresh folder under tmp, opens it read-only and reads the site shell.
func New(site fs.FS, tmp string) (*Function, error) {
	if _, err := fs.Stat(site, path.Join(search.Dir, "meta.json")); err != nil {
		return nil, fmt.Errorf("the function was bundled without the search index (%s/meta.json is missing): "+
			"the build command must run netlify/build.sh, which copies public/_search into netlify/functions/search/site/, "+
			"before Netlify bundles functions", search.Dir)
	}
	dir, err := os.MkdirTemp(tmp, "tietopankki-index-")
	if err != nil {
		return nil, err
	}
	if err := copyTree(site, search.Dir, dir); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("copying the search index to %s: %w", dir, err)
	}
	ix, err := search.Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	st, theme, err := generator.ReadShell(site)
	if err != nil {
		ix.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	h := search.NewHandler(ix, st, theme)
	h.Header = server.SecurityHeaders()
	return &Function{handler: h, index: ix, dir: dir}, nil
}

// Close closes the index and removes its copy.
func (f *Function) Close() error {
	err := f.index.Close()
	os.RemoveAll(f.dir)
	return err
}

// copyTree copies the folder root of fsys into dir.
func copyTree(fsys fs.FS, root, dir string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := strings.CutPrefix(p, root)
		dst := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}

// route maps the path of an invocation to the handler's route: Netlify
// passes the path the visitor asked for (/api/search, /search/), and a
// direct call has the function's own path, optionally followed by one of
// those.
func route(p string) (string, bool) {
	p = strings.TrimSuffix(strings.TrimPrefix(p, FunctionPath), "/")
	switch {
	case p == "" || strings.HasSuffix(p, "/api/search"):
		return "/api/search", true
	case strings.HasSuffix(p, "/search"):
		return "/search/", true
	}
	return "", false
}

// Handle answers one invocation.
func (f *Function) Handle(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	r, status, msg := Request(ctx, ev)
	if status != 0 {
		return errorResponse(status, msg), nil
	}
	if f.Access != nil {
		if status, msg := f.Access.Check(r); status != 0 {
			return errorResponse(status, msg), nil
		}
	}
	rec := &recorder{header: http.Header{}}
	f.handler.ServeHTTP(rec, r)
	return rec.response(r.Method == http.MethodHead), nil
}

// Request turns an invocation into the http.Request the search handler
// reads, or returns the status and message to answer instead. A GET or
// HEAD that declares a body (a body, a Content-Length other than 0, a
// Transfer-Encoding) gets 400, as from the servers (server.Refuse); other
// methods get the handler's 405.
func Request(ctx context.Context, ev events.APIGatewayProxyRequest) (*http.Request, int, string) {
	p, ok := route(ev.Path)
	if !ok {
		return nil, http.StatusNotFound, "not found"
	}
	q := url.Values{}
	for k, vs := range ev.MultiValueQueryStringParameters {
		q[k] = append([]string(nil), vs...)
	}
	for k, v := range ev.QueryStringParameters {
		if _, ok := q[k]; !ok {
			q.Set(k, v)
		}
	}
	u := &url.URL{Path: p, RawQuery: q.Encode()}
	if len(u.RawQuery) > MaxQueryBytes {
		return nil, http.StatusRequestURITooLong, "query too long"
	}
	method := ev.HTTPMethod
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, http.StatusBadRequest, "bad request"
	}
	for k, vs := range ev.MultiValueHeaders {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	for k, v := range ev.Headers {
		if r.Header.Get(k) == "" {
			r.Header.Set(k, v)
		}
	}
	cl := strings.TrimSpace(r.Header.Get("Content-Length"))
	body := ev.Body != "" || (cl != "" && cl != "0") || r.Header.Get("Transfer-Encoding") != ""
	if body && (method == http.MethodGet || method == http.MethodHead) {
		return nil, http.StatusBadRequest, "a GET or HEAD request has no body"
	}
	return r, 0, ""
}

// recorder is the ResponseWriter the handler writes an invocation's
// answer into.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}

func (w *recorder) response(head bool) events.APIGatewayProxyResponse {
	res := events.APIGatewayProxyResponse{StatusCode: w.status, Headers: map[string]string{}}
	if res.StatusCode == 0 {
		res.StatusCode = http.StatusOK
	}
	for k, vs := range w.header {
		res.Headers[k] = strings.Join(vs, ", ") // every header here is single-valued
	}
	if !head {
		res.Body = w.body.String()
	}
	return res
}

// errorResponse is a JSON error with the security headers.
func errorResponse(status int, msg string) events.APIGatewayProxyResponse {
	rec := &recorder{header: server.SecurityHeaders()}
	rec.header.Set("Content-Type", "application/json; charset=utf-8")
	rec.header.Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		rec.header.Set("WWW-Authenticate", `Bearer realm="Tietopankki"`)
	}
	rec.WriteHeader(status)
	json.NewEncoder(io.Writer(&rec.body)).Encode(map[string]string{"error": msg})
	return rec.response(false)
}

// unavailable answers when the function could not start.
func unavailable(msg string) events.APIGatewayProxyResponse {
	return errorResponse(http.StatusServiceUnavailable, msg)
}
