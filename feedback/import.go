package feedback

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"

	"tietopankki/i18n"
)

// FormName is the name of the widget's form on Netlify (Netlify Forms
// lists submissions by it and puts it in the form-name field).
const FormName = "palaute"

// ImportResult counts what an import did.
type ImportResult struct {
	Added      int
	Duplicates int // submissions imported before (same Netlify id)
	Skipped    int // rows that were not the widget's, or were not valid
	// Problems are the skipped rows' reasons, by line of the file.
	Problems []ImportProblem
}

// ImportProblem is one skipped row.
type ImportProblem struct {
	Line int
	Msg  i18n.Msg
}

// Netlify's export has the form's fields as columns (page, helpful,
// comment, q, bot-field, form-name) and the submission's own: id,
// created_at, and what Netlify records of the sender (ip, user_agent,
// referrer). Import reads columns by name, in any order and case; the
// sender's columns are never read.
var (
	createdColumns = []string{"created_at", "created at", "date", "submitted_at"}
	idColumns      = []string{"id", "submission id", "submission_id"}
)

// ImportCSV reads a Netlify Forms CSV export of the widget's form and
// stores its submissions as the server would have: checked and scrubbed
// the same way (ParseForm), on the day of created_at (the clock's local
// day; today when there is none). A submission whose Netlify id was
// imported before is skipped, so importing overlapping exports counts
// each once. Rows of other forms and spam (honeypot filled) are skipped.
func (s *Store) ImportCSV(ctx context.Context, r io.Reader) (ImportResult, error) {
	var res ImportResult
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return res, err
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = string(bytes.TrimPrefix([]byte(h), []byte("\ufeff")))
		}
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"page", "helpful"} {
		if _, ok := col[need]; !ok {
			return res, ImportError{i18n.M("cli.feedback.import.noColumn", need)}
		}
	}
	get := func(rec []string, names ...string) string {
		for _, n := range names {
			if i, ok := col[n]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				res.Skipped++
				res.Problems = append(res.Problems, ImportProblem{Line: pe.Line, Msg: i18n.M("cli.feedback.import.badRow", i18n.Raw(pe.Err.Error()))})
				continue
			}
			return res, err
		}
		if fn := get(rec, "form-name", "form_name"); (fn != "" && fn != FormName) || get(rec, HoneypotField) != "" {
			res.Skipped++
			continue
		}
		f := url.Values{}
		for _, k := range []string{"page", "helpful", "comment", "q"} {
			f.Set(k, get(rec, k))
		}
		e, key := ParseForm(f)
		if key != "" {
			res.Skipped++
			res.Problems = append(res.Problems, ImportProblem{Line: line, Msg: i18n.M("cli.feedback.import.badRow", i18n.M(key))})
			continue
		}
		e.Day = s.Today()
		if t, err := time.Parse(time.RFC3339, get(rec, createdColumns...)); err == nil {
			e.Day = t.In(s.now().Location()).Format(time.DateOnly)
		}
		id := get(rec, idColumns...)
		if id == "" {
			err = s.Add(ctx, e)
		} else {
			err = s.addImported(ctx, e, "netlify:"+id)
		}
		switch {
		case errors.Is(err, errDuplicate):
			res.Duplicates++
		case err != nil:
			return res, err
		default:
			res.Added++
		}
	}
	return res, nil
}

// ImportError is an import's problem in the catalogue's words.
type ImportError struct{ Msg i18n.Msg }

func (e ImportError) Error() string { return i18n.MustGet("en").Format(e.Msg) }
