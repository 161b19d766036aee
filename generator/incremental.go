package generator

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"tietopankki/maturity"
)

// Update is the result of Apply: the new site and what to redo for it.
type Update struct {
	Site  *Site
	Diags Diagnostics // errors: the change was not applied; keep the old site
	// Full is set when the change touches everything (site.yaml, a tool's
	// title, the menu): render and index the whole site again.
	Full bool
	// Views are the pages to render again.
	Views []*View
	// Remove are output files to delete (a card that was deleted).
	Remove []string
	// Copy are content files (images) to copy again; Gone are those deleted.
	Copy, Gone []string
	// Changed is the content added or changed, which search indexes
	// again; Removed the content that is gone (search.Index.Apply maps both
	// to its documents).
	Changed, Removed Entries
	// Synonyms is set when synonyms.yaml changed.
	Synonyms bool
}

// Entries are some of the site's cards, tools, learning paths and pages.
type Entries struct {
	Cards []*Card
	Tools []*Tool
	Paths []*Path
	Pages []*Page
}

// Apply is the dev server's incremental build. It loads only the changed
// content files (changed or created if they exist in fsys, removed if not)
// into a copy of old, validates and assembles the copy, and lists the pages
// and content the change affects: the page itself and every page that
// shows it (tool, home, segments, areas, learning paths and the path
// neighbours of a card). The old site is not modified unless the change is
// applied. A change to site.yaml returns Full at once.
//
// The steps, in order: load the files (applier.load), put the site's
// lists and files in order again (relink), validate, note the pages that
// showed the old versions (oldListers), link the site (Assemble), then
// list the new versions' pages and content (changed, maturity, pathSteps)
// and the final views (views).
func Apply(old *Site, fsys fs.FS, md *Markdown, files []string) *Update {
	a := &applier{old: old, s: old.clone(), fsys: fsys, md: md, affected: map[string]*View{}, changedFiles: map[string]bool{}}
	a.ch = &Update{Site: a.s}
	if a.load(files); a.ch.Full {
		return a.ch
	}
	a.relink()
	a.ch.Diags = append(a.d.list, Validate(a.s)...)
	a.ch.Diags.Sort()
	if a.ch.Diags.HasErrors() {
		return a.ch
	}
	a.toolTitles()
	a.oldListers()
	Assemble(a.s)
	// Every card's stale notice is reckoned from the newest date.
	if !a.s.Today.Equal(a.old.Today.Time) {
		a.ch.Full = true
	}
	if a.ch.Full {
		return a.ch
	}
	a.changed()
	a.maturity()
	a.pathSteps()
	a.views()
	return a.ch
}

// applier holds one Apply's work.
type applier struct {
	old, s *Site
	fsys   fs.FS
	md     *Markdown
	ch     *Update
	d      diags

	affected           map[string]*View // output file -> the page to render again
	oldCards, newCards []*Card
	oldPaths, newPaths []*Path
	oldTools, newTools []*Tool
	changedFiles       map[string]bool // attachments changed
	roundsChanged      bool
}

// addView notes a page to render again.
func (a *applier) addView(v *View) {
	if v != nil {
		v.Site = a.s
		a.affected[v.File()] = v
	}
}

// load reads each changed file into the site copy; site.yaml sets Full.
func (a *applier) load(files []string) {
	for _, f := range files {
		st, statErr := fs.Lstat(a.fsys, f) // a link exists, to be reported
		exists := statErr == nil || errors.Is(statErr, ErrSymlink)
		if statErr == nil && st.IsDir() {
			continue // a folder: its files come as changes of their own
		}
		switch {
		case f == ConfigFile:
			a.ch.Full = true
			return
		case f == maturity.Dir || strings.HasPrefix(f, maturity.Dir+"/"):
			a.roundsChanged = true
		case f == SynonymsFile:
			a.s.Synonyms = nil
			loadYAML(a.fsys, f, &a.s.Synonyms, &a.d)
			a.ch.Synonyms = true
		case f == GlossaryFile:
			a.loadGlossary()
		case strings.HasSuffix(f, ".md"):
			a.unloadPage(f)
			if exists {
				a.loadPage(f)
			}
		default:
			a.s.setAttachment(f, exists, exists && checkAttachment(a.fsys, f, &a.d))
			a.changedFiles[f] = true
		}
	}
}

// loadGlossary reads glossary.yaml again.
func (a *applier) loadGlossary() {
	hadGlossary := len(a.s.Glossary) > 0
	a.s.Glossary = nil
	loadYAML(a.fsys, GlossaryFile, &a.s.Glossary, &a.d)
	if hadGlossary != (len(a.s.Glossary) > 0) {
		a.ch.Full = true // the footer links to the glossary on every page
	}
	a.addView(&View{Kind: "glossary", Rel: "sanasto/"})
}

// unloadPage takes what was loaded from the Markdown file f out of the
// site, and notes it removed (until the same is loaded again).
func (a *applier) unloadPage(f string) {
	delete(a.s.refused, f)
	rm := &a.ch.Removed
	switch v := a.s.removeFile(f).(type) {
	case *Card:
		a.oldCards = append(a.oldCards, v)
		if !v.Draft || a.s.Preview {
			rm.Cards = append(rm.Cards, v)
			a.ch.Remove = append(a.ch.Remove, CardView(v).File())
		}
	case *Tool:
		a.oldTools = append(a.oldTools, v)
		rm.Tools = append(rm.Tools, v)
		a.ch.Remove = append(a.ch.Remove, ToolView(v).File())
	case *Path:
		a.oldPaths = append(a.oldPaths, v)
		rm.Paths = append(rm.Paths, v)
		a.ch.Remove = append(a.ch.Remove, PathView(a.old, v).File())
	case *Page:
		a.ch.Full = true // the menu and the footer list pages
		rm.Pages = append(rm.Pages, v)
		a.ch.Remove = append(a.ch.Remove, v.Slug+"/index.html")
	}
}

// loadPage loads the Markdown file f into the site.
func (a *applier) loadPage(f string) {
	v := loadPage(a.fsys, f, a.s, a.md, &a.d)
	switch v := v.(type) {
	case *Card:
		a.newCards = append(a.newCards, v)
	case *Tool:
		a.newTools = append(a.newTools, v)
	case *Path:
		a.newPaths = append(a.newPaths, v)
	case *Page:
		a.ch.Full = true
	}
	a.s.add(v)
}

// relink puts the site's lists in order, publishes its attachments and
// reads the maturity rounds again when they or the tools changed.
func (a *applier) relink() {
	s, old := a.s, a.old
	s.sort()
	s.index()
	s.publishAttachments(&a.d, func(f string) bool {
		_, was := slices.BinarySearch(old.Files, f)
		return a.changedFiles[f] || was
	})
	// A card that links to a file, or became a draft or was published,
	// takes its files along.
	a.ch.Copy, a.ch.Gone = changedAttachments(old.served(), s.served(), a.changedFiles)
	// The rounds name tools: read them again when they or the tools changed.
	if a.roundsChanged || !slices.EqualFunc(old.Tools, s.Tools, func(x, y *Tool) bool { return x.ID == y.ID && x.Title == y.Title }) {
		s.loadMaturity(a.fsys, &a.d)
		a.roundsChanged = old.Maturity != nil || s.Maturity != nil
		if (old.Maturity == nil) != (s.Maturity == nil) {
			a.ch.Full = true // the menu entry is on every page
		}
	}
}

// toolTitles sets Full when a tool's title changed: it shows on every page
// that lists its cards.
func (a *applier) toolTitles() {
	for _, nt := range a.newTools {
		for _, ot := range a.oldTools {
			if ot.ID == nt.ID && ot.Title != nt.Title {
				a.ch.Full = true
			}
		}
	}
}

// oldListers notes the pages that showed the old versions, before the
// site is linked anew.
func (a *applier) oldListers() {
	for _, c := range a.oldCards {
		for _, v := range cardListers(a.old, c) {
			a.addView(v)
		}
	}
	for _, p := range a.oldPaths {
		for _, v := range pathListers(a.old, p) {
			a.addView(v)
		}
	}
}

// changed notes the new versions: their pages, the pages that list them,
// and the content to index again; what is loaded again is not removed.
func (a *applier) changed() {
	s, ch := a.s, a.ch
	a.addView(&View{Kind: "home", Rel: "", Title: s.Title, Description: s.Description})
	for _, c := range a.newCards {
		if c.Draft && !s.Preview {
			continue
		}
		a.addView(CardView(c))
		for _, v := range cardListers(s, c) {
			a.addView(v)
		}
		ch.Changed.Cards = append(ch.Changed.Cards, c)
		a.keep(CardView(c).File())
		ch.Removed.Cards = slices.DeleteFunc(ch.Removed.Cards, func(o *Card) bool { return o.ID == c.ID })
	}
	for _, t := range a.newTools {
		a.addView(ToolView(t))
		ch.Changed.Tools = append(ch.Changed.Tools, t)
		a.keep(ToolView(t).File())
		ch.Removed.Tools = slices.DeleteFunc(ch.Removed.Tools, func(o *Tool) bool { return o.ID == t.ID })
	}
	for _, p := range a.newPaths {
		a.addView(PathView(s, p))
		for _, v := range pathListers(s, p) {
			a.addView(v)
		}
		ch.Changed.Paths = append(ch.Changed.Paths, p)
		a.keep(PathView(s, p).File())
		ch.Removed.Paths = slices.DeleteFunc(ch.Removed.Paths, func(o *Path) bool { return o.ID == p.ID })
	}
}

// keep takes an output file off the list to delete.
func (a *applier) keep(file string) {
	a.ch.Remove = slices.DeleteFunc(a.ch.Remove, func(f string) bool { return f == file })
}

// maturity notes the meter's pages and the tool pages' sections when the
// rounds changed, and each changed tool's maturity page, which lists its
// cards and learning paths as the tool page does.
func (a *applier) maturity() {
	if a.roundsChanged {
		for _, v := range maturityViews(a.old) {
			a.ch.Remove = append(a.ch.Remove, v.File())
			a.addView(v)
		}
		for _, v := range maturityViews(a.s) {
			a.addView(v)
		}
		for _, t := range a.s.Tools {
			a.addView(ToolView(t))
		}
	}
	for _, v := range a.affected {
		if v.Kind == "tool" {
			if t := a.s.ToolByID[strings.TrimSuffix(strings.TrimPrefix(v.Rel, "tools/"), "/")]; t != nil {
				a.addView(a.s.maturityToolView(t))
			}
		}
	}
}

// pathSteps notes the learning paths of changed cards: a path's search
// document lists its steps' titles.
func (a *applier) pathSteps() {
	for _, c := range a.newCards {
		for _, st := range c.Steps {
			if !slices.Contains(a.ch.Changed.Paths, st.Path) {
				a.ch.Changed.Paths = append(a.ch.Changed.Paths, st.Path)
			}
		}
	}
}

// views turns the affected pages into the new site's views, in file order.
func (a *applier) views() {
	for file, v := range a.affected {
		if nv := a.s.viewFor(v); nv != nil {
			a.affected[file] = nv
		} else {
			delete(a.affected, file)
		}
	}
	for _, v := range a.affected {
		a.ch.Views = append(a.ch.Views, v)
	}
	slices.SortFunc(a.ch.Views, func(x, y *View) int { return strings.Compare(x.File(), y.File()) })
	a.ch.Remove = slices.DeleteFunc(a.ch.Remove, func(f string) bool { return a.affected[f] != nil })
}

// cardListers are the pages that show a card, in the site the card is in.
func cardListers(s *Site, c *Card) []*View {
	var vs []*View
	if c.Tool != nil {
		vs = append(vs, ToolView(c.Tool))
	}
	for _, sg := range c.SegmentRefs {
		vs = append(vs, segmentView(sg))
	}
	for _, a := range c.AreaRefs {
		vs = append(vs, areaView(a))
	}
	for _, st := range c.Steps {
		vs = append(vs, PathView(s, st.Path))
		for _, n := range []*Card{st.Prev, st.Next} {
			if n != nil {
				vs = append(vs, CardView(n))
			}
		}
	}
	return vs
}

// pathListers are the pages that show a learning path; with maturity
// rounds, the pages of its steps' tools list it as help.
func pathListers(s *Site, p *Path) []*View {
	vs := []*View{{Kind: "home", Rel: ""}}
	if p.SegmentRef != nil {
		vs = append(vs, segmentView(p.SegmentRef))
	}
	for _, c := range p.Cards {
		vs = append(vs, CardView(c))
		if s.Maturity != nil && c.Tool != nil {
			vs = append(vs, ToolView(c.Tool))
		}
	}
	return vs
}

func segmentView(sg *Segment) *View {
	return &View{Kind: "segment", Rel: "segments/" + sg.ID + "/", Title: sg.Name, Description: sg.Summary, Segment: sg}
}

func areaView(a *Area) *View {
	return &View{Kind: "area", Rel: "areas/" + a.ID + "/", Title: a.Name, Area: a}
}

// viewFor returns the page of the same address in s, built from s's
// objects, or nil when s has no such page.
func (s *Site) viewFor(v *View) *View {
	var nv *View
	switch v.Kind {
	case "home":
		nv = &View{Kind: "home", Rel: "", Title: s.Title, Description: s.Description}
	case "glossary":
		nv = &View{Kind: "glossary", Rel: "sanasto/"}
	case "tool":
		if t := s.ToolByID[strings.TrimSuffix(strings.TrimPrefix(v.Rel, "tools/"), "/")]; t != nil {
			nv = ToolView(t)
		}
	case "card":
		id := strings.TrimSuffix(strings.TrimPrefix(v.Rel, "tools/"), "/")
		c := s.CardByID[id]
		if i := slices.IndexFunc(s.Drafts, func(c *Card) bool { return c.ID == id }); c == nil && s.Preview && i >= 0 {
			c = s.Drafts[i]
		}
		if c != nil {
			nv = CardView(c)
		}
	case "path":
		if p := s.PathByID[strings.TrimSuffix(v.Rel, "/")]; p != nil {
			nv = PathView(s, p)
		}
	case "segment":
		if sg := s.SegmentByID[path.Base(v.Rel)]; sg != nil {
			nv = segmentView(sg)
		}
	case "area":
		if a := s.AreaByID[path.Base(v.Rel)]; a != nil {
			nv = areaView(a)
		}
	case "maturity":
		if s.Maturity != nil {
			nv = s.maturityView()
		}
	case "maturity-tool":
		if t := s.ToolByID[path.Base(v.Rel)]; t != nil {
			nv = s.maturityToolView(t)
		}
	case "maturity-units":
		if s.Maturity != nil && s.Config.Maturity.Units {
			nv = s.maturityUnitsView()
		}
	case "maturity-unit":
		if i := slices.Index(s.unitSlugs, path.Base(v.Rel)); i >= 0 && s.Config.Maturity.Units {
			nv = s.maturityUnitView(s.Maturity.Units[i], s.unitSlugs[i])
		}
	}
	if nv != nil {
		nv.Site = s
	}
	return nv
}

// clone returns a copy of s whose lists can change without touching s.
func (s *Site) clone() *Site {
	c := *s
	c.Tools = slices.Clone(s.Tools)
	c.Cards = slices.Clone(s.Cards)
	c.Drafts = slices.Clone(s.Drafts)
	c.Paths = slices.Clone(s.Paths)
	c.Pages = slices.Clone(s.Pages)
	c.Files = slices.Clone(s.Files)
	c.DraftFiles = slices.Clone(s.DraftFiles)
	s.cloneAttachments(&c)
	c.Segments = slices.Clone(s.Segments)
	c.Areas = slices.Clone(s.Areas)
	return &c
}

// removeFile takes the document loaded from file out of the site's lists
// and returns it (nil if none was).
func (s *Site) removeFile(file string) any {
	if c := removeDoc(&s.Cards, file); c != nil {
		return c
	}
	if c := removeDoc(&s.Drafts, file); c != nil {
		return c
	}
	if t := removeDoc(&s.Tools, file); t != nil {
		return t
	}
	if p := removeDoc(&s.Paths, file); p != nil {
		return p
	}
	if p := removeDoc(&s.Pages, file); p != nil {
		return p
	}
	return nil
}

// removeDoc deletes the element loaded from file from a list, returning it.
func removeDoc[T interface{ file() string }](list *[]T, file string) any {
	for i, v := range *list {
		if v.file() == file {
			*list = slices.Delete(*list, i, i+1)
			return v
		}
	}
	return nil
}

func (d *Doc) file() string { return d.File }
