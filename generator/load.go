package generator

import (
	"bytes"
	"cmp"
	"context"
	"io/fs"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"tietopankki/i18n"
	"tietopankki/maturity"
)

// The files of a content folder that are not Markdown pages.
const (
	ConfigFile   = "site.yaml"
	SynonymsFile = "synonyms.yaml"
	GlossaryFile = "glossary.yaml"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// LoadConfig reads site.yaml, the first stage of a build: the theme and
// its language are chosen from it before the content is loaded.
func LoadConfig(fsys fs.FS) (*Config, Diagnostics) {
	var d diags
	cfg := &Config{}
	if !loadYAML(fsys, ConfigFile, cfg, &d) {
		d.error(Pos{File: ConfigFile}, "missing-file", i18n.M("diag.missing-file.site"), i18n.M("diag.missing-file.site.hint"))
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "/"
	}
	if cfg.Theme == "" {
		cfg.Theme = "default"
	}
	if len(cfg.Segments) == 0 {
		cfg.Segments = DefaultSegments(cfg.Language)
	}
	if cfg.StaleAfterMonths == 0 {
		cfg.StaleAfterMonths = 12
	}
	if cfg.MaxImageKB == 0 {
		cfg.MaxImageKB = 500
	}
	cfg.checkMaturityConfig(&d)
	cfg.Search = cfg.oneOf(&d, "search", cfg.Search, SearchAuto, SearchServer, SearchStatic)
	cfg.Feedback = cfg.oneOf(&d, "feedback", cfg.Feedback, FeedbackOff, FeedbackServer, FeedbackNetlify)
	return cfg, d.list
}

// oneOf checks the site.yaml key's value v against the values it may
// take; an empty value is the first of them (the default), a value not
// among them is a bad-value error at the key (diag.bad-value.<key>).
func (cfg *Config) oneOf(d *diags, key, v string, values ...string) string {
	switch {
	case v == "":
		return values[0]
	case !slices.Contains(values, v):
		d.error(cfg.keyPos(key), "bad-value", i18n.M("diag.bad-value."+key, v), i18n.M("diag.bad-value."+key+".hint"))
	}
	return v
}

// defaultSegments are the segments of a site.yaml without any: the
// digital-readiness groups of the mentors' model, named in the site's
// language.
var defaultSegments = []struct {
	id            string
	name, summary i18n.Msg
}{
	{"alkava", i18n.M("site.segment.alkava"), i18n.M("site.segment.alkava.summary")},
	{"kokeileva", i18n.M("site.segment.kokeileva"), i18n.M("site.segment.kokeileva.summary")},
	{"vahva", i18n.M("site.segment.vahva"), i18n.M("site.segment.vahva.summary")},
}

// DefaultSegments returns the segments a site has when site.yaml names
// none: alkava, kokeileva and vahva, with names and summaries from the
// catalogue of lang (Finnish's when lang has no catalogue).
func DefaultSegments(lang string) []Segment {
	c := i18n.MustGet(lang)
	out := make([]Segment, len(defaultSegments))
	for i, s := range defaultSegments {
		out[i] = Segment{ID: s.id, Name: c.Format(s.name), Summary: c.Format(s.summary)}
	}
	return out
}

// HasAddress reports whether baseURL is a full address (https://host/...)
// rather than a path: the sitemap and the feed, which need full
// addresses, are written only then.
func (c *Config) HasAddress() bool {
	u, err := url.Parse(c.BaseURL)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// BasePath returns the path part of baseURL ("/" or "/tietopankki/").
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return "/" + strings.TrimPrefix(strings.TrimSuffix(u.Path, "/")+"/", "/")
}

// Load reads a content folder into a Site: the synonyms and the glossary,
// every tool, card, learning path and plain page (Markdown converted with
// md), and the attachments to publish (Site.Files). cfg is site.yaml from
// LoadConfig. It reports every problem of a single file (bad front matter,
// unknown or missing keys, misplaced files, images without alt text);
// references between files are Validate's job. Load never stops at the
// first problem.
//
// What could carry something harmful onto the site is refused, reported
// and left out: a symbolic link or special file anywhere in the folder
// (never followed, not even to a file inside it), a text file over
// MaxTextSize (checked before it is read) or not in UTF-8, a link or
// image to a javascript:, vbscript:, data: or file: address, an
// attachment of a type outside AttachmentTypes, over MaxAttachmentSize or
// whose content is not what its name says, and an SVG that could run
// script or load anything. An attachment that no published page links to
// is reported as a warning and not published.
func Load(fsys fs.FS, cfg *Config, md *Markdown) (*Site, Diagnostics) {
	return load(context.Background(), fsys, cfg, md)
}

// load is Load, stopping early when ctx ends (LoadSiteContext then
// discards the site).
func load(ctx context.Context, fsys fs.FS, cfg *Config, md *Markdown) (*Site, Diagnostics) {
	var d diags
	site := &Site{Config: *cfg}
	site.setBase(&d)
	for i := range site.Segments {
		s := &site.Segments[i]
		s.URL = site.URLFor("segments/" + s.ID + "/")
	}
	for i := range site.Areas {
		a := &site.Areas[i]
		a.URL = site.URLFor("areas/" + a.ID + "/")
	}
	loadYAML(fsys, SynonymsFile, &site.Synonyms, &d)
	loadYAML(fsys, GlossaryFile, &site.Glossary, &d)

	var mdFiles, attachments []string
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			d.error(Pos{File: p}, "read", i18n.M("diag.read", err), i18n.M("diag.read.hint"))
			return nil
		}
		if p != "." && Ignored(e.Name()) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case p == maturity.Dir && e.IsDir():
			return fs.SkipDir // the meter's rounds: loadMaturity reads them, none is published
		case e.IsDir():
		case p == ConfigFile || p == SynonymsFile || p == GlossaryFile: // read by name, checked there
		case refuseNonFile(p, e.Type(), &d): // a link is never followed, not even into the folder
			site.setAttachment(p, true, false)
		case strings.HasSuffix(p, ".md"):
			mdFiles = append(mdFiles, p)
		default:
			attachments = append(attachments, p)
		}
		return nil
	})
	if err != nil {
		d.error(Pos{File: "."}, "read", i18n.M("diag.read.folder", err), i18n.M("diag.read.hint"))
	}

	// Parse the Markdown files and check the attachments in parallel; keep
	// results in file order.
	type result struct {
		v any
		d diags
	}
	files := slices.Concat(mdFiles, attachments)
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					continue
				}
				if i < len(mdFiles) {
					results[i].v = loadPage(fsys, files[i], site, md, &results[i].d)
				} else {
					results[i].v = checkAttachment(fsys, files[i], &results[i].d)
				}
			}
		})
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()

	for i, r := range results {
		d.list = append(d.list, r.d.list...)
		switch v := r.v.(type) {
		case bool:
			site.setAttachment(files[i], true, v)
		default:
			site.add(v)
		}
	}
	site.sort()
	site.publishAttachments(&d, func(string) bool { return true })
	site.index()
	site.loadMaturity(fsys, &d)
	d.list.Sort()
	return site, d.list
}

// Ignored reports whether a file name is an editor's or the system's, never
// content: dotfiles, swap and backup files, Office's lock files ("~$2021-05.csv"
// while Excel has the file open) and vim's write test "4913".
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") || strings.HasPrefix(name, "~$") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		name == "4913"
}

// setBase checks baseURL, a full address or a path from the root
// ("/tietopankki/"), and takes its path as the site's base path.
func (s *Site) setBase(d *diags) {
	s.BasePath = s.Config.BasePath()
	u, err := url.Parse(s.BaseURL)
	full := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
	path := err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") && u.RawQuery == "" && u.Fragment == ""
	if !full && !path {
		d.error(s.keyPos("baseURL"), "bad-value", i18n.M("diag.bad-value.base-url", s.BaseURL), i18n.M("diag.bad-value.base-url.hint"))
	}
}

// keyPos is where a key of site.yaml has its value.
func (c *Config) keyPos(key string) Pos {
	if p, ok := c.KeyPos[key]; ok {
		return p
	}
	return Pos{File: ConfigFile, Line: 1, Col: 1}
}

// loadYAML decodes a whole YAML file strictly into out. It reports false when
// the file does not exist.
func loadYAML(fsys fs.FS, file string, out any, d *diags) bool {
	data, err := readText(fsys, file, d)
	if err == errRefused {
		return true
	}
	if err != nil {
		return false
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	var doc yaml.Node
	if err := unmarshalYAML(data, &doc); err != nil {
		me := err.(*matterError)
		d.error(Pos{File: file, Line: max(me.line, 1), Col: max(me.col, 1)}, "bad-yaml", me.msg, me.hint)
		return true
	}
	node := &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1} // an empty file: every required key is missing
	if len(doc.Content) > 0 {
		node = doc.Content[0]
	}
	m := matter{line: 1, src: data}
	decodeStrict(node, out, func(n *yaml.Node) Pos { return m.pos(file, n) }, d)
	return true
}

// loadPage reads one Markdown file by its place in the folder.
func loadPage(fsys fs.FS, file string, site *Site, md *Markdown, d *diags) any {
	data, err := readText(fsys, file, d)
	if err == errRefused {
		return nil
	}
	if err != nil {
		d.error(Pos{File: file}, "read", i18n.M("diag.read", err), i18n.M("diag.read.hint"))
		return nil
	}
	data = bytes.TrimPrefix(data, utf8BOM) // some Windows editors start files with one
	parts := strings.Split(file, "/")
	name := strings.TrimSuffix(parts[len(parts)-1], ".md")
	checkSlug := func(kind string) bool {
		if idPattern.MatchString(name) {
			return true
		}
		hint := i18n.M("hint.id-letters")
		if s := Slugify(name); s != "" {
			hint = i18n.M("diag.bad-id.file.hint", s+".md")
		}
		d.error(Pos{File: file, Line: 1, Col: 1}, "bad-id", i18n.M("diag.bad-id.file", name, i18n.M("word.id-of."+kind)), hint)
		return false
	}
	switch {
	case len(parts) == 3 && parts[0] == "tools" && name == "_index":
		t := &Tool{ID: parts[1]}
		if !idPattern.MatchString(t.ID) || t.ID == "tools" || t.ID == "paths" {
			d.error(Pos{File: file, Line: 1, Col: 1}, "bad-id", i18n.M("diag.bad-id.tool", t.ID), i18n.M("diag.bad-id.tool.hint"))
		}
		t.URL = site.URLFor("tools/" + t.ID + "/")
		loadDoc(file, data, t, &t.Doc, site, md, d)
		refuseUnsafeToolLink(t, data, d)
		newestFirst(t.Changes)
		return t
	case len(parts) == 3 && parts[0] == "tools":
		c := &Card{ID: parts[1] + "/" + name, Slug: name}
		checkSlug("card")
		c.URL = site.URLFor("tools/" + c.ID + "/")
		loadDoc(file, data, c, &c.Doc, site, md, d)
		newestFirst(c.Changes)
		return c
	case len(parts) == 2 && parts[0] == "paths":
		p := &Path{ID: "paths/" + name, Slug: name}
		checkSlug("path")
		p.URL = site.URLFor("paths/" + name + "/")
		loadDoc(file, data, p, &p.Doc, site, md, d)
		return p
	case len(parts) == 1:
		pg := &Page{Slug: name}
		if checkSlug("page") && reservedSlugs[name] {
			d.error(Pos{File: file, Line: 1, Col: 1}, "bad-id", i18n.M("diag.bad-id.reserved", name), i18n.M("diag.bad-id.reserved.hint"))
		}
		pg.URL = site.URLFor(name + "/")
		loadDoc(file, data, pg, &pg.Doc, site, md, d)
		return pg
	}
	d.error(Pos{File: file, Line: 1, Col: 1}, "misplaced-file", i18n.M("diag.misplaced-file"), i18n.M("diag.misplaced-file.hint"))
	return nil
}

// newestFirst sorts change notes newest first; notes of one day keep
// their written order.
func newestFirst(cs []Change) {
	slices.SortStableFunc(cs, func(a, b Change) int { return b.Date.Compare(a.Date.Time) })
}

// reservedSlugs are top-level URL folders the site itself uses.
var reservedSlugs = map[string]bool{
	"tools": true, "paths": true, "segments": true, "areas": true, "assets": true,
	"search": true, "sanasto": true, "api": true, "index": true, "404": true, ShellDir: true,
	"palaute": true, "offline": true,
	"kypsyys": true,
}

// loadDoc parses front matter into meta and converts the body into doc.
func loadDoc(file string, data []byte, meta any, doc *Doc, site *Site, md *Markdown, d *diags) {
	doc.File = file
	m, body := splitMatter(file, data, d)
	defer func() { doc.Pos = Pos{File: file, Line: m.line, Col: 1} }()
	if body == nil {
		return // the front matter could not be read; already reported
	}
	if m.node == nil {
		d.error(Pos{File: file, Line: 1, Col: 1}, "missing-front-matter", i18n.M("diag.missing-front-matter"), i18n.M("diag.missing-front-matter.hint"))
	} else {
		decodeStrict(m.node, meta, func(n *yaml.Node) Pos { return m.pos(file, n) }, d)
	}
	found := md.convert(&source{file: file, data: data, bodyStart: m.bodyStart}, site.BasePath, doc, d)
	reportPlaceholders(file, data, meta, found, d)
}

// sort puts everything in its display order: weight, then title.
func (s *Site) sort() {
	byWeight := func(wa, wb int, ta, tb string) int {
		return cmp.Or(cmp.Compare(wa, wb), strings.Compare(ta, tb))
	}
	slices.SortFunc(s.Tools, func(a, b *Tool) int { return byWeight(a.Weight, b.Weight, a.Title, b.Title) })
	toolOrder := map[string]int{}
	for i, t := range s.Tools {
		toolOrder[t.ID] = i
	}
	s.toolOrder = toolOrder
	slices.SortFunc(s.Cards, s.cardOrder)
	slices.SortFunc(s.Drafts, s.cardOrder)
	slices.SortFunc(s.Paths, func(a, b *Path) int { return byWeight(a.Weight, b.Weight, a.Title, b.Title) })
	slices.SortFunc(s.Pages, func(a, b *Page) int { return byWeight(a.Weight, b.Weight, a.Title, b.Title) })
	slices.Sort(s.Files)
}

// cardOrder is the display order of cards: by tool, then weight, then
// title. sort fills toolOrder.
func (s *Site) cardOrder(a, b *Card) int {
	ta, tb := a.ToolID(), b.ToolID()
	return cmp.Or(cmp.Compare(s.toolOrder[ta], s.toolOrder[tb]), strings.Compare(ta, tb),
		cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Title, b.Title), strings.Compare(a.ID, b.ID))
}

// index fills the lookup maps from the lists.
func (s *Site) index() {
	s.ToolByID = make(map[string]*Tool, len(s.Tools))
	s.CardByID = make(map[string]*Card, len(s.Cards))
	s.PathByID = make(map[string]*Path, len(s.Paths))
	s.SegmentByID = make(map[string]*Segment, len(s.Segments))
	s.AreaByID = make(map[string]*Area, len(s.Areas))
	s.PageBySlug = make(map[string]*Page, len(s.Pages))
	s.byFile = make(map[string]*Doc, len(s.Tools)+len(s.Cards)+len(s.Paths)+len(s.Pages))
	for _, t := range s.Tools {
		s.ToolByID[t.ID] = t
		s.byFile[t.File] = &t.Doc
	}
	for _, c := range s.Cards {
		s.CardByID[c.ID] = c
		s.byFile[c.File] = &c.Doc
	}
	for _, p := range s.Paths {
		s.PathByID[p.ID] = p
		s.byFile[p.File] = &p.Doc
	}
	for _, p := range s.Pages {
		s.PageBySlug[p.Slug] = p
		s.byFile[p.File] = &p.Doc
	}
	for i := range s.Segments {
		if _, dup := s.SegmentByID[s.Segments[i].ID]; !dup {
			s.SegmentByID[s.Segments[i].ID] = &s.Segments[i]
		}
	}
	for i := range s.Areas {
		if _, dup := s.AreaByID[s.Areas[i].ID]; !dup {
			s.AreaByID[s.Areas[i].ID] = &s.Areas[i]
		}
	}
}

// add puts a loaded page (a *Tool, *Card, *Path or *Page, as loadPage
// returns them) into its list of the site; drafts go to Drafts.
func (s *Site) add(v any) {
	switch v := v.(type) {
	case *Tool:
		s.Tools = append(s.Tools, v)
	case *Card:
		if v.Draft {
			s.Drafts = append(s.Drafts, v)
		} else {
			s.Cards = append(s.Cards, v)
		}
	case *Path:
		s.Paths = append(s.Paths, v)
	case *Page:
		s.Pages = append(s.Pages, v)
	}
}
