package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
)

// axeTags are the rule sets a page must pass: WCAG 2.0 and 2.1, A and AA.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]`

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript reads axe-core from node_modules (npm ci installs it from the
// repository's package.json; it is never copied into the repository).
func axeScript(t testing.TB) string {
	t.Helper()
	axeOnce.Do(func() {
		p := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
		b, err := os.ReadFile(p)
		if err != nil {
			axeErr = fmt.Errorf("reading axe-core: %w (run `npm ci` in the repository root; .ci/run does)", err)
			return
		}
		axeSource = string(b)
	})
	if axeErr != nil {
		if browsertest.Required {
			t.Fatal(axeErr)
		}
		t.Skip(axeErr)
	}
	return axeSource
}

// axeRule is one rule's outcome on one page: how many elements passed, how
// many violated it and how many axe could not decide (needs review).
type axeRule struct {
	ID         string   `json:"id"`
	Impact     string   `json:"impact"`
	Help       string   `json:"help"`
	Passes     int      `json:"passes"`
	Violations int      `json:"violations"`
	Incomplete int      `json:"incomplete"`
	Nodes      []string `json:"nodes"` // violating elements: selector and summary
}

type axeResult struct {
	Version string    `json:"version"`
	Rules   []axeRule `json:"rules"`
}

// runAxe injects axe-core into the tab's page and runs the WCAG 2.0/2.1 A
// and AA rules.
func runAxe(tb *tab) axeResult {
	tb.T.Helper()
	src := axeScript(tb.T)
	if !eval[bool](tb, `typeof window.axe === "object"`) {
		tb.Do(chromedp.Evaluate[chromedp.Void](src))
	}
	res := eval[axeResult](tb, `(async function () {
  const r = await axe.run(document, { runOnly: { type: "tag", values: `+axeTags+` } });
  const rules = new Map();
  function rule(x) {
    if (!rules.has(x.id)) rules.set(x.id, { id: x.id, impact: x.impact || "", help: x.help, passes: 0, violations: 0, incomplete: 0, nodes: [] });
    return rules.get(x.id);
  }
  r.passes.forEach(x => { rule(x).passes += x.nodes.length; });
  r.incomplete.forEach(x => { rule(x).incomplete += x.nodes.length; });
  r.violations.forEach(x => {
    const o = rule(x);
    o.violations += x.nodes.length;
    o.impact = x.impact || o.impact;
    x.nodes.forEach(n => o.nodes.push(n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " ")));
  });
  return { version: axe.version, rules: [...rules.values()] };
})()`)
	// A run that checked nothing (no rule passed on any element) would
	// report no violations: that is a broken run, not a clean page.
	passed := 0
	for _, r := range res.Rules {
		passed += r.Passes
	}
	if passed == 0 {
		tb.T.Errorf("axe-core checked nothing on %s: %d rules, none passed on any element", eval[string](tb, "location.href"), len(res.Rules))
	}
	return res
}

// TestAccessibility runs axe-core on every page type, on the home page
// with the search suggestions open, and on a phone with the menu, the
// search field and the search filters open, at 1280×900 and at 390×844,
// and fails on any WCAG 2.0/2.1 A or AA violation. It also fails on
// script errors and CSP violations.
func TestAccessibility(t *testing.T) {
	needBrowser(t)
	axeScript(t)
	for _, vp := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"desktop", 1280, 900, false}, {"phone", phoneWidth, phoneHeight, true}} {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.Do(emulate(vp.width, vp.height, vp.phone))
			accessibility(t, tb, vp.phone)
		})
	}
}

func accessibility(t *testing.T, tb *tab, phone bool) {
	type total struct{ pages, passes, violations, incomplete int }
	totals := map[string]*total{}
	version, pages := "", 0
	check := func(name string) {
		t.Helper()
		pages++
		res := runAxe(tb)
		version = res.Version
		passes, fails, review := 0, 0, 0
		for _, r := range res.Rules {
			tt := totals[r.ID]
			if tt == nil {
				tt = &total{}
				totals[r.ID] = tt
			}
			tt.pages++
			tt.passes += r.Passes
			tt.violations += r.Violations
			tt.incomplete += r.Incomplete
			passes += r.Passes
			fails += r.Violations
			review += r.Incomplete
			if r.Violations > 0 {
				t.Errorf("%s: axe %s (%s): %s", name, r.ID, r.Impact, r.Help)
				for _, n := range r.Nodes {
					t.Errorf("    %s", n)
				}
			}
		}
		t.Logf("%-16s %3d rules, %4d passing checks, %d violations, %d to review by hand", name, len(res.Rules), passes, fails, review)
		if errs := tb.PageErrors(); len(errs) > 0 {
			t.Errorf("%s: script errors or CSP violations: %s", name, strings.Join(errs, "; "))
		}
	}
	for _, pt := range pageTypes {
		resp := browsertest.Run(tb.Tab, chromedp.NavigateResponse(siteURL+pt.path))
		if int(resp.Status) != pt.status {
			t.Errorf("%s %s: HTTP %d, want %d (has testdata/content changed?)", pt.name, pt.path, resp.Status, pt.status)
		}
		check(pt.name)
	}

	// The search combobox with its listbox open.
	tb.Open("/")
	tb.WatchSearches()
	tb.Do(chromedp.Focus(chromedp.ID("q")), chromedp.KeyEvent(sampleQuery))
	tb.WaitSuggestions(sampleQuery)
	check("home+suggest")
	if phone {
		// The phone header's menu and search field, and the search filters.
		tb.Open(sampleCard)
		tb.Do(chromedp.Click(chromedp.CSS(`button[aria-controls="site-nav"]`)))
		check("card+menu")
		tb.Do(chromedp.Click(chromedp.CSS(`button[aria-controls="header-search"]`)))
		check("card+search")
		tb.Open("/search/?q=" + sampleQuery)
		tb.Do(chromedp.Click(chromedp.CSS(`.filters summary`)))
		check("search+filters")
	}

	ids := make([]string, 0, len(totals))
	for id := range totals {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core %s, tags %s, %d page states:\n", version, axeTags, pages)
	fmt.Fprintf(&b, "  %-32s %6s %8s %10s %10s\n", "rule", "pages", "passes", "violations", "review")
	for _, id := range ids {
		tt := totals[id]
		fmt.Fprintf(&b, "  %-32s %6d %8d %10d %10d\n", id, tt.pages, tt.passes, tt.violations, tt.incomplete)
	}
	t.Log(b.String())
}
