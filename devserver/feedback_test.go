package devserver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tietopankki/feedback"
	"tietopankki/i18n"
	"tietopankki/internal/testcontent"
)

// TestFeedbackInPreview serves a copy of the tests' knowledge bank
// (testcontent.Fixture) that takes feedback: with a copy of the database, each card shows its answers and
// latest comments; without one, the widget's post says the preview keeps
// nothing.
func TestFeedbackInPreview(t *testing.T) {
	dir := testcontent.Fixture(t)
	f, _ := os.OpenFile(filepath.Join(dir, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("feedback: server\n")
	f.Close()
	srv, err := New(dir, "", loader, io.Discard, i18n.MustGet("fi"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	post := func() (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", hs.URL+"/api/feedback", strings.NewReader(url.Values{"page": {"tools/teams/liity-kokoukseen/"}, "helpful": {"no"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", hs.URL)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	get := func(p string) string {
		t.Helper()
		res, err := http.Get(hs.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
		return string(b)
	}
	if code, body := post(); code != http.StatusServiceUnavailable || !strings.Contains(body, "Esikatselu ei tallenna palautetta") {
		t.Errorf("post without a database: %d\n%s", code, body)
	}
	if strings.Contains(get("/tools/teams/liity-kokoukseen/"), "feedback-stats") {
		t.Error("answers shown without a database")
	}

	store, err := feedback.Open(t.TempDir(), feedback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, e := range []feedback.Entry{
		{Page: "tools/teams/liity-kokoukseen/", Helpful: true},
		{Page: "tools/teams/liity-kokoukseen/", Comment: "Kuva puuttui."},
		{Page: "tools/teams/", Helpful: true},
	} {
		if err := store.Add(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	srv.Feedback = store
	if code, body := post(); code != http.StatusSeeOther {
		t.Errorf("post with a database: %d\n%s", code, body)
	}
	page := get("/tools/teams/liity-kokoukseen/")
	for _, want := range []string{"Palaute tästä ohjeesta", "1 / 3 vastaajaa sai apua.", "Kuva puuttui.", `src="/_tietopankki/reload.js"`, `action="/api/feedback"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the card lacks %q", want)
		}
	}
	if tool := get("/tools/teams/"); !strings.Contains(tool, "1 / 1 vastaajaa sai apua.") {
		t.Error("the tool page lacks its answers")
	}
	if other := get("/tools/omaolo/"); !strings.Contains(other, "Tästä ohjeesta ei ole vielä palautetta.") {
		t.Error("a page without answers does not say so")
	}
}
