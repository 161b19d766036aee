package browser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// minTarget is the smallest tap target on a phone, in CSS pixels: WCAG 2.1
// 2.5.5 (AAA) asks 44×44; 2.2's 2.5.8 (AA) asks 24. Staff tap with gloves
// and in a hurry, so the site keeps 44.
const minTarget = 44

// targetsJS measures every visible control of the page. The rule:
//
//   - Every link, button, input, select, summary, option and tab stop that
//     is visible must have a box of at least minTarget × minTarget CSS px.
//   - Exempt is a link inside running text (WCAG 2.5.5's "Inline"
//     exception): its display is inline and the block around it has text of
//     its own besides the link ("Jos muut eivät kuule sinua, lue <a>…</a>.").
//     A link that is alone in its block (a list item, a heading) is not
//     running text and must be a full-size target.
//   - A checkbox or radio button passes when its label is a full-size target
//     (2.5.5's "Equivalent" exception: the label toggles it too).
//   - Skip links are measured while focused, the only time they show.
//   - A display: inline element that wraps is measured by its largest line
//     fragment, not by the box around all its lines.
const targetsJS = `(function (min) {
  var W = document.documentElement.clientWidth;
  var out = { width: W, scrollWidth: document.documentElement.scrollWidth, wide: [], small: [], checked: 0, inline: 0 };
  function shown(el) {
    if (el.closest("[hidden]")) return false;
    var r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false; // display: none, or visually hidden (1px)
    var cs = getComputedStyle(el);
    return cs.visibility !== "hidden" && cs.display !== "none";
  }
  function name(el) {
    var s = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
    var text = (el.textContent || el.value || el.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim().slice(0, 40);
    return s + (text ? " \"" + text + "\"" : "");
  }
  function blockOf(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      var d = getComputedStyle(p).display;
      if (!/^(inline|contents)/.test(d)) return p;
    }
    return document.body;
  }
  function inlineInText(el) {
    if (getComputedStyle(el).display !== "inline") return false;
    var own = (el.textContent || "").replace(/\s+/g, " ").trim();
    var block = (blockOf(el).textContent || "").replace(/\s+/g, " ").trim();
    return /[\p{L}\p{N}]/u.test(block.replace(own, ""));
  }
  function big(r) { return r.width >= min - 0.01 && r.height >= min - 0.01; }
  // Anything sticking out to the right makes the page scroll sideways.
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > W + 0.5 && shown(el) && out.wide.length < 10) out.wide.push(name(el) + " right edge " + Math.round(r.right));
  });
  var sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=option], [tabindex]:not([tabindex='-1'])";
  document.querySelectorAll(sel).forEach(function (el) {
    var r;
    if (el.classList.contains("skip-link")) {
      el.focus(); r = el.getBoundingClientRect(); el.blur();
    } else {
      if (!shown(el)) return;
      r = el.getBoundingClientRect();
      if (getComputedStyle(el).display === "inline") {
        // A link that wraps is a line fragment on each line; its bounding
        // box would span both lines. Measure the largest fragment.
        r = [...el.getClientRects()].reduce(function (a, b) { return b.width * b.height > a.width * a.height ? b : a; });
      }
    }
    out.checked++;
    if (big(r)) return;
    if (el.tagName === "A" && inlineInText(el)) { out.inline++; return; }
    if (el.type === "checkbox" || el.type === "radio") {
      if ([...(el.labels || [])].some(function (l) { return shown(l) && big(l.getBoundingClientRect()); })) return;
    }
    out.small.push(name(el) + " " + Math.round(r.width) + "×" + Math.round(r.height));
  });
  return out;
})(` + "%d" + `)`

type targetReport struct {
	Width       int      `json:"width"`
	ScrollWidth int      `json:"scrollWidth"`
	Wide        []string `json:"wide"`
	Small       []string `json:"small"`
	Checked     int      `json:"checked"`
	Inline      int      `json:"inline"`
}

// TestPhone: at 360×800 no page scrolls sideways and every control is a
// tap target of 44×44 px or more (see targetsJS for the rule).
func TestPhone(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(emulate(360, 800, true))
	check := func(name string) {
		t.Helper()
		r := eval[targetReport](tb, fmt.Sprintf(targetsJS, minTarget))
		if r.ScrollWidth > 360 || r.Width != 360 {
			t.Errorf("%s: the page is %d px wide in a %d px viewport; it scrolls sideways. Too wide: %s", name, r.ScrollWidth, r.Width, strings.Join(r.Wide, "; "))
		}
		if r.Checked == 0 {
			t.Errorf("%s: no control measured; the page has no links, buttons or fields?", name)
		}
		for _, s := range r.Small {
			t.Errorf("%s: tap target under %d×%d px: %s", name, minTarget, minTarget, s)
		}
		t.Logf("%-14s width %d, %d controls measured, %d inline links in text exempt, %d too small", name, r.ScrollWidth, r.Checked, r.Inline, len(r.Small))
	}
	for _, pt := range pageTypes {
		tb.Open(pt.path)
		check(pt.name)
	}
	tb.Open("/")
	tb.WatchSearches()
	tb.focus("#q", 0)
	tb.Do(chromedp.KeyEvent(sampleQuery))
	tb.WaitSuggestions(sampleQuery)
	check("home+suggest")
}
