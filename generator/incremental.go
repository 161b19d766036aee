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
	// Docs are the search documents to index again, by kind and id;
	// Unindex are document ids to delete.
	Cards   []*Card
	Tools   []*Tool
	Paths   []*Path
	Pages   []*Page
	Unindex []string
	// Synonyms is set when synonyms.yaml changed.
	Synonyms bool
}

// Apply is the dev server's incremental build. It loads only the changed
// content files (changed or created if they exist in fsys, removed if not)
// into a copy of old, validates and assembles the copy, and lists the pages
// and search documents the change affects: the page itself and every page
// that shows it (tool, home, segments, areas, learning paths and the path
// neighbours of a card). The old site is not modified unless the change is
// applied. A change to site.yaml returns Full at once.
func Apply(old *Site, fsys fs.FS, md *Markdown, files []string) *Update {
	s := old.clone()
	ch := &Update{Site: s}
	var d diags
	affected := map[string]*View{}
	addView := func(v *View) {
		if v != nil {
			v.Site = s
			affected[v.File()] = v
		}
	}
	var oldCards, newCards []*Card
	var oldPaths, newPaths []*Path
	var oldTools, newTools []*Tool
	changedFiles := map[string]bool{}
	roundsChanged := false
	for _, f := range files {
		st, statErr := fs.Lstat(fsys, f) // a link exists, to be reported
		exists := statErr == nil || errors.Is(statErr, ErrSymlink)
		if statErr == nil && st.IsDir() {
			continue // a folder: its files come as changes of their own
		}
		switch {
		case f == ConfigFile:
			ch.Full = true
			return ch
		case f == maturity.Dir || strings.HasPrefix(f, maturity.Dir+"/"):
			roundsChanged = true
		case f == SynonymsFile:
			s.Synonyms = nil
			loadYAML(fsys, f, &s.Synonyms, &d)
			ch.Synonyms = true
		case f == GlossaryFile:
			hadGlossary := len(s.Glossary) > 0
			s.Glossary = nil
			loadYAML(fsys, f, &s.Glossary, &d)
			if hadGlossary != (len(s.Glossary) > 0) {
				ch.Full = true // the footer links to the glossary on every page
			}
			addView(&View{Kind: "glossary", Rel: "sanasto/"})
		case strings.HasSuffix(f, ".md"):
			delete(s.refused, f)
			switch v := s.removeFile(f).(type) {
			case *Card:
				oldCards = append(oldCards, v)
				if !v.Draft || s.Preview {
					ch.Unindex = append(ch.Unindex, v.ID)
					ch.Remove = append(ch.Remove, CardView(v).File())
				}
			case *Tool:
				oldTools = append(oldTools, v)
				ch.Unindex = append(ch.Unindex, "tools/"+v.ID)
				ch.Remove = append(ch.Remove, ToolView(v).File())
			case *Path:
				oldPaths = append(oldPaths, v)
				ch.Unindex = append(ch.Unindex, v.ID)
				ch.Remove = append(ch.Remove, PathView(old, v).File())
			case *Page:
				ch.Full = true // the menu and the footer list pages
				ch.Unindex = append(ch.Unindex, "pages/"+v.Slug)
				ch.Remove = append(ch.Remove, v.Slug+"/index.html")
			}
			if !exists {
				continue
			}
			switch v := loadPage(fsys, f, s, md, &d).(type) {
			case *Card:
				newCards = append(newCards, v)
				if v.Draft {
					s.Drafts = append(s.Drafts, v)
				} else {
					s.Cards = append(s.Cards, v)
				}
			case *Tool:
				newTools = append(newTools, v)
				s.Tools = append(s.Tools, v)
			case *Path:
				newPaths = append(newPaths, v)
				s.Paths = append(s.Paths, v)
			case *Page:
				ch.Full = true
				s.Pages = append(s.Pages, v)
			}
		default:
			s.setAttachment(f, exists, exists && checkAttachment(fsys, f, &d))
			changedFiles[f] = true
		}
	}
	s.sort()
	s.index()
	s.publishAttachments(&d, func(f string) bool {
		_, was := slices.BinarySearch(old.Files, f)
		return changedFiles[f] || was
	})
	// A card that links to a file, or became a draft or was published,
	// takes its files along.
	ch.Copy, ch.Gone = changedAttachments(old.served(), s.served(), changedFiles)
	// The rounds name tools: read them again when they or the tools changed.
	if roundsChanged || !slices.EqualFunc(old.Tools, s.Tools, func(a, b *Tool) bool { return a.ID == b.ID && a.Title == b.Title }) {
		s.loadMaturity(fsys, &d)
		roundsChanged = old.Maturity != nil || s.Maturity != nil
		if (old.Maturity == nil) != (s.Maturity == nil) {
			ch.Full = true // the menu entry is on every page
		}
	}
	ch.Diags = append(d.list, Validate(s)...)
	ch.Diags.Sort()
	if ch.Diags.HasErrors() {
		return ch
	}
	// A tool's title shows on every page that lists its cards.
	for _, nt := range newTools {
		for _, ot := range oldTools {
			if ot.ID == nt.ID && ot.Title != nt.Title {
				ch.Full = true
			}
		}
	}
	// What showed the old versions, before the site is linked anew.
	for _, c := range oldCards {
		for _, v := range cardListers(old, c) {
			addView(v)
		}
	}
	for _, p := range oldPaths {
		for _, v := range pathListers(old, p) {
			addView(v)
		}
	}
	Assemble(s)
	if ch.Full {
		return ch
	}
	addView(&View{Kind: "home", Rel: "", Title: s.Title, Description: s.Description})
	for _, c := range newCards {
		if c.Draft && !s.Preview {
			continue
		}
		addView(CardView(c))
		for _, v := range cardListers(s, c) {
			addView(v)
		}
		ch.Cards = append(ch.Cards, c)
		ch.Remove = slices.DeleteFunc(ch.Remove, func(f string) bool { return f == CardView(c).File() })
		ch.Unindex = slices.DeleteFunc(ch.Unindex, func(id string) bool { return id == c.ID })
	}
	for _, t := range newTools {
		addView(ToolView(t))
		ch.Tools = append(ch.Tools, t)
		ch.Remove = slices.DeleteFunc(ch.Remove, func(f string) bool { return f == ToolView(t).File() })
		ch.Unindex = slices.DeleteFunc(ch.Unindex, func(id string) bool { return id == "tools/"+t.ID })
	}
	for _, p := range newPaths {
		addView(PathView(s, p))
		for _, v := range pathListers(s, p) {
			addView(v)
		}
		ch.Paths = append(ch.Paths, p)
		ch.Remove = slices.DeleteFunc(ch.Remove, func(f string) bool { return f == PathView(s, p).File() })
		ch.Unindex = slices.DeleteFunc(ch.Unindex, func(id string) bool { return id == p.ID })
	}
	// The meter's pages and the tool pages' sections show the rounds.
	if roundsChanged {
		for _, v := range maturityViews(old) {
			ch.Remove = append(ch.Remove, v.File())
			addView(v)
		}
		for _, v := range maturityViews(s) {
			addView(v)
		}
		for _, t := range s.Tools {
			addView(ToolView(t))
		}
	}
	// A tool's maturity page lists its cards and learning paths as a tool page does.
	for _, v := range affected {
		if v.Kind == "tool" {
			if t := s.ToolByID[strings.TrimSuffix(strings.TrimPrefix(v.Rel, "tools/"), "/")]; t != nil {
				addView(s.maturityToolView(t))
			}
		}
	}
	// A learning path's document lists its steps' titles.
	for _, c := range newCards {
		for _, st := range c.Steps {
			if !slices.Contains(ch.Paths, st.Path) {
				ch.Paths = append(ch.Paths, st.Path)
			}
		}
	}
	// Views of old objects are rendered from the new site's objects.
	for file, v := range affected {
		if nv := s.viewFor(v); nv != nil {
			affected[file] = nv
		} else {
			delete(affected, file)
		}
	}
	for _, v := range affected {
		ch.Views = append(ch.Views, v)
	}
	slices.SortFunc(ch.Views, func(a, b *View) int { return strings.Compare(a.File(), b.File()) })
	ch.Remove = slices.DeleteFunc(ch.Remove, func(f string) bool { return affected[f] != nil })
	return ch
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
