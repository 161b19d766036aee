package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"tietopankki/internal/browsertest"
)

// The printable width of A4 (210 mm) less the theme's @page margins
// (15 mm each side), in CSS px at 96 dpi.
const (
	a4WidthMM      = 210.0
	printMarginMM  = 15.0
	printableMM    = a4WidthMM - 2*printMarginMM
	printablePx    = printableMM / 25.4 * 96 // 680.3
	printablePxInt = 680
)

func printMedia(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}
		if on {
			p.Media = "print"
		}
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, p)
		return err
	})
}

type printReport struct {
	Shown       []string `json:"shown"`  // chrome that should not print but does
	Hidden      []string `json:"hidden"` // content that should print but does not
	Wide        []string `json:"wide"`
	ScrollWidth int      `json:"scrollWidth"`
	Links       []struct {
		Href  string `json:"href"`
		After string `json:"after"`
	} `json:"links"`
}

const printReportJS = `(function (W) {
  function rendered(el) { return el.getClientRects().length > 0; }
  function name(el) { return el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") + " \"" + (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 30) + "\""; }
  var out = { shown: [], hidden: [], wide: [], scrollWidth: document.documentElement.scrollWidth, links: [] };
  document.querySelectorAll("header, nav, footer, form, [role=search], .skip-link, button, input, select, .suggest").forEach(function (el) {
    if (rendered(el)) out.shown.push(name(el));
  });
  document.querySelectorAll("main h1, main .prose, main .lead").forEach(function (el) {
    if (!rendered(el)) out.hidden.push(name(el));
  });
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > W + 0.5 || r.width > W + 0.5) && out.wide.length < 10) out.wide.push(name(el) + " " + Math.round(r.left) + "–" + Math.round(r.right) + " px");
  });
  document.querySelectorAll("main .prose a[href]").forEach(function (a) {
    if (a.getAttribute("href").charAt(0) === "#") return;
    out.links.push({ href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content });
  });
  return out;
})(%f)`

// TestPrint prints a card: navigation, search and footer are not printed,
// the content fits the width of A4 inside the margins, link targets are
// shown after the links, and a typical card is one A4 page.
func TestPrint(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	// A viewport as wide as the printable area of A4, so that layout
	// overflow shows as elements wider than it.
	tb.Do(chromedp.EmulateViewport(int64(printablePxInt), 1000))
	tb.Open(sampleCard)
	tb.Do(printMedia(true))
	r := eval[printReport](tb, fmt.Sprintf(printReportJS, printablePx))
	for _, s := range r.Shown {
		t.Errorf("print: %s is printed; navigation, search, buttons and the footer must not be", s)
	}
	for _, s := range r.Hidden {
		t.Errorf("print: the card's %s is not printed", s)
	}
	if r.ScrollWidth > printablePxInt+1 || len(r.Wide) > 0 {
		t.Errorf("print: the card is %d px wide, the printable width of A4 is %.0f px (%.0f mm): %s", r.ScrollWidth, printablePx, printableMM, strings.Join(r.Wide, "; "))
	}
	if len(r.Links) == 0 {
		t.Fatalf("print: the sample card %s has no links in its text to check", sampleCard)
	}
	for _, l := range r.Links {
		if !strings.Contains(l.After, l.Href) {
			t.Errorf("print: the link to %s shows %s after it; want its address", l.Href, l.After)
		}
		t.Logf("print: the link to %s prints as …%s", l.Href, l.After)
	}

	// Print to PDF, as the browser's print dialog does with the page's own
	// @page size and margins.
	tb.Do(printMedia(false))
	pdf := browsertest.Run(tb.Tab, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	out := filepath.Join(screenshotDir(t), "card-print.pdf")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	pages := len(pdfPage.FindAll(pdf, -1))
	if pages != 1 {
		t.Errorf("print: the card %s prints on %d A4 pages, want 1 (%s)", sampleCard, pages, out)
	}
	t.Logf("print: %s is %d A4 page(s), %d KB: %s", sampleCard, pages, len(pdf)/1024, out)
}

// pdfPage matches a page object of a PDF (not the /Pages tree).
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)
