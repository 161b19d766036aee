package generator

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"tietopankki/internal/synth"
)

// cancellingOutput is an Output that stops the build (cancels its context)
// at its after-th file.
type cancellingOutput struct {
	mu      sync.Mutex
	written int
	after   int
	cancel  context.CancelFunc
}

func (o *cancellingOutput) WriteFile(string, []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.written++
	if o.written == o.after {
		o.cancel()
	}
	return nil
}

// synthSite is a linked site of n synthetic cards.
func synthSite(tb testing.TB, n int) (*Site, *Theme) {
	tb.Helper()
	files := map[string]string{}
	for name, data := range synth.Generate(synth.Config{Cards: n, Seed: 1}) {
		files[name] = string(data)
	}
	s, diags := site(tb, files)
	if diags.HasErrors() {
		tb.Fatalf("synthetic content: %v", diags.Errors())
	}
	return s, defaultTheme(tb, s.BasePath)
}

// TestRenderStopsWhenCancelled stops a render at its third page: no page
// is started after that, so at most the pages already being rendered (one
// a worker) are written, and Render returns the context's error.
func TestRenderStopsWhenCancelled(t *testing.T) {
	s, th := synthSite(t, max(100, 10*runtime.GOMAXPROCS(0)))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancellingOutput{after: 3, cancel: cancel}
	err := Render(ctx, s, th, out, RenderOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Render: %v, want context.Canceled", err)
	}
	if limit := out.after + runtime.GOMAXPROCS(0); out.written > limit {
		t.Errorf("%d pages written after the stop at page %d; want at most %d (of %d)", out.written, out.after, limit, len(Views(s)))
	}
}

func TestCopyFilesStopsWhenCancelled(t *testing.T) {
	s := &Site{Files: []string{"a.png", "b.png"}}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	out := NewMemOutput()
	if err := CopyFiles(ctx, mapFS(map[string]string{"a.png": testPNG, "b.png": testPNG}), s, out); !errors.Is(err, context.Canceled) || len(out.Names()) != 0 {
		t.Errorf("CopyFiles after cancel: %v, wrote %v; want context.Canceled and nothing", err, out.Names())
	}
}

// TestPublishStopped checks that a build stopped midway leaves the
// published folder as it was and removes its temporary folder.
func TestPublishStopped(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	if err := Publish(dir, writeFiles(map[string]string{"index.html": "vanha"})); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, parent)
	ctx, cancel := context.WithCancel(t.Context())
	err := Publish(dir, func(out DirOutput) error {
		if err := out.WriteFile("index.html", []byte("uusi")); err != nil {
			return err
		}
		cancel() // the signal arrives in the middle of the build
		return ctx.Err()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Publish: %v, want context.Canceled", err)
	}
	if after := snapshot(t, parent); !maps.Equal(after, before) {
		t.Errorf("after a stopped build the folder holds %v, want %v", after, before)
	}
}

// TestPublishRemovesStaleFolders checks that a build removes the temporary
// folders of builds that were killed before they could, and nothing else.
func TestPublishRemovesStaleFolders(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	writeTree(t, parent, map[string]string{
		".public.new-123/index.html":       "puolikas",
		".public.new-9/tools/a/index.html": "puolikas",
		".public.new-4.old/index.html":     "vanha", // exchange's spare name where folders cannot be swapped
		".publicity/keep.txt":              "ei koske",
		"muu/keep.txt":                     "ei koske",
	})
	if err := Publish(dir, writeFiles(map[string]string{"index.html": "uusi"})); err != nil {
		t.Fatal(err)
	}
	WaitRemoved()
	got := snapshot(t, parent)
	delete(got, "./")
	if _, ok := got[".public.manifest"]; !ok {
		t.Error("no manifest beside the output")
	}
	delete(got, ".public.manifest")
	want := map[string]string{
		"public/": "", "public/index.html": "uusi",
		".publicity/": "", ".publicity/keep.txt": "ei koske", "muu/": "", "muu/keep.txt": "ei koske",
	}
	if !maps.Equal(got, want) {
		t.Errorf("after the build the parent folder holds %v, want %v", got, want)
	}
}
