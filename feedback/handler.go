package feedback

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"tietopankki/i18n"
)

// Paths of the feedback endpoints, relative to the site's base path.
const (
	// PostPath takes the widget's posts.
	PostPath = "api/feedback"
	// ThanksPath is the thank-you page a form without JavaScript lands on
	// (303 See Other), with ?sivu=<page> to link back.
	ThanksPath = "palaute/kiitos/"
	// ReportPath is the mentors' report on the production server.
	ReportPath = "palaute/"
)

// Limits of the handler.
const (
	// MaxBody is the most a post may send: a comment of MaxComment
	// characters, each up to 4 bytes and percent-encoded, and the rest.
	MaxBody = 8 << 10
	// PostsPerMinute is how many posts one client address may send a
	// minute.
	PostsPerMinute = 10
	// HoneypotField is a field people never see (Netlify's
	// netlify-honeypot); a post that fills it is thanked and dropped.
	HoneypotField = "bot-field"
)

// View is what the thank-you page shows: a thank-you or an error, and
// the page to go back to.
type View struct {
	Status  int
	Message string
	Error   bool
	Back    string // URL of the page the feedback was about; "" for none
}

// Handler takes the feedback widget's posts (POST <base>api/feedback) and
// shows the thank-you page (GET <base>palaute/kiitos/). A form sent
// without JavaScript gets 303 See Other to the thank-you page, which links
// back to the page; a post from JavaScript (Accept: application/json)
// gets {"ok":true,"message":...} or {"error":...}.
//
// Posts from other sites are refused (Origin and Sec-Fetch-Site, with
// http.CrossOriginProtection; no cookies or tokens needed), each client
// address may post PostsPerMinute times a minute (429), bodies are capped
// at MaxBody (413), bad fields get 400 with a plain message, and a
// database that cannot take the write (full disk, locked) gets 503 with
// Retry-After.
type Handler struct {
	Store *Store
	// Base is the site's base path ("/" or "/x/").
	Base string
	// Strings are the site's UI strings (the theme's catalogue).
	Strings *i18n.Catalog
	// Pages reports whether a site-relative path is a page of the site
	// that takes feedback; nil accepts any well-formed path.
	Pages func(page string) bool
	// Render shows the thank-you page; nil answers plain text.
	Render func(w http.ResponseWriter, r *http.Request, v View)
	// ClientAddr is the address the rate limit counts by; nil uses the
	// connection's remote address.
	ClientAddr func(*http.Request) string
	// Limit counts posts per client (NewHandler makes one of
	// PostsPerMinute); nil: no limit.
	Limit *Limiter
	Log   *slog.Logger
}

// crossOrigin refuses posts that a browser says come from another site.
var crossOrigin = http.NewCrossOriginProtection()

// NewHandler returns a handler over store for a site with the base path
// base and the UI strings of its language.
func NewHandler(store *Store, base string, strings *i18n.Catalog) *Handler {
	return &Handler{Store: store, Base: base, Strings: strings, Limit: NewLimiter(PostsPerMinute, time.Minute, time.Now)}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		h.thanks(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, HEAD, POST")
		h.fail(w, r, http.StatusMethodNotAllowed, "feedback.error.method", "")
		return
	}
	if err := crossOrigin.Check(r); err != nil {
		h.fail(w, r, http.StatusForbidden, "feedback.error.origin", "")
		return
	}
	if h.Limit != nil && !h.Limit.Allow(h.client(r)) {
		w.Header().Set("Retry-After", "60")
		h.fail(w, r, http.StatusTooManyRequests, "feedback.error.tooMany", "")
		return
	}
	if r.ContentLength > MaxBody {
		h.fail(w, r, http.StatusRequestEntityTooLarge, "feedback.error.tooLarge", "")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "feedback.error.tooLarge", "")
			return
		}
		h.fail(w, r, http.StatusBadRequest, "feedback.error.form", "")
		return
	}
	f := r.PostForm
	e, key := ParseForm(f)
	back := ""
	if key == "" || key == "feedback.error.comment" {
		back = h.backURL(e.Page, f.Get("q"))
	}
	if key == "" && h.Pages != nil && !h.Pages(e.Page) {
		key, back = "feedback.error.page", ""
	}
	if key != "" {
		h.fail(w, r, http.StatusBadRequest, key, back)
		return
	}
	if f.Get(HoneypotField) == "" {
		if err := h.Store.Add(r.Context(), e); err != nil {
			if h.Log != nil {
				h.Log.Error("storing feedback", "err", err)
			}
			status := http.StatusServiceUnavailable
			if !Unavailable(err) && !errors.Is(err, ErrClosed) && r.Context().Err() == nil {
				status = http.StatusInternalServerError
			}
			w.Header().Set("Retry-After", "30")
			h.fail(w, r, status, "feedback.error.unavailable", back)
			return
		}
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "message": h.Strings.T("feedback.thanks")})
		return
	}
	target := h.Base + ThanksPath
	if e.Page != "" {
		target += "?sivu=" + url.QueryEscape(e.Page)
		if q := f.Get("q"); q != "" && e.Query != "" {
			target += "&q=" + url.QueryEscape(q)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// thanks shows the thank-you page, linking back to ?sivu=.
func (h *Handler) thanks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := q.Get("sivu")
	back := ""
	if page != "" && validPage(page) && (h.Pages == nil || h.Pages(page)) {
		back = h.backURL(page, q.Get("q"))
	}
	h.show(w, r, View{Status: http.StatusOK, Message: h.Strings.T("feedback.thanks"), Back: back})
}

// ParseForm reads and checks the widget's fields: page (the page's
// site-relative path), helpful ("yes" or "no"), comment (optional, at most
// MaxComment characters) and q (the search, on search pages). It returns
// the entry, scrubbed, or the catalogue key of what is wrong.
func ParseForm(f url.Values) (Entry, string) {
	var e Entry
	e.Page = f.Get("page")
	if !validPage(e.Page) {
		return e, "feedback.error.page"
	}
	switch f.Get("helpful") {
	case "yes":
		e.Helpful = true
	case "no":
	default:
		return e, "feedback.error.helpful"
	}
	c, ok := CleanComment(f.Get("comment"))
	if !ok {
		return e, "feedback.error.comment"
	}
	e.Comment = c
	e.Query = NormalizeQuery(f.Get("q"))
	return e, ""
}

// pageRE is a site-relative page path as the widget sends it: "" (the
// home page) or lowercase words separated by slashes, ending in one.
var pageRE = regexp.MustCompile(`^(?:[a-z0-9][a-z0-9_.-]*/)*$`)

func validPage(p string) bool {
	return len(p) <= MaxPage && pageRE.MatchString(p) && !strings.Contains(p, "..")
}

// backURL is the URL of a page (and of the search, on the search page).
func (h *Handler) backURL(page, q string) string {
	if !validPage(page) {
		return ""
	}
	u := h.Base + page
	if q != "" && len(q) <= 200 {
		u += "?q=" + url.QueryEscape(q)
	}
	return u
}

func (h *Handler) client(r *http.Request) string {
	if h.ClientAddr != nil {
		return h.ClientAddr(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// fail answers an error in words from the catalogue.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, key, back string) {
	msg := h.Strings.T(key)
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"error": msg})
		return
	}
	h.show(w, r, View{Status: status, Message: msg, Error: true, Back: back})
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request, v View) {
	w.Header().Set("Cache-Control", "no-store")
	if h.Render != nil {
		h.Render(w, r, v)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(v.Status)
	w.Write([]byte(v.Message + "\n"))
}

// wantsJSON reports whether the post came from the widget's script.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
