package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/lint"
)

// Rules of check's own findings (the linter's are in package lint).
const (
	ruleStale        = "stale-card"
	ruleLargeImage   = "large-image"
	ruleExternalLink = "external-link"
)

// checkRules are the ids of check's own findings.
var checkRules = []string{ruleExternalLink, ruleLargeImage, ruleStale}

// runCheck validates the content as build does, without writing output, and
// adds what only check looks at: stale cards, large images, plain language,
// and a list of external links.
func (m *Main) runCheck(ctx context.Context, args []string) int {
	fl := m.flags("check")
	content := fl.String("content", "content", "cli.flag.content")
	strict := fl.Bool("strict", false, "cli.flag.strict")
	format := fl.String("format", "text", "cli.flag.format")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return m.unexpected("check", fl.Arg(0))
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.check.format", *format))
		return exitUsage
	}
	if st, err := os.Stat(*content); err != nil || !st.IsDir() {
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.no-folder", "check", *content))
		return exitUsage
	}

	fsys := generator.Content(*content)
	site, theme, diags, err := m.loadSite(fsys)
	if err != nil {
		m.fail(m.catalog(""), "check", err)
		return exitContent
	}
	var external []generator.Diagnostic
	var figures []lint.Readability
	if site != nil {
		diags = append(diags, m.staleCards(fsys, site)...)
		diags = append(diags, largeImages(fsys, site)...)
		found, r := lint.New(site.Glossary).Site(fsys, site, generator.NewMarkdown(theme.Labels()))
		diags = append(diags, found...)
		figures = r
		external = externalLinks(fsys, site)
	}
	if *strict {
		for i := range diags {
			if diags[i].Severity == generator.Warning {
				diags[i].Severity = generator.Error
			}
		}
	}
	diags.Sort()
	for _, list := range []generator.Diagnostics{diags, external} {
		for i := range list {
			list[i].File = filepath.ToSlash(filepath.Join(*content, list[i].File))
		}
	}
	for i := range figures {
		figures[i].File = filepath.ToSlash(filepath.Join(*content, figures[i].File))
	}
	c := m.catalog(siteLang(site))
	switch *format {
	case "json":
		writeJSON(m.Stdout, c, diags, external, figures)
	case "github":
		writeGitHub(m.Stdout, c, diags)
		fmt.Fprintln(m.Stdout, summary(c, diags))
	default:
		writeText(m.Stdout, c, diags, external)
	}
	if diags.HasErrors() {
		return exitContent
	}
	return exitOK
}

// staleCards warns about published cards last reviewed (their `updated`
// date or newest change note) longer ago than site.yaml's
// staleAfterMonths, at the date itself. Unlike the notice on the card's
// page, which a reproducible build reckons from the content's newest date,
// check reckons from today.
func (m *Main) staleCards(fsys fs.FS, site *generator.Site) generator.Diagnostics {
	y, mo, d := m.clockNow().Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC) // dates in front matter are UTC days
	var out generator.Diagnostics
	for _, c := range site.Cards {
		if !c.Reviewed().OlderThan(site.StaleAfterMonths, today) {
			continue
		}
		pos := c.Pos
		if data, err := fs.ReadFile(fsys, c.File); err == nil {
			if v, ok := generator.FrontMatterValue(c.File, data, "updated"); ok {
				pos = v.Pos
			}
		}
		out = append(out, generator.Diagnostic{Pos: pos, Severity: generator.Warning, Rule: ruleStale,
			Msg:  i18n.M("diag.stale-card", c.Reviewed().String(), site.StaleAfterMonths),
			Hint: i18n.M("diag.stale-card.hint", today.Format(time.DateOnly))})
	}
	return out
}

// largeImages warns about images larger than site.yaml's maxImageKB, where
// a page shows them.
func largeImages(fsys fs.FS, site *generator.Site) generator.Diagnostics {
	var out generator.Diagnostics
	for _, doc := range site.Docs() {
		for _, l := range doc.Links {
			if !l.Image || l.External || l.Target == "" || l.Target == "\x00" {
				continue
			}
			st, err := fs.Stat(fsys, strings.TrimPrefix(l.Target, "/"))
			if err != nil || st.IsDir() {
				continue // a missing image is the build's error
			}
			if kb := (st.Size() + 1023) / 1024; kb > int64(site.MaxImageKB) {
				out = append(out, generator.Diagnostic{Pos: l.Pos, Severity: generator.Warning, Rule: ruleLargeImage,
					Msg:  i18n.M("diag.large-image", l.Dest, kb, site.MaxImageKB),
					Hint: i18n.M("diag.large-image.hint")})
			}
		}
	}
	return out
}

// externalLinks lists the links that leave the site: in bodies and tools'
// `link`. They are listed, not checked (check uses no network).
func externalLinks(fsys fs.FS, site *generator.Site) generator.Diagnostics {
	var out generator.Diagnostics
	add := func(pos generator.Pos, url string) {
		out = append(out, generator.Diagnostic{Pos: pos, Severity: generator.Warning, Rule: ruleExternalLink,
			Msg: i18n.M("diag.external-link", url), Hint: i18n.M("diag.external-link.hint")})
	}
	for _, t := range site.Tools {
		if t.Link == "" {
			continue
		}
		pos := t.Pos
		if data, err := fs.ReadFile(fsys, t.File); err == nil {
			if v, ok := generator.FrontMatterValue(t.File, data, "link"); ok {
				pos = v.Pos
			}
		}
		add(pos, t.Link)
	}
	md := generator.NewMarkdown(nil)
	for _, doc := range site.Docs() {
		data, err := fs.ReadFile(fsys, doc.File)
		if err != nil {
			continue
		}
		for _, l := range md.ExternalLinks(doc.File, data) {
			add(l.Pos, l.Dest)
		}
	}
	out.Sort()
	return out
}

// writeText writes one finding a line, "file:line:col: warning: message
// (hint)", with the external links as info lines in between, and a summary.
func writeText(w io.Writer, c *i18n.Catalog, diags, external generator.Diagnostics) {
	all := append(slices.Clone(diags), external...)
	all.Sort()
	for _, d := range all {
		if d.Rule == ruleExternalLink {
			fmt.Fprintln(w, c.T("cli.check.external", d.Pos.String(), c.Format(d.Msg), c.Format(d.Hint)))
		} else {
			fmt.Fprintln(w, d.Format(c))
		}
	}
	fmt.Fprintln(w, summary(c, diags))
}

// summary is the last line of text output: "2 errors, 5 warnings in 3
// files", with ", 1 notice" after the warnings when there are notices.
func summary(c *i18n.Catalog, diags generator.Diagnostics) string {
	files := map[string]bool{}
	n := map[generator.Severity]int{}
	for _, d := range diags {
		files[d.File] = true
		n[d.Severity]++
	}
	s := c.N("cli.check.errors", n[generator.Error]) + ", " + c.N("cli.check.warnings", n[generator.Warning])
	if n[generator.Notice] > 0 {
		s += ", " + c.N("cli.check.notices", n[generator.Notice])
	}
	return c.T("cli.check.summary", s, c.N("cli.check.files", len(files)))
}

// finding is one diagnostic in JSON output.
type finding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
	Hint    string `json:"hint"`
}

func findings(c *i18n.Catalog, ds generator.Diagnostics) []finding {
	out := []finding{}
	for _, d := range ds {
		out = append(out, finding{File: d.File, Line: d.Line, Col: d.Col, Rule: d.Rule, Message: c.Format(d.Msg), Hint: c.Format(d.Hint)})
	}
	return out
}

// writeJSON writes one object: {"errors": [...], "warnings": [...],
// "notices": [...], "external": [...], "readability": [...]}; readability
// has one object a published card (lint.Readability).
func writeJSON(w io.Writer, c *i18n.Catalog, diags, external generator.Diagnostics, figures []lint.Readability) {
	errs := diags.Errors()
	var warns, notices generator.Diagnostics
	for _, d := range diags {
		switch d.Severity {
		case generator.Warning:
			warns = append(warns, d)
		case generator.Notice:
			notices = append(notices, d)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if figures == nil {
		figures = []lint.Readability{}
	}
	enc.Encode(struct {
		Errors      []finding          `json:"errors"`
		Warnings    []finding          `json:"warnings"`
		Notices     []finding          `json:"notices"`
		External    []finding          `json:"external"`
		Readability []lint.Readability `json:"readability"`
	}{findings(c, errs), findings(c, warns), findings(c, notices), findings(c, external), figures})
}

// writeGitHub writes GitHub Actions workflow commands, which show each
// finding on its line of the pull request:
// ::error file=F,line=L,col=C,title=RULE::MESSAGE (HINT)
func writeGitHub(w io.Writer, c *i18n.Catalog, diags generator.Diagnostics) {
	for _, d := range diags {
		props := []string{"file=" + ghProperty(d.File)}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line))
			if d.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", d.Col))
			}
		}
		if d.Rule != "" {
			props = append(props, "title="+ghProperty(d.Rule))
		}
		msg := c.Format(d.Msg)
		if h := c.Format(d.Hint); h != "" {
			msg += " (" + h + ")"
		}
		fmt.Fprintf(w, "::%s %s::%s\n", d.Severity, strings.Join(props, ","), ghData(msg))
	}
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
