package generator

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"tietopankki/maturity"
)

// View is what a layout renders: the site and the one thing the page shows.
type View struct {
	Site        *Site
	Kind        string // one of PageKinds
	Rel         string // site-relative path of the page: "" (home), "tools/teams/", "404.html"
	Title       string
	Description string
	Crumbs      []Crumb // between the home page and this page

	Tool    *Tool
	Card    *Card
	Path    *Path
	Segment *Segment
	Area    *Area
	Page    *Page
	Search  *SearchView
	// Feedback is the thank-you page of the feedback forms (kind
	// "feedback"): filled by the server that took the post; the static
	// page (on Netlify) has the thanks and no page to go back to.
	Feedback *FeedbackView
	// FeedbackStats is the dev server's note on a card: what staff
	// answered about it (the copy of the database given with --data).
	FeedbackStats *FeedbackStats
	Unit          *maturity.Unit // a unit's maturity page

	LiveReload bool // the dev server's reload script; never in build output
}

// Crumb is one breadcrumb link.
type Crumb struct{ Title, URL string }

// File is the output file of the view.
func (v *View) File() string {
	if strings.HasSuffix(v.Rel, ".html") {
		return v.Rel
	}
	return v.Rel + "index.html"
}

// URL is the page's URL with the base path.
func (v *View) URL() string { return v.Site.URLFor(v.Rel) }

// AbsURL is the page's absolute URL, for canonical links and feeds.
func (v *View) AbsURL() string { return v.Site.AbsURL(v.Rel) }

// AbsURL joins baseURL and a site-relative path.
func (s *Site) AbsURL(rel string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + "/" + strings.TrimPrefix(s.URLFor(rel), s.BasePath)
}

// SearchView is the state of the search page: the query, the filters and
// the results (filled by the search handler; empty in static output).
type SearchView struct {
	Query    string
	Tool     string
	Segment  string
	Area     string
	Total    int // results that answer the query (see search.Result)
	Complete int // results with every word of the query
	Partial  int // results with only some of the words, listed after the others
	Results  []SearchResult
	Error    string // shown instead of results, e.g. a query that is too long
}

// FeedbackView is the state of the feedback thank-you page.
type FeedbackView struct {
	Message string // the thanks, or what went wrong
	Error   bool
	Back    string // URL of the page the feedback was about; "" for none
}

// FeedbackStats is what staff answered about a page.
type FeedbackStats struct {
	Yes, No  int
	Comments []FeedbackComment // newest first
}

// FeedbackComment is one comment of FeedbackStats.
type FeedbackComment struct {
	Day     string
	Helpful bool
	Text    string
}

// SearchResult is one hit as the search page shows it.
type SearchResult struct {
	ID       string
	Title    string
	Summary  string
	URL      string
	Tool     *Tool
	Segments []*Segment
	Snippet  template.HTML // HTML-escaped text with <mark> around the hits
	Partial  bool          // it has only some of the query's words
}

// Views lists every page of the site with what it shows. Render renders
// them; the dev server renders a subset after a change.
func Views(s *Site) []*View {
	var vs []*View
	add := func(v *View) { v.Site = s; vs = append(vs, v) }
	add(&View{Kind: "home", Rel: "", Title: s.Title, Description: s.Description})
	for _, t := range s.Tools {
		add(ToolView(t))
	}
	for _, c := range s.shown() {
		add(CardView(c))
	}
	for i := range s.Segments {
		sg := &s.Segments[i]
		add(&View{Kind: "segment", Rel: "segments/" + sg.ID + "/", Title: sg.Name, Description: sg.Summary, Segment: sg})
	}
	for _, p := range s.Paths {
		add(PathView(s, p))
	}
	for i := range s.Areas {
		a := &s.Areas[i]
		add(&View{Kind: "area", Rel: "areas/" + a.ID + "/", Title: a.Name, Area: a})
	}
	for _, p := range s.Pages {
		add(&View{Kind: "page", Rel: p.Slug + "/", Title: p.Title, Description: p.Summary, Page: p})
	}
	if len(s.Glossary) > 0 {
		add(&View{Kind: "glossary", Rel: "sanasto/"})
	}
	for _, v := range maturityViews(s) {
		add(v)
	}
	add(&View{Kind: "search", Rel: "search/", Search: &SearchView{}})
	add(&View{Kind: "404", Rel: "404.html"})
	if s.Offline {
		// The service worker's answer for a page it has not kept.
		add(&View{Kind: "offline", Rel: OfflinePage})
	}
	if s.FeedbackAction() != "" {
		add(FeedbackPage(&FeedbackView{}))
	}
	return vs
}

// ToolView is a tool's page.
func ToolView(t *Tool) *View {
	return &View{Kind: "tool", Rel: "tools/" + t.ID + "/", Title: t.Title, Description: t.Purpose, Tool: t}
}

// FeedbackPage is the thank-you page of the feedback forms.
func FeedbackPage(fv *FeedbackView) *View {
	return &View{Kind: "feedback", Rel: FeedbackThanks, Feedback: fv}
}

// CardView is a card's page.
func CardView(c *Card) *View {
	v := &View{Kind: "card", Rel: "tools/" + c.ID + "/", Title: c.Title, Description: c.Summary, Card: c}
	if c.Tool != nil {
		v.Crumbs = []Crumb{{Title: c.Tool.Title, URL: c.Tool.URL}}
	}
	return v
}

// PathView is a learning path's page.
func PathView(s *Site, p *Path) *View {
	v := &View{Kind: "path", Rel: "paths/" + p.Slug + "/", Title: p.Title, Description: p.Summary, Path: p}
	if p.SegmentRef != nil {
		v.Crumbs = []Crumb{{Title: p.SegmentRef.Name, URL: p.SegmentRef.URL}}
	}
	return v
}

// Output receives the files of a build.
type Output interface {
	WriteFile(rel string, data []byte) error
}

// RenderOptions change how pages are rendered.
type RenderOptions struct {
	LiveReload bool      // add the dev server's reload script
	Now        time.Time // the feed's update time when no card has a date
}

// Render writes every page, the feed, the sitemap and the theme's assets
// to out, rendering pages in parallel. It stops with ctx's error when ctx
// ends.
func Render(ctx context.Context, s *Site, t *Theme, out Output, opts RenderOptions) error {
	if err := RenderTeasers(t, s.shown()); err != nil {
		return err
	}
	if err := RenderViews(ctx, t, Views(s), out, opts); err != nil {
		return err
	}
	if err := WriteAssets(t, out); err != nil {
		return err
	}
	if err := WriteServiceWorker(s, t, out); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return RenderFeeds(s, out, opts.Now)
}

// WriteAssets writes the theme's assets under their fingerprinted names.
// Assets that keep their names (the service worker) are not written here:
// assets/ is cached for a year, so they go where their own writer puts them.
func WriteAssets(t *Theme, out Output) error {
	for p, b := range t.files {
		if unhashedAssets[path.Base(p)] {
			continue
		}
		if err := out.WriteFile(p, b); err != nil {
			return err
		}
	}
	return nil
}

// RenderFeeds writes sitemap.xml and the Atom feed (feed.xml), when
// baseURL is a full address: both must give full addresses.
func RenderFeeds(s *Site, out Output, now time.Time) error {
	if !s.HasAddress() {
		return nil
	}
	var b bytes.Buffer
	writeSitemap(&b, s, Views(s))
	if err := out.WriteFile("sitemap.xml", bytes.Clone(b.Bytes())); err != nil {
		return err
	}
	b.Reset()
	writeFeed(&b, s, now)
	return out.WriteFile("feed.xml", b.Bytes())
}

// RenderViews renders the given pages to out, in parallel. When ctx ends,
// no further page is started and it returns ctx's error.
func RenderViews(ctx context.Context, t *Theme, views []*View, out Output, opts RenderOptions) error {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	next := make(chan *View)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for v := range next {
				if ctx.Err() != nil {
					continue
				}
				buf.Reset()
				v.LiveReload = opts.LiveReload
				err := t.execute(&buf, v)
				if err == nil {
					err = out.WriteFile(v.File(), bytes.Clone(buf.Bytes()))
				}
				if err != nil {
					once.Do(func() { first = fmt.Errorf("rendering %s: %w", v.File(), err) })
				}
			}
		})
	}
feed:
	for _, v := range views {
		select {
		case next <- v:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return first
}

// RenderTeasers renders each card's list item (the theme's "teaser"
// template) once, in parallel; list pages show Card.Teaser, so a card in
// many lists is rendered once, not once a list.
func RenderTeasers(t *Theme, cards []*Card) error {
	tmpl := t.templates["card"]
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := w; i < len(cards); i += len(errs) {
				buf.Reset()
				if err := tmpl.ExecuteTemplate(&buf, "teaser", cards[i]); err != nil {
					errs[w] = fmt.Errorf("rendering the teaser of %s: %w", cards[i].File, err)
					return
				}
				cards[i].Teaser = template.HTML(buf.String())
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// RenderView renders one page into w (the search handler's results page).
func RenderView(t *Theme, v *View, w io.Writer) error { return t.execute(w, v) }

// CopyFiles copies the published attachments (Site.Files) to out
// unchanged; in Preview the drafts' files too. It stops with ctx's error
// when ctx ends.
func CopyFiles(ctx context.Context, fsys fs.FS, s *Site, out Output) error {
	for _, f := range s.served() {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return err
		}
		if err := out.WriteFile(f, b); err != nil {
			return err
		}
	}
	return nil
}

func htmlOf(b []byte) template.HTML { return template.HTML(b) }

// --- sitemap and feed ------------------------------------------------------

func writeSitemap(w *bytes.Buffer, s *Site, views []*View) {
	// Written by hand: encoding/xml's reflection costs the dev server 10 ms
	// a change at 10,000 cards.
	w.WriteString(xml.Header)
	w.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, v := range views {
		if v.Kind == "404" || v.Kind == "search" || v.Kind == "feedback" || v.Kind == "offline" || v.Card != nil && v.Card.Draft {
			continue
		}
		w.WriteString(" <url>\n  <loc>")
		xml.EscapeText(w, []byte(v.AbsURL()))
		w.WriteString("</loc>\n")
		if v.Card != nil && !v.Card.Updated.IsZero() {
			w.WriteString("  <lastmod>" + v.Card.Updated.String() + "</lastmod>\n")
		}
		w.WriteString(" </url>\n")
	}
	w.WriteString("</urlset>\n")
}

// writeFeed writes an Atom feed of the most recently updated cards.
func writeFeed(w *bytes.Buffer, s *Site, now time.Time) {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		Link    link   `xml:"link"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
	}
	var feed struct {
		XMLName xml.Name `xml:"feed"`
		NS      string   `xml:"xmlns,attr"`
		Lang    string   `xml:"xml:lang,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	feed.NS, feed.Lang, feed.Title = "http://www.w3.org/2005/Atom", s.Language, s.Title
	feed.ID = s.AbsURL("")
	feed.Links = []link{{Href: s.AbsURL("")}, {Href: s.AbsURL("feed.xml"), Rel: "self"}}
	feed.Author.Name = cmp.Or(s.Help.Name, s.Title)
	recent := s.Recent(20)
	updated := now
	if len(recent) > 0 {
		updated = recent[0].Updated.Time
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	for _, c := range recent {
		u := s.AbsURL("tools/" + c.ID + "/")
		feed.Entries = append(feed.Entries, entry{Title: c.Title, Link: link{Href: u}, ID: u,
			Updated: c.Updated.UTC().Format(time.RFC3339), Summary: c.Summary})
	}
	w.WriteString(xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	enc.Encode(feed)
}
