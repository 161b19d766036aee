package feedback

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"math"
	"path"
	"regexp"
	"strings"
	"text/tabwriter"

	"tietopankki/i18n"
	"tietopankki/search"
)

// Formats of a written report.
var Formats = []string{"text", "json", "html"}

// Write writes a report in a format ("text", "json" or "html") in the
// catalogue's language. css, for html, is the URL of a stylesheet to
// link ("" for none: the page reads well with the browser's own styles).
func Write(w io.Writer, rep *Report, format string, cat *i18n.Catalog, css string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "html":
		return reportTmpl.Execute(w, reportView{Report: rep, CSS: css, Lang: cat.Lang, cat: cat})
	case "text":
		return writeText(w, rep, cat)
	}
	return fmt.Errorf("no report format %q", format)
}

// Percent formats a share (0..1) as a whole percentage in the
// catalogue's language ("67 %").
func Percent(cat *i18n.Catalog, share float64) string {
	return cat.T("feedback.report.percent", int(math.Round(share*100)))
}

func period(cat *i18n.Catalog, rep *Report) string {
	if rep.Since == "" {
		return cat.T("feedback.report.periodAll", rep.Until)
	}
	return cat.T("feedback.report.period", rep.Since, rep.Until)
}

func matchText(cat *i18n.Catalog, m *Match) string {
	switch {
	case m == nil:
		return cat.T("feedback.report.noMatch")
	case m.Found:
		return cat.T("feedback.report.matchFound", m.Title)
	default:
		return cat.T("feedback.report.matchGuess", m.Title)
	}
}

func answer(cat *i18n.Catalog, helpful bool) string {
	if helpful {
		return cat.T("feedback.report.helpful")
	}
	return cat.T("feedback.report.notHelpful")
}

func writeText(w io.Writer, rep *Report, cat *i18n.Catalog) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n%s\n\n", cat.T("feedback.report.title"), period(cat, rep))
	fmt.Fprintf(tw, "%s\n", cat.T("feedback.report.pages"))
	if len(rep.Pages) == 0 {
		fmt.Fprintf(tw, "  %s\n", cat.T("feedback.report.noPages"))
	} else {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", cat.T("feedback.report.page"), cat.T("feedback.report.yes"), cat.T("feedback.report.no"), cat.T("feedback.report.share"))
	}
	for _, p := range rep.Pages {
		name := "/" + p.Page
		if p.Title != "" {
			name = p.Title + " (" + name + ")"
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", name, p.Yes, p.No, Percent(cat, p.Share))
	}
	tw.Flush()
	for _, p := range rep.Pages {
		if len(p.Comments) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n  %s – %s:\n", cmpOr(p.Title, "/"+p.Page), cat.T("feedback.report.comments"))
		for _, c := range p.Comments {
			fmt.Fprintf(w, "    %s %s: %s\n", c.Day, answer(cat, c.Helpful), indent(c.Text))
		}
	}
	fmt.Fprintf(w, "\n%s\n", cat.T("feedback.report.searches"))
	if len(rep.Searches) == 0 {
		fmt.Fprintf(w, "  %s\n", cat.T("feedback.report.noSearches"))
		return nil
	}
	fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", cat.T("feedback.report.query"), cat.T("feedback.report.noResults"),
		cat.T("feedback.report.notHelped"), cat.T("feedback.report.lastDay"), cat.T("feedback.report.match"))
	for _, s := range rep.Searches {
		fmt.Fprintf(tw, "  %q\t%d\t%d\t%s\t%s\n", s.Query, s.NoResults, s.NotHelped, s.LastDay, matchText(cat, s.Match))
	}
	tw.Flush()
	for _, s := range rep.Searches {
		if len(s.Comments) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n  %q – %s:\n", s.Query, cat.T("feedback.report.comments"))
		for _, c := range s.Comments {
			fmt.Fprintf(w, "    %s\n", indent(c))
		}
	}
	return nil
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n      ") }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

//go:embed report.html
var reportHTML string

var reportTmpl = template.Must(template.New("report").Parse(reportHTML))

// reportView is what report.html renders.
type reportView struct {
	*Report
	CSS  string
	Lang string
	cat  *i18n.Catalog
}

func (v reportView) Period() string                   { return period(v.cat, v.Report) }
func (v reportView) Percent(share float64) string     { return Percent(v.cat, share) }
func (v reportView) MatchText(m *Match) string        { return matchText(v.cat, m) }
func (v reportView) Answer(helpful bool) string       { return answer(v.cat, helpful) }
func (v reportView) T(key string, args ...any) string { return v.cat.T(key, args...) }

// FileTitles returns a Lookup.Title that reads a page's title from its
// file in a built site (the <title> without the site's name after the
// last " – ") and makes its URL with base, the site's base path or URL.
func FileTitles(build fs.FS, base string) func(page string) (string, string) {
	base = strings.TrimSuffix(base, "/") + "/"
	return func(page string) (string, string) {
		b, err := fs.ReadFile(build, path.Join(page, "index.html"))
		if err != nil {
			return "", ""
		}
		m := titleRE.FindSubmatch(b)
		if m == nil {
			return "", base + page
		}
		title := html.UnescapeString(string(m[1]))
		if i := strings.LastIndex(title, " – "); i > 0 {
			title = title[:i]
		}
		return strings.TrimSpace(title), base + page
	}
}

var titleRE = regexp.MustCompile(`<title>([^<]*)</title>`)

// IndexMatch returns a Lookup.Match over a build's search index. When
// the index finds the query now (the content changed since), the match is
// its top hit. Otherwise it is a guess: the search already tries every
// word, its stems, typos and compound parts, so a query that found
// nothing usually has words that no card contains at all, often long
// compounds ("etaajanvarausjarjestelma"). The guess takes each word's
// longest beginning or end (at least minGuess letters) that the index
// finds, and the top hit of that part. urlBase is put in front of the
// hits' paths ("" keeps them as they are).
func IndexMatch(ix *search.Index, urlBase string) func(query string) *Match {
	urlBase = strings.TrimSuffix(urlBase, "/")
	top := func(q string) *search.Hit {
		res, err := ix.Search(context.Background(), search.Request{Query: q, Limit: 1})
		if err != nil || len(res.Hits) == 0 {
			return nil
		}
		return &res.Hits[0]
	}
	return func(q string) *Match {
		if h := top(q); h != nil {
			return &Match{Title: h.Title, URL: urlBase + h.URL, Found: true}
		}
		var best *search.Hit
		bestLen := 0
		for _, word := range strings.Fields(q) {
			r := []rune(word)
			for n := len(r) - 1; n >= minGuess && n > bestLen; n-- {
				h := top(string(r[:n]))
				if h == nil {
					h = top(string(r[len(r)-n:]))
				}
				if h != nil {
					best, bestLen = h, n
					break
				}
			}
		}
		if best == nil {
			return nil
		}
		return &Match{Title: best.Title, URL: urlBase + best.URL}
	}
}

// minGuess is the shortest part of a word IndexMatch guesses by.
const minGuess = 5
