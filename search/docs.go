package search

import (
	"slices"
	"strings"

	"tietopankki/generator"
)

// Documents lists what the index holds for a site: every published card,
// tool page, learning path and plain page but those marked search: false.
// Body text comes from the goldmark AST (generator.Doc.Text), never from
// HTML.
func Documents(s *generator.Site) []Doc {
	docs := make([]Doc, 0, len(s.Cards)+len(s.Tools)+len(s.Paths)+len(s.Pages))
	for _, t := range s.Tools {
		docs = append(docs, ToolDoc(t))
	}
	for _, c := range s.Cards {
		docs = append(docs, CardDoc(c))
	}
	for _, p := range s.Paths {
		docs = append(docs, PathDoc(p))
	}
	for _, p := range s.Pages {
		docs = append(docs, PageDoc(p))
	}
	return slices.DeleteFunc(docs, func(d Doc) bool { return d.Hidden })
}

// CardDoc is a card's document; its id is the card id. A card marked
// search: false is Hidden.
func CardDoc(c *generator.Card) Doc {
	d := Doc{ID: cardID(c), Kind: "card", Title: c.Title, Summary: c.Summary, Body: c.Text, Tags: c.Tags,
		Updated: c.Updated.String(), URL: c.URL, Pins: c.Pin, Hidden: !c.Searchable()}
	if c.Tool != nil {
		d.Tool, d.ToolTitle = c.Tool.ID, c.Tool.Title
	}
	for _, s := range c.SegmentRefs {
		d.Segments = append(d.Segments, s.ID)
	}
	for _, a := range c.AreaRefs {
		d.Areas = append(d.Areas, a.ID)
	}
	return d
}

// ToolDoc is a tool page's document, id "tools/<tool>". Its changes are
// part of its body.
func ToolDoc(t *generator.Tool) Doc {
	body := []string{t.Text}
	for _, ch := range t.Changes {
		body = append(body, ch.What, ch.Why)
	}
	return Doc{ID: toolID(t), Kind: "tool", Title: t.Title, Summary: t.Purpose,
		Body: strings.Join(body, "\n"), Tool: t.ID, ToolTitle: t.Title, URL: t.URL}
}

// PathDoc is a learning path's document, id "paths/<slug>". The titles of
// its steps are part of its body.
func PathDoc(p *generator.Path) Doc {
	body := []string{p.Text}
	for _, c := range p.Cards {
		body = append(body, c.Title)
	}
	d := Doc{ID: pathID(p), Kind: "path", Title: p.Title, Summary: p.Summary, Body: strings.Join(body, "\n"), URL: p.URL}
	if p.SegmentRef != nil {
		d.Segments = []string{p.SegmentRef.ID}
	}
	return d
}

// PageDoc is a plain page's document, id "pages/<slug>". A page marked
// search: false is Hidden.
func PageDoc(p *generator.Page) Doc {
	return Doc{ID: pageID(p), Kind: "page", Title: p.Title, Summary: p.Summary, Body: p.Text, URL: p.URL,
		Pins: p.Pin, Hidden: !p.Searchable()}
}

// The document ids: this is the one place that makes them.
func cardID(c *generator.Card) string { return c.ID }
func toolID(t *generator.Tool) string { return "tools/" + t.ID }
func pathID(p *generator.Path) string { return p.ID }
func pageID(p *generator.Page) string { return "pages/" + p.Slug }

// changes maps an incremental update's content to documents: those to
// index again and the ids to delete.
func changes(up *generator.Update) (docs []Doc, remove []string) {
	ch, rm := up.Changed, up.Removed
	docs = make([]Doc, 0, len(ch.Cards)+len(ch.Tools)+len(ch.Paths)+len(ch.Pages))
	docs = appendDocs(docs, ch.Cards, CardDoc)
	docs = appendDocs(docs, ch.Tools, ToolDoc)
	docs = appendDocs(docs, ch.Paths, PathDoc)
	docs = appendDocs(docs, ch.Pages, PageDoc)
	remove = appendIDs(remove, rm.Cards, cardID)
	remove = appendIDs(remove, rm.Tools, toolID)
	remove = appendIDs(remove, rm.Paths, pathID)
	remove = appendIDs(remove, rm.Pages, pageID)
	return docs, remove
}

func appendDocs[T any](docs []Doc, items []T, doc func(T) Doc) []Doc {
	for _, it := range items {
		docs = append(docs, doc(it))
	}
	return docs
}

func appendIDs[T any](ids []string, items []T, id func(T) string) []string {
	for _, it := range items {
		ids = append(ids, id(it))
	}
	return ids
}
