package generator

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// beneathDir is the content FS on Linux. Every path is opened with
// openat2(2) relative to the folder, with RESOLVE_BENEATH (never above
// the folder) and RESOLVE_NO_SYMLINKS (no link at any component, the last
// one included): one system call that the kernel checks whole, where the
// portable rootContent needs an Lstat of each component and then a walk
// of them again. Loading 10,000 cards made 220,000 more system calls that
// way.
type beneathDir struct {
	dir  string
	root *os.File // the folder, open for as long as the FS is used
	fd   int
}

const beneathResolve = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS

// openBeneath opens dir as a beneathDir; it reports false when it cannot
// (the kernel is older than 5.6, or a sandbox forbids openat2) or when dir
// cannot be opened (rootContent then reports the error for each path).
func openBeneath(dir string) (fs.FS, bool) {
	root, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	c := beneathDir{dir: dir, root: root, fd: int(root.Fd())}
	fd, err := c.openat("open", ".", unix.O_PATH)
	if err != nil {
		root.Close()
		return nil, false
	}
	unix.Close(fd)
	return c, true
}

// Root is the folder on disk.
func (c beneathDir) Root() string { return c.dir }

// openat opens name beneath the folder with flags.
func (c beneathDir) openat(op, name string, flags uint64) (int, error) {
	if !fs.ValidPath(name) {
		return -1, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	how := &unix.OpenHow{Flags: flags | unix.O_CLOEXEC, Resolve: beneathResolve}
	for {
		fd, err := unix.Openat2(c.fd, name, how)
		switch {
		case err == nil:
			return fd, nil
		case err == unix.EINTR || err == unix.EAGAIN: // EAGAIN: a rename raced the lookup
			continue
		case err == unix.ELOOP:
			err = ErrSymlink
		}
		return -1, &fs.PathError{Op: op, Path: name, Err: err}
	}
}

// file opens name as an *os.File with flags.
func (c beneathDir) file(op, name string, flags uint64) (*os.File, error) {
	fd, err := c.openat(op, name, flags)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path.Join(c.dir, name)), nil
}

// Open opens a file or a folder. O_NONBLOCK: opening a pipe does not wait
// for a writer; it is then refused.
func (c beneathDir) Open(name string) (fs.File, error) {
	f, err := c.file("open", name, unix.O_RDONLY|unix.O_NONBLOCK)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: name, Err: ErrSpecialFile}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Lstat describes name itself: with O_PATH and O_NOFOLLOW, openat2 opens a
// link at the last component rather than refusing it.
func (c beneathDir) Lstat(name string) (fs.FileInfo, error) {
	f, err := c.file("lstat", name, unix.O_PATH|unix.O_NOFOLLOW)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

func (c beneathDir) Stat(name string) (fs.FileInfo, error) {
	st, err := c.Lstat(name)
	switch {
	case err != nil:
		return nil, err
	case st.Mode()&fs.ModeSymlink != 0:
		return nil, &fs.PathError{Op: "stat", Path: name, Err: ErrSymlink}
	case !st.IsDir() && !st.Mode().IsRegular():
		return nil, &fs.PathError{Op: "stat", Path: name, Err: ErrSpecialFile}
	}
	return st, nil
}

func (c beneathDir) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := c.file("readdir", name, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// ReadLink is there for fs.ReadLinkFS, whose Lstat Load uses; the content
// FS itself never follows a link.
func (c beneathDir) ReadLink(name string) (string, error) {
	fd, err := c.openat("readlink", name, unix.O_PATH|unix.O_NOFOLLOW)
	if err != nil {
		return "", err
	}
	defer unix.Close(fd)
	buf := make([]byte, 4096)
	n, err := unix.Readlinkat(fd, "", buf)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(buf[:n]), nil
}

var (
	_ fs.ReadLinkFS = beneathDir{}
	_ fs.ReadDirFS  = beneathDir{}
	_ fs.StatFS     = beneathDir{}
)
