package search

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"

	"tietopankki/generator"
)

func cancelDocs() []Doc {
	docs := make([]Doc, 50)
	for i := range docs {
		docs[i] = Doc{ID: "teams/kortti-" + strconv.Itoa(i), Title: "Kokous " + strconv.Itoa(i)}
	}
	return docs
}

// TestBuildStopsWhenCancelled checks that a stopped build's index ends
// with the context's error instead of indexing on.
func TestBuildStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := Build(ctx, filepath.Join(t.TempDir(), "index"), cancelDocs(), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Build after cancel: %v, want context.Canceled", err)
	}
}

// TestExportStopsWhenCancelled checks that the export of a stopped build
// ends with the context's error and writes nothing.
func TestExportStopsWhenCancelled(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := Build(t.Context(), dir, cancelDocs(), nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	out := generator.NewMemOutput()
	if err := Export(ctx, dir, out); !errors.Is(err, context.Canceled) || len(out.Names()) != 0 {
		t.Errorf("Export after cancel: %v, wrote %v; want context.Canceled and nothing", err, out.Names())
	}
}
