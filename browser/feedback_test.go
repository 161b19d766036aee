package browser

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"tietopankki/feedback"
	"tietopankki/internal/testbin"
	"tietopankki/internal/testcontent"
)

// feedbackServer is `tietopankki serve --production --data` run as a
// process on a build of the tests' knowledge bank with feedback: server, staff
// signed in by a trusted header and one mentor.
type feedbackServer struct {
	bin, public, data, mentors string
	url                        string
	cmd                        *exec.Cmd
	log                        *strings.Builder
}

func startFeedbackSite(t *testing.T) *feedbackServer {
	t.Helper()
	dir := t.TempDir()
	fs := &feedbackServer{bin: filepath.Join(dir, "tietopankki"), public: filepath.Join(dir, "public"),
		data: filepath.Join(dir, "data"), mentors: filepath.Join(dir, "mentorit")}
	content := testcontent.Fixture(t)
	f, err := os.OpenFile(filepath.Join(content, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("feedback: server\n")
	f.Close()
	os.WriteFile(fs.mentors, []byte("anna.mentori\n"), 0o600)
	if err := testbin.Build(fs.bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(fs.bin, "build", "--content", content, "--out", fs.public)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	fs.start(t)
	t.Cleanup(func() { fs.stop(t) })
	return fs
}

var listeningRE = regexp.MustCompile(`(http://[^\s/]+)/`) // in any language: "… at http://ADDR/ ;"

// start runs the server and waits until it listens.
func (fs *feedbackServer) start(t *testing.T) {
	t.Helper()
	fs.cmd = exec.Command(fs.bin, "serve", "--production", "--public", fs.public, "--data", fs.data, "--addr", "127.0.0.1:0",
		"--trusted-user-header", "X-Remote-User", "--mentors", fs.mentors)
	fs.log = &strings.Builder{}
	fs.cmd.Stderr = fs.log
	stdout, err := fs.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := fs.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		fs.cmd.Wait()
		t.Fatalf("serve --production --data did not start:\n%s", fs.log)
	}
	m := listeningRE.FindStringSubmatch(sc.Text())
	if m == nil {
		t.Fatalf("serve --production printed %q", sc.Text())
	}
	go io.Copy(io.Discard, stdout)
	fs.url = m[1]
}

// stop sends SIGTERM and waits for a clean exit.
func (fs *feedbackServer) stop(t *testing.T) {
	t.Helper()
	if fs.cmd == nil {
		return
	}
	fs.cmd.Process.Signal(syscall.SIGTERM)
	if err := fs.cmd.Wait(); err != nil {
		t.Errorf("serve --production: %v\n%s", err, fs.log)
	}
	fs.cmd = nil
}

// report runs `feedback report --format json`.
func (fs *feedbackServer) report(t *testing.T) feedback.Report {
	t.Helper()
	out, err := exec.Command(fs.bin, "feedback", "report", "--data", fs.data, "--out", fs.public, "--format", "json").Output()
	if err != nil {
		t.Fatalf("feedback report: %v", err)
	}
	var rep feedback.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("feedback report: %v\n%s", err, out)
	}
	return rep
}

// asUser makes every request of the tab come from a signed-in user, as
// the authenticating proxy in front of the server would send it.
func (tb *tab) asUser(user string) {
	tb.T.Helper()
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Remote-User": user}})
		return err
	}))
}

// withoutScripts keeps every script of the site from loading. The site
// has no inline script (its CSP forbids them), so its pages then behave
// exactly as with JavaScript switched off, while the test can still look
// at them.
func (tb *tab) withoutScripts() {
	tb.T.Helper()
	tb.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{
			URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/*.js", Block: true}}})
		return err
	}))
}

// axeClean runs axe-core on the tab's page and fails on any violation.
func (tb *tab) axeClean(name string) {
	tb.T.Helper()
	res := runAxe(tb)
	rules := 0
	for _, r := range res.Rules {
		rules++
		if r.Violations > 0 {
			tb.T.Errorf("%s: axe %s (%s): %s\n    %s", name, r.ID, r.Impact, r.Help, strings.Join(r.Nodes, "\n    "))
		}
	}
	tb.T.Logf("%s: axe-core %s, %d rules, no violations unless listed above", name, res.Version, rules)
}

func (tb *tab) text(css string) string {
	tb.T.Helper()
	return eval[string](tb, fmt.Sprintf(`(function () { var e = document.querySelector(%s); return e ? e.textContent.trim() : ""; })()`, jsString(css)))
}

func (tb *tab) visible(css string) bool {
	tb.T.Helper()
	return eval[bool](tb, fmt.Sprintf(`(function () { var e = document.querySelector(%s); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"; })()`, jsString(css)))
}

// TestFeedbackWidget posts feedback from a built site served by
// `serve --production --data`: without scripts (a plain form post and the
// thank-you page that links back) and with them (in place), from a card,
// a tool page and a search that found nothing, by keyboard; runs axe-core
// on each state of the widget and on the mentors' report; restarts the
// server and finds everything in `feedback report --format json`.
func TestFeedbackWidget(t *testing.T) {
	needBrowser(t)
	axeScript(t)
	srv := startFeedbackSite(t)
	const card = "/tools/teams/liity-kokoukseen/"

	// Without scripts: choose "Ei", write, send; the thank-you page.
	tb := newTab(t)
	tb.withoutScripts()
	tb.asUser("hoitaja")
	tb.Do(chromedp.Navigate(srv.url + card))
	if tb.visible("#feedback-comment") {
		t.Error("the text field is open before an answer is chosen")
	}
	if got := tb.text("#feedback-title"); got != "Oliko tästä ohjeesta apua?" {
		t.Errorf("the question: %q", got)
	}
	tb.focus("#feedback-no", 0)
	tb.Do(press(" "))
	tb.WaitFor("the text field", `getComputedStyle(document.getElementById("feedback-comment").parentNode).display !== "none"`)
	if got := tb.text("#feedback-warning"); !strings.Contains(got, "henkilötunnuksia") {
		t.Errorf("the warning: %q", got)
	}
	tb.axeClean("card, Ei chosen, without scripts")
	tb.focus("#feedback-comment", 0)
	tb.Do(typeKeys("Kuva puuttui. Soita 040 123 4567"))
	tb.focus(".feedback-form button[type=submit]", 0)
	tb.Do(press("\r"))
	tb.WaitFor("the thank-you page", `location.pathname === "/palaute/kiitos/" && document.readyState === "complete"`)
	if got := tb.text("h1"); got != "Kiitos palautteesta" {
		t.Errorf("thank-you page heading %q", got)
	}
	if got := eval[string](tb, `document.querySelector("main a").getAttribute("href")`); got != card {
		t.Errorf("the thank-you page links back to %q, want %q", got, card)
	}
	tb.axeClean("thank-you page")
	tb.focus("main a", 0)
	tb.Do(press("\r"))
	tb.WaitFor("back on the card", `location.pathname === `+jsString(card)+` && document.readyState === "complete"`)

	// With scripts: "Kyllä" on the tool page, sent in place.
	js := newTab(t)
	js.asUser("hoitaja")
	js.Do(chromedp.Navigate(srv.url + "/tools/teams/"))
	js.focus("#feedback-yes", 0)
	js.Do(press(" "))
	if js.visible("#feedback-comment") {
		t.Error("the text field opened for Kyllä")
	}
	js.focus(".feedback-form button[type=submit]", 0)
	js.Do(press("\r"))
	js.WaitFor("the thanks in place", `document.querySelector("[data-feedback-status]").textContent.indexOf("Kiitos") === 0`)
	if got := eval[string](js, `location.pathname`); got != "/tools/teams/" {
		t.Errorf("the page changed to %s", got)
	}
	if got := eval[string](js, `document.activeElement.getAttribute("role") + " " + document.activeElement.getAttribute("aria-live")`); got != "status polite" {
		t.Errorf("focus after sending: %q, want the status line", got)
	}
	if js.visible(".feedback-form fieldset") {
		t.Error("the question is still shown after the thanks")
	}
	js.axeClean("tool page, thanks in place")

	// A search that finds nothing: "Etkö löytänyt?" from the results page.
	js.Do(chromedp.Navigate(srv.url + "/search/?q=kvanttilaskin"))
	if !js.visible("[data-search-feedback]") || js.text("#search-feedback-title") != "Etkö löytänyt? Kerro mitä etsit" {
		t.Fatal("no search feedback on a search without results")
	}
	js.axeClean("search without results, feedback")
	js.focus("#search-feedback-comment", 0)
	js.Do(typeKeys("Etsin kvanttilaskimen ohjetta"))
	js.focus("[data-search-feedback] button[type=submit]", 0)
	js.Do(press("\r"))
	js.WaitFor("the thanks in place", `document.querySelector("[data-search-feedback] [data-feedback-status]").textContent.indexOf("Kiitos") === 0`)
	if errs := js.PageErrors(); len(errs) > 0 {
		t.Errorf("script errors or CSP violations: %s", strings.Join(errs, "; "))
	}

	// The report: staff get the 404 page, the mentor the report.
	js.Do(chromedp.Navigate(srv.url + "/palaute/"))
	if got := js.text("h1"); got != "Sivua ei löytynyt" {
		t.Errorf("the report for staff: %q", got)
	}
	srv.stop(t)
	srv.start(t)
	mentor := newTab(t)
	mentor.asUser("anna.mentori")
	mentor.Do(chromedp.Navigate(srv.url + "/palaute/"))
	if got := mentor.text("h1"); got != "Palaute ohjeista" {
		t.Fatalf("the report for the mentor after a restart: %q", got)
	}
	if !strings.Contains(mentor.text("main"), "Kuva puuttui. Soita [poistettu]") {
		t.Error("the report lacks the comment")
	}
	mentor.axeClean("feedback report")

	rep := srv.report(t)
	pages := map[string]feedback.PageReport{}
	for _, p := range rep.Pages {
		pages[p.Page] = p
	}
	if p := pages["tools/teams/liity-kokoukseen/"]; p.No != 1 || len(p.Comments) != 1 || p.Comments[0].Text != "Kuva puuttui. Soita [poistettu]" {
		t.Errorf("the card's feedback: %+v", p)
	}
	if p := pages["tools/teams/"]; p.Yes != 1 || p.No != 0 {
		t.Errorf("the tool page's feedback: %+v", p)
	}
	found := false
	for _, s := range rep.Searches {
		if s.Query == "kvanttilaskin" {
			found = s.NoResults >= 1 && s.NotHelped == 1 && len(s.Comments) == 1 && s.Comments[0] == "Etsin kvanttilaskimen ohjetta"
		}
	}
	if !found {
		t.Errorf("the search: %+v", rep.Searches)
	}
}
