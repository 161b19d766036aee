package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tietopankki/feedback"
)

// feedbackSite is a copy of the sample build whose site shell says
// feedback: server (the pages themselves do not matter to the server).
func feedbackSite(t *testing.T) string {
	t.Helper()
	oldSite, _ := builtSites(t)
	dir := copySite(t, oldSite)
	p := filepath.Join(dir, "_search", "site.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var sh map[string]any
	if err := json.Unmarshal(b, &sh); err != nil {
		t.Fatal(err)
	}
	sh["config"].(map[string]any)["Feedback"] = "server"
	if b, err = json.Marshal(sh); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func postForm(t *testing.T, u string, f url.Values, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestServerRefusesFeedbackWithoutData(t *testing.T) {
	_, err := New(Options{Public: feedbackSite(t)})
	var need *NeedDataError
	if !errors.As(err, &need) || need.Mode != "server" {
		t.Fatalf("New without a store for a site that asks for feedback: %v", err)
	}
}

func TestServerFeedback(t *testing.T) {
	store, err := feedback.Open(t.TempDir(), feedback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	_, ts, _ := newTestServer(t, Options{Public: feedbackSite(t), Feedback: store,
		Auth: TrustedHeader("X-Remote-User"), Mentors: MentorList{"anna.mentori": true}})
	staff := []string{"X-Remote-User", "hoitaja", "Origin", ts.URL}

	f := url.Values{"page": {"tools/teams/liity-kokoukseen/"}, "helpful": {"no"}, "comment": {"Kuva puuttui. Soita 040 123 4567"}}
	res, _ := postForm(t, ts.URL+"/api/feedback", f, staff...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/palaute/kiitos/?sivu=tools%2Fteams%2Fliity-kokoukseen%2F" {
		t.Fatalf("post: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	checkSecurity(t, "post", res)
	res, body := fetch(t, nil, ts.URL+res.Header.Get("Location"), "X-Remote-User", "hoitaja")
	if res.StatusCode != 200 || !strings.Contains(body, `<a href="/tools/teams/liity-kokoukseen/">Palaa sivulle</a>`) || !strings.Contains(body, "<h1>Kiitos palautteesta</h1>") {
		t.Errorf("thank-you page: %d\n%s", res.StatusCode, body)
	}
	res, body = postForm(t, ts.URL+"/api/feedback", url.Values{"page": {"tools/teams/"}, "helpful": {"yes"}}, append(staff, "Accept", "application/json")...)
	if res.StatusCode != 200 || !strings.Contains(body, `"ok":true`) {
		t.Errorf("post from script: %d %s", res.StatusCode, body)
	}
	// A page the build does not have, and a hidden one.
	for _, page := range []string{"tools/ei-ole/", "_search/"} {
		res, body = postForm(t, ts.URL+"/api/feedback", url.Values{"page": {page}, "helpful": {"yes"}}, staff...)
		if res.StatusCode != 400 || !strings.Contains(body, "sivua ei löytynyt") || !strings.Contains(body, "<h1>Palautetta ei voitu lähettää</h1>") {
			t.Errorf("page %q: %d\n%s", page, res.StatusCode, body)
		}
	}
	// From another site.
	res, _ = postForm(t, ts.URL+"/api/feedback", f, "X-Remote-User", "hoitaja", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if res.StatusCode != 403 {
		t.Errorf("cross-site post: %d", res.StatusCode)
	}
	// Other posts are still refused, and staff-only access covers posts.
	if res, _ := postForm(t, ts.URL+"/search/", f, staff...); res.StatusCode != 405 {
		t.Errorf("POST /search/: %d", res.StatusCode)
	}
	if res, _ := postForm(t, ts.URL+"/api/feedback", f, "Origin", ts.URL); res.StatusCode != 403 {
		t.Errorf("post without a user: %d", res.StatusCode)
	}
	// A body over the feedback limit.
	big := url.Values{"page": {"tools/teams/"}, "helpful": {"no"}, "comment": {strings.Repeat("x", feedback.MaxBody)}}
	if res, _ := postForm(t, ts.URL+"/api/feedback", big, staff...); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a large post: %d", res.StatusCode)
	}

	// A search that finds nothing is counted, also when answered from the cache.
	for range 2 {
		if res, _ := fetch(t, nil, ts.URL+"/search/?q=kvanttilaskin", "X-Remote-User", "hoitaja"); res.StatusCode != 200 {
			t.Fatalf("search: %d", res.StatusCode)
		}
	}
	fetch(t, nil, ts.URL+"/api/search?q=kvanttilaski", "X-Remote-User", "hoitaja") // suggestions are not counted
	fetch(t, nil, ts.URL+"/search/?q=teams", "X-Remote-User", "hoitaja")           // found: not counted

	// The report: mentors only; everyone else gets the site's 404.
	res, body = fetch(t, nil, ts.URL+"/palaute/", "X-Remote-User", "hoitaja")
	if res.StatusCode != 404 || strings.Contains(body, "Kuva puuttui") {
		t.Errorf("report for staff: %d", res.StatusCode)
	}
	// Let the counts reach the database: a post is committed after them.
	postForm(t, ts.URL+"/api/feedback", url.Values{"page": {"tools/teams/"}, "helpful": {"yes"}}, staff...)
	res, body = fetch(t, nil, ts.URL+"/palaute/", "X-Remote-User", "anna.mentori")
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("report for a mentor: %d %v", res.StatusCode, res.Header)
	}
	checkSecurity(t, "report", res)
	for _, want := range []string{"Liity Teams-kokoukseen", "Kuva puuttui. Soita [poistettu]", "<th scope=\"row\">kvanttilaskin</th>\n  <td>2</td>", `rel="stylesheet" href="/assets/app.`} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	for _, bad := range []string{"teams</th>", "kvanttilaski</th>"} {
		if strings.Contains(body, bad) {
			t.Errorf("the report has %q", bad)
		}
	}
	rep, err := store.Report(context.Background(), "", feedback.Lookup{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pages) != 2 {
		t.Errorf("stored pages: %+v", rep.Pages)
	}
}

func TestMentors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mentorit")
	os.WriteFile(file, []byte("# digimentorit\nanna.mentori\n  ville.v  # varalla\n\n"), 0o600)
	list, err := LoadMentors(file)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := http.NewRequest("GET", "/palaute/", nil)
	for user, want := range map[string]bool{"anna.mentori": true, "ville.v": true, "hoitaja": false, "": false, "# digimentorit": false} {
		if got := list.IsMentor(r, user); got != want {
			t.Errorf("list: %q is a mentor: %v, want %v", user, got, want)
		}
	}
	g := MentorGroup{Header: "X-Remote-Groups", Group: "digimentorit"}
	for hdr, want := range map[string]bool{"hoitajat, digimentorit": true, "digimentorit": true, "digimentorit-harjoittelijat": false, "": false} {
		r.Header.Set("X-Remote-Groups", hdr)
		if got := g.IsMentor(r, "anna"); got != want {
			t.Errorf("groups %q: %v, want %v", hdr, got, want)
		}
	}
	r.Header.Set("X-Remote-Groups", "digimentorit")
	if g.IsMentor(r, "") {
		t.Error("a group without a signed-in user")
	}
	os.WriteFile(file, []byte("# nobody\n"), 0o600)
	if _, err := LoadMentors(file); err == nil {
		t.Error("an empty mentor list loaded")
	}
}
