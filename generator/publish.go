package generator

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// This file is the part of Publish that writes only what changed: the
// list of published files (the manifest) and the renames and removals
// that bring the published folder up to date.

// digest is the first half of a file's SHA-256.
type digest [16]byte

func digestOf(data []byte) digest {
	sum := sha256.Sum256(data)
	return digest(sum[:16])
}

// fileState is what the manifest says of one published file: its digest,
// and its size and modification time on disk, which tell whether the
// file was changed after it was published.
type fileState struct {
	Sum   digest
	Size  int64
	MTime int64 // Unix nanoseconds
}

type tracked struct {
	fileState
	staged bool // written into the temporary folder: to be renamed into place
}

// tracker records the files of a build that Publish runs.
type tracker struct {
	dest    string               // the published folder
	prev    map[string]fileState // its manifest; nil: the new build is swapped in whole
	mu      sync.Mutex
	files   map[string]tracked // slash-separated path -> state
	folders []string           // DirOutput.Folder's folders, walked for their files
}

// unchanged says whether dest holds rel with this digest and size, as
// published; if so, it records rel as published already.
func (t *tracker) unchanged(rel string, sum digest, size int64) bool {
	if t.prev == nil {
		return false
	}
	st, ok := t.prev[rel]
	if !ok || st.Sum != sum || st.Size != size {
		return false
	}
	info, err := os.Lstat(filepath.Join(t.dest, filepath.FromSlash(rel)))
	if err != nil || !info.Mode().IsRegular() || info.Size() != st.Size || info.ModTime().UnixNano() != st.MTime {
		return false
	}
	t.record(rel, st, false)
	return true
}

func (t *tracker) record(rel string, st fileState, staged bool) {
	t.mu.Lock()
	t.files[rel] = tracked{st, staged}
	t.mu.Unlock()
}

// writeFileStat writes a file like os.WriteFile and returns its size and
// modification time.
func writeFileStat(name string, data []byte) (fileState, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fileState{}, err
	}
	_, err = f.Write(data)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err != nil {
		return fileState{}, err
	}
	return fileState{Size: info.Size(), MTime: info.ModTime().UnixNano()}, nil
}

// walkFolders records the files written directly into the folders of
// DirOutput.Folder (under root, the temporary folder), reading each for
// its digest.
func (t *tracker) walkFolders(root string) error {
	slices.Sort(t.folders)
	t.folders = slices.Compact(t.folders)
	for i, dir := range t.folders {
		if i > 0 && strings.HasPrefix(dir, t.folders[i-1]+string(filepath.Separator)) {
			continue // walked with the folder above it
		}
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			if !e.Type().IsRegular() {
				return fmt.Errorf("%s: not a regular file", p)
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if _, ok := t.files[rel]; ok {
				return nil
			}
			return t.recordFile(rel, p)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *tracker) recordFile(rel, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	info, err := f.Stat()
	if err != nil {
		return err
	}
	var sum digest
	copy(sum[:], h.Sum(nil))
	if !t.unchanged(rel, sum, info.Size()) {
		t.record(rel, fileState{Sum: sum, Size: info.Size(), MTime: info.ModTime().UnixNano()}, true)
	}
	return nil
}

// publishOrder ranks a path for the renames into the published folder:
// files that others refer to go first, the files that refer to them after,
// and the search index's meta.json, whose change makes servers open the
// new index, last.
func publishOrder(rel string) int {
	switch name := path.Base(rel); {
	case rel == ShellDir+"/index/meta.json":
		return 3
	case name == "root.bolt", name == "entry.json", name == "sw.js":
		return 2
	case strings.HasSuffix(name, ".html"), strings.HasSuffix(name, ".xml"):
		return 1
	}
	return 0
}

// publishChanges renames the staged files from tmp into the published
// folder, then removes the published files the build no longer made and
// the folders they leave empty.
func (t *tracker) publishChanges(tmp string) error {
	var staged []string
	for rel, f := range t.files {
		if f.staged {
			staged = append(staged, rel)
		}
	}
	slices.SortFunc(staged, func(a, b string) int {
		if d := publishOrder(a) - publishOrder(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, rel := range staged {
		from := filepath.Join(tmp, filepath.FromSlash(rel))
		to := filepath.Join(t.dest, filepath.FromSlash(rel))
		err := os.Rename(from, to)
		if errors.Is(err, fs.ErrNotExist) {
			if err = os.MkdirAll(filepath.Dir(to), 0o755); err == nil {
				err = os.Rename(from, to)
			}
		}
		if err != nil {
			return err
		}
	}
	var gone []string
	for rel := range t.prev {
		if _, ok := t.files[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	emptied := map[string]bool{}
	for _, rel := range gone {
		if err := os.Remove(filepath.Join(t.dest, filepath.FromSlash(rel))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			emptied[d] = true
		}
	}
	// Deepest first; a folder that still holds something stays.
	dirs := slices.Collect(maps.Keys(emptied))
	slices.SortFunc(dirs, func(a, b string) int {
		if d := strings.Count(b, "/") - strings.Count(a, "/"); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, d := range dirs {
		os.Remove(filepath.Join(t.dest, filepath.FromSlash(d)))
	}
	return nil
}

// states returns the manifest of the published folder.
func (t *tracker) states() map[string]fileState {
	m := make(map[string]fileState, len(t.files))
	for rel, f := range t.files {
		m[rel] = f.fileState
	}
	return m
}

// The manifest is a text file beside the published folder: a header line,
// then one line per file, sorted by path:
//
//	<digest, hex> <size> <modification time, Unix ns> <path>
const manifestHeader = "tietopankki publish manifest 1"

func manifestPath(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".manifest")
}

// readManifest returns the manifest of the published folder dir, or nil
// when there is none to trust: no folder, no manifest or a broken one.
func readManifest(dir string) map[string]fileState {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil
	}
	data, err := os.ReadFile(manifestPath(dir))
	if err != nil {
		return nil
	}
	header, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(header) != manifestHeader {
		return nil
	}
	m := map[string]fileState{}
	for len(rest) > 0 {
		var line []byte
		line, rest, ok = bytes.Cut(rest, []byte("\n"))
		if !ok {
			return nil // cut short
		}
		fields := strings.SplitN(string(line), " ", 4)
		if len(fields) != 4 {
			return nil
		}
		var st fileState
		sum, err1 := hex.DecodeString(fields[0])
		size, err2 := strconv.ParseInt(fields[1], 10, 64)
		mtime, err3 := strconv.ParseInt(fields[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || len(sum) != len(st.Sum) || !fs.ValidPath(fields[3]) {
			return nil
		}
		copy(st.Sum[:], sum)
		st.Size, st.MTime = size, mtime
		m[fields[3]] = st
	}
	return m
}

// writeManifest writes the manifest of dir, through a temporary file
// renamed into place. When it cannot, there is no manifest and the next
// build is swapped in whole.
func writeManifest(dir string, files map[string]fileState) {
	name := manifestPath(dir)
	paths := slices.Sorted(maps.Keys(files))
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return
	}
	w := bufio.NewWriterSize(f, 1<<16)
	fmt.Fprintln(w, manifestHeader)
	for _, p := range paths {
		if strings.ContainsAny(p, "\n") {
			f.Close()
			os.Remove(tmp)
			return
		}
		st := files[p]
		fmt.Fprintf(w, "%x %d %d %s\n", st.Sum[:], st.Size, st.MTime, p)
	}
	err = w.Flush()
	if err1 := f.Close(); err == nil {
		err = err1
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
}

// removeManifest removes the manifest of dir before its files change.
func removeManifest(dir string) error {
	if err := os.Remove(manifestPath(dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
