package generator

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Content returns the content folder dir as an fs.FS that never follows a
// symbolic link and never reads outside dir: a path that leaves the folder
// or that is, or passes through, a link at any of its components is
// refused (ErrSymlink), even a link that stays inside the folder; so is a
// special file (ErrSpecialFile), which could block a read. The FS also
// knows its place on disk, so that LoadSite can read the folder's git
// history. Load reports each link it meets as a content error (rule
// "symlink"); the refusal here is the second wall.
//
// On Linux every path is opened with one openat2 system call that the
// kernel resolves beneath dir without following links (see
// contentfs_linux.go). Elsewhere, and on kernels before 5.6, paths are
// opened through an os.Root, which refuses to leave dir, after an Lstat of
// each component (rootContent).
func Content(dir string) fs.FS {
	if fsys, ok := openBeneath(dir); ok {
		return fsys
	}
	return rootContent(dir)
}

// rootContent is the content FS through an os.Root.
func rootContent(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	return contentDir{root: root, err: err, dir: dir}
}

// ErrSymlink is the error of the content FS for a path that is, or passes
// through, a symbolic link.
var ErrSymlink = errors.New("symbolic links are not followed in the content folder")

// ErrSpecialFile is the error of the content FS for a pipe, a socket or a
// device.
var ErrSpecialFile = errors.New("not a regular file")

// contentDir is the content FS through an os.Root (rootContent).
type contentDir struct {
	root *os.Root
	err  error // from os.OpenRoot: every operation fails with it
	dir  string
}

// Root is the folder on disk.
func (c contentDir) Root() string { return c.dir }

// check refuses an invalid name and one that passes through a symbolic
// link; with last it also refuses a name that is a link, or a special file
// (a pipe or a device, which could block a read or never end).
func (c contentDir) check(op, name string, last bool) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if c.err != nil {
		return &fs.PathError{Op: op, Path: name, Err: c.err}
	}
	if name == "." {
		return nil
	}
	for i := 0; ; {
		j := strings.IndexByte(name[i:], '/')
		if j < 0 && !last {
			return nil
		}
		prefix := name
		if j >= 0 {
			prefix = name[:i+j]
		}
		st, err := c.root.Lstat(prefix)
		if err != nil {
			return &fs.PathError{Op: op, Path: name, Err: unwrapPath(err)}
		}
		switch mode := st.Mode(); {
		case mode&fs.ModeSymlink != 0:
			return &fs.PathError{Op: op, Path: name, Err: ErrSymlink}
		case !mode.IsDir() && !mode.IsRegular():
			return &fs.PathError{Op: op, Path: name, Err: ErrSpecialFile}
		}
		if j < 0 {
			return nil
		}
		i += j + 1
	}
}

// unwrapPath returns the error inside a *fs.PathError, so that the content
// FS's errors name the path the caller gave.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

func (c contentDir) Open(name string) (fs.File, error) {
	if err := c.check("open", name, true); err != nil {
		return nil, err
	}
	f, err := c.root.Open(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (c contentDir) ReadFile(name string) ([]byte, error) {
	if err := c.check("readfile", name, true); err != nil {
		return nil, err
	}
	return c.root.ReadFile(name)
}

func (c contentDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := c.check("readdir", name, true); err != nil {
		return nil, err
	}
	return fs.ReadDir(c.root.FS(), name)
}

func (c contentDir) Stat(name string) (fs.FileInfo, error) {
	if err := c.check("stat", name, true); err != nil {
		return nil, err
	}
	return c.root.Stat(name)
}

// Lstat describes name itself, a link included; the folders on the way
// must not be links.
func (c contentDir) Lstat(name string) (fs.FileInfo, error) {
	if err := c.check("lstat", name, false); err != nil {
		return nil, err
	}
	return c.root.Lstat(name)
}

// ReadLink is there for fs.ReadLinkFS, whose Lstat Load uses; the content
// FS itself never follows a link.
func (c contentDir) ReadLink(name string) (string, error) {
	if err := c.check("readlink", name, false); err != nil {
		return "", err
	}
	return c.root.Readlink(name)
}

var _ fs.ReadLinkFS = contentDir{}
var _ fs.ReadDirFS = contentDir{}
var _ fs.ReadFileFS = contentDir{}
var _ fs.StatFS = contentDir{}
