package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"tietopankki/feedback"
	"tietopankki/generator"
	"tietopankki/search"
)

// Mentors decides who may read the feedback report at <base>palaute/.
type Mentors interface {
	IsMentor(r *http.Request, user string) bool
}

// MentorList is the user names (as Options.Auth gives them) of the
// mentors, read from a file with one name a line (# starts a comment).
type MentorList map[string]bool

// LoadMentors reads a mentor list.
func LoadMentors(file string) (MentorList, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m := MentorList{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, _, _ := strings.Cut(sc.Text(), "#")
		if name = strings.TrimSpace(name); name != "" {
			m[name] = true
		}
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: no user names", file)
	}
	return m, sc.Err()
}

// IsMentor reports whether user is on the list.
func (m MentorList) IsMentor(_ *http.Request, user string) bool { return user != "" && m[user] }

// MentorGroup trusts a group list that the authenticating proxy puts in
// a request header (e.g. X-Remote-Groups: "hoitajat, digimentorit"):
// mentors are the signed-in users whose list names Group. As with
// TrustedHeader, the proxy must set or remove the header on every request.
type MentorGroup struct{ Header, Group string }

// IsMentor reports whether the header's groups include Group.
func (g MentorGroup) IsMentor(r *http.Request, user string) bool {
	if user == "" {
		return false
	}
	return slices.Contains(strings.FieldsFunc(r.Header.Get(g.Header), func(c rune) bool { return c == ',' || c == ' ' || c == ';' }), g.Group)
}

// feedbackPost reports whether r posts to a feedback endpoint that this
// server takes: the widget's api/feedback, or the thank-you page that
// the Netlify form of a site built with feedback: netlify posts to.
func (s *Server) feedbackPost(r *http.Request) bool {
	if s.opts.Feedback == nil || r.Method != http.MethodPost {
		return false
	}
	base := s.builds.current().base
	return r.URL.Path == base+feedback.PostPath || r.URL.Path == base+feedback.ThanksPath
}

// serveFeedback answers the feedback endpoints, the thank-you page and
// the mentors' report; it reports false for every other request.
func (s *Server) serveFeedback(w http.ResponseWriter, r *http.Request, user string) bool {
	b := s.builds.current()
	switch r.URL.Path {
	case b.base + feedback.ReportPath:
		if s.opts.Feedback == nil || s.opts.Mentors == nil || !s.opts.Mentors.IsMentor(r, user) {
			s.notFound(w, r) // not "forbidden": the report's existence is not told
			return true
		}
		bb := s.builds.acquire()
		defer s.builds.release(bb)
		s.report(w, r, bb)
		return true
	case b.base + feedback.PostPath, b.base + feedback.ThanksPath:
		if s.opts.Feedback == nil {
			return false // the static thank-you page, or 404
		}
		s.feedbackHandler(b).ServeHTTP(w, r)
		return true
	}
	return false
}

// feedbackHandler is the feedback handler for a build: its base path,
// its pages, its theme for the thank-you page.
func (s *Server) feedbackHandler(b *build) *feedback.Handler {
	return &feedback.Handler{
		Store:   s.opts.Feedback,
		Base:    b.base,
		Strings: b.theme.Strings,
		Pages: func(page string) bool {
			_, err := s.files.get(path.Join(page, "index.html"))
			return err == nil && !hidden(page)
		},
		Render: func(w http.ResponseWriter, r *http.Request, v feedback.View) {
			var buf bytes.Buffer
			view := generator.FeedbackPage(&generator.FeedbackView{Message: v.Message, Error: v.Error, Back: v.Back})
			view.Site = b.site
			if err := generator.RenderView(b.theme, view, &buf); err != nil {
				s.log.Error("rendering the feedback page", "err", err)
				http.Error(w, v.Message, v.Status)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(v.Status)
			if r.Method != http.MethodHead {
				w.Write(buf.Bytes())
			}
		},
		ClientAddr: clientAddr, // as the search limits count: X-Forwarded-For from a local proxy
		Limit:      s.fbLimit,
		Log:        s.log,
	}
}

// report serves the mentors' report as an HTML page.
func (s *Server) report(w http.ResponseWriter, r *http.Request, b *build) {
	since := r.URL.Query().Get("since")
	if _, err := time.Parse(time.DateOnly, since); err != nil {
		since = ""
	}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	lk := feedback.Lookup{Title: feedback.FileTitles(os.DirFS(s.opts.Public), b.base), Match: feedback.IndexMatch(b.ix, "")}
	rep, err := s.opts.Feedback.Report(ctx, since, lk)
	if err != nil {
		s.log.Error("reading the feedback report", "err", err)
		http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
		return
	}
	css, _ := b.theme.Asset("app.css")
	var buf bytes.Buffer
	if err := feedback.Write(&buf, rep, "html", b.theme.Strings, b.base+css); err != nil {
		s.log.Error("writing the feedback report", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// noResults is the search hook of a build's handler: it notes on the
// request's slot whether a results page found nothing, so that the
// search answer cache can count the query on every request, cached or not.
func noResults(r *http.Request, req search.Request, total int) {
	if slot, ok := r.Context().Value(searchSlotKey{}).(*searchSlot); ok && total == 0 {
		slot.noResults = req.Query
	}
}

type searchSlotKey struct{}

type searchSlot struct{ noResults string }

// countNoResults counts a results-page query that found nothing.
func (s *Server) countNoResults(query string) {
	if s.opts.Feedback != nil && query != "" {
		s.opts.Feedback.CountSearch(feedback.NormalizeQuery(query))
	}
}
