package generator

import (
	"path"
	"slices"
	"strings"
)

// Validate checks what Load cannot see in a single file: ids in site.yaml,
// references to segments, areas and cards, learning-path steps, and links to
// cards, pages, headings and images. It reports every problem at once.
func Validate(s *Site) Diagnostics {
	var d diags
	checkIDs := func(kind string, ids []string, pos []Pos) {
		seen := map[string]bool{}
		for i, id := range ids {
			switch {
			case !idPattern.MatchString(id):
				d.errorf(pos[i], "bad-id", "use lowercase letters a-z, digits and hyphens", "%s id %q is not valid", kind, id)
			case seen[id]:
				d.errorf(pos[i], "duplicate-id", "give each "+kind+" its own id", "%s id %q is used twice", kind, id)
			}
			seen[id] = true
		}
	}
	var segIDs, areaIDs []string
	var segPos, areaPos []Pos
	for _, sg := range s.Segments {
		segIDs, segPos = append(segIDs, sg.ID), append(segPos, sg.Pos)
	}
	for _, a := range s.Areas {
		areaIDs, areaPos = append(areaIDs, a.ID), append(areaPos, a.Pos)
	}
	checkIDs("segment", segIDs, segPos)
	checkIDs("area", areaIDs, areaPos)
	if s.Help.Page != "" && s.PageBySlug[s.Help.Page] == nil {
		pos := s.keyPos("help")
		if p, ok := s.Help.KeyPos["page"]; ok {
			pos = p
		}
		hint := didYouMean(s.Help.Page, keys(s.PageBySlug))
		if hint == "" {
			hint = "known pages: " + strings.Join(keys(s.PageBySlug), ", ")
		}
		d.errorf(pos, "unknown-page", hint, "help.page %q names no page", s.Help.Page)
	}

	checkRef := func(r Ref, kind string, known []string) {
		if !slices.Contains(known, r.ID) {
			hint := didYouMean(r.ID, known)
			if hint == "" {
				hint = "known " + kind + "s: " + strings.Join(known, ", ")
			}
			d.errorf(r.Pos, "unknown-"+kind, hint, "unknown %s %q", kind, r.ID)
		}
	}
	allCards := append(slices.Clone(s.Cards), s.Drafts...)
	for _, c := range allCards {
		tool := c.ToolID()
		if s.ToolByID[tool] == nil {
			d.errorf(c.Pos, "unknown-tool", "add tools/"+tool+"/_index.md with the tool's title and purpose", "card is in folder %q, which has no tool page", tool)
		}
		for _, r := range c.Segments {
			checkRef(r, "segment", segIDs)
		}
		for _, r := range c.Areas {
			checkRef(r, "area", areaIDs)
		}
	}
	cardIDs := keys(s.CardByID)
	for _, p := range s.Paths {
		if p.Segment.ID != "" {
			checkRef(p.Segment, "segment", segIDs)
		}
		seen := map[string]bool{}
		for _, st := range p.Steps {
			switch {
			case s.CardByID[st.ID] != nil:
				if seen[st.ID] {
					d.errorf(st.Pos, "duplicate-step", "list each card once", "step %q is in the path twice", st.ID)
				}
				seen[st.ID] = true
			case slices.ContainsFunc(s.Drafts, func(c *Card) bool { return c.ID == st.ID }):
				d.errorf(st.Pos, "draft-step", "publish the card (remove draft: true) or take the step out", "step %q is a draft", st.ID)
			default:
				hint := didYouMean(st.ID, cardIDs)
				if hint == "" {
					hint = "a step is a card id: <tool>/<file name without .md>"
				}
				d.errorf(st.Pos, "unknown-card", hint, "step %q names no card", st.ID)
			}
		}
	}
	s.eachDoc(func(doc *Doc) { validateLinks(s, doc, &d) })
	d.list.Sort()
	return d.list
}

func validateLinks(s *Site, doc *Doc, d *diags) {
	files := s.Files
	for _, l := range doc.Links {
		what := "link"
		if l.Image {
			what = "image"
		}
		switch {
		case l.External:
			continue
		case l.Target == "\x00":
			d.errorf(l.Pos, "bad-link", "write the address inside the parentheses: [text](address)", "%s %q has no valid address", what, l.Dest)
		case strings.HasPrefix(l.Target, "/"):
			if !s.hasURL(l.Target) {
				d.errorf(l.Pos, "broken-link", "link to the card's .md file instead, e.g. ../onedrive/tallenna-tiedosto.md", "%s %q points to no page of the site", what, l.Dest)
			}
		case l.Target == ".." || strings.HasPrefix(l.Target, "../"):
			d.errorf(l.Pos, "broken-link", "link only to files inside the content folder", "%s %q points outside the content folder", what, l.Dest)
		case strings.HasSuffix(l.Target, ".md"):
			target := s.byFile[l.Target]
			if target == nil {
				hint := "check the file name and the ../ parts"
				if slices.ContainsFunc(s.Drafts, func(c *Card) bool { return c.File == l.Target }) {
					d.errorf(l.Pos, "draft-link", "publish that card first, or remove the link", "%s %q points to a draft", what, l.Dest)
					continue
				}
				if c := closestPath(l.Target, keys(s.byFile)); c != "" {
					hint = "did you mean " + relPath(doc.File, c) + "?"
				}
				d.errorf(l.Pos, "broken-link", hint, "%s %q points to no card or page", what, l.Dest)
				continue
			}
			if l.Fragment != "" && !slices.ContainsFunc(target.Headings, func(h Heading) bool { return h.ID == l.Fragment }) {
				d.warnf(l.Pos, "broken-anchor", anchorHint(target), "%s %q points to no heading of %s", what, l.Dest, target.File)
			}
		case l.Target == doc.File:
			if l.Fragment != "" && !slices.ContainsFunc(doc.Headings, func(h Heading) bool { return h.ID == l.Fragment }) {
				d.warnf(l.Pos, "broken-anchor", anchorHint(doc), "%s %q points to no heading of this page", what, l.Dest)
			}
		default:
			if _, ok := slices.BinarySearch(files, l.Target); !ok {
				hint := "put the file next to the card and check the name"
				if c := closestPath(l.Target, files); c != "" {
					hint = "did you mean " + relPath(doc.File, c) + "?"
				}
				d.errorf(l.Pos, "missing-file", hint, "%s %q: no such file", what, l.Dest)
			}
		}
	}
}

// closestPath suggests the file a mistyped path meant: the nearest file
// name in the same folder, else the same name in another folder.
func closestPath(target string, files []string) string {
	dir, base := path.Split(target)
	best, bestD := "", max(2, len(base)/4)+1
	for _, f := range files {
		fd, fb := path.Split(f)
		switch {
		case fd != dir:
			if fb == base {
				return f
			}
		case fb == "_index.md" && base != "_index.md":
		default:
			if d := editDistance(base, fb); d < bestD {
				best, bestD = f, d
			}
		}
	}
	return best
}

func anchorHint(doc *Doc) string {
	if len(doc.Headings) == 0 {
		return "that page has no headings"
	}
	ids := make([]string, len(doc.Headings))
	for i, h := range doc.Headings {
		ids[i] = "#" + h.ID
	}
	return "its headings are " + strings.Join(ids, ", ")
}

// relPath writes target relative to the folder of from, as a mentor would link it.
func relPath(from, target string) string {
	fromParts := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fromParts = nil
	}
	toParts := strings.Split(target, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	return strings.Repeat("../", len(fromParts)-i) + strings.Join(toParts[i:], "/")
}

// hasURL reports whether a site path ("/tools/teams/") is a page the
// site writes, its feed or sitemap, or a copied file.
func (s *Site) hasURL(p string) bool {
	rel := strings.TrimPrefix(p, "/")
	if _, ok := slices.BinarySearch(s.Files, rel); ok || rel == "feed.xml" || rel == "sitemap.xml" {
		return true
	}
	if rel != "" && !strings.HasSuffix(rel, "/") && !strings.HasSuffix(rel, ".html") {
		rel += "/"
	}
	for _, v := range Views(s) {
		if v.Rel == rel || v.File() == rel {
			return true
		}
	}
	return false
}

// eachDoc calls f for every published Markdown document.
func (s *Site) eachDoc(f func(*Doc)) {
	for _, t := range s.Tools {
		f(&t.Doc)
	}
	for _, c := range s.Cards {
		f(&c.Doc)
	}
	for _, p := range s.Paths {
		f(&p.Doc)
	}
	for _, p := range s.Pages {
		f(&p.Doc)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
