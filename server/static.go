package server

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits of the file cache.
const (
	// DefaultCacheBytes is the memory kept for file contents (raw and
	// gzipped) when Options.CacheBytes is 0.
	DefaultCacheBytes = 64 << 20
	// MaxCachedFile is the largest file kept in memory; larger files are
	// streamed from disk, uncompressed.
	MaxCachedFile = 2 << 20
	// minCompress is the smallest body worth gzipping.
	minCompress = 512
)

// files reads the build's files by path, per request, and keeps their
// bytes, gzipped bytes and ETag in memory while the file on disk stays the
// same (same size and modification time).
type files struct {
	root string
	max  int64

	mu    sync.RWMutex
	cache map[string]*file
	size  int64
}

// file is one file of the build as served.
type file struct {
	size  int64
	mod   time.Time
	ctype string
	etag  string // strong, from the content
	raw   []byte
	gz    []byte // nil: not worth compressing
	root  string // with disk: the folder disk is opened in
	disk  string // set instead of raw for files larger than MaxCachedFile
}

var errIsDir = errors.New("is a folder")

func newFiles(root string, max int64) *files {
	if max <= 0 {
		max = DefaultCacheBytes
	}
	return &files{root: root, max: max, cache: map[string]*file{}}
}

// get returns the file at rel (slash-separated, clean, relative to the
// root): fs.ErrNotExist when there is none, errIsDir for a folder. A stat
// by path finds whether the cached bytes are still current; bytes are
// only ever read through os.OpenInRoot (load), so a symbolic link that
// leads out of the root is never followed to its content. (A stat costs a
// sixth of an OpenInRoot, which walks the path a folder at a time.)
func (fc *files) get(rel string) (*file, error) {
	fi, err := os.Stat(filepath.Join(fc.root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fs.ErrNotExist
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	fc.mu.RLock()
	f := fc.cache[rel]
	fc.mu.RUnlock()
	if f != nil && f.size == fi.Size() && f.mod.Equal(fi.ModTime()) {
		return f, nil
	}
	return fc.load(rel)
}

// load reads a file within the root, keying it by what the opened file
// says (the path may have moved to a new build since the stat).
func (fc *files) load(rel string) (*file, error) {
	fh, err := os.OpenInRoot(fc.root, filepath.FromSlash(rel))
	if err != nil {
		return nil, fs.ErrNotExist
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	if !fi.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}
	f := &file{size: fi.Size(), mod: fi.ModTime(), ctype: contentType(rel)}
	if fi.Size() > MaxCachedFile {
		f.root, f.disk = fc.root, rel
		f.etag = `"` + strconv.FormatInt(fi.ModTime().UnixNano(), 36) + "-" + strconv.FormatInt(fi.Size(), 36) + `"`
		return f, nil
	}
	f.raw = make([]byte, fi.Size())
	if _, err := io.ReadFull(fh, f.raw); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(f.raw)
	f.etag = `"` + hex.EncodeToString(sum[:10]) + `"`
	if len(f.raw) >= minCompress && compressible(f.ctype) {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(f.raw)
		zw.Close()
		if b.Len() < len(f.raw)*9/10 {
			f.gz = b.Bytes()
		}
	}
	fc.put(rel, f)
	return f, nil
}

// put stores f; when the cache is full it starts over (a site is far
// smaller than the cache; a full cache means many builds have passed).
func (fc *files) put(rel string, f *file) {
	n := int64(len(f.raw) + len(f.gz))
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if old := fc.cache[rel]; old != nil {
		fc.size -= int64(len(old.raw) + len(old.gz))
	}
	if fc.size+n > fc.max {
		clear(fc.cache)
		fc.size = 0
	}
	fc.cache[rel] = f
	fc.size += n
}

// serve answers with f: gzipped when the client accepts it and that is
// smaller, with conditional requests and ranges answered by
// http.ServeContent (within LimitRanges). status other than 200 (the 404
// page) skips those.
func (f *file) serve(w http.ResponseWriter, r *http.Request, cacheControl string, status int) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", cacheControl)
	if f.disk != "" {
		fh, err := os.OpenInRoot(f.root, filepath.FromSlash(f.disk))
		if err != nil {
			http.Error(w, "file vanished", http.StatusServiceUnavailable)
			return
		}
		defer fh.Close()
		h.Set("ETag", f.etag)
		LimitRanges(r, f.size)
		http.ServeContent(w, r, "", f.mod, fh)
		return
	}
	body, etag := f.raw, f.etag
	if f.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	if status != http.StatusOK {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	h.Set("ETag", etag)
	LimitRanges(r, int64(len(body)))
	http.ServeContent(w, r, "", f.mod, bytes.NewReader(body))
}

// MaxRanges is the most byte ranges a request may ask for.
const MaxRanges = 8

// LimitRanges removes r's Range header when it asks for more than
// MaxRanges ranges or for ranges that overlap (of a body of size bytes),
// so that the whole file is answered with 200, as nginx and Apache do: a
// few bytes of request must not ask for many copies of a file. Ranges it
// cannot read are left to http.ServeContent.
func LimitRanges(r *http.Request, size int64) {
	spec, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes=")
	if !ok {
		return
	}
	type span struct{ start, end int64 }
	var spans []span
	for part := range strings.SplitSeq(spec, ",") {
		if len(spans) == MaxRanges {
			r.Header.Del("Range")
			return
		}
		a, b, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			return
		}
		start, err1 := strconv.ParseInt(a, 10, 64)
		end, err2 := strconv.ParseInt(b, 10, 64)
		switch {
		case a == "" && err2 == nil: // the last b bytes
			start, end = max(size-end, 0), size-1
		case err1 == nil && b == "": // from a to the end
			end = size - 1
		case err1 != nil || err2 != nil:
			return
		}
		spans = append(spans, span{start, min(end, size-1)})
	}
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.start, y.start) })
	for i := 1; i < len(spans); i++ {
		if spans[i].start <= spans[i-1].end {
			r.Header.Del("Range")
			return
		}
	}
}

// contentType is the Content-Type of a file by its extension.
func contentType(rel string) string {
	ext := strings.ToLower(path.Ext(rel))
	switch ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		if path.Base(rel) == "feed.xml" {
			return "application/atom+xml; charset=utf-8"
		}
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports whether a Content-Type is text that gzip shrinks.
func compressible(ctype string) bool {
	t, _, _ := strings.Cut(ctype, ";")
	t = strings.TrimSpace(t)
	return strings.HasPrefix(t, "text/") || t == "image/svg+xml" || t == "application/json" ||
		t == "application/xml" || t == "application/atom+xml" || t == "application/manifest+json"
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(ae string) bool {
	star := false
	for part := range strings.SplitSeq(ae, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		ok := true
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") && strings.Trim(strings.TrimSpace(v), "0.") == "" {
				ok = false // q=0, q=0.0, q=0.000
			}
		}
		if name == "gzip" {
			return ok
		}
		star = ok
	}
	return star
}
