package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

type focusInfo struct {
	Tag            string `json:"tag"`
	ID             string `json:"id"`
	Text           string `json:"text"`
	Outline        string `json:"outline"`
	BoxShadow      string `json:"boxShadow"`
	Background     string `json:"background"`
	RestBackground string `json:"restBackground"`
	OnScreen       bool   `json:"onScreen"`
	Visible        bool   `json:"visible"`
	Why            string `json:"why"`
}

// focused returns the focused element and fails the test unless its focus
// is visible (WCAG 2.4.7).
func (tb *tab) focused(step string) focusInfo {
	tb.T.Helper()
	f := eval[focusInfo](tb, `__tp.focus()`)
	if !f.Visible {
		tb.T.Errorf("%s: focus on <%s id=%q> %q is not visible: outline %q, box-shadow %q, background %s (without focus %s), on screen %v %s",
			step, f.Tag, f.ID, f.Text, f.Outline, f.BoxShadow, f.Background, f.RestBackground, f.OnScreen, f.Why)
	}
	return f
}

type comboState struct {
	Expanded   string   `json:"expanded"`
	Active     string   `json:"active"`
	Role       string   `json:"role"`
	Controls   string   `json:"controls"`
	ListRole   string   `json:"listRole"`
	ListShown  bool     `json:"listShown"`
	Options    []string `json:"options"`  // ids of role=option items
	Selected   []string `json:"selected"` // ids with aria-selected=true
	Hrefs      []string `json:"hrefs"`
	SelectedBg string   `json:"selectedBg"`
	OtherBg    string   `json:"otherBg"`
}

const comboStateJS = `(function () {
  var q = document.getElementById("q"), list = document.getElementById(q.getAttribute("aria-controls") || "q-list");
  var opts = [...list.querySelectorAll("[role=option]")];
  var sel = opts.filter(o => o.getAttribute("aria-selected") === "true");
  var other = opts.find(o => o.getAttribute("aria-selected") !== "true");
  return {
    expanded: q.getAttribute("aria-expanded") || "", active: q.getAttribute("aria-activedescendant") || "",
    role: q.getAttribute("role") || "", controls: q.getAttribute("aria-controls") || "", listRole: list.getAttribute("role") || "",
    listShown: list.getClientRects().length > 0 && list.closest("[hidden]") === null,
    options: opts.map(o => o.id), selected: sel.map(o => o.id), hrefs: opts.map(o => o.getAttribute("data-href")),
    selectedBg: sel.length ? getComputedStyle(sel[0]).backgroundColor : "", otherBg: other ? getComputedStyle(other).backgroundColor : ""
  };
})()`

// TestKeyboardSearch goes from the home page to a search result with the
// keyboard only: Tab to the skip link "Siirry hakuun", Enter, type, arrow
// down the suggestions, Enter, and back. Focus must be visible at each step.
func TestKeyboardSearch(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(emulate(1280, 900, false))
	tb.Open("/")

	// Tab to the skip link to the search.
	var f focusInfo
	for i := 1; ; i++ {
		if i > 6 {
			t.Fatalf("the skip link %q is not among the first 6 tab stops", "Siirry hakuun")
		}
		tb.Do(press(kb.Tab))
		f = tb.focused("Tab " + string(rune('0'+i)))
		if f.Text == "Siirry hakuun" {
			break
		}
	}
	if f.Tag != "a" {
		t.Fatalf("the skip link is a <%s>", f.Tag)
	}

	// Activate it: focus moves to the search box.
	tb.Do(press(kb.Enter))
	tb.WaitFor("focus in the search box", `document.activeElement && document.activeElement.id === "q"`)
	tb.focused("search box")
	if u := eval[string](tb, `location.pathname + location.search`); u != "/" {
		t.Fatalf("Enter on the skip link went to %s, want the same page", u)
	}
	st := eval[comboState](tb, comboStateJS)
	if st.Role != "combobox" || st.Expanded != "false" || st.ListRole != "listbox" || st.Controls == "" {
		t.Errorf("search box before typing: role=%q aria-expanded=%q aria-controls=%q listbox role=%q, want combobox, false, the listbox",
			st.Role, st.Expanded, st.Controls, st.ListRole)
	}

	// Type a query, one key at a time.
	tb.WatchSearches()
	for _, r := range sampleQuery {
		tb.Do(press(string(r)))
	}
	tb.WaitSuggestions(sampleQuery)
	st = eval[comboState](tb, comboStateJS)
	if !st.ListShown || len(st.Options) < 2 || st.Active != "" || len(st.Selected) != 0 {
		t.Fatalf("suggestions after typing: %+v; want a shown listbox of 2 or more options, none active", st)
	}
	tb.focused("typing")

	// ArrowDown moves the active option; focus stays in the box.
	for i := 0; i < 2; i++ {
		tb.Do(press(kb.ArrowDown))
		st = eval[comboState](tb, comboStateJS)
		if st.Active != st.Options[i] || len(st.Selected) != 1 || st.Selected[0] != st.Options[i] {
			t.Fatalf("ArrowDown %d: aria-activedescendant=%q, selected %v; want %q", i+1, st.Active, st.Selected, st.Options[i])
		}
		if st.SelectedBg == st.OtherBg {
			t.Errorf("ArrowDown %d: the active option looks like the others (background %s)", i+1, st.SelectedBg)
		}
		if f := tb.focused("ArrowDown"); f.ID != "q" {
			t.Fatalf("ArrowDown moved focus to <%s id=%q>; it must stay in the search box", f.Tag, f.ID)
		}
	}
	tb.Do(press(kb.ArrowUp))
	st = eval[comboState](tb, comboStateJS)
	if st.Active != st.Options[0] {
		t.Fatalf("ArrowUp: aria-activedescendant=%q, want %q", st.Active, st.Options[0])
	}

	// Enter opens the active suggestion.
	want := st.Hrefs[0]
	tb.Do(chromedp.Evaluate[chromedp.Void](`window.__tpBefore = true`)) // survives only a restore from the back/forward cache
	tb.Do(press(kb.Enter))
	tb.WaitFor("the result page", `location.pathname === `+jsString(want)+` && document.readyState === "complete"`)
	if h1 := eval[string](tb, `document.querySelector("h1").textContent`); strings.TrimSpace(h1) == "" {
		t.Errorf("the result page %s has no heading", want)
	}
	// Tab on the new page starts from the top, focus visible.
	tb.Do(press(kb.Tab))
	tb.focused("Tab on the result page")

	// History back returns to the home page, in a usable state.
	// (history.back(), not chromedp.NavigateBack: a page restored from the
	// back/forward cache fires no load event to wait for.)
	tb.Do(chromedp.Evaluate[chromedp.Void](`history.back()`))
	tb.WaitFor("the home page", `location.pathname === "/" && document.readyState === "complete"`)
	st = eval[comboState](tb, comboStateJS)
	t.Logf("after back: search box %q, aria-expanded=%s, list shown %v, focus on %s, restored from the back/forward cache %v", eval[string](tb, `document.getElementById("q").value`),
		st.Expanded, st.ListShown, eval[string](tb, `document.activeElement.tagName + "#" + document.activeElement.id`),
		eval[bool](tb, `window.__tpBefore === true`))
	tb.WatchSearches()
	if (st.Expanded == "true") != st.ListShown {
		t.Errorf("after back: aria-expanded=%q but the listbox shown=%v", st.Expanded, st.ListShown)
	}
	if act := eval[string](tb, `document.activeElement ? document.activeElement.tagName : ""`); act != "BODY" {
		tb.focused("after back")
	}
	// Shift+Tab back into the search box from the element after it, and
	// search again. (chromedp's node queries do not see a page restored
	// from the back/forward cache, so the test focuses with script.)
	tb.Do(chromedp.Evaluate[chromedp.Void](`document.querySelector(".search-row .button").focus()`))
	tb.Do(press(kb.Tab, chromedp.ModifierShift))
	if f := tb.focused("Shift+Tab into the search box after back"); f.ID != "q" {
		t.Fatalf("Shift+Tab from the search button focused <%s id=%q>", f.Tag, f.ID)
	}
	tb.Do(chromedp.Evaluate[chromedp.Void](`document.getElementById("q").select()`))
	for _, r := range "jaa" {
		tb.Do(press(string(r)))
	}
	tb.WaitSuggestions("jaa")
}
