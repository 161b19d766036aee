package generator

import (
	"html/template"
	"maps"
	"slices"
	"strings"

	"tietopankki/maturity"
)

// Config is content/site.yaml.
type Config struct {
	Title            string         `fm:"title,required"`
	Description      string         `fm:"description"`
	Language         string         `fm:"language,required"`
	BaseURL          string         `fm:"baseURL"` // default "/": the site is at the root of whatever address serves it
	Theme            string         `fm:"theme"`
	StaleAfterMonths int            `fm:"staleAfterMonths"`
	MaxImageKB       int            `fm:"maxImageKB"`
	Search           string         `fm:"search"`   // auto (default), server or static; Build makes it server or static (searchMode)
	Offline          bool           `fm:"offline"`  // a service worker keeps opened pages and the search files for use offline
	Feedback         string         `fm:"feedback"` // off (default), server or netlify: where "Oliko tästä ohjeesta apua?" is sent (see package feedback)
	Help             Help           `fm:"help"`     // none: no help box
	Segments         []Segment      `fm:"segments"` // none: DefaultSegments
	Areas            []Area         `fm:"areas"`    // none: no service areas
	Maturity         MaturityConfig `fm:"maturity"` // the maturity meter (content/maturity/, generator/maturity.go)

	KeyPos map[string]Pos `json:"-"` // where each key's value is in site.yaml
}

// Help is how staff reach the digital mentors; every card shows it.
type Help struct {
	Name  string `fm:"name,required"`
	Text  string `fm:"text"`
	Email string `fm:"email"`
	Phone string `fm:"phone"`
	Hours string `fm:"hours"`
	Page  string `fm:"page"` // slug of a plain page with more help

	PageRef *Page
	KeyPos  map[string]Pos `json:"-"`
}

// Segment is a staff digital-readiness group (alkava, kokeileva, vahva).
type Segment struct {
	ID      string   `fm:"id,required"`
	Name    string   `fm:"name,required"`
	Summary string   `fm:"summary"`
	Traits  []string `fm:"traits"`
	Needs   []string `fm:"needs"`

	URL   string
	Pos   Pos
	Paths []*Path // learning paths for this segment, ordered
	Cards []*Card // cards marked for this segment (cards without segments are for all and not listed here)
}

// Area is a service area, the second axis after segments.
type Area struct {
	ID   string `fm:"id,required"`
	Name string `fm:"name,required"`

	URL   string
	Pos   Pos
	Cards []*Card
}

// Ref is an id written in front matter, kept with its position so that a
// reference to nothing can be reported where it was written.
type Ref struct {
	ID  string
	Pos Pos
}

// Change is one entry of a tool's or a card's "what changed and why" list.
// Load sorts the lists newest first.
type Change struct {
	Date Date   `fm:"date,required"`
	What string `fm:"what,required"`
	Why  string `fm:"why"`
}

// Tool is a digital tool's page: tools/<id>/_index.md.
type Tool struct {
	Title   string   `fm:"title,required"`
	Purpose string   `fm:"purpose,required"`
	Link    string   `fm:"link"`
	Weight  int      `fm:"weight"`
	Changes []Change `fm:"changes"`

	ID string
	Doc
	Cards []*Card // published cards, ordered by weight then title
}

// Card is an instruction card: tools/<tool>/<slug>.md.
type Card struct {
	Title    string   `fm:"title,required"`
	Summary  string   `fm:"summary,required"`
	Segments []Ref    `fm:"segments"`
	Areas    []Ref    `fm:"areas"`
	Tags     []string `fm:"tags"`
	Updated  Date     `fm:"updated"`
	Changes  []Change `fm:"changes"`
	Draft    bool     `fm:"draft"`
	Weight   int      `fm:"weight"`
	Search   *bool    `fm:"search"` // false: left out of search; missing: true
	Pin      []string `fm:"pin"`    // searches that show this card first (see search.Doc.Pins)

	ID   string // "<tool>/<slug>"
	Slug string
	Doc
	Tool        *Tool
	SegmentRefs []*Segment // nil means every segment
	AreaRefs    []*Area
	Steps       []Step        // the learning paths this card is a step of
	Teaser      template.HTML // the card as list pages show it, rendered once by RenderTeasers
	// UpdatedFromGit: Updated is the date of the file's last commit, as the
	// front matter had no date.
	UpdatedFromGit bool
	KeyPos         map[string]Pos `json:"-"` // where each front-matter key's value is
	// Stale: the card was last reviewed (Reviewed) more than
	// staleAfterMonths before Site.Today; its page says so. Set by Assemble.
	Stale bool
}

// Reviewed is when the card was last looked at: its updated date or its
// newest change note, whichever is later (zero when it has neither).
func (c *Card) Reviewed() Date {
	d := c.Updated
	if len(c.Changes) > 0 && c.Changes[0].Date.After(d.Time) {
		d = c.Changes[0].Date
	}
	return d
}

// Searchable reports whether search indexes the card: unless its front
// matter says search: false.
func (c *Card) Searchable() bool { return c.Search == nil || *c.Search }

// ToolID is the id of the card's tool: the first part of its id.
func (c *Card) ToolID() string {
	tool, _, _ := strings.Cut(c.ID, "/")
	return tool
}

// Step places a card in a learning path.
type Step struct {
	Path       *Path
	Index      int // 0-based
	Prev, Next *Card
}

// Number is the 1-based step number.
func (s Step) Number() int { return s.Index + 1 }

// Path is a learning path: paths/<slug>.md.
type Path struct {
	Title   string `fm:"title,required"`
	Segment Ref    `fm:"segment,required"`
	Summary string `fm:"summary"`
	Steps   []Ref  `fm:"steps,required"`
	Weight  int    `fm:"weight"`

	ID   string // "paths/<slug>"
	Slug string
	Doc
	SegmentRef *Segment
	Cards      []*Card // the steps, in order
}

// Page is a plain page: <slug>.md at the top of content/.
type Page struct {
	Title   string   `fm:"title,required"`
	Summary string   `fm:"summary"`
	Menu    bool     `fm:"menu"`
	Weight  int      `fm:"weight"`
	Search  *bool    `fm:"search"` // false: left out of search (a page for mentors); missing: true
	Pin     []string `fm:"pin"`    // searches that show this page first (see search.Doc.Pins)

	Slug string
	Doc
	KeyPos map[string]Pos `json:"-"` // where each front-matter key's value is
}

// Searchable reports whether search indexes the page: unless its front
// matter says search: false.
func (p *Page) Searchable() bool { return p.Search == nil || *p.Search }

// GlossaryEntry maps a hard word to a plain one (content/glossary.yaml).
type GlossaryEntry struct {
	Word    string `fm:"word,required"`
	Plain   string `fm:"plain,required"`
	Explain string `fm:"explain"`

	Pos Pos
}

// Doc is what every Markdown file becomes: its place, its rendered body and
// what the body says and links to.
type Doc struct {
	File     string        // path in the content folder, e.g. "tools/teams/liity.md"
	URL      string        // site URL, base path included, e.g. "/tools/teams/liity/"
	Body     template.HTML // rendered Markdown
	Text     string        // the body as plain text (for search), from the AST
	Headings []Heading
	Links    []Link
	Pos      Pos // the front matter's opening line
}

// Heading is a section heading of a body, with its anchor id.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is a link or image in a body, resolved against the content folder.
type Link struct {
	Pos      Pos
	Dest     string // as written
	Target   string // content path it points to ("" for external and same-page links)
	Fragment string
	External bool
	Image    bool
}

// Site is the whole knowledge bank: configuration and every published page,
// linked together by Assemble.
type Site struct {
	Config
	BasePath string // path part of baseURL, always ending in "/"
	// Today is the date a card's age is reckoned from (Card.Stale). A
	// build is reproducible, so it is not the wall clock: it is the newest
	// date in the content (a card's updated date, a card's or a tool's
	// change note), or SourceDate when that is later. Assemble sets it.
	Today Date
	// SourceDate is the build's date when the builder gives one
	// (SOURCE_DATE_EPOCH, see WithSourceDate); zero otherwise.
	SourceDate Date

	Tools  []*Tool
	Cards  []*Card // published (non-draft) cards, ordered by tool then weight then title
	Drafts []*Card
	// Preview shows drafts as the dev server does: they get their pages,
	// marked as drafts, and are listed with the published cards; never in
	// the sitemap, the feed or a learning path. LoadSite sets it WithDrafts.
	Preview  bool
	Paths    []*Path
	Pages    []*Page
	Glossary []GlossaryEntry
	Synonyms [][]string
	Files    []string // attachments published as they are (pictures, PDF files), content-relative: see publishAttachments
	// DraftFiles are the attachments of drafts (in a draft's folder
	// tools/<tool>/<slug>/, or linked only by drafts), copied only in
	// Preview.
	DraftFiles []string
	// Maturity is the maturity meter's rounds and figures, from
	// content/maturity/*.csv; nil when there are none.
	Maturity     *maturity.Report
	maturityHash string   // of the round files, for the service worker
	unitSlugs    []string // the URL names of Maturity.Units

	attachments []string        // every attachment checkAttachment accepted, linked or not, sorted
	refused     map[string]bool // content paths refused and reported (links, unsafe attachments)

	// Lookups filled by Assemble.
	ToolByID    map[string]*Tool
	CardByID    map[string]*Card
	PathByID    map[string]*Path
	SegmentByID map[string]*Segment
	AreaByID    map[string]*Area
	PageBySlug  map[string]*Page
	byFile      map[string]*Doc // content file -> its document, for link checks
	toolOrder   map[string]int  // tool id -> its place, for cardOrder
}

// URLFor turns a site-relative path ("tools/teams/") into a URL with the
// site's base path ("/tietopankki/tools/teams/").
func (s *Site) URLFor(rel string) string {
	return s.BasePath + strings.TrimPrefix(rel, "/")
}

// Feedback modes (site.yaml feedback).
const (
	FeedbackOff     = "off"
	FeedbackServer  = "server"  // posted to the production server's api/feedback (serve --production --data)
	FeedbackNetlify = "netlify" // posted to Netlify Forms
)

// FeedbackThanks is the site-relative path of the page a feedback form
// without JavaScript lands on; Netlify Forms posts to it.
const FeedbackThanks = "palaute/kiitos/"

// FeedbackAction is the URL the feedback forms post to, "" when the site
// takes no feedback: the production server's endpoint, or on Netlify the
// thank-you page (Netlify Forms answers a post to a page with the page).
func (s *Site) FeedbackAction() string {
	switch s.Feedback {
	case FeedbackServer:
		return s.URLFor("api/feedback")
	case FeedbackNetlify:
		return s.URLFor(FeedbackThanks)
	}
	return ""
}

// MenuPages returns the plain pages shown in the header navigation.
func (s *Site) MenuPages() []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Menu {
			out = append(out, p)
		}
	}
	return out
}

// ContentFiles lists every content file the site was loaded from: Markdown
// (drafts included) and attachments, published or not.
func (s *Site) ContentFiles() []string {
	var out []string
	for _, t := range s.Tools {
		out = append(out, t.File)
	}
	for _, c := range s.Cards {
		out = append(out, c.File)
	}
	for _, c := range s.Drafts {
		out = append(out, c.File)
	}
	for _, p := range s.Paths {
		out = append(out, p.File)
	}
	for _, p := range s.Pages {
		out = append(out, p.File)
	}
	out = append(out, s.attachments...)
	return append(out, slices.Sorted(maps.Keys(s.refused))...)
}

// shown returns the cards that get pages and are listed: the published
// ones, and in Preview the drafts too, in display order.
func (s *Site) shown() []*Card {
	if !s.Preview || len(s.Drafts) == 0 {
		return s.Cards
	}
	out := make([]*Card, 0, len(s.Cards)+len(s.Drafts))
	i, j := 0, 0
	for i < len(s.Cards) || j < len(s.Drafts) {
		if j == len(s.Drafts) || i < len(s.Cards) && s.cardOrder(s.Cards[i], s.Drafts[j]) <= 0 {
			out = append(out, s.Cards[i])
			i++
		} else {
			out = append(out, s.Drafts[j])
			j++
		}
	}
	return out
}
