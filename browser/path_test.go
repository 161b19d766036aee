package browser

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

type pathState struct {
	Steps    []string `json:"steps"`   // the step cards' links, in order
	Checked  []bool   `json:"checked"` // each step's "Tehty" box
	Done     int      `json:"done"`    // steps marked done in the layout
	Progress string   `json:"progress"`
	Shown    bool     `json:"shown"` // the progress box is shown
}

const pathStateJS = `({
  steps: [...document.querySelectorAll(".step-title a")].map(a => a.getAttribute("href")),
  checked: [...document.querySelectorAll(".step input[type=checkbox]")].map(c => c.checked && c.getClientRects().length > 0),
  done: document.querySelectorAll(".step.is-done").length,
  progress: (document.querySelector("[data-progress-text]") || {}).textContent || "",
  shown: !!document.querySelector("[data-path]") && !document.querySelector("[data-path]").hidden
})`

// TestLearningPath: ticking steps on a path page survives a reload, the
// progress text counts them, and a step's card links to the previous and
// the next step of the path.
func TestLearningPath(t *testing.T) {
	t.Parallel()
	tb := newTab(t) // a browser context of its own: empty storage
	tb.Open(samplePath)
	st := eval[pathState](tb, pathStateJS)
	n := len(st.Steps)
	if n < 3 || !st.Shown || len(st.Checked) != n {
		t.Fatalf("path page: %d steps, progress shown %v, %d boxes; want 3 or more steps, each with a box", n, st.Shown, len(st.Checked))
	}
	if want := fmt.Sprintf("0 / %d", n); !strings.Contains(st.Progress, want) {
		t.Errorf("before ticking, the progress says %q; want it to contain %q", st.Progress, want)
	}

	// Tick steps 1 and 3 with the keyboard (Space on the box).
	for _, i := range []int{1, 3} {
		tb.focus(".step input[type=checkbox]", i-1)
		tb.Do(press(" "))
		tb.focused(fmt.Sprintf("the box of step %d", i))
	}
	wantChecked := make([]bool, n)
	wantChecked[0], wantChecked[2] = true, true
	want := fmt.Sprintf("2 / %d", n)
	for _, when := range []string{"after ticking", "after a reload"} {
		if when == "after a reload" {
			tb.Do(chromedp.Reload())
		}
		st = eval[pathState](tb, pathStateJS)
		if !slices.Equal(st.Checked, wantChecked) || st.Done != 2 {
			t.Errorf("%s: boxes %v (%d steps marked done), want %v", when, st.Checked, st.Done, wantChecked)
		}
		if !strings.Contains(st.Progress, want) {
			t.Errorf("%s: the progress says %q; want it to contain %q", when, st.Progress, want)
		}
	}
	t.Logf("progress after a reload: %q", st.Progress)

	// "Jatka: vaihe 2" opens the first step not done; the page says where
	// the progress is kept.
	type cont struct {
		Text, Href string
		Device     bool
	}
	c := eval[cont](tb, `(function () { var a = document.querySelector("[data-continue]");
  return { text: a.textContent, href: a.getAttribute("href"), device: document.body.textContent.indexOf("Edistyminen tallentuu vain tähän laitteeseen") >= 0 }; })()`)
	if c.Text != "Jatka: vaihe 2" || !strings.HasSuffix(c.Href, st.Steps[1]) || !c.Device {
		t.Errorf("continue button %q to %q (the device sentence shown: %v); want \"Jatka: vaihe 2\" to %s", c.Text, c.Href, c.Device, st.Steps[1])
	}

	// The card of step 2 links to steps 1 and 3 and back to the path.
	tb.Open(st.Steps[1])
	type nav struct {
		Text  string   `json:"text"`
		Prev  []string `json:"prev"`
		Next  []string `json:"next"`
		Count int      `json:"count"`
	}
	got := eval[nav](tb, `(function () {
  var navs = [...document.querySelectorAll(".step-nav")].filter(n => n.querySelector(`+jsString(`a[href="`+samplePath+`"]`)+`));
  var n = navs[0] || document.createElement("nav");
  return { count: navs.length, text: n.querySelector(".step-nav-title") ? n.querySelector(".step-nav-title").textContent.replace(/\s+/g, " ").trim() : "",
    prev: navs.map(n => (n.querySelector("a[rel=prev]") || {getAttribute: () => ""}).getAttribute("href")),
    next: navs.map(n => (n.querySelector("a[rel=next]") || {getAttribute: () => ""}).getAttribute("href")) };
})()`)
	if got.Count == 0 {
		t.Fatalf("the card %s of step 2 has no navigation for the path %s", st.Steps[1], samplePath)
	}
	for i := range got.Count {
		if got.Prev[i] != st.Steps[0] || got.Next[i] != st.Steps[2] {
			t.Errorf("step 2's navigation %d: previous %q, next %q; want %q and %q", i+1, got.Prev[i], got.Next[i], st.Steps[0], st.Steps[2])
		}
	}
	if w := fmt.Sprintf("2 / %d", n); !strings.Contains(got.Text, w) {
		t.Errorf("step 2's navigation says %q; want it to contain %q", got.Text, w)
	}

	// "Merkitse tehdyksi" on the card of step 2 marks it on the path.
	markSel := `[data-mark-path="paths/` + strings.Trim(strings.TrimPrefix(samplePath, "/paths/"), "/") + `"] [data-mark]`
	mark := `document.querySelector(` + jsString(markSel) + `)`
	if got := eval[string](tb, mark+`.getAttribute("aria-pressed")`); got != "false" {
		t.Errorf("step 2's card: Merkitse tehdyksi aria-pressed=%s before marking", got)
	}
	tb.Do(chromedp.Click(chromedp.CSS(markSel)))
	if got := eval[string](tb, mark+`.getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("step 2's card: aria-pressed=%s after marking", got)
	}
	tb.Open(samplePath)
	if st = eval[pathState](tb, pathStateJS); st.Done != 3 {
		t.Errorf("after marking step 2 on its card, the path has %d steps done, want 3", st.Done)
	}

	// "Aloita alusta" asks first: "Peruuta" keeps the progress, "Kyllä"
	// clears it.
	tb.focus(`[data-progress-reset]`, 0)
	tb.focused("the start-over button")
	tb.Do(press(kb.Enter))
	tb.focused("Peruuta")
	if got := eval[string](tb, `document.activeElement.hasAttribute("data-reset-no") ? "no" : document.activeElement.outerHTML`); got != "no" {
		t.Errorf("after Aloita alusta the focus is on %s, want Peruuta", got)
	}
	tb.Do(press(kb.Enter))
	if st = eval[pathState](tb, pathStateJS); st.Done != 3 {
		t.Errorf("after Peruuta: %d steps done, want 3 still", st.Done)
	}
	tb.focus(`[data-progress-reset]`, 0)
	tb.Do(press(kb.Enter))
	tb.focus(`[data-reset-yes]`, 0)
	tb.Do(press(kb.Enter))
	st = eval[pathState](tb, pathStateJS)
	if st.Done != 0 || !strings.Contains(st.Progress, fmt.Sprintf("0 / %d", n)) {
		t.Errorf("after starting over: %d steps done, progress %q", st.Done, st.Progress)
	}
}
