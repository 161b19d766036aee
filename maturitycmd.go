package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/maturity"
)

// runMaturity prints the maturity meter's figures, the same the /kypsyys/
// pages show, for a report: text in the reader's language, or JSON.
func (m *Main) runMaturity(ctx context.Context, args []string) int {
	fl := m.flags("maturity")
	content := fl.String("content", "content", "cli.flag.content")
	format := fl.String("format", "text", "cli.flag.maturity-format")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return m.unexpected("maturity", fl.Arg(0))
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.maturity.format", *format))
		return exitUsage
	}
	if st, err := os.Stat(*content); err != nil || !st.IsDir() {
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.no-folder", "maturity", *content))
		return exitUsage
	}
	site, _, diags, err := m.loadSite(generator.Content(*content))
	if err != nil {
		m.fail(m.catalog(""), "maturity", err)
		return exitContent
	}
	c := m.catalog(siteLang(site))
	if diags.HasErrors() {
		m.report(c, diags.Errors(), *content)
		fmt.Fprintln(m.Stderr, c.N("cli.maturity.errors", len(diags.Errors())))
		return exitContent
	}
	if site.Maturity == nil {
		if *format == "json" {
			fmt.Fprintln(m.Stdout, "null")
		} else {
			fmt.Fprintln(m.Stdout, c.T("cli.maturity.none", *content))
		}
		return exitOK
	}
	if *format == "json" {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(maturityJSON(site.Maturity, c))
		return exitOK
	}
	writeMaturityText(m.Stdout, site.Maturity, c)
	return exitOK
}

// writeMaturityText writes the rounds, the areas' growth and the tools'
// units per level, as the pages show them.
func writeMaturityText(out io.Writer, r *maturity.Report, c *i18n.Catalog) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	day := func(t time.Time) string { return t.Format(c.T("date.format")) }
	fmt.Fprintln(w, c.N("cli.maturity.rounds", len(r.Rounds)))
	for _, rd := range r.Rounds {
		fmt.Fprintf(w, "  %s\t%s\t%s\n", rd.Name, day(rd.Date), c.T("cli.maturity.round", c.N("maturity.count.units", rd.Units), c.N("maturity.count.tools", rd.Tools), c.N("maturity.count.assessments", len(rd.Assessments))))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, c.T("cli.maturity.areas"))
	for _, a := range r.Areas {
		switch {
		case a.HasGrowth:
			fmt.Fprintf(w, "  %s\t%s\t%s\n", a.Area.Name, maturity.Percent(c, a.Growth),
				c.T("cli.maturity.growth", a.First.Name, maturity.Decimal(c, a.FirstMean), a.Latest.Name, maturity.Decimal(c, a.LatestMean), c.N("maturity.count.assessments", a.Pairs)))
		case a.First == a.Latest:
			fmt.Fprintf(w, "  %s\t%s\t%s\n", a.Area.Name, c.T("maturity.none"), c.T("maturity.noGrowth.oneRound"))
		case a.Pairs == 0:
			fmt.Fprintf(w, "  %s\t%s\t%s\n", a.Area.Name, c.T("maturity.none"), c.T("maturity.noGrowth.noPairs"))
		default:
			fmt.Fprintf(w, "  %s\t%s\t%s\n", a.Area.Name, c.T("maturity.none"), c.T("maturity.noGrowth.zero"))
		}
	}
	w.Flush()
	for _, t := range r.Tools {
		fmt.Fprintln(w)
		fmt.Fprintln(w, c.T("cli.maturity.tool", t.Tool.Name, t.Latest.Name, c.N("maturity.count.units", t.Units), maturity.Decimal(c, t.Mean), r.HelpBelow, t.Below))
		for _, l := range t.Levels {
			change := ""
			if t.Previous != nil {
				change = c.T("cli.maturity.change", maturity.Signed(l.Change()), t.Previous.Name)
			}
			fmt.Fprintf(w, "  %d\t%s\t%d\t%s\n", l.Value, l.Name, l.Count, change)
		}
		w.Flush()
	}
}

// The JSON form of the figures: stable English names, numbers as numbers
// (growth as a fraction, 0.26), and the growth also as the pages write it.
type (
	jsonReport struct {
		Rounds    []jsonRound `json:"rounds"`
		Areas     []jsonArea  `json:"areas"`
		Tools     []jsonTool  `json:"tools"`
		HelpBelow int         `json:"helpBelow"`
	}
	jsonRound struct {
		Name        string `json:"name"`
		File        string `json:"file"`
		Date        string `json:"date"`
		Units       int    `json:"units"`
		Tools       int    `json:"tools"`
		Assessments int    `json:"assessments"`
	}
	jsonMean struct {
		Round       string  `json:"round"`
		Assessments int     `json:"assessments"`
		Mean        float64 `json:"mean"`
	}
	jsonArea struct {
		ID         string     `json:"id"`
		Name       string     `json:"name"`
		First      string     `json:"first"`
		Latest     string     `json:"latest"`
		Pairs      int        `json:"pairs"`
		FirstMean  float64    `json:"firstMean"`
		LatestMean float64    `json:"latestMean"`
		Growth     *float64   `json:"growth"` // null when it cannot be computed
		GrowthText string     `json:"growthText,omitempty"`
		Rounds     []jsonMean `json:"rounds"`
	}
	jsonLevel struct {
		Level    int    `json:"level"`
		Name     string `json:"name"`
		Count    int    `json:"count"`
		Previous int    `json:"previous"`
		Change   int    `json:"change"`
	}
	jsonTool struct {
		ID            string      `json:"id"`
		Name          string      `json:"name"`
		Latest        string      `json:"latest"`
		Previous      string      `json:"previous,omitempty"`
		Units         int         `json:"units"`
		PreviousUnits int         `json:"previousUnits"`
		Mean          float64     `json:"mean"`
		PreviousMean  float64     `json:"previousMean"`
		Below         int         `json:"below"`
		Levels        []jsonLevel `json:"levels"`
	}
)

func maturityJSON(r *maturity.Report, c *i18n.Catalog) jsonReport {
	out := jsonReport{HelpBelow: r.HelpBelow, Rounds: []jsonRound{}, Areas: []jsonArea{}, Tools: []jsonTool{}}
	for _, rd := range r.Rounds {
		out.Rounds = append(out.Rounds, jsonRound{rd.Name, rd.File, rd.Date.Format(time.DateOnly), rd.Units, rd.Tools, len(rd.Assessments)})
	}
	means := func(ms []maturity.RoundMean) []jsonMean {
		var out []jsonMean
		for _, m := range ms {
			out = append(out, jsonMean{m.Round.Name, m.Assessments, m.Mean})
		}
		return out
	}
	for _, a := range r.Areas {
		ja := jsonArea{ID: a.Area.ID, Name: a.Area.Name, First: a.First.Name, Latest: a.Latest.Name, Pairs: a.Pairs,
			FirstMean: a.FirstMean, LatestMean: a.LatestMean, Rounds: means(a.Rounds)}
		if a.HasGrowth {
			g := a.Growth
			ja.Growth, ja.GrowthText = &g, maturity.Percent(c, g)
		}
		out.Areas = append(out.Areas, ja)
	}
	for _, t := range r.Tools {
		jt := jsonTool{ID: t.Tool.ID, Name: t.Tool.Name, Latest: t.Latest.Name, Units: t.Units, PreviousUnits: t.PreviousUnits,
			Mean: t.Mean, PreviousMean: t.PreviousMean, Below: t.Below}
		if t.Previous != nil {
			jt.Previous = t.Previous.Name
		}
		for _, l := range t.Levels {
			jt.Levels = append(jt.Levels, jsonLevel{l.Value, l.Name, l.Count, l.Previous, l.Change()})
		}
		out.Tools = append(out.Tools, jt)
	}
	return out
}
