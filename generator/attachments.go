package generator

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"tietopankki/i18n"
)

// An attachment is any file of the content folder that is not Markdown or
// one of the YAML files: a card's screenshot, a PDF form. Only the types of
// attachmentTypes are published, only when their content is what their
// name says, and only when a published page links to them.

// attachmentType is one kind of file that may be attached.
type attachmentType struct {
	mediaType string
	// is reports whether the file's first bytes (up to sniffLen) are of this
	// type; nil for SVG, which is parsed whole (checkSVG).
	is func(head []byte) bool
}

// sniffLen is how much of a file the signature checks read.
const sniffLen = 512

var attachmentTypes = map[string]attachmentType{
	".png":  {"image/png", hasPrefix("\x89PNG\r\n\x1a\n")},
	".jpg":  {"image/jpeg", hasPrefix("\xff\xd8\xff")},
	".jpeg": {"image/jpeg", hasPrefix("\xff\xd8\xff")},
	".gif":  {"image/gif", hasPrefix("GIF87a", "GIF89a")},
	".webp": {"image/webp", isWebP},
	".avif": {"image/avif", isAVIF},
	".pdf":  {"application/pdf", hasPrefix("%PDF-")},
	".svg":  {"image/svg+xml", nil},
}

// AttachmentTypes returns the file name extensions an attachment may have
// (".png", lowercase, with the dot) and the media type each is served as.
// The servers and netlify.toml use it; the map is the caller's own copy.
func AttachmentTypes() map[string]string {
	out := make(map[string]string, len(attachmentTypes))
	for ext, t := range attachmentTypes {
		out[ext] = t.mediaType
	}
	return out
}

// AttachmentType returns the media type of an attachment by its file name,
// and false when files of that name are never published. The extension is
// matched in any case (KUVA.PNG is a PNG).
func AttachmentType(name string) (string, bool) {
	t, ok := attachmentTypes[strings.ToLower(path.Ext(name))]
	return t.mediaType, ok
}

func hasPrefix(sigs ...string) func([]byte) bool {
	return func(head []byte) bool {
		return slices.ContainsFunc(sigs, func(s string) bool { return bytes.HasPrefix(head, []byte(s)) })
	}
}

// isWebP: a RIFF container of the WEBP form.
func isWebP(head []byte) bool {
	return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP"
}

// isAVIF: an ISO media file whose ftyp box names the AVIF brand (avif, or
// avis for a sequence) as its major or a compatible brand.
func isAVIF(head []byte) bool {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return false
	}
	size := min(int(binary.BigEndian.Uint32(head)), len(head))
	for i := 8; i+4 <= size; i += 4 {
		if i == 12 {
			continue // the minor version
		}
		if b := string(head[i : i+4]); b == "avif" || b == "avis" {
			return true
		}
	}
	return false
}

// checkAttachment checks one attachment and reports why it cannot be
// published: a link or special file, a type outside the allow-list, a size
// over MaxAttachmentSize, content that is not what the name says, or an SVG
// that could run script or load something (checkSVG). It reads at most the
// first sniffLen bytes, or the whole file for an SVG.
func checkAttachment(fsys fs.FS, file string, d *diags) bool {
	refuseRead := func(err error) bool {
		if err != errRefused {
			d.error(atFile(file), "read", i18n.M("diag.read", err), i18n.M("diag.read.hint"))
		}
		return false
	}
	st, err := statPlain(fsys, file, d)
	if err != nil {
		return refuseRead(err)
	}
	ext := strings.ToLower(path.Ext(file))
	typ, ok := attachmentTypes[ext]
	if !ok {
		d.error(atFile(file), "attachment-type", i18n.M("diag.attachment-type", path.Base(file)), i18n.M("diag.attachment-type.hint"))
		return false
	}
	if st.Size() > MaxAttachmentSize {
		refuseSize(file, st.Size(), MaxAttachmentSize, "diag.too-large.attachment.hint", d)
		return false
	}
	if typ.is == nil {
		data, err := readAtMost(fsys, file, MaxAttachmentSize)
		if err != nil {
			return refuseRead(err)
		}
		return checkSVG(file, data, d)
	}
	head, err := readAtMost(fsys, file, sniffLen)
	if err != nil {
		return refuseRead(err)
	}
	if !typ.is(head) {
		d.error(atFile(file), "attachment-content", i18n.M("diag.attachment-content", path.Base(file), strings.ToUpper(ext[1:])), i18n.M("diag.attachment-content.hint"))
		return false
	}
	return true
}

// publishAttachments decides which attachments are published (Site.Files):
// those that a published page links to, outside the folders of drafts.
// An attachment that no page links to is not published: unused files would
// otherwise reach the site unseen, and a file nobody links to is forgotten
// there. It is reported when warn says so (Load: every such file; Apply:
// the changed ones). The files of drafts (in a draft's folder, or linked
// only by drafts) wait for the draft in DraftFiles, unreported; a preview
// publishes them too.
func (s *Site) publishAttachments(d *diags, warn func(file string) bool) {
	linked := map[string]bool{}
	s.eachDoc(func(doc *Doc) {
		for _, l := range doc.Links {
			if !l.External && l.Target != "" {
				linked[strings.TrimPrefix(l.Target, "/")] = true
			}
		}
	})
	drafts := map[string]bool{}
	var draftDirs []string
	for _, c := range s.Drafts {
		draftDirs = append(draftDirs, strings.TrimSuffix(c.File, ".md")+"/")
		for _, l := range c.Links {
			drafts[strings.TrimPrefix(l.Target, "/")] = true
		}
	}
	inDraftDir := func(f string) bool {
		return slices.ContainsFunc(draftDirs, func(dir string) bool { return strings.HasPrefix(f, dir) })
	}
	slices.Sort(s.attachments)
	s.Files, s.DraftFiles = s.Files[:0:0], s.DraftFiles[:0:0]
	for _, f := range s.attachments {
		switch {
		case inDraftDir(f) || drafts[f] && !linked[f]:
			s.DraftFiles = append(s.DraftFiles, f)
		case linked[f]:
			s.Files = append(s.Files, f)
		case warn(f):
			d.warn(atFile(f), "unlinked-file", i18n.M("diag.unlinked-file", path.Base(f)), i18n.M("diag.unlinked-file.hint"))
		}
	}
}

// served are the attachments a build copies: Files, and in Preview the
// drafts' files too, sorted.
func (s *Site) served() []string {
	if !s.Preview {
		return s.Files
	}
	return slices.Sorted(slices.Values(slices.Concat(s.Files, s.DraftFiles)))
}

// changedAttachments lists the published files to copy after a change (new
// to the site, or changed) and those to take out (no longer published).
func changedAttachments(old, now []string, changed map[string]bool) (cp, gone []string) {
	for _, f := range now {
		if _, was := slices.BinarySearch(old, f); !was || changed[f] {
			cp = append(cp, f)
		}
	}
	for _, f := range old {
		if _, is := slices.BinarySearch(now, f); !is {
			gone = append(gone, f)
		}
	}
	return cp, gone
}

// setAttachment records the result of checkAttachment for a file that
// exists, and forgets a file that does not.
func (s *Site) setAttachment(file string, exists, ok bool) {
	i, found := slices.BinarySearch(s.attachments, file)
	switch {
	case exists && ok && !found:
		s.attachments = slices.Insert(s.attachments, i, file)
	case (!exists || !ok) && found:
		s.attachments = slices.Delete(s.attachments, i, i+1)
	}
	if s.refused == nil {
		s.refused = map[string]bool{}
	}
	if exists && !ok {
		s.refused[file] = true
	} else {
		delete(s.refused, file)
	}
}

// cloneAttachments gives c its own copies of s's attachment lists.
func (s *Site) cloneAttachments(c *Site) {
	c.attachments = slices.Clone(s.attachments)
	c.refused = maps.Clone(s.refused)
}

// --- SVG -------------------------------------------------------------------

// Namespaces whose elements are a web page inside a picture: in an SVG file
// a browser runs an XHTML <script> and loads an XHTML <iframe>.
const (
	nsXHTML  = "http://www.w3.org/1999/xhtml"
	nsMathML = "http://www.w3.org/1998/Math/MathML"
)

// svgScriptElements run or load something whatever their namespace. Names
// are compared in lowercase: XML is case-sensitive, but the check should
// not depend on a browser's leniency.
var svgScriptElements = map[string]bool{
	"script": true, "handler": true, "listener": true, "iframe": true, "frame": true,
	"embed": true, "object": true, "applet": true, "base": true, "link": true, "meta": true,
}

// svgReferenceAttrs name a resource: in a picture they may only point into
// the picture itself (#id) or carry an inline raster image (data:image/png).
var svgReferenceAttrs = map[string]bool{"href": true, "src": true, "data": true, "action": true, "formaction": true}

// svgInlineImages are the data: addresses an SVG may embed: raster
// pictures, which cannot run script (Inkscape embeds pictures this way).
var svgInlineImages = []string{"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp", "data:image/avif"}

// checkSVG parses an SVG file with encoding/xml and refuses it, reporting
// the first problem at its element, when it could run script or load
// anything when opened from the site: a script-like element (svgScriptElements, in any namespace), a
// foreignObject or an XHTML or MathML element, an event handler attribute
// (on...), a reference (href, xlink:href, src, ...) to anything but a
// fragment of the picture itself (#id) or an inline raster image, a
// url(...) in a style or attribute to anything but #id, a CSS @import,
// expression() or escape (\), a javascript: or vbscript: address anywhere,
// a DOCTYPE with its own entity declarations, a processing instruction
// other than the XML declaration (xml-stylesheet runs XSLT), or XML that is
// not well-formed (a browser shows what comes before the error). The root
// element must be <svg>.
func checkSVG(file string, data []byte, d *diags) bool {
	refuse := func(off int64, variant string, args ...any) bool {
		hint := "diag.unsafe-svg.hint"
		if variant == "xml" {
			hint = "diag.unsafe-svg.xml.hint"
		}
		d.error(posAt(file, data, int(off)), "unsafe-svg", i18n.M("diag.unsafe-svg."+variant, args...), i18n.M(hint))
		return false
	}
	notSVG := func() bool {
		d.error(atFile(file), "attachment-content", i18n.M("diag.attachment-content", path.Base(file), "SVG"), i18n.M("diag.attachment-content.hint"))
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	root := true
	var style []byte // the text of a <style> element being read
	inStyle, styleOff := 0, int64(0)
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return refuse(off, "xml") // at the start of the token that is wrong
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				return refuse(off, "declaration", "<?"+t.Target+"?>")
			}
		case xml.Directive:
			if !bytes.HasPrefix(t, []byte("DOCTYPE")) || bytes.ContainsRune(t, '[') {
				return refuse(off, "declaration", "<!"+firstWord(t)+">")
			}
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			switch {
			case root && name != "svg":
				return notSVG()
			case svgScriptElements[name]:
				return refuse(off, "script", t.Name.Local)
			case name == "foreignobject" || t.Name.Space == nsXHTML || t.Name.Space == nsMathML:
				return refuse(off, "foreign", t.Name.Local)
			}
			root = false
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue // a namespace declaration
				}
				attr := strings.ToLower(a.Name.Local)
				value := squeeze(a.Value)
				switch {
				case strings.HasPrefix(attr, "on"):
					return refuse(off, "handler", t.Name.Local, a.Name.Local)
				case hasScriptScheme(value):
					return refuse(off, "javascript", t.Name.Local)
				case svgReferenceAttrs[attr] && !svgLocalRef(value):
					return refuse(off, "external", a.Value)
				case attr == "attributename" && (strings.HasPrefix(value, "on") || svgReferenceAttrs[strings.TrimPrefix(value, "xlink:")]):
					return refuse(off, "handler", t.Name.Local, a.Value) // animating a handler or a reference
				}
				if bad := badCSS(value, attr == "style"); bad != "" {
					return refuse(off, "style", bad)
				}
			}
			if name == "style" {
				inStyle++
				styleOff = off
			}
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "style") && inStyle > 0 {
				inStyle--
				if bad := badCSS(squeeze(string(style)), true); bad != "" {
					return refuse(styleOff, "style", bad)
				}
				style = style[:0]
			}
		case xml.CharData:
			if inStyle > 0 {
				style = append(style, t...)
			}
		}
	}
	if root {
		return notSVG()
	}
	return true
}

// squeeze lowercases s and drops whitespace and control characters, as
// browsers drop them from addresses ("java\tscript:") and as CSS allows
// them between a function's name and its parenthesis.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// hasScriptScheme reports whether a squeezed value holds a javascript: or
// vbscript: address anywhere (in href, in an animation's values, in CSS).
func hasScriptScheme(v string) bool {
	return strings.Contains(v, "javascript:") || strings.Contains(v, "vbscript:")
}

// svgLocalRef reports whether a squeezed reference stays inside the
// picture: empty, a #fragment, or an inline raster image.
func svgLocalRef(v string) bool {
	return v == "" || strings.HasPrefix(v, "#") ||
		slices.ContainsFunc(svgInlineImages, func(p string) bool { return strings.HasPrefix(v, p+";") || strings.HasPrefix(v, p+",") })
}

// badCSS returns what a squeezed attribute value or, with sheet, style
// sheet does that a picture may not: load something (url() to anything
// but #id, @import), run something (expression()), or hide either behind
// a CSS escape (\).
func badCSS(v string, sheet bool) string {
	switch {
	case !sheet:
	case strings.Contains(v, "@import"):
		return "@import"
	case strings.Contains(v, "expression("):
		return "expression()"
	case strings.Contains(v, `\`):
		return `\`
	}
	for rest := v; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return ""
		}
		rest = strings.TrimLeft(rest[i+len("url("):], `"'`)
		if !strings.HasPrefix(rest, "#") {
			return "url()"
		}
	}
}

// firstWord is the first word of a directive, for messages.
func firstWord(b []byte) string {
	if i := bytes.IndexAny(b, " \t\r\n["); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// posAt is the position of byte offset off of a file's data.
func posAt(file string, data []byte, off int) Pos {
	off = min(off, len(data))
	line, start := 1, 0
	if i := bytes.LastIndexByte(data[:off], '\n'); i >= 0 {
		line, start = 1+bytes.Count(data[:off], []byte("\n")), i+1
	}
	return Pos{File: file, Line: line, Col: 1 + utf8.RuneCount(data[start:off])}
}
