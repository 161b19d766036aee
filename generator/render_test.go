package generator

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"tietopankki/internal/htmlscan"
	"tietopankki/internal/testcontent"
)

// renderedSite is a whole site rendered into memory.
type renderedSite struct {
	Site *Site
	Out  *MemOutput
}

// renderSample renders a copy of the live sample content, content/, with
// one card added and one taken out (testcontent.Sample), with the embedded
// default theme, with baseURL replaced by baseURL when it is not "". The
// tests that use it assert only what holds for any valid content.
func renderSample(tb testing.TB, baseURL string) renderedSite {
	tb.Helper()
	fsys := os.DirFS(testcontent.Sample(tb))
	cfg, diags := LoadConfig(fsys)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	th := defaultTheme(tb, cfg.BasePath())
	s, d := Load(fsys, cfg, NewMarkdown(th.Labels()))
	diags = append(diags, d...)
	diags = append(diags, Validate(s)...)
	if diags.HasErrors() {
		tb.Fatalf("the sample content has errors:\n%v", diags.Errors())
	}
	Assemble(s)
	out := NewMemOutput()
	if err := Render(tb.Context(), s, th, out, RenderOptions{Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	if err := CopyFiles(tb.Context(), fsys, s, out); err != nil {
		tb.Fatal(err)
	}
	return renderedSite{Site: s, Out: out}
}

// renderFiles renders a content folder given as files with the default theme.
func renderFiles(tb testing.TB, files map[string]string, opts RenderOptions) renderedSite {
	tb.Helper()
	s, diags := site(tb, files)
	if diags.HasErrors() {
		tb.Fatalf("content errors:\n%v", diags.Errors())
	}
	out := NewMemOutput()
	if err := Render(tb.Context(), s, defaultTheme(tb, s.BasePath), out, opts); err != nil {
		tb.Fatal(err)
	}
	if err := CopyFiles(tb.Context(), mapFS(files), s, out); err != nil {
		tb.Fatal(err)
	}
	return renderedSite{Site: s, Out: out}
}

// pages returns the names of the produced HTML pages.
func (r renderedSite) pages() []string {
	var out []string
	for _, n := range r.Out.Names() {
		if strings.HasSuffix(n, ".html") {
			out = append(out, n)
		}
	}
	return out
}

func (r renderedSite) file(tb testing.TB, name string) []byte {
	tb.Helper()
	b, ok := r.Out.File(name)
	if !ok {
		tb.Fatalf("no output file %s; have %v", name, r.Out.Names())
	}
	return b
}

// outputFile maps a URL path of the site to the output file it is served
// from, or "" when the path is not under the site's base path.
func outputFile(basePath, p string) string {
	if !strings.HasPrefix(p, basePath) {
		return ""
	}
	rel := strings.TrimPrefix(p, basePath)
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel
}

// idsOf returns the id attributes of a page's tags.
func idsOf(tags []htmlscan.Tag) map[string]int {
	ids := map[string]int{}
	for _, t := range tags {
		if id, ok := t.Attr("id"); ok && !t.End {
			ids[id]++
		}
	}
	return ids
}

// TestAll renders the sample content and checks every page it produces:
// links, escaping, the strict CSP, and the page skeleton.
func TestAll(t *testing.T) {
	for _, tc := range []struct{ name, baseURL string }{
		{"root", ""},
		{"tietopankki", "https://intra.example.fi/tietopankki/"},
	} {
		baseURL := tc.baseURL
		t.Run(tc.name, func(t *testing.T) {
			r := renderSample(t, baseURL)
			checkPages(t, r)
		})
	}
}

func checkPages(t *testing.T, r renderedSite) {
	base := r.Site.BasePath
	pages := r.pages()
	if len(pages) < len(r.Site.Cards)+len(r.Site.Tools)+len(r.Site.Paths)+len(r.Site.Pages) {
		t.Fatalf("only %d pages rendered", len(pages))
	}
	parsed := map[string][]htmlscan.Tag{}
	for _, p := range pages {
		tags, err := htmlscan.Scan(string(r.file(t, p)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
		parsed[p] = tags
	}
	for _, p := range pages {
		body := string(r.file(t, p))
		tags := parsed[p]
		t.Run(p, func(t *testing.T) {
			for _, bad := range []string{"&amp;lt;", "&amp;gt;", "&amp;amp;", "&amp;quot;", "&amp;#", "ZgotmplZ", "<no value>", "%!", "<!-- raw HTML omitted -->"} {
				if strings.Contains(body, bad) {
					i := strings.Index(body, bad)
					t.Errorf("page contains %q: …%s…", bad, body[max(i-60, 0):min(i+60, len(body))])
				}
			}
			var h1, mains, skip int
			for _, tag := range tags {
				if tag.End {
					continue
				}
				switch tag.Name {
				case "html":
					if got, want := attr(tag, "lang"), "fi"; got != want {
						t.Errorf("<html lang> got %q, want %q", got, want)
					}
				case "h1":
					h1++
				case "main":
					mains++
					if got, want := attr(tag, "id"), "main"; got != want {
						t.Errorf("<main id> got %q, want %q", got, want)
					}
				case "a":
					if strings.Contains(" "+attr(tag, "class")+" ", " skip-link ") && attr(tag, "href") == "#main" {
						skip++
					}
				case "img":
					if alt, ok := tag.Attr("alt"); !ok || strings.TrimSpace(alt) == "" {
						t.Errorf("line %d: %v has no alt text", tag.Line, tag)
					}
				case "script":
					if src, ok := tag.Attr("src"); !ok || src == "" || strings.TrimSpace(tag.Text) != "" {
						t.Errorf("line %d: inline script %v%q breaks the CSP", tag.Line, tag, tag.Text)
					}
				case "style":
					t.Errorf("line %d: <style> breaks the CSP", tag.Line)
				}
				for _, a := range tag.Attrs {
					if a.Name == "style" || strings.HasPrefix(a.Name, "on") {
						t.Errorf("line %d: %v: attribute %s breaks the CSP", tag.Line, tag, a.Name)
					}
				}
			}
			if h1 != 1 {
				t.Errorf("page has %d <h1>, want 1", h1)
			}
			if mains != 1 {
				t.Errorf("page has %d <main>, want 1", mains)
			}
			if skip != 1 {
				t.Errorf("page has %d skip links to #main, want 1", skip)
			}
			ids := idsOf(tags)
			for id, n := range ids {
				if n > 1 {
					t.Errorf("id %q is used %d times", id, n)
				}
			}
			pageURL := base + strings.TrimSuffix(p, "index.html")
			for _, tag := range tags {
				for _, a := range tag.Attrs {
					if tag.End || a.Name != "href" && a.Name != "src" && a.Name != "action" {
						continue
					}
					checkLink(t, r, parsed, pageURL, ids, tag, a.Value)
				}
			}
		})
	}
}

func attr(t htmlscan.Tag, name string) string {
	v, _ := t.Attr(name)
	return v
}

// checkLink checks that an internal link of a page leads to a produced file
// and, with a fragment, to an element of that page.
func checkLink(t *testing.T, r renderedSite, parsed map[string][]htmlscan.Tag, pageURL string, ids map[string]int, tag htmlscan.Tag, link string) {
	t.Helper()
	base := r.Site.BasePath
	if strings.HasPrefix(link, r.Site.BaseURL) {
		link = base + strings.TrimPrefix(link, r.Site.BaseURL)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("line %d: %v: bad URL: %v", tag.Line, tag, err)
		return
	}
	switch {
	case link == "":
		t.Errorf("line %d: %v: empty link", tag.Line, tag)
		return
	case u.Scheme == "mailto" || u.Scheme == "tel" || u.Scheme == "https" && u.Host != "":
		return // outside the site
	case u.Scheme != "" || u.Host != "":
		t.Errorf("line %d: %v: unexpected link %q", tag.Line, tag, link)
		return
	case u.Path == "":
		if u.Fragment != "" && ids[u.Fragment] == 0 {
			t.Errorf("line %d: %v: no element with id %q on this page", tag.Line, tag, u.Fragment)
		}
		return
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(pageURL, p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if !strings.HasPrefix(p, base) {
		t.Errorf("line %d: %v: link %q is outside the base path %s", tag.Line, tag, link, base)
		return
	}
	if p == base+"api/search" {
		return // the search server's API
	}
	if u.RawQuery != "" && p != base+"search/" {
		t.Errorf("line %d: %v: link %q has a query but is not the search page", tag.Line, tag, link)
	}
	file := outputFile(base, p)
	if _, ok := r.Out.File(file); !ok {
		t.Errorf("line %d: %v: link %q leads to no file (%s)", tag.Line, tag, link, file)
		return
	}
	if u.Fragment != "" && strings.HasSuffix(file, ".html") {
		if idsOf(parsed[file])[u.Fragment] == 0 {
			t.Errorf("line %d: %v: %s has no element with id %q", tag.Line, tag, file, u.Fragment)
		}
	}
}

func TestSitemap(t *testing.T) {
	r := renderSample(t, "")
	var set struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(r.file(t, "sitemap.xml"), &set); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	if got, want := set.XMLName, (xml.Name{Space: "http://www.sitemaps.org/schemas/sitemap/0.9", Local: "urlset"}); got != want {
		t.Errorf("root element got %v, want %v", got, want)
	}
	var got, want []string
	for _, u := range set.URLs {
		got = append(got, u.Loc)
		if u.LastMod != "" {
			if _, err := time.Parse(time.DateOnly, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q: %v", u.Loc, u.LastMod, err)
			}
		}
	}
	for _, p := range r.pages() {
		if p == "404.html" || p == "search/index.html" || p == "offline/index.html" {
			continue
		}
		want = append(want, r.Site.AbsURL(strings.TrimSuffix(p, "index.html")))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("sitemap lists\n%v\nwant every page but 404, search and offline:\n%v", got, want)
	}
	for _, c := range r.Site.Cards {
		i := slices.IndexFunc(set.URLs, func(u struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		}) bool {
			return u.Loc == r.Site.AbsURL("tools/"+c.ID+"/")
		})
		if i < 0 {
			t.Errorf("card %s is not in the sitemap", c.ID)
			continue
		}
		if got, want := set.URLs[i].LastMod, c.Updated.String(); got != want {
			t.Errorf("card %s: lastmod got %q, want %q", c.ID, got, want)
		}
	}
}

// atomFeed is what TestFeed reads of feed.xml.
type atomFeed struct {
	XMLName xml.Name
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string `xml:"http://www.w3.org/2005/Atom title"`
	ID      string `xml:"http://www.w3.org/2005/Atom id"`
	Updated string `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		Title string `xml:"http://www.w3.org/2005/Atom title"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		Summary string `xml:"http://www.w3.org/2005/Atom summary"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

func TestFeed(t *testing.T) {
	r := renderSample(t, "")
	var feed atomFeed
	if err := xml.Unmarshal(r.file(t, "feed.xml"), &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if got, want := feed.XMLName, (xml.Name{Space: "http://www.w3.org/2005/Atom", Local: "feed"}); got != want {
		t.Errorf("root element got %v, want %v", got, want)
	}
	if got, want := feed.Lang, "fi"; got != want {
		t.Errorf("xml:lang got %q, want %q", got, want)
	}
	if got, want := feed.Title, r.Site.Title; got != want {
		t.Errorf("title got %q, want %q", got, want)
	}
	dated := 0
	for _, c := range r.Site.Cards {
		if !c.Updated.IsZero() {
			dated++
		}
	}
	if got, want := len(feed.Entries), min(dated, 20); got != want || got == 0 {
		t.Fatalf("feed has %d entries, want %d", got, want)
	}
	var prev time.Time
	for i, e := range feed.Entries {
		up, err := time.Parse(time.RFC3339, e.Updated)
		if err != nil {
			t.Errorf("entry %d: updated %q: %v", i, e.Updated, err)
			continue
		}
		if i > 0 && up.After(prev) {
			t.Errorf("entry %d (%s, %s) is newer than the one before it (%s)", i, e.Title, e.Updated, prev.Format(time.DateOnly))
		}
		prev = up
		if e.Title == "" || e.Summary == "" || e.ID != e.Link.Href {
			t.Errorf("entry %d: %+v: want a title, a summary and id = link", i, e)
		}
		rel, ok := strings.CutPrefix(e.Link.Href, r.Site.BaseURL)
		if _, exists := r.Out.File(rel + "index.html"); !ok || !exists {
			t.Errorf("entry %d: link %q leads to no page", i, e.Link.Href)
		}
	}
	if got, want := feed.Updated, feed.Entries[0].Updated; got != want {
		t.Errorf("feed updated got %q, want the newest entry's %q", got, want)
	}
	var self bool
	for _, l := range feed.Links {
		self = self || l.Rel == "self" && l.Href == r.Site.AbsURL("feed.xml")
	}
	if !self {
		t.Errorf("feed links %+v: no rel=self link to %s", feed.Links, r.Site.AbsURL("feed.xml"))
	}
}

// TestFeedWithoutDates checks that a site whose cards have no dates still
// writes a valid feed, updated at RenderOptions.Now.
func TestFeedWithoutDates(t *testing.T) {
	files := with(minimal, map[string]string{
		"tools/teams/liity-kokoukseen.md": strings.Replace(minimal["tools/teams/liity-kokoukseen.md"], "updated: 2024-05-01\n", "", 1),
		"tools/teams/jaa-naytto.md":       strings.Replace(minimal["tools/teams/jaa-naytto.md"], "updated: 2024-06-01\n", "", 1),
	})
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	r := renderFiles(t, files, RenderOptions{Now: now})
	var feed atomFeed
	if err := xml.Unmarshal(r.file(t, "feed.xml"), &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if got, want := len(feed.Entries), 0; got != want {
		t.Errorf("feed has %d entries, want %d", got, want)
	}
	if got, want := feed.Updated, "2025-03-04T05:06:07Z"; got != want {
		t.Errorf("feed updated got %q, want %q", got, want)
	}
}

func TestLiveReload(t *testing.T) {
	const reload = `<script src="/_tietopankki/reload.js" defer></script>`
	for _, tc := range []struct {
		opts RenderOptions
		want bool
	}{
		{RenderOptions{}, false},
		{RenderOptions{LiveReload: true}, true},
	} {
		r := renderFiles(t, minimal, tc.opts)
		pages := r.pages()
		if len(pages) == 0 {
			t.Fatal("no pages")
		}
		for _, p := range pages {
			if got := bytes.Contains(r.file(t, p), []byte(reload)); got != tc.want {
				t.Errorf("LiveReload=%v: %s has the reload script: %v, want %v", tc.opts.LiveReload, p, got, tc.want)
			}
		}
	}
}

// TestRenderDrafts checks that a draft card leaves no trace in the output.
func TestRenderDrafts(t *testing.T) {
	files := with(minimal, map[string]string{
		"tools/teams/luonnos.md": lines(
			"---",
			"title: Salainen luonnos",
			"summary: Vielä kesken oleva ohje.",
			"segments: [alkava]",
			"areas: [terveys]",
			"updated: 2030-01-01",
			"draft: true",
			"---",
			"Luonnoksen teksti.",
		),
	})
	r := renderFiles(t, files, RenderOptions{})
	if _, ok := r.Out.File("tools/teams/luonnos/index.html"); ok {
		t.Error("the draft's page was rendered")
	}
	for _, name := range r.Out.Names() {
		b := r.file(t, name)
		for _, s := range []string{"Salainen luonnos", "Vielä kesken oleva ohje", "Luonnoksen teksti", "tools/teams/luonnos/"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s mentions the draft: %q", name, s)
			}
		}
	}
}

// TestRenderPages checks what the pages of a small site show.
func TestRenderPages(t *testing.T) {
	r := renderFiles(t, minimal, RenderOptions{})
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"index.html", []string{
			"<h1>Testipankki</h1>",
			`<a href="/tools/teams/">Teams</a>`,
			`<a href="/segments/alkava/">Alkava</a>`,
			`<li><a href="/paths/alku/">Alku</a></li>`,
			`<a href="/tools/teams/jaa-naytto/">Jaa näyttö</a>`,
		}},
		{"tools/teams/index.html", []string{
			"<h1>Teams</h1>",
			`<h2 id="cards">Ohjeet</h2>`,
			`<h2 id="about">Tietoa työkalusta</h2>`,
			`<a class="card-link" href="/tools/teams/liity-kokoukseen/">Liity kokoukseen</a>`,
		}},
		{"tools/teams/liity-kokoukseen/index.html", []string{
			"<h1>Liity kokoukseen</h1>",
			`<h2 id="nain-liityt">Näin liityt</h2>`,
			`<a href="/tools/teams/mika-on-teams/">Teams</a>`,
			`<a href="/paths/alku/">Alku</a>: vaihe 2 / 3`,
			`<p class="step-pos"><a href="/paths/alku/">Vaihe 2/3 · Alku</a></p>`,
			`<a href="/tools/teams/mika-on-teams/" rel="prev">`,
			`<a href="/tools/teams/jaa-naytto/" rel="next">`,
			`<time datetime="2024-05-01">1.5.2024</time>`,
			`<a href="/areas/terveys/">Terveys</a>`,
			`<a href="/apua/">Lisää apua ja yhteystietoja</a>`,
		}},
		{"paths/alku/index.html", []string{
			"<h1>Alku</h1>",
			`<a href="/segments/alkava/">Alkava</a>`,
			`<li class="step" id="vaihe_3">`,
		}},
		{"segments/vahva/index.html", []string{"<h1>Vahva</h1>", `href="/tools/teams/jaa-naytto/"`}},
		{"areas/perhe/index.html", []string{"<h1>Perhe</h1>", `href="/tools/teams/jaa-naytto/"`,
			`<h2 id="tool-teams" class="group-title"><a href="/tools/teams/">Teams</a></h2>`}},
		{"apua/index.html", []string{"<h1>Apua</h1>", `<a href="/tools/teams/">digimentoreilta</a>`}},
		{"404.html", []string{"<h1>Sivua ei löytynyt</h1>"}},
		{"search/index.html", []string{"<h1>Haku</h1>"}},
	} {
		b := string(r.file(t, tc.file))
		for _, w := range tc.want {
			if !strings.Contains(b, w) {
				t.Errorf("%s does not contain %s", tc.file, w)
			}
		}
	}
	for _, f := range []string{"sanasto/index.html"} {
		if _, ok := r.Out.File(f); ok {
			t.Errorf("%s was rendered for a site without a glossary", f)
		}
	}
	checkPages(t, r)
}

// TestHeadingIDsUnique checks that the ids of body headings do not clash with
// the ids the layouts give their own elements: a learning path's introduction
// with a heading "Vaihe 1" next to the path's first step, id "vaihe-1".
func TestHeadingIDsUnique(t *testing.T) {
	r := renderFiles(t, with(minimal, map[string]string{
		"paths/alku.md": editLines(minimal["paths/alku.md"], "Aloita tästä.", "## Vaihe 1\n\nAloita tästä."),
	}), RenderOptions{})
	tags, err := htmlscan.Scan(string(r.file(t, "paths/alku/index.html")))
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range idsOf(tags) {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
}

// TestRenderSearchView renders the search page as the search handler does,
// with a query that needs escaping and results with highlighted snippets.
func TestRenderSearchView(t *testing.T) {
	s := mustSite(t, minimal)
	th := defaultTheme(t, s.BasePath)
	liity := s.CardByID["teams/liity-kokoukseen"]
	v := &View{Site: s, Kind: "search", Rel: "search/", Search: &SearchView{
		Query:   `kokous & "<b>"`,
		Segment: "alkava",
		Total:   1,
		Results: []SearchResult{{
			ID: liity.ID, Title: liity.Title, Summary: liity.Summary, URL: liity.URL, Tool: liity.Tool,
			Segments: liity.SegmentRefs, Snippet: template.HTML("Liity <mark>kokoukseen</mark> &amp; muuta"),
		}},
	}}
	var b bytes.Buffer
	if err := RenderView(th, v, &b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`value="kokous &amp; &#34;&lt;b&gt;&#34;"`,
		`1 osuma haulle ”kokous &amp; &#34;&lt;b&gt;&#34;”`,
		`<a href="/tools/teams/liity-kokoukseen/">Liity kokoukseen</a>`,
		`<p class="snippet">Liity <mark>kokoukseen</mark> &amp; muuta</p>`,
		`<option value="alkava" selected>Alkava</option>`,
		`<option value="kokeileva">Kokeileva</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page does not contain %s", want)
		}
	}
	for _, bad := range []string{"&amp;lt;", "&amp;amp;", "&amp;#34;", "<b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("search page contains %s", bad)
		}
	}

	v.Search = &SearchView{Query: strings.Repeat("a", 300), Error: "Haku on liian pitkä."}
	b.Reset()
	if err := RenderView(th, v, &b); err != nil {
		t.Fatal(err)
	}
	if want := `<p class="error-text" role="alert">Haku on liian pitkä.</p>`; !strings.Contains(b.String(), want) {
		t.Errorf("search page with an error does not contain %s", want)
	}
}
