package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tietopankki/feedback"
	"tietopankki/internal/testcontent"
)

// hostFeedbackSite builds a copy of the tests' knowledge bank with
// feedback: server and returns the build folder.
func hostFeedbackSite(t *testing.T) string {
	t.Helper()
	content := testcontent.Fixture(t)
	f, err := os.OpenFile(filepath.Join(content, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("feedback: server\n")
	f.Close()
	public := filepath.Join(t.TempDir(), "public")
	hostBuild(t, content, public)
	return public
}

// hostReport runs `feedback report --format json` and decodes it.
func hostReport(t *testing.T, data, public string) feedback.Report {
	t.Helper()
	m, out, errw := hostMain()
	if code := m.Run(context.Background(), []string{"feedback", "report", "--data", data, "--out", public, "--format", "json"}); code != 0 {
		t.Fatalf("feedback report: exit %d\n%s", code, errw)
	}
	var rep feedback.Report
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("feedback report: %v\n%s", err, out)
	}
	return rep
}

func hostPost(t *testing.T, base string, f url.Values) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/feedback", strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	res, err := hostClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// TestFeedbackSurvivesKill runs `serve --production --data` as a child
// process, posts feedback, kills the process with SIGKILL as soon as the
// post is answered, and finds the feedback with `feedback report` and in
// a restarted server.
func TestFeedbackSurvivesKill(t *testing.T) {
	public := hostFeedbackSite(t)
	data := filepath.Join(t.TempDir(), "data")
	cmd, base, errw := hostChild(t, "serve", "--production", "--public", public, "--data", data, "--addr", "127.0.0.1:0")
	comments := []string{"Ensimmäinen: kuva puuttui.", "Toinen: soita 040 123 4567.", "Kolmas: ääni ei kuulu."}
	for _, c := range comments {
		if res := hostPost(t, base, url.Values{"page": {"tools/teams/liity-kokoukseen/"}, "helpful": {"no"}, "comment": {c}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("post: %d\n%s", res.StatusCode, errw)
		}
	}
	if err := cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if !bytes.Contains([]byte(errw.String()), []byte("status=303")) || strings.Contains(errw.String(), "msg=stopped") {
		t.Fatalf("the server did not die mid-run:\n%s", errw)
	}

	rep := hostReport(t, data, public)
	if len(rep.Pages) != 1 || rep.Pages[0].No != 3 || len(rep.Pages[0].Comments) != 3 {
		t.Fatalf("after kill -9 the report has %+v", rep.Pages)
	}
	if got := rep.Pages[0].Comments[1].Text; got != "Toinen: soita [poistettu]." {
		t.Errorf("the second comment: %q", got)
	}
	if rep.Pages[0].Title != "Liity Teams-kokoukseen" {
		t.Errorf("title %q", rep.Pages[0].Title)
	}

	// A restarted server keeps adding to the same database.
	base, stop, done, errw2 := hostStart(t, "--public", public, "--data", data)
	if res := hostPost(t, base, url.Values{"page": {"tools/teams/liity-kokoukseen/"}, "helpful": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post after restart: %d\n%s", res.StatusCode, errw2)
	}
	stop()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, errw2)
	}
	rep = hostReport(t, data, public)
	if p := rep.Pages[0]; p.Yes != 1 || p.No != 3 {
		t.Errorf("after restart: %+v", p)
	}
}

// TestServeFeedbackFlags checks that a site asking for feedback needs
// --data, and that the mentor flags need sign-in.
func TestServeFeedbackFlags(t *testing.T) {
	public := hostFeedbackSite(t)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--public", public}, "anna --data KANSIO"},
		{[]string{"--public", public, "--data", t.TempDir(), "--mentors", "x"}, "tarvitsevat kirjautumisen"},
		{[]string{"--public", public, "--data", t.TempDir(), "--trusted-user-header", "X-User", "--mentor-group", "ryhma"}, "HEADER=GROUP"},
	} {
		m, _, errw := hostMain()
		m.Getenv = func(string) string { return "" }
		code := m.Run(context.Background(), append([]string{"serve", "--production", "--addr", "127.0.0.1:0"}, tc.args...))
		if code != exitUsage || !strings.Contains(errw.String(), tc.msg) {
			t.Errorf("%v: exit %d\n%s", tc.args, code, errw)
		}
	}
}

// TestFeedbackCommands imports a Netlify Forms export and reports it in
// each format, and checks the commands' usage errors.
func TestFeedbackCommands(t *testing.T) {
	data := t.TempDir()
	run := func(args ...string) (int, string, string) {
		t.Helper()
		m, out, errw := hostMain()
		m.Getenv = func(string) string { return "" }
		m.Now = func() time.Time { return time.Date(2026, 2, 10, 12, 0, 0, 0, time.Local) }
		code := m.Run(context.Background(), append([]string{"feedback"}, args...))
		return code, out.String(), errw.String()
	}
	code, out, errw := run("import", "--data", data, "feedback/testdata/netlify-palaute.csv")
	if code != 0 || !strings.Contains(out, "tuotiin 4 palautetta, 0 oli jo tuotu, 2 ohitettiin") || !strings.Contains(errw, "netlify-palaute.csv:8: rivi ohitettiin: Valitse Kyllä tai Ei.") {
		t.Errorf("import: %d\n%s%s", code, out, errw)
	}
	if code, out, _ = run("import", "--data", data, "--lang", "en", "feedback/testdata/netlify-palaute.csv"); code != 0 || !strings.Contains(out, "imported 0 answers, 4 were imported before") {
		t.Errorf("import again: %d %s", code, out)
	}
	code, out, errw = run("report", "--data", data, "--out", filepath.Join(t.TempDir(), "none"))
	if code != 0 || !strings.Contains(out, "/tools/teams/liity/") || !strings.Contains(out, "Soita minulle [poistettu].") || !strings.Contains(errw, "rakennettua sivustoa ei löytynyt") {
		t.Errorf("text report: %d\n%s%s", code, out, errw)
	}
	code, out, _ = run("report", "--data", data, "--format", "html", "--since", "2026-02-04", "--out", "none")
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, "Ajalta 2026-02-04 – 2026-02-10") || strings.Contains(out, "kameran") {
		t.Errorf("html report since 2026-02-04: %d\n%s", code, out)
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"report"}, "--data KANSIO"},
		{[]string{"report", "--data", data, "--format", "pdf"}, `--format "pdf"`},
		{[]string{"report", "--data", data, "--since", "eilen"}, `--since "eilen" ei ole päivämäärä`},
		{[]string{"import", "--data", data}, "anna yksi CSV-tiedosto"},
		{[]string{"poista"}, "anna alikomento: tietopankki feedback report"},
	} {
		if code, _, errw := run(tc.args...); code != exitUsage || !strings.Contains(errw, tc.msg) {
			t.Errorf("feedback %v: exit %d\n%s", tc.args, code, errw)
		}
	}
}
