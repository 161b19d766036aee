package feedback

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"tietopankki/i18n"
)

func newTestHandler(t *testing.T, opts Options) (*Handler, *Store) {
	t.Helper()
	s := openStore(t, t.TempDir(), opts)
	h := NewHandler(s, "/", i18n.MustGet("fi"))
	h.Pages = func(p string) bool { return p == "tools/teams/liity/" || p == SearchPage }
	return h, s
}

// post sends a form as a browser on the same site does.
func post(h http.Handler, form url.Values, hdr ...string) *httptest.ResponseRecorder {
	body := form.Encode()
	r := httptest.NewRequest("POST", "http://tietopankki.test/api/feedback", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "http://tietopankki.test")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	r.RemoteAddr = "192.0.2.1:5555"
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			r.Header.Del(hdr[i])
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func stored(t *testing.T, s *Store) []Entry {
	t.Helper()
	rows, err := s.db.Query(`SELECT day, page, helpful, comment, query FROM feedback ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.Day, &e.Page, &e.Helpful, &e.Comment, &e.Query); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func TestPostWithoutJavaScript(t *testing.T) {
	h, s := newTestHandler(t, Options{Now: newClock("2026-04-01").now})
	w := post(h, form("page", "tools/teams/liity/", "helpful", "no", "comment", "Soita minulle 040 123 4567, olen matti@example.fi"))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d, want 303: %s", w.Code, w.Body)
	}
	if got, want := w.Header().Get("Location"), "/palaute/kiitos/?sivu=tools%2Fteams%2Fliity%2F"; got != want {
		t.Errorf("Location %q, want %q", got, want)
	}
	got := stored(t, s)
	want := Entry{Day: "2026-04-01", Page: "tools/teams/liity/", Comment: "Soita minulle [poistettu], olen [poistettu]"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("stored %+v, want %+v", got, want)
	}

	// The thank-you page links back to the page.
	r := httptest.NewRequest("GET", "/palaute/kiitos/?sivu=tools%2Fteams%2Fliity%2F", nil)
	var seen View
	h.Render = func(w http.ResponseWriter, r *http.Request, v View) { seen = v; w.WriteHeader(v.Status) }
	h.ServeHTTP(httptest.NewRecorder(), r)
	if seen.Back != "/tools/teams/liity/" || seen.Error || seen.Status != 200 {
		t.Errorf("thank-you page: %+v", seen)
	}
	// Never a link elsewhere.
	for _, bad := range []string{"https://evil.example/", "//evil.example/", "../../etc/", "ei-sivua/"} {
		seen = View{}
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/palaute/kiitos/?sivu="+url.QueryEscape(bad), nil))
		if seen.Back != "" {
			t.Errorf("?sivu=%s: back link %q", bad, seen.Back)
		}
	}
}

func TestPostWithJavaScript(t *testing.T) {
	h, s := newTestHandler(t, Options{})
	w := post(h, form("page", "tools/teams/liity/", "helpful", "yes"), "Accept", "application/json")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	var res struct {
		OK      bool   `json:"ok"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || !res.OK || !strings.HasPrefix(res.Message, "Kiitos") {
		t.Errorf("answer %s (%v)", w.Body, err)
	}
	// Feedback from the search page keeps the normalised query.
	w = post(h, form("page", SearchPage, "helpful", "no", "q", "Etä-AIKA varaus", "comment", "Etsin ajanvarausta."), "Accept", "application/json")
	if w.Code != 200 {
		t.Fatalf("search feedback: %d %s", w.Code, w.Body)
	}
	got := stored(t, s)
	if len(got) != 2 || !got[0].Helpful || got[1].Query != "eta aika varaus" || got[1].Page != SearchPage {
		t.Errorf("stored %+v", got)
	}
}

func TestPostRefused(t *testing.T) {
	long := strings.Repeat("a", MaxComment+1)
	for _, tc := range []struct {
		name   string
		form   url.Values
		hdr    []string
		status int
		msg    string
	}{
		{"another site (Sec-Fetch-Site)", form("page", "tools/teams/liity/", "helpful", "yes"), []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, 403, "vain tämän sivuston"},
		{"another site (Origin only)", form("page", "tools/teams/liity/", "helpful", "yes"), []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}, 403, "vain tämän sivuston"},
		{"no answer", form("page", "tools/teams/liity/"), nil, 400, "Valitse Kyllä tai Ei"},
		{"a wrong answer", form("page", "tools/teams/liity/", "helpful", "ehkä"), nil, 400, "Valitse Kyllä tai Ei"},
		{"a path outside the site", form("page", "../../etc/", "helpful", "yes"), nil, 400, "sivua ei löytynyt"},
		{"a page that does not exist", form("page", "tools/ei-ole/", "helpful", "yes"), nil, 400, "sivua ei löytynyt"},
		{"a comment too long", form("page", "tools/teams/liity/", "helpful", "no", "comment", long), nil, 400, "enintään 500 merkkiä"},
		{"a body too large", form("page", "tools/teams/liity/", "helpful", "no", "comment", strings.Repeat("%", MaxBody)), nil, 413, "liian pitkä"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, s := newTestHandler(t, Options{})
			w := post(h, tc.form, tc.hdr...)
			if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.msg) {
				t.Errorf("%d %q, want %d with %q", w.Code, w.Body, tc.status, tc.msg)
			}
			if n := len(stored(t, s)); n != 0 {
				t.Errorf("%d rows stored", n)
			}
		})
	}
}

func TestHoneypot(t *testing.T) {
	h, s := newTestHandler(t, Options{})
	w := post(h, form("page", "tools/teams/liity/", "helpful", "yes", HoneypotField, "http://spam.example"))
	if w.Code != http.StatusSeeOther {
		t.Errorf("status %d, want 303 (a bot is thanked)", w.Code)
	}
	if n := len(stored(t, s)); n != 0 {
		t.Errorf("%d rows stored from a bot", n)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	h, s := newTestHandler(t, Options{})
	h.Limit = NewLimiter(PostsPerMinute, time.Minute, func() time.Time { return now })
	f := form("page", "tools/teams/liity/", "helpful", "yes")
	for i := range PostsPerMinute {
		if w := post(h, f, "Accept", "application/json"); w.Code != 200 {
			t.Fatalf("post %d: %d", i+1, w.Code)
		}
	}
	w := post(h, f, "Accept", "application/json")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("post %d: %d, Retry-After %q; want 429", PostsPerMinute+1, w.Code, w.Header().Get("Retry-After"))
	}
	// Another address has its own allowance.
	h.ClientAddr = func(*http.Request) string { return "192.0.2.2" }
	if w := post(h, f, "Accept", "application/json"); w.Code != 200 {
		t.Errorf("another client: %d", w.Code)
	}
	h.ClientAddr = nil
	now = now.Add(time.Minute)
	if w := post(h, f, "Accept", "application/json"); w.Code != 200 {
		t.Errorf("a minute later: %d", w.Code)
	}
	if n := len(stored(t, s)); n != PostsPerMinute+2 {
		t.Errorf("%d rows, want %d", n, PostsPerMinute+2)
	}
}

func TestLimiterBoundsMemory(t *testing.T) {
	now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	l := NewLimiter(1, time.Minute, func() time.Time { return now })
	for i := range maxClients {
		if !l.Allow(string(rune(i + 1000))) {
			t.Fatalf("client %d refused", i)
		}
	}
	if l.Allow("one more") {
		t.Error("a new client was let in with the table full of live entries")
	}
	now = now.Add(time.Minute)
	if !l.Allow("one more") {
		t.Error("a new client was refused after the others expired")
	}
	if len(l.clients) != 1 {
		t.Errorf("%d clients remembered after expiry, want 1", len(l.clients))
	}
}

// TestUnavailable503 holds the database's write lock from another
// connection: the post gets 503 with Retry-After, and the rows stored
// before are untouched.
func TestUnavailable503(t *testing.T) {
	h, s := newTestHandler(t, Options{BusyTimeout: 50 * time.Millisecond})
	f := form("page", "tools/teams/liity/", "helpful", "yes")
	if w := post(h, f); w.Code != http.StatusSeeOther {
		t.Fatalf("first post: %d", w.Code)
	}
	other, err := sql.Open("sqlite", dsn(s.Path(), Options{BusyTimeout: time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`DELETE FROM feedback`); err != nil { // never committed
		t.Fatal(err)
	}
	w := post(h, f)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "ei voitu tallentaa") {
		t.Errorf("with the database locked: %d %q", w.Code, w.Body)
	}
	tx.Rollback()
	if n := len(stored(t, s)); n != 1 {
		t.Errorf("%d rows after the failed post, want 1", n)
	}
}
