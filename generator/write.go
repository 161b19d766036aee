package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// DirOutput writes a build's files under a folder. Make it with
// NewDirOutput, which remembers the folders it made: each is made once,
// with one mkdir, however many files go into it.
type DirOutput struct {
	Root string
	dirs *sync.Map // folder path -> struct{}: made (or found) already; nil: MkdirAll per file
}

// NewDirOutput returns a DirOutput that writes under root, which exists.
func NewDirOutput(root string) DirOutput {
	d := DirOutput{Root: root, dirs: &sync.Map{}}
	d.dirs.Store(filepath.Clean(root), struct{}{})
	return d
}

// WriteFile writes one file, creating its folders.
func (o DirOutput) WriteFile(rel string, data []byte) error {
	p := filepath.Join(o.Root, filepath.FromSlash(rel))
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// mkdir makes the folder dir and those above it up to Root.
func (o DirOutput) mkdir(dir string) error {
	if o.dirs == nil {
		return os.MkdirAll(dir, 0o755)
	}
	if _, ok := o.dirs.Load(dir); ok {
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir {
		if err := o.mkdir(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	o.dirs.Store(dir, struct{}{})
	return nil
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
// left exactly as it was and the temporary folder is removed.
//
// Publish never waits for an old build to be deleted, which at tens of
// thousands of pages takes as long as a build: the previous output is
// renamed aside (.<dir>.old-*) and removed in the background. Folders
// earlier builds left beside dir (an old output whose process ended before
// it was removed, the temporary folder of a killed build) are renamed to
// .<dir>.old-* and removed in the background too, while build runs. A
// process that ends meanwhile leaves the rest to the next build; a command
// that calls WaitStaleRemoved before it ends leaves at most one old output
// (the one it replaced) beside dir. WaitRemoved waits for every removal.
// One build at a time may publish into dir.
func Publish(dir string, build func(tmp string) error) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	base := filepath.Base(dir)
	newPrefix, oldPrefix := "."+base+".new-", "."+base+".old-"
	if err := removeStale(parent, newPrefix, oldPrefix); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, newPrefix)
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
	// tmp now holds the previous build.
	old := filepath.Join(parent, oldPrefix+strings.TrimPrefix(filepath.Base(tmp), newPrefix))
	if err := os.Rename(tmp, old); err != nil {
		old = tmp
	}
	removeInBackground(&replaced, old)
	return nil
}

// The background removals Publish started: of the outputs it replaced,
// and of what earlier builds left.
var replaced, stale sync.WaitGroup

// WaitRemoved waits until the folders that Publish is removing in the
// background are gone.
func WaitRemoved() {
	stale.Wait()
	replaced.Wait()
}

// WaitStaleRemoved waits until what earlier builds left beside the output
// folder is gone; those removals ran while the build did, and have
// usually finished. The output a build replaced is not waited for.
func WaitStaleRemoved() { stale.Wait() }

// removeInBackground removes the folder dir without waiting for it.
func removeInBackground(wg *sync.WaitGroup, dir string) {
	wg.Go(func() { removeAll(dir) })
}

// removeAll is os.RemoveAll; tests hold it to see Publish return first.
var removeAll = os.RemoveAll

// removeStale removes in the background the entries of folder whose names
// start with one of the prefixes: a temporary folder of a killed build is
// first renamed to the last prefix, so that the build that starts now can
// never take it for its own.
func removeStale(folder string, newPrefix, oldPrefix string) error {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, oldPrefix):
		case strings.HasPrefix(name, newPrefix):
			renamed := oldPrefix + "stale-" + strings.TrimPrefix(name, newPrefix)
			if err := os.Rename(filepath.Join(folder, name), filepath.Join(folder, renamed)); err != nil {
				return fmt.Errorf("removing the temporary folder of an earlier build: %w", err)
			}
			name = renamed
		default:
			continue
		}
		removeInBackground(&stale, filepath.Join(folder, name))
	}
	return nil
}
