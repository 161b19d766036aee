package browser

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
)

// The phone the first-screen rules are checked on (issue 14): an iPhone
// 12–15 sized viewport in CSS pixels.
const (
	phoneWidth, phoneHeight = 390, 844
	maxHeader               = 120 // the phone header's height at most, px
	firstLine               = 24  // a step counts as on screen when its first line is
)

// firstScreenJS measures a page: the header's height, the top of the
// body's first step (the first item of a list that opens the body) or first
// block, and the top of the first search result. -1 when there is none.
const firstScreenJS = `(function () {
  function top(el) { return el ? Math.round(el.getBoundingClientRect().top + scrollY) : -1; }
  var first = document.querySelector("main .prose > *");
  if (first && /^(OL|UL)$/.test(first.tagName)) first = first.querySelector("li");
  var filters = document.querySelector("details.filters");
  return {
    header: Math.round(document.querySelector(".site-header").getBoundingClientRect().height),
    first: top(first), result: top(document.querySelector(".result")),
    screen: innerHeight, width: document.documentElement.clientWidth,
    filtersOpen: filters ? filters.open : false
  };
})()`

type firstScreen struct {
	Header, First, Result, Screen, Width int
	FiltersOpen                          bool
}

// siteCards lists the paths of every card page of the site from its
// sitemap, so that a card added to the tests' knowledge bank is checked
// too.
func siteCards(t *testing.T) []string {
	t.Helper()
	resp, err := http.Get(siteURL + "/sitemap.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.NewDecoder(resp.Body).Decode(&set); err != nil {
		t.Fatal(err)
	}
	card := regexp.MustCompile(`^/tools/[^/]+/[^/]+/$`)
	var out []string
	for _, u := range set.URLs {
		p, err := url.Parse(u.Loc)
		if err != nil {
			t.Fatal(err)
		}
		if card.MatchString(p.Path) {
			out = append(out, p.Path)
		}
	}
	if len(out) < 10 {
		t.Fatalf("the sitemap lists %d cards; has testdata/content changed?", len(out))
	}
	return out
}

// TestFirstScreen: at 390×844, on every card page of the site the body's
// first step (or first paragraph) is on the first screen, under a header
// of at most 120 px; on a search page the first result is, with the
// filters in a closed "Rajaa hakua" disclosure. The figures are logged.
func TestFirstScreen(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(emulate(phoneWidth, phoneHeight, true))
	maxFirst, maxHeaderSeen, worst := 0, 0, ""
	for _, p := range siteCards(t) {
		tb.Open(p)
		m := eval[firstScreen](tb, firstScreenJS)
		if m.Header > maxHeader {
			t.Errorf("%s: the header is %d px high, want at most %d", p, m.Header, maxHeader)
		}
		if m.First < 0 {
			t.Errorf("%s: no body", p)
		} else if m.First+firstLine > m.Screen {
			t.Errorf("%s: the first step is at y=%d, below the first screen (%d px)", p, m.First, m.Screen)
		}
		if m.First > maxFirst {
			maxFirst, worst = m.First, p
		}
		maxHeaderSeen = max(maxHeaderSeen, m.Header)
	}
	t.Logf("cards at %d×%d: header at most %d px, first step at y=%d at most (%s)", phoneWidth, phoneHeight, maxHeaderSeen, maxFirst, worst)

	for _, q := range []string{sampleQuery, "kokous puhelimella"} {
		tb.Open("/search/?q=" + url.QueryEscape(q))
		tb.WaitFor("the results", `document.querySelector(".result") !== null`)
		m := eval[firstScreen](tb, firstScreenJS)
		if m.FiltersOpen {
			t.Errorf("search %q: the filters are open", q)
		}
		if m.Result < 0 || m.Result+firstLine > m.Screen {
			t.Errorf("search %q: the first result is at y=%d, not on the first screen (%d px)", q, m.Result, m.Screen)
		}
		t.Logf("search %q: header %d px, first result at y=%d", q, m.Header, m.Result)
	}
	// A chosen filter keeps the disclosure open.
	tb.Open("/search/?q=" + sampleQuery + "&tool=" + sampleTool)
	if m := eval[firstScreen](tb, firstScreenJS); !m.FiltersOpen {
		t.Error("search with a tool filter: the filters are closed")
	}
}

// TestPhoneHeader: on a phone the header shows the site name, "Valikko"
// and "Haku"; the buttons open the menu and the search field in place. On
// a desktop the full header shows and the buttons do not.
func TestPhoneHeader(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(emulate(phoneWidth, phoneHeight, true))
	tb.Open(sampleCard)
	shown := func(css string) bool {
		return eval[bool](tb, `(function () { var e = document.querySelector(`+jsString(css)+`); return !!e && e.getClientRects().length > 0; })()`)
	}
	if shown(".site-nav") || shown("#q") {
		t.Error("phone: the menu or the search field shows before it is opened")
	}
	for _, c := range []struct{ toggle, part string }{{"site-nav", ".site-nav a"}, {"header-search", "#q"}} {
		sel := `button[aria-controls="` + c.toggle + `"]`
		tb.Do(chromedp.Click(chromedp.CSS(sel)))
		if !shown(c.part) {
			t.Errorf("phone: %s does not open %s", sel, c.part)
		}
		if got := eval[string](tb, `document.querySelector(`+jsString(sel)+`).getAttribute("aria-expanded")`); got != "true" {
			t.Errorf("phone: %s aria-expanded=%s after opening", sel, got)
		}
		if got, want := eval[string](tb, `document.activeElement.id || document.activeElement.closest("[id]").id`), strings.TrimPrefix(c.part, "#"); c.toggle == "header-search" && got != want {
			t.Errorf("phone: after opening the search the focus is on #%s, want #%s", got, want)
		}
		tb.Do(chromedp.Click(chromedp.CSS(sel)))
		if shown(c.part) {
			t.Errorf("phone: %s does not close %s", sel, c.part)
		}
	}

	tb.Do(emulate(1280, 900, false))
	tb.Open(sampleCard)
	if !shown(".site-nav a") || !shown("#q") || shown(".header-toggle") {
		t.Error("desktop: want the full header (menu and search field) and no Valikko/Haku buttons")
	}
}

// TestWithoutJavaScriptPhone: with scripts off, "Valikko" is a link that
// shows the menu and "Haku" a link to the search page, and the print
// button is hidden.
func TestWithoutJavaScriptPhone(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(scriptsOff)
	tb.Do(emulate(phoneWidth, phoneHeight, true))
	tb.Open(sampleCard)
	if got := eval[string](tb, `document.querySelector('a.header-toggle[data-toggle="header-search"]').getAttribute("href")`); got != "/search/" {
		t.Errorf("Haku links to %q, want /search/", got)
	}
	if eval[bool](tb, `getComputedStyle(document.querySelector("[data-print]")).display !== "none"`) {
		t.Error("the print button shows without JavaScript")
	}
	tb.Do(chromedp.Click(chromedp.CSS(`a.header-toggle[data-toggle="site-nav"]`)))
	tb.WaitFor("the menu", `document.querySelector(".site-nav a").getClientRects().length > 0`)
	if loc := browsertest.Run(tb.Tab, chromedp.Location()); !strings.HasSuffix(loc, "#site-nav") {
		t.Errorf("Valikko went to %s", loc)
	}
	// The skip link to the search field shows the field it goes to (the
	// field is the page's :target).
	if got := eval[string](tb, `document.querySelectorAll("a.skip-link")[1].getAttribute("href")`); got != "#q" {
		t.Errorf("the second skip link goes to %q, want #q", got)
	}
	tb.Open(sampleCard + "#q")
	tb.WaitFor("the search field shown as the skip link's target", `(function () {
  var q = document.getElementById("q");
  return document.readyState === "complete" && q.matches(":target") && q.getClientRects().length > 0;
})()`)
}
