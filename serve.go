package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"time"

	"tietopankki/devserver"
	"tietopankki/feedback"
	"tietopankki/generator"
	"tietopankki/i18n"
)

func (m *Main) runServe(ctx context.Context, args []string) int {
	fl := m.flags("serve")
	content := fl.String("content", "content", "cli.flag.content")
	addr := fl.String("addr", defaultAddr, "cli.flag.addr")
	drafts := fl.Bool("drafts", true, "cli.flag.drafts")
	production := fl.Bool("production", false, "cli.flag.production")
	public := fl.String("public", "public", "cli.flag.public")
	open := fl.Bool("open", false, "cli.flag.open")
	productionFlags(fl) // --data among them: without --production, a copy of the feedback database to show on the pages
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if *production {
		return m.runProduction(ctx, *public, *addr, fl)
	}
	if fl.NArg() > 0 {
		return m.unexpected("serve", fl.Arg(0))
	}
	start := time.Now()
	themeDir, lang, base := "", "", "/"
	if cfg, diags := generator.LoadConfig(os.DirFS(*content)); !diags.HasErrors() {
		themeDir, lang, base = generator.ThemeDir(cfg, m.Themes), cfg.Language, cfg.BasePath()
	}
	c := m.catalog(lang)
	var opts []generator.LoadOption
	if *drafts {
		opts = append(opts, generator.WithDrafts)
	}
	load := func(content fs.FS) (*generator.Site, *generator.Theme, generator.Diagnostics, error) {
		return m.loadSite(content, opts...)
	}
	ds, err := devserver.New(*content, themeDir, load, m.Stderr, c)
	if err != nil {
		m.fail(c, "serve", err)
		return exitContent
	}
	defer ds.Close()
	if host, _, err := net.SplitHostPort(*addr); err == nil {
		if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
			ds.Hosts = []string{host}
		}
	}
	if data := flagValue(fl, "data", ""); data != "" {
		store, err := feedback.Open(data, feedback.Options{Now: m.Now})
		if err != nil {
			m.fail(c, "serve", err)
			return exitUsage
		}
		defer store.Close()
		ds.Feedback = store
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		m.fail(c, "serve", err)
		return exitUsage
	}
	srv := &http.Server{Handler: ds, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	u := localURL(ln.Addr(), base)
	fmt.Fprintln(m.Stdout, c.T("cli.serve.ready", c.Decimal(time.Since(start).Seconds(), 1), *content, u))
	if !*drafts {
		fmt.Fprintln(m.Stdout, c.T("cli.serve.no-drafts"))
	}
	if *open {
		m.openBrowser(c, u)
	}
	go ds.Watch(ctx)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		m.fail(c, "serve", err)
		return exitContent
	}
	return exitOK
}

// openBrowser opens the preview at u in the browser (Main.Open) and says
// so, with the address to open by hand should no browser appear.
func (m *Main) openBrowser(c *i18n.Catalog, u string) {
	if m.Open == nil || m.Open(u) != nil {
		fmt.Fprintln(m.Stdout, c.T("cli.serve.open-failed", u))
		return
	}
	fmt.Fprintln(m.Stdout, c.T("cli.serve.opened", u))
}
