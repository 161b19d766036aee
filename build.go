package main

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/search"
	"tietopankki/server"
)

func (m *Main) runBuild(ctx context.Context, args []string) int {
	fl := m.flags("build")
	content := fl.String("content", "content", "cli.flag.content")
	out := fl.String("out", "public", "cli.flag.out")
	timings := fl.Bool("timings", false, "cli.flag.timings")
	api := fl.Bool("search-api", false, "cli.flag.search-api")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return m.unexpected("build", fl.Arg(0))
	}
	start := time.Now()
	res, err := m.buildSite(ctx, generator.Content(*content), *out, *api)
	defer generator.WaitStaleRemoved()  // at most one old output stays beside out
	if err != nil && ctx.Err() != nil { // SIGINT or SIGTERM: Publish removed the new folder
		lang := ""
		if res != nil {
			lang = siteLang(res.Site)
		}
		fmt.Fprintln(m.Stderr, m.catalog(lang).T("cli.build.stopped", *out))
		return exitContent
	}
	c := m.catalog("")
	if res != nil {
		c = m.catalog(siteLang(res.Site))
		m.report(c, res.Diags, *content)
		if *timings {
			for _, st := range res.Stages {
				fmt.Fprintf(m.Stdout, "  %-8s %v\n", st.Name, st.Took.Round(time.Millisecond))
			}
		}
	}
	if err != nil {
		if res != nil && res.Diags.HasErrors() {
			fmt.Fprintln(m.Stderr, c.N("cli.build.failed", len(res.Diags.Errors()), *out))
			return exitContent
		}
		fmt.Fprintln(m.Stderr, c.T("cli.build.error", err))
		return exitContent
	}
	s := res.Site
	size, _ := search.Size(filepath.Join(*out, search.Dir))
	fmt.Fprintln(m.Stdout, c.T("cli.build.done", res.Pages, len(s.Cards), len(s.Tools), len(s.Paths), res.Docs,
		c.Decimal(float64(size)/1e6, 1), *out, c.Decimal(time.Since(start).Seconds(), 1)))
	return exitOK
}

// buildSite runs the pipeline (generator.Build) and publishes its output
// into the folder dir: pages, the content's files, the Netlify headers, the
// site shell, and the search index with its static export.
// searchAPI: a server with the search API will serve dir
// (generator.BuildOptions.SearchAPI).
func (m *Main) buildSite(ctx context.Context, content fs.FS, dir string, searchAPI bool) (*generator.Built, error) {
	return generator.BuildInto(ctx, content, dir, generator.BuildOptions{
		Themes:      m.Themes,
		LoadOptions: m.loadOptions(),
		SearchAPI:   searchAPI,
		Render:      generator.RenderOptions{Now: m.Now()},
		Shell:       true,
		Index:       search.Stage,
		Finish: func(site *generator.Site, out generator.Output) error {
			h, err := server.NetlifyHeaders(site.Files)
			if err != nil {
				return err
			}
			return out.WriteFile(server.NetlifyHeadersFile, h)
		},
	})
}

// loadSite runs the stages up to a linked site (generator.LoadSite) with
// the program's themes folder and the build's date, when the environment
// gives one (sourceDate).
func (m *Main) loadSite(content fs.FS, opts ...generator.LoadOption) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
	return generator.LoadSite(content, m.Themes, append(m.loadOptions(), opts...)...)
}

// loadOptions are the options every load of the program takes: the
// build's date, when the environment gives one (sourceDate).
func (m *Main) loadOptions() []generator.LoadOption {
	if t, ok := m.sourceDate(); ok {
		return []generator.LoadOption{generator.WithSourceDate(t)}
	}
	return nil
}

// sourceDate reads SOURCE_DATE_EPOCH, the build's date in seconds since
// 1970 as reproducible builds define it.
func (m *Main) sourceDate() (time.Time, bool) {
	if m.Getenv == nil {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(m.Getenv("SOURCE_DATE_EPOCH"), 10, 64)
	return time.Unix(sec, 0), err == nil && sec >= 0
}

// report prints diagnostics in c's language, with paths relative to the
// working folder so that editors can jump to them.
func (m *Main) report(c *i18n.Catalog, diags generator.Diagnostics, contentDir string) {
	for _, d := range diags {
		d.File = filepath.ToSlash(filepath.Join(contentDir, d.File))
		fmt.Fprintln(m.Stderr, d.Format(c))
	}
}
