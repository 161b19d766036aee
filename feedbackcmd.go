package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"tietopankki/feedback"
	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/search"
)

// runFeedback runs `feedback report` and `feedback import`.
func (m *Main) runFeedback(ctx context.Context, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "report":
			return m.runFeedbackReport(ctx, args[1:])
		case "import":
			return m.runFeedbackImport(ctx, args[1:])
		}
	}
	fl := m.flags("feedback")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	fmt.Fprintln(m.Stderr, m.catalog("").T("cli.feedback.subcommand"))
	fl.Usage()
	return exitUsage
}

func (m *Main) runFeedbackReport(ctx context.Context, args []string) int {
	fl := m.flags("feedback")
	data := fl.String("data", "", "cli.flag.feedback-data")
	format := fl.String("format", "text", "cli.flag.report-format")
	since := fl.String("since", "", "cli.flag.since")
	out := fl.String("out", "public", "cli.flag.built") // page titles, and where failed searches belong
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	// The report speaks the built site's language (unless --lang or the
	// environment says otherwise).
	site, _, shellErr := generator.ReadShell(os.DirFS(*out))
	cat := m.catalog(siteLang(site))
	switch {
	case *data == "":
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.noData"))
		return exitUsage
	case !slices.Contains(feedback.Formats, *format):
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.badFormat", *format))
		return exitUsage
	case *since != "":
		if _, err := time.Parse(time.DateOnly, *since); err != nil {
			fmt.Fprintln(m.Stderr, cat.T("cli.feedback.badSince", *since))
			return exitUsage
		}
	}
	if fl.NArg() > 0 {
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.subcommand"))
		return exitUsage
	}
	store, err := feedback.Open(*data, feedback.Options{Now: m.Now})
	if err != nil {
		m.fail(cat, "feedback", err)
		return exitContent
	}
	defer store.Close()
	lk, closeBuild := m.buildLookup(site, shellErr, *out, cat)
	defer closeBuild()
	rep, err := store.Report(ctx, *since, lk)
	if err != nil {
		m.fail(cat, "feedback", err)
		return exitContent
	}
	if err := feedback.Write(m.Stdout, rep, *format, cat, ""); err != nil {
		m.fail(cat, "feedback", err)
		return exitContent
	}
	return exitOK
}

// buildLookup opens the build in dir for a report: page titles from its
// files, failed searches matched in its index, links made absolute with
// the site's baseURL so that a report saved to a file links to the site.
// Without a build the report has neither (and says so on stderr).
func (m *Main) buildLookup(site *generator.Site, err error, dir string, cat *i18n.Catalog) (feedback.Lookup, func()) {
	none := func() {}
	if err != nil {
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.noBuild", dir))
		return feedback.Lookup{}, none
	}
	base := strings.TrimSuffix(site.BaseURL, "/") + "/"
	lk := feedback.Lookup{Title: feedback.FileTitles(os.DirFS(dir), base)}
	ix, err := search.Open(filepath.Join(dir, search.Dir))
	if err != nil {
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.noBuild", dir))
		return lk, none
	}
	// Hits' URLs carry the base path; the base URL's host goes in front.
	host := strings.TrimSuffix(strings.TrimSuffix(site.BaseURL, "/"), strings.TrimSuffix(site.BasePath, "/"))
	lk.Match = feedback.IndexMatch(ix, host)
	return lk, func() { ix.Close() }
}

func (m *Main) runFeedbackImport(ctx context.Context, args []string) int {
	fl := m.flags("feedback")
	data := fl.String("data", "", "cli.flag.feedback-data")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	cat := m.catalog("")
	if *data == "" {
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.noData"))
		return exitUsage
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.oneFile"))
		return exitUsage
	}
	name := fl.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		m.fail(cat, "feedback", err)
		return exitUsage
	}
	defer f.Close()
	store, err := feedback.Open(*data, feedback.Options{Now: m.Now})
	if err != nil {
		m.fail(cat, "feedback", err)
		return exitContent
	}
	defer store.Close()
	res, err := store.ImportCSV(ctx, f)
	for _, p := range res.Problems {
		fmt.Fprintln(m.Stderr, cat.T("cli.feedback.importError", name, p.Line, cat.Format(p.Msg)))
	}
	if err != nil {
		if ie, ok := err.(feedback.ImportError); ok {
			fmt.Fprintf(m.Stderr, "%s: %s\n", name, cat.Format(ie.Msg))
		} else {
			m.fail(cat, "feedback", err)
		}
		return exitContent
	}
	fmt.Fprintln(m.Stdout, cat.T("cli.feedback.imported", res.Added, res.Duplicates, res.Skipped))
	return exitOK
}
