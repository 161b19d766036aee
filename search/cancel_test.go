package search

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
)

// TestBuildStopsWhenCancelled checks that a stopped build's index ends
// with the context's error instead of indexing on.
func TestBuildStopsWhenCancelled(t *testing.T) {
	docs := make([]Doc, 50)
	for i := range docs {
		docs[i] = Doc{ID: "teams/kortti-" + strconv.Itoa(i), Title: "Kokous " + strconv.Itoa(i)}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := Build(ctx, filepath.Join(t.TempDir(), "index"), docs, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Build after cancel: %v, want context.Canceled", err)
	}
}
