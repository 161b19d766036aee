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
//	tietopankki feedback report|import --data DIR      the staff's feedback and failed searches
//	tietopankki maturity [--content DIR] [--format F]  print the maturity meter's figures
//	tietopankki version                                the program's version, commit, date and Go
//	tietopankki                                        with content/ here or beside the program:
//	                                                   serve it and open the browser (double-click)
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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"

	"tietopankki/generator"
	"tietopankki/i18n"
	"tietopankki/search"
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
	// Stdin is where the program waits for Enter (see OwnConsole).
	Stdin io.Reader
	// Open opens an address in the browser (serve --open, and the program
	// started without arguments); nil opens nothing. Tests give their own.
	Open func(url string) error
	// Executable returns the program's path (os.Executable): started
	// without arguments, the program looks for content/ beside itself too.
	Executable func() (string, error)
	// OwnConsole: the program has a console window of its own, which
	// closes when it ends (double-clicked on Windows); then it waits for
	// Enter before it ends with a message to read.
	OwnConsole bool

	lang string // --lang: the language of messages, "" to choose by i18n.Pick
}

// NewMain returns a Main writing to the process's streams.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Themes: "themes", Getenv: os.Getenv,
		Stdin: os.Stdin, Open: openBrowser, Executable: os.Executable, OwnConsole: ownConsole()}
}

// A command's usage line and purpose are in the catalogue:
// cli.<name>.usage and cli.<name>.purpose.
type command struct {
	name string
	run  func(m *Main, ctx context.Context, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"build", (*Main).runBuild},
		{"serve", (*Main).runServe},
		{"check", (*Main).runCheck},
		{"new", (*Main).runNew},
		{"feedback", (*Main).runFeedback},
		{"search", (*Main).runSearch},
		{"version", (*Main).runVersion},
		{"maturity", (*Main).runMaturity},
	}
}

// Run runs one command and returns the exit code. Without arguments it
// starts the preview when there is a content folder (see start).
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		return m.start(ctx)
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(m.Stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(m, ctx, args[1:])
		}
	}
	c := m.catalog("")
	fmt.Fprintln(m.Stderr, c.T("cli.unknown-command", args[0]))
	fmt.Fprintln(m.Stderr)
	m.usage(m.Stderr)
	return exitUsage
}

func (m *Main) usage(w io.Writer) {
	c := m.catalog("")
	fmt.Fprintln(w, c.T("cli.usage.intro"))
	fmt.Fprintln(w, "\n"+c.T("cli.usage.line"))
	fmt.Fprintln(w, "\n"+c.T("cli.usage.commands"))
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, c.T("cli."+cmd.name+".purpose"))
	}
	fmt.Fprintln(w, "\n"+c.T("cli.usage.more"))
	fmt.Fprintln(w, c.T("cli.usage.exit"))
}

// flags returns a FlagSet for a command, with the --lang flag every
// command has. Flags' descriptions are catalogue keys, put into words when
// the usage is printed (to Stderr): the language is known only then.
func (m *Main) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	langFlag(m, fs)
	fs.Usage = func() { m.printUsage(fs, "cli."+name) }
	return fs
}

// langFlag defines --lang on fs.
func langFlag(m *Main, fs *flag.FlagSet) {
	fs.Func("lang", "cli.flag.lang", func(v string) error {
		if langs := i18n.Languages(); !slices.Contains(langs, v) {
			return errors.New(m.catalog("").T("cli.flag.lang.bad", v, strings.Join(langs, ", ")))
		}
		m.lang = v
		return nil
	})
}

// printUsage prints a command's usage: cli.<cmd>.usage, .purpose, and its
// flags, as flag.PrintDefaults lays them out, in the reader's language.
func (m *Main) printUsage(fs *flag.FlagSet, key string) {
	c := m.catalog("")
	purpose := []rune(c.T(key + ".purpose"))
	purpose[0] = unicode.ToUpper(purpose[0])
	fmt.Fprintf(m.Stderr, "%s\n\n%s.\n\n%s\n", c.T("cli.usage.command", c.T(key+".usage")), string(purpose), c.T("cli.usage.flags"))
	fs.VisitAll(func(f *flag.Flag) {
		var args []any
		if a, ok := flagArgs[f.Name]; ok {
			args = a()
		}
		kind, _ := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if kind != "" {
			line += " " + c.T("cli.flag.kind."+kind)
		}
		line += "\n    \t" + c.T(f.Usage, args...)
		switch def := f.DefValue; {
		case def == "" || def == "false" || def == "0" || f.Name == "lang":
		case kind == "string":
			line += " " + c.T("cli.flag.default", strconv.Quote(def))
		default:
			line += " " + c.T("cli.flag.default", def)
		}
		fmt.Fprintln(m.Stderr, line)
	})
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

// flagArgs are the arguments of flag descriptions that have some.
var flagArgs = map[string]func() []any{
	"lang":  func() []any { return []any{strings.Join(i18n.Languages(), ", ")} },
	"limit": func() []any { return []any{search.MaxLimit} },
}

// parse parses flags; it returns an exit code and false when the command
// should stop (help asked for, or bad flags: the error, in the reader's
// language, and the usage go to Stderr).
func (m *Main) parse(fs *flag.FlagSet, args []string) (int, bool) {
	usage := fs.Usage
	fs.Usage = func() {} // the flag package's own call; the error goes first
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(m.Stderr)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		usage()
		return exitOK, false
	}
	fmt.Fprintln(m.Stderr, flagError(m.catalog(""), err))
	usage()
	return exitUsage, false
}

// flagErrors are the flag package's errors, put into the catalogue's words.
var flagErrors = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^flag provided but not defined: (-\S+)$`), "cli.flag.undefined"},
	{regexp.MustCompile(`^flag needs an argument: (-\S+)$`), "cli.flag.argument"},
	{regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?(-\S+): (.*)$`), "cli.flag.invalid"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "cli.flag.syntax"},
}

func flagError(c *i18n.Catalog, err error) string {
	for _, f := range flagErrors {
		if m := f.re.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				args[i] = a
			}
			return c.T(f.key, args...)
		}
	}
	return err.Error()
}

// unexpected reports an argument a command does not take.
func (m *Main) unexpected(cmd, arg string) int {
	fmt.Fprintln(m.Stderr, m.catalog("").T("cli.unexpected-argument", cmd, arg))
	return exitUsage
}

// fail reports an error of a command that is not the content's: a system
// error, in its own words.
func (m *Main) fail(c *i18n.Catalog, cmd string, err error) {
	fmt.Fprintln(m.Stderr, c.T("cli.error", cmd, err))
}
