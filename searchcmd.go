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
	out := fl.String("out", "public", "cli.flag.built")
	asJSON := fl.Bool("json", false, "cli.flag.json")
	tool := fl.String("tool", "", "cli.flag.tool")
	segment := fl.String("segment", "", "cli.flag.segment")
	area := fl.String("area", "", "cli.flag.area")
	limit := fl.Int("limit", search.DefaultLimit, "cli.flag.limit")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	c := m.catalog("")
	if fl.NArg() == 0 {
		fmt.Fprintln(m.Stderr, c.T("cli.search.words"))
		return exitUsage
	}
	ix, err := search.Open(filepath.Join(*out, search.Dir))
	if err != nil {
		m.fail(c, "search", err)
		return exitContent
	}
	defer ix.Close()
	res, err := ix.Search(ctx, search.Request{Query: strings.Join(fl.Args(), " "), Tool: *tool, Segment: *segment, Area: *area, Limit: *limit})
	if err != nil {
		m.fail(c, "search", err)
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
		fmt.Fprintln(m.Stdout, c.T("cli.search.none", res.Query))
		return exitOK
	}
	fmt.Fprintln(m.Stdout, c.N("cli.search.results", res.Total, res.Query, c.Decimal(res.Took.Seconds()*1000, 2)))
	for i, h := range res.Hits {
		fmt.Fprintf(m.Stdout, "%2d. %s  [%s]\n    %s\n", i+1, h.Title, h.ID, h.URL)
	}
	return exitOK
}
