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
// with one mkdir, however many files go into it. Publish hands its build a
// DirOutput that also skips files the published folder already holds
// (see Publish).
type DirOutput struct {
	root string
	dirs *sync.Map // folder path -> struct{}: made (or found) already; nil: MkdirAll per file
	pub  *tracker  // Publish's record of the files; nil: write every file
}

// NewDirOutput returns a DirOutput that writes under root, which exists.
func NewDirOutput(root string) DirOutput {
	d := DirOutput{root: root, dirs: &sync.Map{}}
	d.dirs.Store(filepath.Clean(root), struct{}{})
	return d
}

// WriteFile writes one file, creating its folders. In a build that
// Publish runs, a file the published folder already holds with these
// bytes is not written again.
func (o DirOutput) WriteFile(rel string, data []byte) error {
	var sum digest
	if o.pub != nil {
		sum = digestOf(data)
		if o.pub.unchanged(rel, sum, int64(len(data))) {
			return nil
		}
	}
	p := filepath.Join(o.root, filepath.FromSlash(rel))
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if o.pub == nil {
		return os.WriteFile(p, data, 0o644)
	}
	st, err := writeFileStat(p, data)
	if err != nil {
		return err
	}
	st.Sum = sum
	o.pub.record(rel, st, true)
	return nil
}

// Folder makes the folder rel (slash-separated, "." for the output's own
// folder) and returns its path on disk, for files that are written there
// directly instead of through WriteFile (the search index). Publish
// publishes everything under such folders; a file written anywhere else
// but through WriteFile may be left out.
func (o DirOutput) Folder(rel string) (string, error) {
	p := filepath.Join(o.root, filepath.FromSlash(rel))
	if err := o.mkdir(p); err != nil {
		return "", err
	}
	if o.pub != nil {
		o.pub.mu.Lock()
		o.pub.folders = append(o.pub.folders, p)
		o.pub.mu.Unlock()
	}
	return p, nil
}

// mkdir makes the folder dir and those above it up to the output's folder.
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

// Publish builds a new output and puts it in place of the folder dir
// only when the build succeeded: build writes into a fresh temporary
// folder beside dir (.<dir>.new-*), through the DirOutput it is given.
// When build fails or is stopped, dir is left exactly as it was and the
// temporary folder is removed.
//
// A first build, or one after a build that did not finish publishing, is
// swapped in whole (atomically where the system can exchange two folders).
// After that Publish writes only what changed: it keeps a list of the
// published files with their digests beside dir (.<dir>.manifest); a file
// whose bytes the published folder already holds (same digest, and on
// disk the same size and modification time as published) is not written,
// the changed and new files are renamed into dir one by one, and files
// the build no longer makes are removed, with the folders they leave
// empty. Renames go in an order that keeps every page whole for a reader:
// first the files pages refer to, then the pages, feeds and service
// worker, the search index's meta.json (which tells servers to open the
// new index) last; removals come after all of them. The list is removed
// before the first rename and written again after the last, so a publish
// that is killed midway makes the next build a whole swap.
//
// Publish never waits for an old build to be deleted, which at tens of
// thousands of pages takes as long as a build: a replaced output is
// renamed aside (.<dir>.old-*) and removed in the background. Folders
// earlier builds left beside dir (an old output whose process ended before
// it was removed, the temporary folder of a killed build) are renamed to
// .<dir>.old-* and removed in the background too, while build runs. A
// process that ends meanwhile leaves the rest to the next build; a command
// that calls WaitStaleRemoved before it ends leaves at most one old output
// (the one it replaced) beside dir. WaitRemoved waits for every removal.
// One build at a time may publish into dir.
func Publish(dir string, build func(out DirOutput) error) error {
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
	pub := &tracker{dest: dir, prev: readManifest(dir), files: map[string]tracked{}}
	out := NewDirOutput(tmp)
	out.pub = pub
	if err := build(out); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := pub.walkFolders(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := removeManifest(dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if pub.prev != nil {
		if err := pub.publishChanges(tmp); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("putting the new build in place: %w", err)
		}
		removeInBackground(&replaced, tmp) // what is left: folders, and files dir holds already
		writeManifest(dir, pub.states())
		return nil
	}
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		if err := os.Rename(tmp, dir); err != nil {
			return err
		}
		writeManifest(dir, pub.states())
		return nil
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
	writeManifest(dir, pub.states())
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
