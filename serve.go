package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"tietopankki/devserver"
	"tietopankki/generator"
)

func (m *Main) runServe(ctx context.Context, args []string) int {
	fl := m.flags("serve")
	content := fl.String("content", "content", "the content folder")
	addr := fl.String("addr", "localhost:1313", "the address to listen on")
	production := fl.Bool("production", false, "serve a built site (--public) hardened for production: no watching, no reload script")
	public := fl.String("public", "public", "with --production: the folder that build wrote")
	productionFlags(fl)
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if *production {
		return m.runProduction(ctx, *public, *addr, fl)
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "serve: unexpected argument %q\n", fl.Arg(0))
		return exitUsage
	}
	start := time.Now()
	themeDir := ""
	if cfg, diags := generator.LoadConfig(os.DirFS(*content)); !diags.HasErrors() {
		themeDir = generator.ThemeDir(cfg, m.Themes)
	}
	ds, err := devserver.New(*content, themeDir, m.loadSite, m.Stderr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "serve: %v\n", err)
		return exitContent
	}
	defer ds.Close()
	if host, _, err := net.SplitHostPort(*addr); err == nil {
		if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
			ds.Hosts = []string{host}
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "serve: %v\n", err)
		return exitUsage
	}
	srv := &http.Server{Handler: ds, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(m.Stdout, "built in %v; serving %s at http://%s/ (search included); watching for changes. Stop with Ctrl+C.\n",
		time.Since(start).Round(time.Millisecond), *content, ln.Addr())
	go ds.Watch(ctx)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(m.Stderr, "serve: %v\n", err)
		return exitContent
	}
	return exitOK
}
