package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"tietopankki/feedback"
	"tietopankki/search"
	"tietopankki/server"
)

// productionFlags defines the flags of `serve --production` beyond
// --public and --addr; serve defines them before parsing, and
// runProduction reads them back from the FlagSet.
func productionFlags(fl *flag.FlagSet) {
	fl.String("basic-auth-file", "", "cli.flag.basic-auth-file")
	fl.String("trusted-user-header", "", "cli.flag.trusted-user-header")
	fl.Bool("trusted-proxy-only", false, "cli.flag.trusted-proxy-only")
	fl.String("log", "text", "cli.flag.log")
	fl.String("data", "", "cli.flag.data")
	fl.Int("retention-days", feedback.DefaultRetentionDays, "cli.flag.retention-days")
	fl.String("mentors", "", "cli.flag.mentors")
	fl.String("mentor-group", "", "cli.flag.mentor-group")
	fl.Int("search-cache", server.DefaultSearchCacheBytes>>20, "cli.flag.search-cache")
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
		return m.unexpected("serve", fl.Arg(0))
	}
	c := m.catalog("")
	search.TuneGCForServing()
	var logh slog.Handler
	switch f := flagValue(fl, "log", "text"); f {
	case "text":
		logh = slog.NewTextHandler(m.Stderr, nil)
	case "json":
		logh = slog.NewJSONHandler(m.Stderr, nil)
	default:
		fmt.Fprintln(m.Stderr, c.T("cli.serve.log", f))
		return exitUsage
	}
	log := slog.New(logh)
	opts := server.Options{Public: public, Log: log, SearchCacheBytes: searchCacheBytes(fl)}
	authFile, header := flagValue(fl, "basic-auth-file", ""), flagValue(fl, "trusted-user-header", "")
	switch {
	case authFile != "" && header != "":
		fmt.Fprintln(m.Stderr, c.T("cli.serve.auth-both"))
		return exitUsage
	case authFile != "":
		a, err := server.LoadBasicAuth(authFile)
		if err != nil {
			m.fail(c, "serve", err)
			return exitUsage
		}
		opts.Auth = a
	case header != "":
		opts.Auth = server.TrustedHeader(header)
	}
	store, code := m.feedbackOptions(ctx, fl, &opts, log)
	if code != exitOK {
		return code
	}
	if store != nil {
		defer store.Close()
	}
	srv, err := server.New(opts)
	var need *server.NeedDataError
	if errors.As(err, &need) {
		fmt.Fprintf(m.Stderr, "serve: %s\n", m.catalog("").T("serve.feedback.needData", need.Mode))
		return exitUsage
	}
	if err != nil {
		m.fail(c, "serve", err)
		return exitContent
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		m.fail(c, "serve", err)
		return exitUsage
	}
	if header != "" && !loopback(ln.Addr()) && flagValue(fl, "trusted-proxy-only", "false") != "true" {
		ln.Close()
		fmt.Fprintln(m.Stderr, c.T("cli.serve.trustedProxy", ln.Addr()))
		return exitUsage
	}
	docs, built := srv.Docs()
	abs, _ := filepath.Abs(public)
	u := localURL(ln.Addr(), srv.BasePath())
	fmt.Fprintln(m.Stdout, c.T("cli.serve.production.ready", abs, docs, built.Local().Format(time.DateTime), u))
	if flagValue(fl, "open", "false") == "true" {
		m.openBrowser(c, u)
	}
	if err := server.Serve(ctx, ln, wrapProduction(srv)); err != nil {
		m.fail(c, "serve", err)
		return exitContent
	}
	log.Info("stopped")
	return exitOK
}

// feedbackOptions opens the feedback database of --data (nil without it),
// starts its daily retention and sets the mentors who may read the report.
func (m *Main) feedbackOptions(ctx context.Context, fl *flag.FlagSet, opts *server.Options, log *slog.Logger) (*feedback.Store, int) {
	data := flagValue(fl, "data", "")
	mentors, group := flagValue(fl, "mentors", ""), flagValue(fl, "mentor-group", "")
	cat := m.catalog("")
	if (mentors != "" || group != "") && opts.Auth == nil {
		fmt.Fprintf(m.Stderr, "serve: %s\n", cat.T("serve.feedback.mentorsNeedAuth"))
		return nil, exitUsage
	}
	switch {
	case mentors != "" && group != "":
		fmt.Fprintf(m.Stderr, "serve: %s\n", cat.T("serve.feedback.mentorsBoth"))
		return nil, exitUsage
	case mentors != "":
		list, err := server.LoadMentors(mentors)
		if err != nil {
			fmt.Fprintf(m.Stderr, "serve: %s\n", cat.T("serve.feedback.badMentors", mentors, err))
			return nil, exitUsage
		}
		opts.Mentors = list
	case group != "":
		h, g, ok := strings.Cut(group, "=")
		if !ok || h == "" || g == "" {
			fmt.Fprintf(m.Stderr, "serve: %s\n", cat.T("serve.feedback.badMentors", group, "HEADER=GROUP"))
			return nil, exitUsage
		}
		opts.Mentors = server.MentorGroup{Header: h, Group: g}
	}
	if data == "" {
		return nil, exitOK
	}
	days, _ := strconv.Atoi(flagValue(fl, "retention-days", ""))
	store, err := feedback.Open(data, feedback.Options{RetentionDays: days, Now: m.Now})
	if err != nil {
		m.fail(cat, "serve", err)
		return nil, exitContent
	}
	opts.Feedback = store
	ticker := time.NewTicker(24 * time.Hour)
	go func() {
		defer ticker.Stop()
		store.Retain(ctx, ticker.C, func(n int64, err error) {
			if err != nil {
				log.Error("deleting old feedback", "err", err)
			} else if n > 0 {
				log.Info("deleted old feedback", "rows", n, "days", days)
			}
		})
	}()
	return store, exitOK
}

// searchCacheBytes is Options.SearchCacheBytes for --search-cache MB: 0
// (or less) keeps no answers, so that every search runs, as a cache miss
// does (to measure the search over HTTP).
func searchCacheBytes(fl *flag.FlagSet) int64 {
	mb, _ := strconv.Atoi(flagValue(fl, "search-cache", ""))
	if mb <= 0 {
		return -1
	}
	return int64(mb) << 20
}

func loopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
