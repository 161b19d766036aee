package devserver

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"tietopankki/generator"
)

// Debounce is how long the watcher waits after the last file event before
// it rebuilds: an editor's save (write to a temporary file, rename, chmod)
// arrives as several events within a few milliseconds.
const Debounce = 20 * time.Millisecond

// Watch watches the content folder and the theme folder (recursively,
// following created and removed folders) and calls Changed with each
// debounced batch of files until ctx ends.
func (s *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	roots := []string{s.ContentDir}
	if s.ThemeDir != "" {
		roots = append(roots, s.ThemeDir)
	}
	for _, r := range roots {
		if err := addTree(w, r, nil); err != nil {
			return err
		}
	}
	s.readyOnce.Do(func() { close(s.ready) })
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			s.logln(s.Messages.T("cli.serve.watch-error", err))
		case ev := <-w.Events:
			if generator.Ignored(filepath.Base(ev.Name)) {
				continue
			}
			pending[ev.Name] = true
			if ev.Has(fsnotify.Create) {
				// Lstat: a link to a folder is a file to report, not a folder to watch.
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					// A new folder (also one moved in): watch it and take its files.
					addTree(w, ev.Name, func(f string) { pending[f] = true })
				}
			}
			timer.Reset(Debounce)
		case <-timer.C:
			files := make([]string, 0, len(pending))
			for f := range pending {
				files = append(files, s.expand(f)...)
			}
			clear(pending)
			s.Changed(files)
			if held := s.Held(); len(held) > 0 {
				// An editor emptied a file and has not written it yet.
				for _, f := range held {
					pending[f] = true
				}
				timer.Reset(Debounce)
			}
		}
	}
}

// Ready is closed once Watch watches every folder: a change made after
// that reaches Changed. (Tests wait for it before they change files.)
func (s *Server) Ready() <-chan struct{} { return s.ready }

// expand turns a removed or renamed folder into the content files that
// were in it, so that each is taken out of the site.
func (s *Server) expand(f string) []string {
	if _, err := os.Stat(f); err == nil {
		return []string{f}
	}
	st := s.current()
	if st.site == nil {
		return []string{f}
	}
	rel, err := filepath.Rel(s.ContentDir, f)
	if err != nil {
		return []string{f}
	}
	prefix := filepath.ToSlash(rel) + "/"
	out := []string{f}
	for _, known := range st.site.ContentFiles() {
		if len(known) > len(prefix) && known[:len(prefix)] == prefix {
			out = append(out, filepath.Join(s.ContentDir, filepath.FromSlash(known)))
		}
	}
	return out
}

// addTree watches dir and every folder below it, calling each for files.
// It never follows a symbolic link (not even dir itself, when it is one):
// a link is passed to each like a file, and the build reports it.
func addTree(w *fsnotify.Watcher, dir string, each func(string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished meanwhile
		}
		if p != dir && generator.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() { // false for a link to a folder: WalkDir uses Lstat
			return w.Add(p)
		}
		if each != nil {
			each(p)
		}
		return nil
	})
}
