package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// DirOutput writes a build's files under a folder.
type DirOutput struct{ Root string }

// WriteFile writes one file, creating its folders.
func (o DirOutput) WriteFile(rel string, data []byte) error {
	p := filepath.Join(o.Root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// MemOutput keeps a build's files in memory, for the dev server and tests.
// It is safe for concurrent use.
type MemOutput struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemOutput returns an empty MemOutput.
func NewMemOutput() *MemOutput { return &MemOutput{files: map[string][]byte{}} }

// WriteFile stores one file.
func (o *MemOutput) WriteFile(rel string, data []byte) error {
	o.mu.Lock()
	o.files[rel] = data
	o.mu.Unlock()
	return nil
}

// Remove deletes one file.
func (o *MemOutput) Remove(rel string) {
	o.mu.Lock()
	delete(o.files, rel)
	o.mu.Unlock()
}

// File returns one file.
func (o *MemOutput) File(rel string) ([]byte, bool) {
	o.mu.RLock()
	b, ok := o.files[rel]
	o.mu.RUnlock()
	return b, ok
}

// Names returns the stored file names, sorted.
func (o *MemOutput) Names() []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	names := make([]string, 0, len(o.files))
	for n := range o.files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Publish builds a new output folder and puts it in place of dir only when
// the build succeeded: build writes into a fresh temporary folder beside
// dir (.<dir>.new-*), which is then swapped with dir (atomically where the
// system can exchange two folders). When build fails or is stopped, dir is
// left exactly as it was and the temporary folder is removed. A process
// that is killed outright cannot remove its folder, so Publish first
// removes the temporary folders earlier builds left: one build at a time
// may publish into dir.
func Publish(dir string, build func(tmp string) error) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	prefix := "." + filepath.Base(dir) + ".new-"
	if err := removeStale(parent, prefix); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := build(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return os.Rename(tmp, dir)
	}
	if err := exchange(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("putting the new build in place: %w", err)
	}
	return os.RemoveAll(tmp) // now holds the previous build
}

// removeStale removes the entries of folder whose names start with prefix.
func removeStale(folder, prefix string) error {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			if err := os.RemoveAll(filepath.Join(folder, e.Name())); err != nil {
				return fmt.Errorf("removing the temporary folder of an earlier build: %w", err)
			}
		}
	}
	return nil
}
