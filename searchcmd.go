package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"tietopankki/search"
)

func (m *Main) runSearch(ctx context.Context, args []string) int {
	fl := m.flags("search")
	out := fl.String("out", "public", "the folder that build wrote")
	asJSON := fl.Bool("json", false, "print the results as JSON, as /api/search answers")
	tool := fl.String("tool", "", "only this tool's pages (a tool id)")
	segment := fl.String("segment", "", "only pages for this segment (a segment id)")
	area := fl.String("area", "", "only this service area's cards (an area id)")
	limit := fl.Int("limit", search.DefaultLimit, fmt.Sprintf("how many results, 1 to %d", search.MaxLimit))
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(m.Stderr, "search: give the words to search for, e.g. tietopankki search teams kokous")
		return exitUsage
	}
	ix, err := search.Open(filepath.Join(*out, search.Dir))
	if err != nil {
		fmt.Fprintf(m.Stderr, "search: %v\n", err)
		return exitContent
	}
	defer ix.Close()
	res, err := ix.Search(ctx, search.Request{Query: strings.Join(fl.Args(), " "), Tool: *tool, Segment: *segment, Area: *area, Limit: *limit})
	if err != nil {
		fmt.Fprintf(m.Stderr, "search: %v\n", err)
		if errors.Is(err, search.ErrBadRequest) {
			return exitUsage
		}
		return exitContent
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return exitOK
	}
	if len(res.Hits) == 0 {
		fmt.Fprintf(m.Stdout, "no results for %q\n", res.Query)
		return exitOK
	}
	fmt.Fprintf(m.Stdout, "%d results for %q (%v)\n", res.Total, res.Query, res.Took.Round(10_000))
	for i, h := range res.Hits {
		fmt.Fprintf(m.Stdout, "%2d. %s  [%s]\n    %s\n", i+1, h.Title, h.ID, h.URL)
	}
	return exitOK
}
