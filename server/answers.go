package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
)

// DefaultSearchCacheBytes is Options.SearchCacheBytes when 0.
const DefaultSearchCacheBytes = 16 << 20

// answers keeps whole search answers of one build, keyed by answerKey: the index of a build never changes, so an answer stays right
// until the next build, which starts with an empty cache. Searches repeat
// (the search box asks as the user types; many people look for the same
// things), and a cached answer costs microseconds where a fuzzy Finnish
// search costs milliseconds. When full, an arbitrary answer makes room.
type answers struct {
	mu   sync.Mutex
	m    map[string]*answer
	size int64
	max  int64
}

// answer is one recorded response of the search handler.
type answer struct {
	status int
	header http.Header
	body   []byte
	gz     []byte // nil: not worth compressing
	// noResults is the query of a results page that found nothing,
	// counted each time the answer is sent.
	noResults string
}

// answerKey is the cache key of a search request: its path and the
// parameters search.Handler reads (the first value of each, as it does;
// the limit as the number it means), so that a parameter the handler
// ignores, a different order or another spelling of the same request
// finds the same answer.
func answerKey(r *http.Request) string {
	q := r.URL.Query()
	k := url.Values{}
	for _, name := range []string{"q", "tool", "segment", "area", "limit"} {
		if v := q.Get(name); v != "" {
			k.Set(name, v)
		}
	}
	if n, err := strconv.Atoi(k.Get("limit")); err == nil {
		k.Set("limit", strconv.Itoa(n))
	}
	return r.URL.Path + "?" + k.Encode()
}

func newAnswers(max int64) *answers {
	if max == 0 {
		max = DefaultSearchCacheBytes
	}
	if max < 0 {
		return nil
	}
	return &answers{m: map[string]*answer{}, max: max}
}

func (c *answers) get(key string) *answer {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

func (c *answers) put(key string, a *answer) {
	if c == nil || a.status >= 500 {
		return
	}
	n := int64(len(key) + len(a.body) + len(a.gz) + 256)
	if n > c.max/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[key]; ok {
		c.size -= int64(len(key) + len(old.body) + len(old.gz) + 256)
	}
	for k, old := range c.m {
		if c.size+n <= c.max {
			break
		}
		delete(c.m, k)
		c.size -= int64(len(k) + len(old.body) + len(old.gz) + 256)
	}
	c.m[key] = a
	c.size += n
}

// record runs h and keeps what it answered, gzipped too when worth it and
// wanted (zip: the answer is kept for other clients, or this one accepts
// gzip).
func record(h http.Handler, r *http.Request, zip bool) *answer {
	rec := &bufWriter{header: http.Header{}}
	slot := &searchSlot{}
	h.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), searchSlotKey{}, slot)))
	a := &answer{status: rec.code, header: rec.header, body: rec.buf.Bytes(), noResults: slot.noResults}
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if zip && len(a.body) >= minCompress && compressible(a.header.Get("Content-Type")) && a.header.Get("Content-Encoding") == "" {
		zw := gzipPool.Get().(*gzip.Writer)
		var out bytes.Buffer
		zw.Reset(&out)
		zw.Write(a.body)
		zw.Close()
		zw.Reset(io.Discard)
		gzipPool.Put(zw)
		if out.Len() < len(a.body) {
			a.gz = out.Bytes()
		}
	}
	return a
}

// write sends the answer, gzipped when the client accepts it, with its
// Content-Length (a body of more than 2 KB would otherwise be chunked).
func (a *answer) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v[:len(v):len(v)] // shared by requests: appending must copy
	}
	body := a.body
	if a.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body = a.gz
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(a.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// bufWriter is a ResponseWriter that keeps the body.
type bufWriter struct {
	header http.Header
	code   int
	buf    bytes.Buffer
}

func (w *bufWriter) Header() http.Header { return w.header }

func (w *bufWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *bufWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.buf.Write(b)
}
