package generator

import (
	"slices"
)

// Assemble links the loaded site together: each card to its tool, segments
// and areas, each tool to its cards, each segment to its paths and cards,
// each area to its cards, each path to its step cards, and each card to the
// paths it is a step of, with the previous and next step. References that do
// not resolve are skipped: Validate reports them.
func Assemble(s *Site) {
	s.index()
	for _, t := range s.Tools {
		t.Cards = nil
	}
	for i := range s.Segments {
		s.Segments[i].Paths, s.Segments[i].Cards = nil, nil
	}
	for i := range s.Areas {
		s.Areas[i].Cards = nil
	}
	if s.Help.Page != "" {
		s.Help.PageRef = s.PageBySlug[s.Help.Page]
	}
	for _, c := range append(slices.Clone(s.Cards), s.Drafts...) {
		c.Tool = s.ToolByID[c.ToolID()]
		c.SegmentRefs, c.AreaRefs, c.Steps = nil, nil, nil
		for _, r := range c.Segments {
			if sg := s.SegmentByID[r.ID]; sg != nil {
				c.SegmentRefs = append(c.SegmentRefs, sg)
			}
		}
		for _, r := range c.Areas {
			if a := s.AreaByID[r.ID]; a != nil {
				c.AreaRefs = append(c.AreaRefs, a)
			}
		}
	}
	s.Today = s.newestDate()
	for _, c := range append(slices.Clone(s.Cards), s.Drafts...) {
		c.Stale = c.Reviewed().OlderThan(s.StaleAfterMonths, s.Today.Time)
	}
	for _, c := range s.shown() {
		if c.Tool != nil {
			c.Tool.Cards = append(c.Tool.Cards, c)
		}
		for _, sg := range c.SegmentRefs {
			sg.Cards = append(sg.Cards, c)
		}
		for _, a := range c.AreaRefs {
			a.Cards = append(a.Cards, c)
		}
	}
	for _, p := range s.Paths {
		p.SegmentRef = s.SegmentByID[p.Segment.ID]
		if p.SegmentRef != nil {
			p.SegmentRef.Paths = append(p.SegmentRef.Paths, p)
		}
		p.Cards = nil
		for _, st := range p.Steps {
			if c := s.CardByID[st.ID]; c != nil && !slices.Contains(p.Cards, c) {
				p.Cards = append(p.Cards, c)
			}
		}
		for i, c := range p.Cards {
			step := Step{Path: p, Index: i}
			if i > 0 {
				step.Prev = p.Cards[i-1]
			}
			if i+1 < len(p.Cards) {
				step.Next = p.Cards[i+1]
			}
			c.Steps = append(c.Steps, step)
		}
	}
}

// newestDate is Site.Today: the newest date in the content, or the
// build's SourceDate when that is later.
func (s *Site) newestDate() Date {
	d := s.SourceDate
	later := func(x Date) {
		if x.After(d.Time) {
			d = x
		}
	}
	for _, c := range s.Cards {
		later(c.Reviewed())
	}
	for _, t := range s.Tools {
		if len(t.Changes) > 0 {
			later(t.Changes[0].Date)
		}
	}
	return d
}

// ForSegment reports whether the card is meant for the segment (cards that
// name no segment are for everyone).
func (c *Card) ForSegment(id string) bool {
	if len(c.SegmentRefs) == 0 {
		return true
	}
	return slices.ContainsFunc(c.SegmentRefs, func(s *Segment) bool { return s.ID == id })
}

// ToolGroup is a service area's cards of one tool, for the area page.
type ToolGroup struct {
	Tool  *Tool
	Cards []*Card
}

// CardsByTool groups the area's cards by tool, in the site's tool order
// (the cards' order). A card without a tool (Validate reports it) is left
// out.
func (a *Area) CardsByTool() []ToolGroup {
	var groups []ToolGroup
	for _, c := range a.Cards {
		if c.Tool == nil {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1].Tool == c.Tool {
			groups[n-1].Cards = append(groups[n-1].Cards, c)
		} else {
			groups = append(groups, ToolGroup{Tool: c.Tool, Cards: []*Card{c}})
		}
	}
	return groups
}

// Recent returns up to n published cards, most recently updated first
// (then by id). It selects in one pass: no sort of every card.
func (s *Site) Recent(n int) []*Card {
	if n <= 0 {
		return nil
	}
	newer := func(a, b *Card) bool {
		if c := a.Updated.Compare(b.Updated.Time); c != 0 {
			return c > 0
		}
		return a.ID < b.ID
	}
	top := make([]*Card, 0, n+1)
	for _, c := range s.Cards {
		if c.Updated.IsZero() || (len(top) == n && !newer(c, top[n-1])) {
			continue
		}
		i := len(top)
		for i > 0 && newer(c, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, c)
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}
