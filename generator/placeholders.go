package generator

import (
	"bytes"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"

	"tietopankki/i18n"
)

// Placeholders are the sentences of the templates that `tietopankki new`
// writes. Each tells the mentor what to write in its place, so a file that
// still has one is not finished: Load reports it (rule template-text), as
// an error in what is published and as a notice in a draft. The templates
// are made of these strings, so the two cannot drift apart.
var Placeholders = struct {
	CardSummary, CardIntro, CardTip, CardTrouble string
	CardSteps                                    []string
	PathSummary, PathIntro                       string
	ToolPurpose, ToolWhat, ToolWho, ToolStart    string
	ToolNewCard                                  string // followed by the command in backquotes
}{
	CardSummary: "Kerro tähän yhdellä lauseella, mitä kortti neuvoo.",
	CardIntro:   "Kerro tähän lyhyesti, missä tilanteessa ohje auttaa.",
	CardSteps:   []string{"Avaa ...", "Valitse ...", "Tallenna ..."},
	CardTip:     "Kirjoita tähän hyvä neuvo, joka helpottaa työtä.",
	CardTrouble: "Kerro tähän, mitä lukija voi tehdä, jos jokin vaihe ei onnistu.",
	PathSummary: "Kerro tähän yhdellä lauseella, mitä polulla oppii.",
	PathIntro:   "Kerro tähän 2–4 lauseella, kenelle polku sopii ja mitä sillä oppii.",
	ToolPurpose: "Kerro tähän yhdellä lauseella, mihin työkalu auttaa työssä.",
	ToolWhat:    "Kerro tähän, mitä työkalulla voi tehdä.",
	ToolWho:     "Kerro tähän, ketkä työkalua käyttävät ja missä työssä.",
	ToolStart:   "Linkitä tähän työkalun tärkein ohjekortti.",
	ToolNewCard: "Uuden kortin saat komennolla",
}

// placeholderList is every placeholder.
var placeholderList = func() []string {
	p := Placeholders
	out := append([]string{p.CardSummary, p.CardIntro, p.CardTip, p.CardTrouble, p.PathSummary, p.PathIntro,
		p.ToolPurpose, p.ToolWhat, p.ToolWho, p.ToolStart, p.ToolNewCard}, p.CardSteps...)
	return out
}()

var placeholderBytes = func() [][]byte {
	out := make([][]byte, len(placeholderList))
	for i, p := range placeholderList {
		out[i] = []byte(p)
	}
	return out
}()

// placeholderIn returns the first placeholder in text and its byte offset.
func placeholderIn(text string) (string, int, bool) {
	best, at := "", -1
	for _, p := range placeholderList {
		if i := strings.Index(text, p); i >= 0 && (at < 0 || i < at) {
			best, at = p, i
		}
	}
	return best, at, at >= 0
}

// findPlaceholders returns the placeholders left in a body: in paragraphs
// and headings, at their first character.
func findPlaceholders(root ast.Node, body []byte, src *source) []Piece {
	if !slices.ContainsFunc(placeholderBytes, func(p []byte) bool { return bytes.Contains(body, p) }) {
		return nil // most bodies: no walk
	}
	var out []Piece
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		default:
			return ast.WalkContinue, nil
		}
		p := proseOf(n, body, src)
		text := p.Text()
		for off := 0; ; {
			ph, i, ok := placeholderIn(text[off:])
			if !ok {
				break
			}
			out = append(out, Piece{Text: ph, Pos: p.PosAt(off + i)})
			off += i + len(ph)
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// reportPlaceholders reports the placeholders left in a document: those of
// its body (found) and of its summary or purpose.
func reportPlaceholders(file string, data []byte, meta any, found []Piece, d *diags) {
	c, isCard := meta.(*Card)
	draft := isCard && c.Draft // a draft is work in progress: only a reminder
	var title, summary, purpose string
	switch m := meta.(type) {
	case *Card:
		title, summary = m.Title, m.Summary
	case *Path:
		title, summary = m.Title, m.Summary
	case *Tool:
		title, purpose = m.Title, m.Purpose
	}
	for _, f := range [...]struct{ key, value string }{{"title", title}, {"summary", summary}, {"purpose", purpose}} {
		if _, _, ok := placeholderIn(f.value); !ok {
			continue // the front matter is read again only for a finding
		}
		if v, ok := FrontMatterValue(file, data, f.key); ok {
			if ph, _, ok := placeholderIn(v.Text); ok {
				found = append([]Piece{{Text: ph, Pos: v.Pos}}, found...)
			}
		}
	}
	for _, p := range found {
		msg, hint := i18n.M("diag.template-text", p.Text), i18n.M("diag.template-text.hint")
		if draft {
			d.notice(p.Pos, "template-text", msg, hint)
		} else {
			d.error(p.Pos, "template-text", msg, hint)
		}
	}
}
