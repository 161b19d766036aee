package generator

import (
	"errors"
	"io"
	"io/fs"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"tietopankki/i18n"
)

// What the build refuses to read or publish, whoever wrote it: the content
// folder comes in through pull requests that people who do not read the
// files merge.

// Size caps, checked before a file is read. A card longer than a megabyte
// is a mistake (a pasted log, a file saved in the wrong format) and would
// cost seconds of every rebuild; an attachment larger than ten megabytes
// belongs in the organisation's document store, linked from the card.
const (
	MaxTextSize       = 1 << 20  // a Markdown or YAML file, bytes
	MaxAttachmentSize = 10 << 20 // an attachment, bytes
)

// errRefused is returned for a file that was refused and reported.
var errRefused = errors.New("refused")

// atFile is the position of a finding about a whole file.
func atFile(file string) Pos { return Pos{File: file, Line: 1, Col: 1} }

// refuseNonFile reports a path that is a symbolic link or a special file
// (pipe, socket, device) and returns true; it returns false for a plain
// file or folder.
func refuseNonFile(file string, mode fs.FileMode, d *diags) bool {
	switch {
	case mode&fs.ModeSymlink != 0:
		d.error(atFile(file), "symlink", i18n.M("diag.symlink"), i18n.M("diag.symlink.hint"))
	case !mode.IsRegular() && !mode.IsDir():
		d.error(atFile(file), "special-file", i18n.M("diag.special-file"), i18n.M("diag.special-file.hint"))
	default:
		return false
	}
	return true
}

// statPlain describes a content file without following it (Lstat, not
// Stat). A symbolic link or special file, or a path through a linked
// folder, it reports, and returns errRefused; other errors (fs.ErrNotExist)
// are returned unreported, for the caller.
func statPlain(fsys fs.FS, file string, d *diags) (fs.FileInfo, error) {
	st, err := fs.Lstat(fsys, file)
	switch {
	case errors.Is(err, ErrSymlink): // a folder on the way is a link
		refuseNonFile(file, fs.ModeSymlink, d)
		return nil, errRefused
	case err != nil:
		return nil, err
	case refuseNonFile(file, st.Mode(), d):
		return nil, errRefused
	}
	return st, nil
}

// readText reads a Markdown or YAML file of the content folder: a plain
// file (statPlain), at most MaxTextSize bytes (checked before reading, so
// a huge file costs nothing), in UTF-8. What it refuses it reports, and
// returns errRefused; other errors are returned unreported.
func readText(fsys fs.FS, file string, d *diags) ([]byte, error) {
	st, err := statPlain(fsys, file, d)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxTextSize {
		refuseSize(file, st.Size(), MaxTextSize, "diag.too-large.text.hint", d)
		return nil, errRefused
	}
	data, err := readAtMost(fsys, file, MaxTextSize)
	if err != nil {
		return nil, err
	}
	if len(data) > MaxTextSize { // it grew after Lstat
		refuseSize(file, int64(len(data)), MaxTextSize, "diag.too-large.text.hint", d)
		return nil, errRefused
	}
	if !utf8.Valid(data) {
		d.error(invalidUTF8(file, data), "bad-encoding", i18n.M("diag.bad-encoding"), i18n.M("diag.bad-encoding.hint"))
		return nil, errRefused
	}
	return data, nil
}

// readAtMost reads a file, stopping one byte after limit bytes.
func readAtMost(fsys fs.FS, file string, limit int64) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// refuseSize reports a file over its size cap, in kilobytes.
func refuseSize(file string, size, limit int64, hint string, d *diags) {
	d.error(atFile(file), "too-large", i18n.M("diag.too-large", (size+1023)/1024, limit/1024), i18n.M(hint))
}

// invalidUTF8 is the position of the first byte of data that is not UTF-8.
func invalidUTF8(file string, data []byte) Pos {
	off := 0
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		off += size
	}
	return posAt(file, data, off)
}

// unsafeSchemes are the address schemes a card may not link to: they run
// script (javascript:, vbscript:), carry a whole document or picture past
// every check of the build (data:), or point into the reader's own
// computer (file:). goldmark would render them as href="" and
// html/template as "#ZgotmplZ": a broken link nobody is told about.
var unsafeSchemes = map[string]bool{"javascript": true, "vbscript": true, "data": true, "file": true}

// unsafeScheme returns the scheme of dest if it is one of unsafeSchemes, as
// a browser would read it: after goldmark's decoding of backslash escapes
// and character references (&#x6A;avascript:), without the tabs, line
// breaks and other control characters that browsers drop from addresses
// (java\tscript:), in any case. It returns "" for every other address.
func unsafeScheme(dest string) string {
	b := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(dest))))
	scheme := make([]byte, 0, 16)
	for _, c := range b {
		switch {
		case c <= ' ' || c == 0x7f:
			continue
		case c == ':':
			if s := string(scheme); unsafeSchemes[s] {
				return s
			}
			return ""
		case c == '/' || c == '?' || c == '#' || len(scheme) == cap(scheme):
			return "" // a path, or no scheme we refuse
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		scheme = append(scheme, c)
	}
	return ""
}

// refuseUnsafeLink reports a link or image of a body whose address has an
// unsafe scheme.
func (st *docState) refuseUnsafeLink(l Link) {
	scheme := unsafeScheme(l.Dest)
	if scheme == "" {
		return
	}
	key := "diag.unsafe-link"
	if l.Image {
		key += ".image"
	}
	st.d.error(l.Pos, "unsafe-link", i18n.M(key, l.Dest, scheme), i18n.M(key+".hint"))
}

// refuseUnsafeToolLink reports a tool's `link` with an unsafe scheme, at
// the value.
func refuseUnsafeToolLink(t *Tool, data []byte, d *diags) {
	scheme := unsafeScheme(t.Link)
	if scheme == "" {
		return
	}
	pos := t.Pos
	if v, ok := FrontMatterValue(t.File, data, "link"); ok {
		pos = v.Pos
	}
	d.error(pos, "unsafe-link", i18n.M("diag.unsafe-link.tool", t.Link, scheme), i18n.M("diag.unsafe-link.tool.hint"))
}
