// Package i18n holds every string Tietopankki shows to people, one
// catalogue file per language: the site's UI strings (what staff read on
// the pages) and the messages of build, check, serve and new (what
// mentors read in the terminal, in the dev server's overlay and in pull
// request annotations). A Swedish site or a Swedish-speaking mentor needs
// one more file, sv.yaml, and nothing else.
//
// # Catalogue files
//
// Each file (fi.yaml, en.yaml, ...) is a flat YAML mapping from keys to
// strings, embedded in the binary. Values are fmt formats: %s, %d and %q
// take the message's arguments in order. Keys are grouped by prefix:
//
//	search.label, card.updated, ...   UI strings, used by the theme's layouts ({{t "key"}})
//	diag.<rule>                       a diagnostic's message; <rule> is its stable rule id
//	diag.<rule>.hint                  its hint: what to do about it, in plain words
//	diag.<rule>.<variant>[.hint]      other wordings of the same rule
//	hint.*                            hints shared by many rules (did you mean ...?)
//	word.*                            words that messages put into other messages
//	cli.*, serve.*, new.*             the commands' own messages
//
// Every catalogue has the same keys as the Finnish one (a test checks it),
// and every key a Go file names with M or T exists (another test checks
// that). A theme may override or add UI strings with its own
// i18n/<lang>.yaml (see generator.LoadTheme).
//
// # Messages
//
// Code that finds a problem does not put it into words: it makes a Msg, a
// key and its arguments, and whoever shows it formats it in the reader's
// language with Catalog.Format. An argument that is itself a Msg is
// formatted in the same language, so messages compose ("kortti" inside
// "tiedoston nimi ei kelpaa kortin tunnisteeksi").
//
// # Choosing the language
//
// The site's pages use the site's language (content/site.yaml). The
// commands speak the language named by --lang, else by the environment
// (LC_ALL, LC_MESSAGES, LANG, when a catalogue exists for it), else the
// site's language, else Finnish: see Pick.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Default is the language of the catalogue every other one is checked
// against, and the fallback of Pick.
const Default = "fi"

// Catalog is the strings of one language. It is read-only and safe for
// concurrent use.
type Catalog struct {
	Lang     string
	strings  map[string]string
	fallback *Catalog // consulted for keys this catalogue lacks
}

var (
	loadOnce sync.Once
	builtin  map[string]*Catalog
	loadErr  error
)

func load() {
	builtin = map[string]*Catalog{}
	names, _ := fs.Glob(files, "*.yaml")
	for _, name := range names {
		lang := strings.TrimSuffix(name, ".yaml")
		data, _ := files.ReadFile(name)
		m, err := Parse(data)
		if err != nil {
			loadErr = fmt.Errorf("i18n/%s: %w", name, err)
			return
		}
		builtin[lang] = &Catalog{Lang: lang, strings: m}
	}
	// A catalogue that lacks a key (a new language being translated)
	// falls back to English, then to Finnish.
	for lang, c := range builtin {
		switch lang {
		case "en":
			c.fallback = builtin[Default]
		case Default:
		default:
			c.fallback = builtin["en"]
		}
	}
}

// Parse reads a catalogue file: a flat mapping of keys to strings.
func Parse(data []byte) (map[string]string, error) {
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]string{}
	}
	return m, nil
}

// Languages returns the languages that have a built-in catalogue, sorted.
func Languages() []string {
	loadOnce.Do(load)
	return slices.Sorted(maps.Keys(builtin))
}

// Get returns the built-in catalogue of a language ("fi", "en").
func Get(lang string) (*Catalog, bool) {
	loadOnce.Do(load)
	if loadErr != nil {
		panic(loadErr) // the embedded files are checked by the package's tests
	}
	c, ok := builtin[lang]
	return c, ok
}

// MustGet returns the built-in catalogue of a language, or Finnish's when
// there is none.
func MustGet(lang string) *Catalog {
	if c, ok := Get(lang); ok {
		return c
	}
	c, _ := Get(Default)
	return c
}

// With returns a catalogue whose strings are c's with overrides on top (a
// theme's own UI strings). c is not changed.
func (c *Catalog) With(overrides map[string]string) *Catalog {
	if len(overrides) == 0 {
		return c
	}
	m := maps.Clone(c.strings)
	maps.Copy(m, overrides)
	return &Catalog{Lang: c.Lang, strings: m, fallback: c.fallback}
}

// Lookup returns the string of a key, from the fallback languages when
// this one lacks it.
func (c *Catalog) Lookup(key string) (string, bool) {
	for l := c; l != nil; l = l.fallback {
		if s, ok := l.strings[key]; ok {
			return s, true
		}
	}
	return "", false
}

// Keys returns the catalogue's own keys, sorted.
func (c *Catalog) Keys() []string { return slices.Sorted(maps.Keys(c.strings)) }

// T formats the string of key with args. A missing key gives the key in
// brackets, so that the gap shows instead of breaking the output.
func (c *Catalog) T(key string, args ...any) string {
	return c.Format(Msg{Key: key, Args: args})
}

// N formats a count: the string of key+".one" when n is 1 and the
// catalogue has it (it takes args only: "1 virhe"), else that of key, with
// n before args ("%d virhettä").
func (c *Catalog) N(key string, n int, args ...any) string {
	if n == 1 {
		if _, ok := c.Lookup(key + ".one"); ok {
			return c.T(key+".one", args...)
		}
	}
	return c.T(key, append([]any{n}, args...)...)
}

// Decimal writes x with prec decimals and the language's decimal mark
// (the string number.decimal: "," in Finnish, "." in English).
func (c *Catalog) Decimal(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if mark, ok := c.Lookup("number.decimal"); ok && mark != "." {
		s = strings.Replace(s, ".", mark, 1)
	}
	return s
}

// Format puts a message into words.
func (c *Catalog) Format(m Msg) string {
	if m.Key == "" {
		if len(m.Args) == 1 {
			return fmt.Sprint(m.Args[0]) // Raw
		}
		return ""
	}
	s, ok := c.Lookup(m.Key)
	if !ok {
		return "[" + m.Key + "]"
	}
	if len(m.Args) == 0 {
		return s
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch a := a.(type) {
		case Msg:
			args[i] = c.Format(a)
		case error:
			args[i] = a.Error()
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(s, args...)
}

// Msg is a message not yet put into words: a catalogue key and its
// arguments. The zero Msg is no message.
type Msg struct {
	Key  string
	Args []any
}

// M returns the message of key with args.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// Raw returns a message that is already in words, shown as it is in every
// language: text from outside the program, such as a system error.
func Raw(s string) Msg { return Msg{Args: []any{s}} }

// IsZero reports whether m is no message.
func (m Msg) IsZero() bool { return m.Key == "" && len(m.Args) == 0 }

// Pick chooses the language of the commands' messages: flag (--lang) when
// set, else the environment's (LC_ALL, LC_MESSAGES, LANG; "fi_FI.UTF-8"
// means "fi"; "C" and "POSIX" name no language), else site (the site's
// language), else Default. A language without a catalogue is skipped, so
// an English environment on a machine without an English catalogue still
// gets a message it can read.
func Pick(flag string, getenv func(string) string, site string) *Catalog {
	cands := []string{flag}
	if getenv != nil {
		for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
			if e := getenv(v); e != "" {
				cands = append(cands, envLang(e))
				break // the first one set decides, as in POSIX
			}
		}
	}
	cands = append(cands, site, Default)
	for _, l := range cands {
		if c, ok := Get(l); ok {
			return c
		}
	}
	return MustGet(Default)
}

// envLang turns a locale ("fi_FI.UTF-8", "sv_FI@euro") into a language.
func envLang(locale string) string {
	l := locale
	if i := strings.IndexAny(l, "_.@"); i >= 0 {
		l = l[:i]
	}
	l = strings.ToLower(l)
	if l == "c" || l == "posix" {
		return ""
	}
	return l
}
