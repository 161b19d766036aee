package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// maturityPages are the maturity meter's pages of the sample (its rounds
// in content/maturity/) and a tool page with the meter's section.
var maturityPages = []string{"/kypsyys/", "/kypsyys/teams/", "/tools/teams/"}

// TestMaturityPages runs axe-core on the meter's pages on a phone
// (390×844) and on a desktop (1280×900): no WCAG 2.0/2.1 A or AA violation,
// no script error or CSP violation, and on the phone nothing scrolls
// sideways: the charts and tables fit.
func TestMaturityPages(t *testing.T) {
	needBrowser(t)
	t.Parallel()
	axeScript(t)
	tb := newTab(t)
	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}} {
		tb.Do(emulate(size.width, size.height, size.mobile))
		for _, p := range maturityPages {
			tb.Open(p)
			name := size.name + " " + p
			if n := eval[int](tb, `document.querySelectorAll("main svg.chart[role=img]").length`); n == 0 {
				t.Errorf("%s: no chart", name)
			}
			tb.axeClean(name)
			if errs := tb.PageErrors(); len(errs) > 0 {
				t.Errorf("%s: script errors or CSP violations: %s", name, strings.Join(errs, "; "))
			}
			if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(size.width) {
				t.Errorf("%s: the page is %d px wide in a %d px viewport", name, w, size.width)
			}
		}
	}
}

// TestMaturityPrint prints the overview on A4: no navigation, search or
// footer, every chart and table printed, nothing wider than the paper
// inside its margins.
func TestMaturityPrint(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.Do(chromedp.EmulateViewport(int64(printablePxInt), 1000))
	tb.Open("/kypsyys/")
	tb.Do(printMedia(true))
	r := eval[printReport](tb, fmt.Sprintf(printReportJS, printablePx))
	for _, s := range r.Shown {
		t.Errorf("print: %s is printed; navigation, search, buttons and the footer must not be", s)
	}
	for _, s := range r.Hidden {
		t.Errorf("print: %s is not printed", s)
	}
	if r.ScrollWidth > printablePxInt+1 || len(r.Wide) > 0 {
		t.Errorf("print: the page is %d px wide, the printable width of A4 is %.0f px: %s", r.ScrollWidth, printablePx, strings.Join(r.Wide, "; "))
	}
	shown := eval[[]int](tb, `[...document.querySelectorAll("main svg.chart, main table")].map(e => e.getClientRects().length > 0 ? 1 : 0)`)
	if len(shown) == 0 || strings.Contains(fmt.Sprint(shown), "0") {
		t.Errorf("print: charts and tables shown: %v", shown)
	}
	tb.Do(printMedia(false))
	pdf, err := chromedp.Run(tb.Ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(screenshotDir(t), "maturity-print.pdf")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("print: /kypsyys/ is %d A4 pages: %s", len(pdfPage.FindAll(pdf, -1)), out)
}
