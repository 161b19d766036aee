package offline

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
	"tietopankki/internal/testbin"
	"tietopankki/internal/testcontent"
	"tietopankki/server"
)

// Shared by the tests: the repository, the tietopankki binary, the built
// sample site (the tests' knowledge bank, testcontent.Fixture) and the
// browser. skipReason says why the tests cannot run.
var (
	root       string
	binary     string
	sampleDir  string // the sample site, built
	browserCtx context.Context
	skipReason string
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	var err error
	if root, err = testcontent.Root(); err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		return 1
	}
	chromium := browsertest.FindChromium()
	if chromium == "" {
		skipReason = browsertest.NoChromium + "; install Debian's chromium"
		return m.Run()
	}
	tmp, err := os.MkdirTemp("", "tietopankki-offline-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	binary = filepath.Join(tmp, "tietopankki")
	sampleDir = filepath.Join(tmp, "site")
	if err := testbin.Build(binary); err != nil {
		fmt.Fprintln(os.Stderr, "offline: building tietopankki:", err)
		return 1
	}
	content := filepath.Join(tmp, "content")
	if err := testcontent.CopyFixture(content); err != nil {
		fmt.Fprintln(os.Stderr, "offline:", err)
		return 1
	}
	if err := command(root, binary, "build", "--content", content, "--out", sampleDir); err != nil {
		fmt.Fprintln(os.Stderr, "offline: building the sample site:", err)
		return 1
	}
	bctx, stopBrowser, err := browsertest.Start(chromium)
	if err != nil {
		fmt.Fprintf(os.Stderr, "offline: starting %s: %v\n", chromium, err)
		return 1
	}
	defer stopBrowser()
	browserCtx = bctx
	return m.Run()
}

func command(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// needBrowser skips (or, in CI, fails) a test that has no browser.
func needBrowser(t *testing.T) {
	t.Helper()
	browsertest.Need(t, skipReason)
}

// staticServer serves a folder as a plain static host does: files only,
// no API; with the site's security headers when headers is set (Pagefind's
// WebAssembly needs a looser CSP); and gzipped (text, as nginx's gzip on
// does) when zip is set. The tests that count transferred bytes zip; the
// others do not, since compressing in a -race test binary costs more CPU
// than a busy machine has to spare.
func staticServer(t *testing.T, dir string, headers, zip bool) *httptest.Server {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headers {
			server.SetHeaders(w, server.SecurityHeaders())
		}
		if !zip || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.Close()
		files.ServeHTTP(gw, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// gzipWriter compresses text, scripts, JSON, SVG and WebAssembly (default
// level, like nginx's gzip on); other files (Pagefind's chunks are gzip
// already) pass as they are. Its compressors are reused, as a web server's
// are: a new one is about a megabyte of memory to clear, and serving a
// small file took 2.2 ms with a new one, 0.1 ms with a reused one.
type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		ct := g.Header().Get("Content-Type")
		if code == http.StatusOK && (strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
			strings.Contains(ct, "json") || strings.Contains(ct, "svg") || strings.Contains(ct, "wasm")) {
			g.Header().Del("Content-Length")
			g.Header().Set("Content-Encoding", "gzip")
			g.Header().Add("Vary", "Accept-Encoding")
			g.zw = gzipPool.Get().(*gzip.Writer)
			g.zw.Reset(g.ResponseWriter)
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) Close() {
	if g.zw != nil {
		g.zw.Close()
		gzipPool.Put(g.zw)
		g.zw = nil
	}
}

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return zw
}}

var _ io.Writer = (*gzipWriter)(nil)

// tab is a browsertest.Tab on a static server that also counts what the
// network transfers (transferred), with the HTTP cache off.
type tab struct {
	*browsertest.Tab

	mu    sync.Mutex
	bytes map[network.RequestID]*request
}

type request struct {
	url    string
	size   float64 // encodedDataLength: headers and body as sent
	status int64   // the HTTP status; 0 before the response
	failed string  // why the request failed (network.EventLoadingFailed), if it did
}

func newTab(t *testing.T, base string) *tab {
	t.Helper()
	needBrowser(t)
	tb := &tab{Tab: browsertest.OpenTab(t, browserCtx, base), bytes: map[network.RequestID]*request{}}
	if err := chromedp.Listen(tb.Ctx, tb.onEvent); err != nil {
		t.Fatal(err)
	}
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	return tb
}

func (tb *tab) onEvent(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.bytes[e.RequestID] = &request{url: e.Request.URL}
	case *network.EventResponseReceived:
		if r := tb.bytes[e.RequestID]; r != nil {
			r.status = e.Response.Status
		}
	case *network.EventLoadingFinished:
		if r := tb.bytes[e.RequestID]; r != nil {
			r.size = e.EncodedDataLength
		}
	case *network.EventLoadingFailed:
		if r := tb.bytes[e.RequestID]; r != nil && !e.Canceled { // a navigation cancels what the last page still loaded
			r.failed = e.ErrorText
		}
	}
}

// transferred returns the requests since the last call and their bytes.
func (tb *tab) transferred() (reqs []request, total float64) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for id, r := range tb.bytes {
		reqs = append(reqs, *r)
		total += r.size
		delete(tb.bytes, id)
	}
	return reqs, total
}

// failures reports the requests that failed or got an error status: each
// is an error in the browser's console.
func failures(t *testing.T, reqs []request) {
	t.Helper()
	for _, r := range reqs {
		if r.failed != "" || r.status >= 400 {
			t.Errorf("request %s failed: status %d %s", r.url, r.status, r.failed)
		}
	}
}

// requestsTo is how many of reqs have part in their URL.
func requestsTo(reqs []request, part string) int {
	n := 0
	for _, r := range reqs {
		if strings.Contains(r.url, part) {
			n++
		}
	}
	return n
}

// eval runs a JavaScript expression in the tab's page (browsertest.Eval).
func eval[T any](tb *tab, js string) T {
	tb.T.Helper()
	return browsertest.Eval[T](tb.Tab, js)
}

// typeInto types text into an input as keystrokes, one at a time.
func (tb *tab) typeInto(css, text string) {
	tb.T.Helper()
	tb.Do(chromedp.Focus(css), chromedp.SendKeys(css, text))
}

var jsString = browsertest.JSString
