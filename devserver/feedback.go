package devserver

import (
	"bytes"
	"net/http"
	"strings"

	"tietopankki/feedback"
	"tietopankki/generator"
)

// feedbackComments is how many of a page's latest comments the dev server
// shows on it.
const feedbackComments = 5

// serveFeedback answers the feedback endpoints and, with a database
// (Server.Feedback, a copy of the production one), shows on each card,
// tool page and learning path what staff answered about it. It reports
// false for every other request.
func (s *Server) serveFeedback(w http.ResponseWriter, r *http.Request, st *state) bool {
	base := st.site.BasePath
	rel, _ := strings.CutPrefix(r.URL.Path, base)
	switch {
	case rel == feedback.PostPath || (rel == feedback.ThanksPath && r.Method == http.MethodPost):
		// No rate limit: the preview is one mentor's.
		h := &feedback.Handler{Store: s.Feedback, Base: base, Strings: st.theme.Strings}
		h.Render = func(w http.ResponseWriter, r *http.Request, v feedback.View) { s.renderFeedbackPage(w, r, st, v) }
		if s.Feedback == nil {
			// The widget is in the pages when the site takes feedback; the
			// preview says plainly that it keeps nothing.
			h.Render(w, r, feedback.View{Status: http.StatusServiceUnavailable, Error: true, Message: st.theme.Strings.T("feedback.error.preview")})
			return true
		}
		h.Pages = func(page string) bool { _, ok := st.out.File(page + "index.html"); return ok }
		h.ServeHTTP(w, r)
		return true
	case s.Feedback == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead):
		return false
	}
	v := pageView(st.site, rel)
	if v == nil {
		return false
	}
	sum, err := s.Feedback.Summary(r.Context(), rel, feedbackComments)
	if err != nil {
		return false // the page as built
	}
	v.FeedbackStats = &generator.FeedbackStats{Yes: sum.Yes, No: sum.No}
	for _, c := range sum.Comments {
		v.FeedbackStats.Comments = append(v.FeedbackStats.Comments, generator.FeedbackComment{Day: c.Day, Helpful: c.Helpful, Text: c.Text})
	}
	v.LiveReload = true
	var buf bytes.Buffer
	if err := generator.RenderView(st.theme, v, &buf); err != nil {
		return false
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(buf.Bytes())
	return true
}

// feedbackPost reports whether r posts to the feedback endpoints, the
// only posts the dev server takes (server.Refuse turns the others away).
func (s *Server) feedbackPost(r *http.Request) bool {
	st := s.current()
	if r.Method != http.MethodPost || st.site == nil {
		return false
	}
	rel, ok := strings.CutPrefix(r.URL.Path, st.site.BasePath)
	return ok && (rel == feedback.PostPath || rel == feedback.ThanksPath)
}

// pageView is the view of a card, tool page or learning path at a
// site-relative path, nil for other pages.
func pageView(site *generator.Site, rel string) *generator.View {
	var v *generator.View
	if id, ok := strings.CutPrefix(rel, "tools/"); ok && strings.HasSuffix(id, "/") {
		id = strings.TrimSuffix(id, "/")
		if c := site.CardByID[id]; c != nil {
			v = generator.CardView(c)
		} else if t := site.ToolByID[id]; t != nil {
			v = generator.ToolView(t)
		}
	} else if slug, ok := strings.CutPrefix(rel, "paths/"); ok && strings.HasSuffix(slug, "/") {
		if p := site.PathByID["paths/"+strings.TrimSuffix(slug, "/")]; p != nil {
			v = generator.PathView(site, p)
		}
	}
	if v != nil {
		v.Site = site
	}
	return v
}

func (s *Server) renderFeedbackPage(w http.ResponseWriter, r *http.Request, st *state, fv feedback.View) {
	v := generator.FeedbackPage(&generator.FeedbackView{Message: fv.Message, Error: fv.Error, Back: fv.Back})
	v.Site, v.LiveReload = st.site, true
	var buf bytes.Buffer
	if err := generator.RenderView(st.theme, v, &buf); err != nil {
		http.Error(w, fv.Message, fv.Status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(fv.Status)
	w.Write(buf.Bytes())
}
