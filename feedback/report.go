package feedback

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
)

// Report is what mentors read: per page the answers and comments, and the
// searches that found nothing or did not help.
type Report struct {
	Since string `json:"since,omitempty"` // first day included, "" for all
	Until string `json:"until"`           // the day the report was made
	// Pages are ordered by the share of "no" answers, most first, then
	// by the number of answers.
	Pages []PageReport `json:"pages"`
	// Searches are ordered by how often they failed, most first.
	Searches []SearchReport `json:"searches"`
}

// PageReport is one page's answers.
type PageReport struct {
	Page     string    `json:"page"`            // site-relative path
	Title    string    `json:"title,omitempty"` // from the build, when known
	URL      string    `json:"url,omitempty"`
	Yes      int       `json:"yes"`
	No       int       `json:"no"`
	Share    float64   `json:"helpfulShare"` // Yes / (Yes + No)
	Comments []Comment `json:"comments"`     // newest first
}

// Comment is one free-text answer.
type Comment struct {
	Day     string `json:"day"`
	Helpful bool   `json:"helpful"`
	Text    string `json:"text"`
}

// SearchReport is one normalised query that failed: how many searches for
// it found nothing, how many times someone said the results did not help
// ("Etkö löytänyt?"), what they wrote, and where it most likely belongs.
type SearchReport struct {
	Query     string   `json:"query"`
	NoResults int      `json:"noResults"`
	NotHelped int      `json:"notHelped"`
	LastDay   string   `json:"lastDay"`
	Comments  []string `json:"comments,omitempty"` // newest first
	Match     *Match   `json:"match,omitempty"`
}

// Match is the card, tool, learning path or page a query most likely
// belongs to.
type Match struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	// Found is true when the build's search now finds the query (the
	// content changed since); false when the match is a guess from the
	// query's words one by one.
	Found bool `json:"found"`
}

// Lookup completes a report from a build: the title and URL of a page,
// and the page a failed query most likely belongs to. Either may be nil.
type Lookup struct {
	Title func(page string) (title, url string)
	Match func(query string) *Match
}

// MaxSearches is how many failed queries a report lists.
const MaxSearches = 50

// SearchPage is the page of the search results: feedback posted there
// with a query is about the search, not a page.
const SearchPage = "search/"

// Report reads the records from since (YYYY-MM-DD, "" for all).
func (s *Store) Report(ctx context.Context, since string, lk Lookup) (*Report, error) {
	rep := &Report{Since: since, Until: s.Today(), Pages: []PageReport{}, Searches: []SearchReport{}}
	// One read transaction: the figures agree with each other.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT day, page, helpful, comment, query FROM feedback
		WHERE day >= ? ORDER BY day DESC, id DESC`, since)
	if err != nil {
		return nil, err
	}
	pages := map[string]*PageReport{}
	searches := map[string]*SearchReport{}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.Day, &e.Page, &e.Helpful, &e.Comment, &e.Query); err != nil {
			rows.Close()
			return nil, err
		}
		if e.Query != "" && e.Page == SearchPage {
			sr := searchReport(searches, e.Query)
			sr.NotHelped++
			sr.LastDay = max(sr.LastDay, e.Day)
			if e.Comment != "" {
				sr.Comments = append(sr.Comments, e.Comment)
			}
			continue
		}
		p := pages[e.Page]
		if p == nil {
			p = &PageReport{Page: e.Page, Comments: []Comment{}}
			pages[e.Page] = p
		}
		if e.Helpful {
			p.Yes++
		} else {
			p.No++
		}
		if e.Comment != "" {
			p.Comments = append(p.Comments, Comment{Day: e.Day, Helpful: e.Helpful, Text: e.Comment})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT query, SUM(count), MAX(day) FROM searches WHERE day >= ? GROUP BY query`, since)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var q, last string
		var n int
		if err := rows.Scan(&q, &n, &last); err != nil {
			rows.Close()
			return nil, err
		}
		sr := searchReport(searches, q)
		sr.NoResults += n
		sr.LastDay = max(sr.LastDay, last)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, p := range pages {
		p.Share = float64(p.Yes) / float64(p.Yes+p.No)
		if lk.Title != nil {
			p.Title, p.URL = lk.Title(p.Page)
		}
		rep.Pages = append(rep.Pages, *p)
	}
	slices.SortFunc(rep.Pages, func(a, b PageReport) int {
		return cmp.Or(cmp.Compare(a.Share, b.Share), cmp.Compare(b.Yes+b.No, a.Yes+a.No), strings.Compare(a.Page, b.Page))
	})
	for _, sr := range searches {
		rep.Searches = append(rep.Searches, *sr)
	}
	slices.SortFunc(rep.Searches, func(a, b SearchReport) int {
		return cmp.Or(cmp.Compare(b.NoResults+b.NotHelped, a.NoResults+a.NotHelped), strings.Compare(b.LastDay, a.LastDay), strings.Compare(a.Query, b.Query))
	})
	if len(rep.Searches) > MaxSearches {
		rep.Searches = rep.Searches[:MaxSearches]
	}
	if lk.Match != nil {
		for i := range rep.Searches {
			rep.Searches[i].Match = lk.Match(rep.Searches[i].Query)
		}
	}
	return rep, nil
}

func searchReport(m map[string]*SearchReport, q string) *SearchReport {
	sr := m[q]
	if sr == nil {
		sr = &SearchReport{Query: q}
		m[q] = sr
	}
	return sr
}

// PageSummary is what the dev server shows on a card: the share of
// "Kyllä" answers and the latest comments.
type PageSummary struct {
	Yes, No  int
	Comments []Comment // newest first, at most n
}

// Summary returns the answers of one page and its latest n comments.
func (s *Store) Summary(ctx context.Context, page string, n int) (PageSummary, error) {
	var ps PageSummary
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(helpful), 0), COUNT(*) - COALESCE(SUM(helpful), 0) FROM feedback WHERE page = ?`, page).Scan(&ps.Yes, &ps.No)
	if err != nil {
		return ps, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT day, helpful, comment FROM feedback WHERE page = ? AND comment != '' ORDER BY day DESC, id DESC LIMIT ?`, page, n)
	if err != nil {
		return ps, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Comment
		if err := rows.Scan(&c.Day, &c.Helpful, &c.Text); err != nil {
			return ps, err
		}
		ps.Comments = append(ps.Comments, c)
	}
	return ps, rows.Err()
}
