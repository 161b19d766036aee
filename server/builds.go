package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"tietopankki/generator"
	"tietopankki/search"
)

// CheckInterval is how often, at most, a request checks whether a new
// build has replaced the search index in use.
const CheckInterval = time.Second

// build is what the server keeps open of one build: its search index and
// the site shell that renders the results page.
type build struct {
	meta    []byte // _search/index/meta.json as read when opened
	docs    int
	built   time.Time
	base    string           // the site's base path, "/" or "/x/"
	site    *generator.Site  // the site shell: configuration, tools, pages
	theme   *generator.Theme // renders the results and feedback pages
	ix      *search.Index
	search  http.Handler   // a *search.Handler
	answers *answers       // search answers of this build
	pin     *os.File       // the build folder the index was opened through
	running sync.WaitGroup // searches on this build
}

// builds holds the build in use and replaces it when the folder changes.
type builds struct {
	root       string
	log        *slog.Logger
	cacheBytes int64 // for each build's answers

	mu        sync.RWMutex
	cur       *build
	nextCheck atomic.Int64 // unix nanoseconds
	reload    sync.Mutex
	retiring  sync.WaitGroup
}

func openBuilds(root string, log *slog.Logger, cacheBytes int64) (*builds, error) {
	b := &builds{root: root, log: log, cacheBytes: cacheBytes}
	cur, err := openBuild(root, log, cacheBytes)
	if err != nil {
		return nil, err
	}
	b.cur = cur
	b.nextCheck.Store(time.Now().Add(CheckInterval).UnixNano())
	return b, nil
}

// metaPath is the file whose change means a new build.
func metaPath(root string) string {
	return filepath.Join(root, filepath.FromSlash(search.Dir), "meta.json")
}

// openBuild opens the search index and site shell of the build in root.
// On Linux it opens them through /proc/self/fd/N of a handle on root, so
// that a build swapped in meanwhile cannot mix into what is opened: either
// everything is from one build, or opening fails and is tried again later.
func openBuild(root string, log *slog.Logger, cacheBytes int64) (*build, error) {
	pin, err := os.Open(root)
	if err != nil {
		return nil, fmt.Errorf("no built site in %s: %w", root, err)
	}
	dir := root
	if runtime.GOOS == "linux" {
		p := fmt.Sprintf("/proc/self/fd/%d", pin.Fd())
		if _, err := os.Stat(p); err == nil {
			dir = p
		}
	}
	fail := func(err error) (*build, error) {
		pin.Close()
		return nil, err
	}
	meta, err := os.ReadFile(metaPath(dir))
	if err != nil {
		return fail(fmt.Errorf("no search index in %s (run build first): %w", root, err))
	}
	var m struct {
		Docs  int       `json:"docs"`
		Built time.Time `json:"built"`
	}
	json.Unmarshal(meta, &m)
	ix, err := search.Open(filepath.Join(dir, filepath.FromSlash(search.Dir)))
	if err != nil {
		return fail(err)
	}
	site, theme, err := generator.ReadShell(os.DirFS(dir))
	if err != nil {
		ix.Close()
		return fail(fmt.Errorf("%s: %w", root, err))
	}
	h := search.NewHandler(ix, site, theme)
	h.Log = log
	h.OnResult = noResults
	return &build{meta: meta, docs: ix.Docs(), built: m.Built, base: site.BasePath, site: site, theme: theme, ix: ix, search: h,
		answers: newAnswers(cacheBytes), pin: pin}, nil
}

func (b *build) close() {
	b.ix.Close()
	b.pin.Close()
}

// current returns the build in use, for what needs no index (base path,
// health): it may be closed at any time after.
func (bs *builds) current() *build {
	bs.mu.RLock()
	defer bs.mu.RUnlock()
	return bs.cur
}

// acquire returns the build in use, checking for a new one at most once
// per CheckInterval; the caller must call release when done with it.
func (bs *builds) acquire() *build {
	bs.maybeReload()
	bs.mu.RLock()
	b := bs.cur
	b.running.Add(1)
	bs.mu.RUnlock()
	return b
}

func (bs *builds) release(b *build) { b.running.Done() }

// maybeReload opens a new build when meta.json has changed. Only one
// request at a time does it; the others go on with the build in use.
func (bs *builds) maybeReload() {
	now := time.Now().UnixNano()
	next := bs.nextCheck.Load()
	if now < next || !bs.nextCheck.CompareAndSwap(next, now+int64(CheckInterval)) {
		return
	}
	if !bs.reload.TryLock() {
		return
	}
	defer bs.reload.Unlock()
	meta, err := os.ReadFile(metaPath(bs.root))
	if err != nil || bytes.Equal(meta, bs.current().meta) {
		return // mid-swap or unchanged: look again next time
	}
	nb, err := openBuild(bs.root, bs.log, bs.cacheBytes)
	if err != nil {
		bs.log.Error("opening the new build; still serving the previous one", "err", err)
		return
	}
	bs.mu.Lock()
	old := bs.cur
	bs.cur = nb
	bs.mu.Unlock()
	bs.log.Info("new build in use", "docs", nb.docs, "built", nb.built)
	bs.retiring.Add(1)
	go func() {
		defer bs.retiring.Done()
		old.running.Wait()
		old.close()
	}()
}

// close closes every build once its searches have finished.
func (bs *builds) close() {
	bs.reload.Lock()
	defer bs.reload.Unlock()
	bs.retiring.Wait()
	b := bs.current()
	b.running.Wait()
	b.close()
}
