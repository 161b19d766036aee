package search

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"tietopankki/generator"
	"tietopankki/internal/synth"
	"tietopankki/internal/testcontent"
)

// loadSite loads and links a content folder, failing on content errors.
func loadSite(tb testing.TB, dir string) *generator.Site {
	tb.Helper()
	fsys := os.DirFS(dir)
	cfg, diags := generator.LoadConfig(fsys)
	if diags.HasErrors() {
		tb.Fatalf("site.yaml: %v", diags)
	}
	site, d := generator.Load(fsys, cfg, generator.NewMarkdown(nil))
	d = append(d, generator.Validate(site)...)
	if d.HasErrors() {
		tb.Fatalf("content errors:\n%v", d.Errors())
	}
	generator.Assemble(site)
	return site
}

var (
	sampleOnce  sync.Once
	sampleIndex *Index
	sampleSite  *generator.Site
	sampleErr   error
)

// sample returns the index of the tests' knowledge bank (testcontent.Fixture), built
// once per test binary.
func sample(tb testing.TB) (*Index, *generator.Site) {
	tb.Helper()
	sampleOnce.Do(func() {
		sampleSite = loadSite(tb, testcontent.Fixture(tb))
		dir, err := os.MkdirTemp("", "tietopankki-sample-index-")
		if err != nil {
			sampleErr = err
			return
		}
		dir = filepath.Join(dir, "index")
		if sampleErr = Build(context.Background(), dir, Documents(sampleSite), sampleSite.Synonyms); sampleErr != nil {
			return
		}
		sampleIndex, sampleErr = Open(dir)
	})
	if sampleErr != nil {
		tb.Fatal(sampleErr)
	}
	return sampleIndex, sampleSite
}

// relevanceCase is one query of testdata/relevance.yaml.
type relevanceCase struct {
	Q    string `yaml:"q"`
	Want string `yaml:"want"`
	Kind string `yaml:"kind"`
}

func relevanceCases(tb testing.TB) []relevanceCase {
	tb.Helper()
	b, err := os.ReadFile("testdata/relevance.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var cases []relevanceCase
	if err := yaml.Unmarshal(b, &cases); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// synthIndex builds the index of a synthetic corpus through the real
// pipeline (load, validate, assemble, documents, build) into dir and opens
// it read-only, as the servers do.
func synthIndex(tb testing.TB, cfg synth.Config, dir string) *Index {
	tb.Helper()
	fsys := fstest.MapFS{}
	for p, data := range synth.Generate(cfg) {
		fsys[p] = &fstest.MapFile{Data: data}
	}
	site, _, diags, err := generator.LoadSite(fsys, "")
	if err != nil || diags.HasErrors() {
		tb.Fatalf("%v %v", err, diags.Errors())
	}
	dir = filepath.Join(dir, "index")
	if err := Build(context.Background(), dir, Documents(site), site.Synonyms); err != nil {
		tb.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// mkdirOutput makes the folder dir and returns a DirOutput writing into it.
func mkdirOutput(tb testing.TB, dir string) generator.DirOutput {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return generator.NewDirOutput(dir)
}
