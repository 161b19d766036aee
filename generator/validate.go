package generator

import (
	"path"
	"slices"
	"strings"

	"tietopankki/i18n"
	"tietopankki/internal/textdist"
	analysis "tietopankki/search/finnish" // the test helper finnish takes the name
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
				d.error(pos[i], "bad-id", i18n.M("diag.bad-id."+kind, id), i18n.M("hint.id-letters"))
			case seen[id]:
				d.error(pos[i], "duplicate-id", i18n.M("diag.duplicate-id."+kind, id), i18n.M("diag.duplicate-id."+kind+".hint"))
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
		d.error(pos, "unknown-page", i18n.M("diag.unknown-page", s.Help.Page), orKnown(s.Help.Page, keys(s.PageBySlug), "hint.known-pages"))
	}

	checkRef := func(r Ref, kind string, known []string) {
		if !slices.Contains(known, r.ID) {
			d.error(r.Pos, "unknown-"+kind, i18n.M("diag.unknown-"+kind, r.ID), orKnown(r.ID, known, "hint.known-"+kind+"s"))
		}
	}
	for _, r := range s.Config.Maturity.HelpSegments {
		checkRef(r, "segment", segIDs)
	}
	allCards := append(slices.Clone(s.Cards), s.Drafts...)
	for _, c := range allCards {
		tool := c.ToolID()
		if s.ToolByID[tool] == nil {
			d.error(c.Pos, "unknown-tool", i18n.M("diag.unknown-tool", tool), i18n.M("diag.unknown-tool.hint", tool))
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
					d.error(st.Pos, "duplicate-step", i18n.M("diag.duplicate-step", st.ID), i18n.M("diag.duplicate-step.hint"))
				}
				seen[st.ID] = true
			case slices.ContainsFunc(s.Drafts, func(c *Card) bool { return c.ID == st.ID }):
				d.error(st.Pos, "draft-step", i18n.M("diag.draft-step", st.ID), i18n.M("diag.draft-step.hint"))
			default:
				hint := didYouMean(st.ID, cardIDs)
				if hint.IsZero() {
					hint = i18n.M("diag.unknown-card.hint")
				}
				d.error(st.Pos, "unknown-card", i18n.M("diag.unknown-card", st.ID), hint)
			}
		}
	}
	s.eachDoc(func(doc *Doc) { validateLinks(s, doc, &d) })
	validatePins(s, &d)
	d.list.Sort()
	return d.list
}

// validatePins warns of pins (the front-matter key pin) that no search can
// match, as they have only small words like "kenelle", and of searches
// pinned by two cards or pages: both come first, in file order.
func validatePins(s *Site, d *diags) {
	first := map[string]string{} // phrase key -> the file that pins it
	check := func(file string, pins []string, keyPos map[string]Pos, pos Pos) {
		if p, ok := keyPos["pin"]; ok {
			pos = p
		}
		for _, pin := range pins {
			key := analysis.PhraseKey(pin)
			switch other, ok := first[key]; {
			case key == "":
				d.warn(pos, "pin-words", i18n.M("diag.pin-words", pin), i18n.M("diag.pin-words.hint"))
			case ok && other != file:
				d.warn(pos, "pin-twice", i18n.M("diag.pin-twice", pin, other), i18n.M("diag.pin-twice.hint"))
			default:
				first[key] = file
			}
		}
	}
	for _, c := range s.Cards {
		check(c.File, c.Pin, c.KeyPos, c.Pos)
	}
	for _, p := range s.Pages {
		check(p.File, p.Pin, p.KeyPos, p.Pos)
	}
}

func validateLinks(s *Site, doc *Doc, d *diags) {
	files := s.Files
	for _, l := range doc.Links {
		what := i18n.M("word.link")
		if l.Image {
			what = i18n.M("word.image")
		}
		switch {
		case l.External, s.refused[strings.TrimPrefix(l.Target, "/")]: // a refused file is reported at itself
			continue
		case l.Target == "\x00":
			d.error(l.Pos, "bad-link", i18n.M("diag.bad-link", what, l.Dest), i18n.M("diag.bad-link.hint"))
		case strings.HasPrefix(l.Target, "/"):
			if !s.hasURL(l.Target) {
				d.error(l.Pos, "broken-link", i18n.M("diag.broken-link.site", what, l.Dest), i18n.M("diag.broken-link.site.hint"))
			} else if f := s.fileOfURL(l.Target); f != "" {
				d.warn(l.Pos, "site-path-link", i18n.M("diag.site-path-link", l.Dest), i18n.M("diag.site-path-link.hint", relPath(doc.File, f)+fragment(l.Fragment)))
			}
		case l.Target == ".." || strings.HasPrefix(l.Target, "../"):
			d.error(l.Pos, "broken-link", i18n.M("diag.broken-link.outside", what, l.Dest), i18n.M("diag.broken-link.outside.hint"))
		case strings.HasSuffix(l.Target, ".md"):
			target := s.byFile[l.Target]
			if target == nil {
				if slices.ContainsFunc(s.Drafts, func(c *Card) bool { return c.File == l.Target }) {
					d.error(l.Pos, "draft-link", i18n.M("diag.draft-link", what, l.Dest), i18n.M("diag.draft-link.hint"))
					continue
				}
				hint := i18n.M("diag.broken-link.hint")
				if c := closestPath(l.Target, keys(s.byFile)); c != "" {
					hint = i18n.M("hint.did-you-mean-file", relPath(doc.File, c))
				}
				d.error(l.Pos, "broken-link", i18n.M("diag.broken-link", what, l.Dest), hint)
				continue
			}
			if l.Fragment != "" && !slices.ContainsFunc(target.Headings, func(h Heading) bool { return h.ID == l.Fragment }) {
				d.warn(l.Pos, "broken-anchor", i18n.M("diag.broken-anchor", what, l.Dest, target.File), anchorHint(target))
			}
		case l.Target == doc.File:
			if l.Fragment != "" && !slices.ContainsFunc(doc.Headings, func(h Heading) bool { return h.ID == l.Fragment }) {
				d.warn(l.Pos, "broken-anchor", i18n.M("diag.broken-anchor.here", what, l.Dest), anchorHint(doc))
			}
		default:
			if _, ok := slices.BinarySearch(files, l.Target); !ok {
				var hint i18n.Msg
				switch c := closestPath(l.Target, s.attachments); {
				case c != "":
					hint = i18n.M("hint.did-you-mean-file", relPath(doc.File, c))
				case l.Image && isCardFile(doc.File):
					// The guide keeps a card's pictures in a folder named as the card.
					own := strings.TrimSuffix(doc.File, ".md") + "/" + path.Base(l.Target)
					hint = i18n.M("diag.missing-file.image.hint", own, relPath(doc.File, own))
				default:
					hint = i18n.M("diag.missing-file.hint")
				}
				d.error(l.Pos, "missing-file", i18n.M("diag.missing-file", what, l.Dest), hint)
			}
		}
	}
}

// isCardFile reports whether a content file is a card: tools/<tool>/<slug>.md.
func isCardFile(file string) bool {
	parts := strings.Split(file, "/")
	return len(parts) == 3 && parts[0] == "tools" && parts[2] != "_index.md" && strings.HasSuffix(parts[2], ".md")
}

// fileOfURL returns the content file whose page is at a site path
// ("/tools/teams/liity/" -> "tools/teams/liity.md"), or "".
func (s *Site) fileOfURL(p string) string {
	rel := strings.TrimPrefix(p, "/")
	if rel != "" && !strings.HasSuffix(rel, "/") {
		rel += "/"
	}
	for f := range s.byFile {
		if relURL(f) == rel {
			return f
		}
	}
	return ""
}

func fragment(f string) string {
	if f == "" {
		return ""
	}
	return "#" + f
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
			if d := textdist.Distance(base, fb); d < bestD {
				best, bestD = f, d
			}
		}
	}
	return best
}

func anchorHint(doc *Doc) i18n.Msg {
	if len(doc.Headings) == 0 {
		return i18n.M("diag.broken-anchor.none.hint")
	}
	ids := make([]string, len(doc.Headings))
	for i, h := range doc.Headings {
		ids[i] = "#" + h.ID
	}
	return i18n.M("diag.broken-anchor.hint", strings.Join(ids, ", "))
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
	if _, ok := slices.BinarySearch(s.Files, rel); ok || (rel == "feed.xml" || rel == "sitemap.xml") && s.HasAddress() {
		return true
	}
	if rel != "" && !strings.HasSuffix(rel, "/") && !strings.HasSuffix(rel, ".html") {
		rel += "/"
	}
	for _, v := range Views(s) {
		if v.Card != nil && v.Card.Draft {
			continue // the preview's; the build has no such page
		}
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
