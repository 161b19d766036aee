package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"tietopankki/generator"
	"tietopankki/internal/testcontent"
)

// engineJS is the static search client in the theme's source.
const engineJS = "../themes/default/assets/search-static.js"

var (
	shippedOnce sync.Once
	shippedJS   []byte
	shippedErr  error
)

// shippedEngine writes to a temporary file the static search client as a
// build ships it (minified, see generator.LoadTheme), so that the tests
// run the code browsers get, and returns the file's path.
func shippedEngine(t *testing.T) string {
	t.Helper()
	shippedOnce.Do(func() {
		th, err := generator.LoadTheme(os.DirFS("../themes/default"), "default", "fi", "/")
		if err != nil {
			shippedErr = err
			return
		}
		out := generator.NewMemOutput()
		if shippedErr = generator.WriteAssets(th, out); shippedErr != nil {
			return
		}
		name, err := th.Asset("search-static.js")
		if err != nil {
			shippedErr = err
			return
		}
		src, err := os.ReadFile(engineJS)
		if err != nil {
			shippedErr = err
			return
		}
		shippedJS, _ = out.File(name)
		if len(shippedJS) == 0 || len(shippedJS) >= len(src) {
			shippedErr = fmt.Errorf("the shipped %s has %d bytes, the source %d: not minified", name, len(shippedJS), len(src))
		}
	})
	if shippedErr != nil {
		t.Fatal(shippedErr)
	}
	p := filepath.Join(t.TempDir(), "search-static.js")
	if err := os.WriteFile(p, shippedJS, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// nodeBinary returns Node.js, or skips the test (fails it when
// TIETOPANKKI_REQUIRE_BROWSER=1) when there is none.
func nodeBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("node"); err == nil {
		return p
	}
	msg := "no node binary: the static search client (" + engineJS + ") is not tested; install Node.js (Debian: apt-get install nodejs)"
	if os.Getenv("TIETOPANKKI_REQUIRE_BROWSER") == "1" {
		t.Fatal("TIETOPANKKI_REQUIRE_BROWSER=1 but " + msg)
	}
	t.Skip(msg)
	return ""
}

// runNode runs one of the scripts in testdata/node with the engine as its
// first argument, writing input as JSON to a file passed after args, and
// decodes what it prints into out.
func runNode(t *testing.T, script string, input, out any, args ...string) {
	t.Helper()
	startNode(t, script, input, args...)(out)
}

// startNode starts runNode's work and returns at once; the function it
// returns waits for Node and decodes what it printed into out. The test
// may work meanwhile: Node runs in a process of its own.
func startNode(t *testing.T, script string, input any, args ...string) (wait func(out any)) {
	t.Helper()
	node := nodeBinary(t)
	engine := shippedEngine(t)
	in := filepath.Join(t.TempDir(), "input.json")
	b, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, append(append([]string{filepath.Join("testdata", "node", script), engine}, args...), in)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("node %s: %v", script, err)
	}
	return func(out any) {
		t.Helper()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
		}
		if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
			t.Fatalf("node %s printed no JSON: %v\n%.500s", script, err, stdout.String())
		}
	}
}

// exported is the sample content's index and its static export.
type exported struct {
	ix      *Index
	site    *generator.Site
	dir     string // the output folder: the export is under ExportDir
	took    time.Duration
	exportE error
}

var (
	exportOnce sync.Once
	exportData exported
)

// sampleExport builds the sample content's index and exports it, once per
// test binary.
func sampleExport(t *testing.T) *exported {
	t.Helper()
	exportOnce.Do(func() {
		e := &exportData
		e.site = loadSite(t, testcontent.Fixture(t))
		root, err := os.MkdirTemp("", "tietopankki-export-")
		if err != nil {
			e.exportE = err
			return
		}
		e.dir = filepath.Join(root, "out")
		idx := filepath.Join(root, "index")
		if e.exportE = Build(context.Background(), idx, Documents(e.site), e.site.Synonyms); e.exportE != nil {
			return
		}
		start := time.Now()
		if e.exportE = Export(context.Background(), idx, mkdirOutput(t, e.dir)); e.exportE != nil {
			return
		}
		e.took = time.Since(start)
		e.ix, e.exportE = Open(idx)
	})
	if exportData.exportE != nil {
		t.Fatal(exportData.exportE)
	}
	return &exportData
}

// staticRequest is a search request as search-static.js takes it.
type staticRequest struct {
	Q       string `json:"q"`
	Tool    string `json:"tool,omitempty"`
	Segment string `json:"segment,omitempty"`
	Area    string `json:"area,omitempty"`
	Limit   int    `json:"limit,omitempty"`
}

// staticAnswer is what testdata/node/search.js prints for a request.
type staticAnswer struct {
	Total    int      `json:"total"`
	Complete int      `json:"complete"`
	Partial  int      `json:"partial"`
	Results  []Hit    `json:"results"`
	Files    []string `json:"files"` // loaded, in order
	MS       float64  `json:"ms"`
	Error    string   `json:"error"`
	Status   int      `json:"status"`
}

// staticSearch answers requests with the static client over the export.
func staticSearch(t *testing.T, e *exported, reqs []staticRequest) []staticAnswer {
	t.Helper()
	return staticSearchIn(t, filepath.Join(e.dir, ExportDir), reqs)
}

// staticSearchIn answers requests with the static client over the export
// in dir.
func staticSearchIn(t *testing.T, dir string, reqs []staticRequest) []staticAnswer {
	t.Helper()
	var out []staticAnswer
	runNode(t, "search.js", reqs, &out, dir)
	if len(out) != len(reqs) {
		t.Fatalf("search.js answered %d of %d requests", len(out), len(reqs))
	}
	return out
}
