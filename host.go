package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"tietopankki/search"
	"tietopankki/server"
)

// productionFlags defines the flags of `serve --production` beyond
// --public and --addr; serve defines them before parsing, and
// runProduction reads them back from the FlagSet.
func productionFlags(fl *flag.FlagSet) {
	fl.String("basic-auth-file", "", "with --production: require HTTP Basic auth against this htpasswd file (bcrypt: htpasswd -B)")
	fl.String("trusted-user-header", "", "with --production: trust the user name an authenticating proxy sets in this header (e.g. X-Remote-User)")
	fl.Bool("trusted-proxy-only", false, "with --trusted-user-header on an address other than loopback: the proxy is the only way in (a firewall stops everyone else)")
	fl.String("log", "text", "with --production: access log format on stderr, text or json")
}

// flagValue returns a flag's value, or def when the FlagSet lacks it.
func flagValue(fl *flag.FlagSet, name, def string) string {
	if f := fl.Lookup(name); f != nil {
		return f.Value.String()
	}
	return def
}

// wrapProduction wraps the production handler; tests use it to slow
// requests down.
var wrapProduction = func(h http.Handler) http.Handler { return h }

// runProduction serves a built site and its search until ctx ends
// (SIGTERM or Ctrl+C), then shuts down gracefully.
func (m *Main) runProduction(ctx context.Context, public, addr string, fl *flag.FlagSet) int {
	if fl.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "serve: unexpected argument %q\n", fl.Arg(0))
		return exitUsage
	}
	search.TuneGCForServing()
	var logh slog.Handler
	switch f := flagValue(fl, "log", "text"); f {
	case "text":
		logh = slog.NewTextHandler(m.Stderr, nil)
	case "json":
		logh = slog.NewJSONHandler(m.Stderr, nil)
	default:
		fmt.Fprintf(m.Stderr, "serve: --log must be text or json, not %q\n", f)
		return exitUsage
	}
	log := slog.New(logh)
	opts := server.Options{Public: public, Log: log}
	authFile, header := flagValue(fl, "basic-auth-file", ""), flagValue(fl, "trusted-user-header", "")
	switch {
	case authFile != "" && header != "":
		fmt.Fprintln(m.Stderr, "serve: use either --basic-auth-file or --trusted-user-header, not both")
		return exitUsage
	case authFile != "":
		a, err := server.LoadBasicAuth(authFile)
		if err != nil {
			fmt.Fprintf(m.Stderr, "serve: %v\n", err)
			return exitUsage
		}
		opts.Auth = a
	case header != "":
		opts.Auth = server.TrustedHeader(header)
	}
	srv, err := server.New(opts)
	if err != nil {
		fmt.Fprintf(m.Stderr, "serve: %v\n", err)
		return exitContent
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(m.Stderr, "serve: %v\n", err)
		return exitUsage
	}
	if header != "" && !loopback(ln.Addr()) && flagValue(fl, "trusted-proxy-only", "false") != "true" {
		ln.Close()
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.serve.trustedProxy", ln.Addr()))
		return exitUsage
	}
	docs, built := srv.Docs()
	abs, _ := filepath.Abs(public)
	fmt.Fprintf(m.Stdout, "serving %s (search: %d documents, built %s) at http://%s/ ; stop with Ctrl+C or SIGTERM\n",
		abs, docs, built.Local().Format(time.DateTime), ln.Addr())
	if err := server.Serve(ctx, ln, wrapProduction(srv)); err != nil {
		fmt.Fprintf(m.Stderr, "serve: %v\n", err)
		return exitContent
	}
	log.Info("stopped")
	return exitOK
}

func loopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
