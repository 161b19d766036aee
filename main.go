// Command tietopankki turns the digital mentors' instruction cards (Markdown
// in content/) into a searchable static intranet site.
//
// Usage:
//
//	tietopankki build  [--content DIR] [--out DIR]     build the site and its search index
//	tietopankki serve  [--content DIR] [--addr H:P]    live-reloading dev server with search
//	tietopankki serve  --production [--public DIR]     the production server for a built site
//	tietopankki search [--out DIR] [--json] QUERY...   search a built site
//	tietopankki check  [--content DIR] [--strict]      validate and lint the content
//	tietopankki new    card|path|tool ...              start a new file from a template
//
// Exit codes: 0 success, 1 content errors, 2 usage errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

// Main is the program: the binary and the end-to-end tests run it the same
// way, with their own output streams and clock.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
	// Themes is the folder whose themes/<name> override the built-in ones.
	Themes string
	// Getenv reads the environment (os.Getenv; tests give their own).
	Getenv func(string) string

	lang string // --lang: the language of messages, "" to choose by i18n.Pick
}

// NewMain returns a Main writing to the process's streams.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Themes: "themes", Getenv: os.Getenv}
}

type command struct {
	name, usage, summary string
	run                  func(m *Main, ctx context.Context, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"build", "build [--content DIR] [--out DIR]", "build the site and its search index", (*Main).runBuild},
		{"serve", "serve [--content DIR] [--addr HOST:PORT]  |  serve --production [--public DIR] [--addr HOST:PORT] [--basic-auth-file F] [--trusted-user-header H] [--log text|json]",
			"serve the content with live reload, or (--production) a built site, hardened", (*Main).runServe},
		{"check", "check [--content DIR] [--strict] [--format text|json|github]", "validate and lint the content without writing output", (*Main).runCheck},
		{"new", "new card <tool>/<slug> | new path <slug> --segment <id> | new tool <id>", "start a new card, learning path or tool page from a template", (*Main).runNew},
		{"search", "search [--out DIR] [--json] [--tool ID] [--segment ID] [--area ID] [--limit N] QUERY...", "search a built site from the command line", (*Main).runSearch},
	}
}

// Run runs one command and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(m.Stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(m, ctx, args[1:])
		}
	}
	fmt.Fprintf(m.Stderr, "tietopankki: unknown command %q\n\n", args[0])
	m.usage(m.Stderr)
	return exitUsage
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, "Tietopankki builds the digital mentors' knowledge bank from Markdown cards.")
	fmt.Fprintln(w, "\nUsage: tietopankki <command> [flags]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun tietopankki <command> --help for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 content errors, 2 usage errors.")
}

// flags returns a FlagSet for a command whose usage prints to Stderr,
// with the --lang flag every command has.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	langs := i18n.Languages()
	fs.Func("lang", "the language of messages: "+strings.Join(langs, ", ")+" (default: from LANG, else the site's language)", func(v string) error {
		if !slices.Contains(langs, v) {
			return fmt.Errorf("no messages in %q: use one of %s", v, strings.Join(langs, ", "))
		}
		m.lang = v
		return nil
	})
	for _, c := range commands {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(m.Stderr, "Usage: tietopankki %s\n\n%s.\n\nFlags:\n", c.usage, c.summary)
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

// catalog returns the catalogue of the commands' messages: --lang, else
// the environment's language, else siteLang (see i18n.Pick).
func (m *Main) catalog(siteLang string) *i18n.Catalog {
	return i18n.Pick(m.lang, m.Getenv, siteLang)
}

// siteLang is the language of a loaded site, "" when there is none.
func siteLang(s *generator.Site) string {
	if s == nil {
		return ""
	}
	return s.Language
}

// parse parses flags; it returns an exit code and false when the command
// should stop (help asked for, or bad flags).
func (m *Main) parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	return 0, true
}
