package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
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
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return m.unexpected("build", fl.Arg(0))
	}
	start := time.Now()
	var res *buildResult
	err := generator.Publish(*out, func(tmp string) error {
		var err error
		res, err = m.buildSite(ctx, generator.Content(*content), tmp)
		return err
	})
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

// buildResult is what one build made.
type buildResult struct {
	Site   *generator.Site
	Theme  *generator.Theme
	Diags  generator.Diagnostics
	Pages  int
	Docs   int // documents in the search index
	Stages []stage
	mu     sync.Mutex
}

// stage is how long one stage of a build took.
type stage struct {
	Name string
	Took time.Duration
}

func (r *buildResult) time(name string, since time.Time) {
	r.mu.Lock()
	r.Stages = append(r.Stages, stage{name, time.Since(since)})
	r.mu.Unlock()
}

// errContent stops a build whose content has errors (they are in the result).
var errContent = fmt.Errorf("content has errors")

// buildSite runs the whole pipeline into the folder dir: load, validate,
// assemble, render, copy, and index for search. When ctx ends (SIGINT,
// SIGTERM) every stage stops at its next file, page or batch of documents
// and buildSite returns ctx's error.
func (m *Main) buildSite(ctx context.Context, content fs.FS, dir string) (*buildResult, error) {
	out := generator.DirOutput{Root: dir}
	res := &buildResult{}
	t := time.Now()
	site, theme, diags, err := generator.LoadSiteContext(ctx, content, m.Themes)
	res.Site, res.Theme, res.Diags = site, theme, diags
	res.time("load", t)
	if err != nil {
		return res, err
	}
	if diags.HasErrors() {
		return res, errContent
	}
	// Rendering and indexing are independent: run them side by side.
	docs := search.Documents(site)
	res.Docs = len(docs)
	indexErr := make(chan error, 1)
	go func() {
		t := time.Now()
		err := search.Build(ctx, filepath.Join(dir, search.Dir), docs, site.Synonyms)
		if err == nil {
			err = search.Export(ctx, filepath.Join(dir, search.Dir), out)
		}
		res.time("index", t)
		indexErr <- err
	}()
	t = time.Now()
	res.Pages = len(generator.Views(site))
	err = generator.Render(ctx, site, theme, out, generator.RenderOptions{Now: m.Now()})
	if err == nil {
		err = generator.CopyFiles(ctx, content, site, out)
	}
	if err == nil { // after the copies: a content file of that name cannot replace it
		var h []byte
		if h, err = server.NetlifyHeaders(site.Files); err == nil {
			err = out.WriteFile(server.NetlifyHeadersFile, h)
		}
	}
	if err == nil {
		err = generator.WriteShell(site, theme, out)
	}
	res.time("render", t)
	err = errors.Join(err, <-indexErr)
	return res, err
}

// loadSite runs the stages up to a linked site (generator.LoadSite) with
// the program's themes folder.
func (m *Main) loadSite(content fs.FS, opts ...generator.LoadOption) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
	return generator.LoadSite(content, m.Themes, opts...)
}

// report prints diagnostics in c's language, with paths relative to the
// working folder so that editors can jump to them.
func (m *Main) report(c *i18n.Catalog, diags generator.Diagnostics, contentDir string) {
	for _, d := range diags {
		d.File = filepath.ToSlash(filepath.Join(contentDir, d.File))
		fmt.Fprintln(m.Stderr, d.Format(c))
	}
}
