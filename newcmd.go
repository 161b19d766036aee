package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"tietopankki/generator"
	"tietopankki/i18n"
)

// newKinds are the subcommands of new; each has its usage line and purpose
// in the catalogue, cli.new.<kind>.usage and .purpose.
var newKinds = []string{"card", "path", "tool"}

// runNew writes a new card, learning path or tool page from a template. It
// never overwrites a file.
func (m *Main) runNew(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.newUsage(m.Stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		m.newUsage(m.Stdout)
		return exitOK
	case "card":
		return m.newCard(args[1:])
	case "path":
		return m.newPath(args[1:])
	case "tool":
		return m.newTool(args[1:])
	}
	c := m.catalog("")
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(m.Stderr, c.T("cli.new.kind-first"))
		return exitUsage
	}
	fmt.Fprintln(m.Stderr, c.T("cli.new.unknown-kind", args[0]))
	fmt.Fprintln(m.Stderr)
	m.newUsage(m.Stderr)
	return exitUsage
}

func (m *Main) newUsage(w io.Writer) {
	c := m.catalog("")
	fmt.Fprintln(w, c.T("cli.new.usage.title"))
	for _, k := range newKinds {
		fmt.Fprintf(w, "  tietopankki %s\n", c.T("cli.new."+k+".usage"))
	}
	fmt.Fprintln(w, "\n"+c.T("cli.new.usage.intro"))
	for _, k := range newKinds {
		fmt.Fprintf(w, "  %-5s %s\n", k, c.T("cli.new."+k+".purpose"))
	}
	fmt.Fprintln(w, "\n"+c.T("cli.new.usage.rules"))
}

// newFlags returns the flag set of one kind of new, with --content and
// --lang.
func (m *Main) newFlags(kind string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("new "+kind, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	langFlag(m, fs)
	fs.Usage = func() { m.printUsage(fs, "cli.new."+kind) }
	return fs, fs.String("content", "content", "cli.flag.content")
}

// parseArgs parses flags written before, between or after the arguments and
// returns the arguments.
func (m *Main) parseArgs(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var rest []string
	for {
		if code, ok := m.parse(fs, args); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			return rest, 0, true
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// idList is a repeatable flag of ids, each value possibly comma-separated.
type idList []string

func (l *idList) String() string { return strings.Join(*l, ",") }

func (l *idList) Set(s string) error {
	for id := range strings.SplitSeq(s, ",") {
		if id = strings.ToLower(strings.TrimSpace(id)); id != "" && !slices.Contains(*l, id) {
			*l = append(*l, id)
		}
	}
	return nil
}

// newSite is what a template needs to know about the content folder.
type newSite struct {
	dir string
	cfg *generator.Config
	c   *i18n.Catalog // the language of the messages
}

// openContent reads site.yaml of the content folder.
func (m *Main) openContent(dir string) (*newSite, int, bool) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.no-folder", "new", dir))
		return nil, exitUsage, false
	}
	cfg, diags := generator.LoadConfig(os.DirFS(dir))
	if diags.HasErrors() {
		c := m.catalog(cfg.Language)
		m.report(c, diags, dir)
		fmt.Fprintln(m.Stderr, c.T("cli.new.fix-site"))
		return nil, exitContent, false
	}
	return &newSite{dir: dir, cfg: cfg, c: m.catalog(cfg.Language)}, 0, true
}

// checkIDs reports ids that site.yaml does not know: segments (kind
// "segment") or areas ("area").
func (m *Main) checkIDs(s *newSite, kind string, ids []string, known []string) bool {
	for _, id := range ids {
		if !slices.Contains(known, id) {
			hint := generator.DidYouMean(id, known)
			if hint.IsZero() {
				hint = i18n.M("hint.known-"+kind+"s", strings.Join(known, ", "))
			}
			fmt.Fprintln(m.Stderr, s.c.T("cli.new.no-"+kind, id, hint))
			return false
		}
	}
	return true
}

func (s *newSite) segmentIDs() []string {
	var out []string
	for _, sg := range s.cfg.Segments {
		out = append(out, sg.ID)
	}
	return out
}

func (s *newSite) areaIDs() []string {
	var out []string
	for _, a := range s.cfg.Areas {
		out = append(out, a.ID)
	}
	return out
}

// toolIDs lists the tools of the content folder.
func (s *newSite) toolIDs() []string {
	matches, _ := fs.Glob(os.DirFS(s.dir), "tools/*/_index.md")
	var out []string
	for _, f := range matches {
		out = append(out, strings.Split(f, "/")[1])
	}
	return out
}

// oneArg parses a subcommand's flags and its one argument (the id); it
// returns false with the exit code when the command should stop.
func (m *Main) oneArg(fl *flag.FlagSet, args []string) (string, int, bool) {
	rest, code, ok := m.parseArgs(fl, args)
	if !ok {
		return "", code, false
	}
	if len(rest) != 1 {
		fl.Usage()
		return "", exitUsage, false
	}
	return rest[0], 0, true
}

// badID reports an id that cannot be a file name, with the name it could
// be; kind is card, path or tool.
func (m *Main) badID(s *newSite, kind, id, example string) int {
	hint := s.c.T("hint.id-letters")
	if slug := generator.Slugify(id); slug != "" && slug != id {
		hint = s.c.T("cli.new.bad-name.example", hint, strings.ReplaceAll(example, "SLUG", slug))
	}
	fmt.Fprintln(m.Stderr, s.c.T("cli.new.bad-name", id, i18n.M("word.id-of."+kind), hint))
	return exitUsage
}

func (m *Main) newCard(args []string) int {
	fl, content := m.newFlags("card")
	var segments, areas idList
	fl.Var(&segments, "segment", "cli.flag.new-segment")
	fl.Var(&areas, "area", "cli.flag.new-area")
	arg, code, ok := m.oneArg(fl, args)
	if !ok {
		return code
	}
	id := strings.TrimSuffix(strings.TrimPrefix(arg, "tools/"), ".md")
	tool, slug, found := strings.Cut(id, "/")
	tool = strings.ToLower(tool) // like segment and area ids, whatever the case
	if !found || strings.Contains(slug, "/") {
		fmt.Fprintln(m.Stderr, m.catalog("").T("cli.new.card-id", arg))
		return exitUsage
	}
	s, code, ok := m.openContent(*content)
	if !ok {
		return code
	}
	if tools := s.toolIDs(); !slices.Contains(tools, tool) {
		hint := generator.DidYouMean(tool, tools)
		if hint.IsZero() {
			hint = i18n.M("cli.new.no-tool.hint", tool)
		}
		fmt.Fprintln(m.Stderr, s.c.T("cli.new.no-tool", tool, hint))
		return exitUsage
	}
	if !generator.ValidID(slug) {
		return m.badID(s, "card", slug, "tietopankki new card "+tool+"/SLUG")
	}
	if !m.checkIDs(s, "segment", segments, s.segmentIDs()) || !m.checkIDs(s, "area", areas, s.areaIDs()) {
		return exitUsage
	}
	p := generator.Placeholders
	var steps strings.Builder
	for i, st := range p.CardSteps {
		fmt.Fprintf(&steps, "%d. %s\n", i+1, st)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `---
title: %s
summary: %s
segments: [%s]
areas: [%s]
tags: []
updated: %s
draft: true
---
%s

## Näin teet sen

%s
> [!VINKKI]
> %s

## Jos jokin ei onnistu

%s
%s`, titleOf(slug), p.CardSummary, strings.Join(segments, ", "), strings.Join(areas, ", "), m.clockNow().Format(time.DateOnly),
		p.CardIntro, steps.String(), p.CardTip, p.CardTrouble, s.helpLine())
	page := "http://localhost:1313" + s.cfg.BasePath() + "tools/" + tool + "/" + slug + "/"
	return m.writeNew(s, "tools/"+tool+"/"+slug+".md", b.String(), s.c.T("cli.new.card.next", page))
}

// helpLine points from a card to the site's help page, if there is one.
func (s *newSite) helpLine() string {
	if s.cfg.Help.Page == "" {
		return ""
	}
	file := s.cfg.Help.Page + ".md"
	data, err := os.ReadFile(filepath.Join(s.dir, file))
	if err != nil {
		return ""
	}
	title := s.cfg.Help.Name
	if v, ok := generator.FrontMatterValue(file, data, "title"); ok {
		title = v.Text
	}
	return fmt.Sprintf("Voit myös kysyä apua: [%s](../../%s).\n", title, file)
}

func (m *Main) newPath(args []string) int {
	fl, content := m.newFlags("path")
	segment := fl.String("segment", "", "cli.flag.new-path-segment")
	arg, code, ok := m.oneArg(fl, args)
	if !ok {
		return code
	}
	slug := strings.TrimSuffix(strings.TrimPrefix(arg, "paths/"), ".md")
	s, code, ok := m.openContent(*content)
	if !ok {
		return code
	}
	if !generator.ValidID(slug) {
		return m.badID(s, "path", slug, "tietopankki new path SLUG")
	}
	*segment = strings.ToLower(*segment)
	if *segment == "" {
		fmt.Fprintln(m.Stderr, s.c.T("cli.new.path.segment", strings.Join(s.segmentIDs(), ", ")))
		return exitUsage
	}
	if !m.checkIDs(s, "segment", []string{*segment}, s.segmentIDs()) {
		return exitUsage
	}
	var steps strings.Builder
	for _, id := range m.exampleSteps(s, *segment) {
		fmt.Fprintf(&steps, "#   - %s\n", id)
	}
	p := generator.Placeholders
	text := fmt.Sprintf(`---
title: %s
segment: %s
summary: %s
# Kirjoita vaiheiksi korttien tunnukset siinä järjestyksessä, jossa lukija etenee.
# Tunnus on työkalun kansio ja kortin tiedoston nimi ilman .md-päätettä.
# Poista alla olevien rivien alusta merkki # ja vaihda tilalle omat kortit:
# steps:
%s---
%s
`, titleOf(slug), *segment, p.PathSummary, steps.String(), p.PathIntro)
	return m.writeNew(s, "paths/"+slug+".md", text, s.c.T("cli.new.path.next"))
}

// exampleSteps names two published cards of a segment for a new path's
// commented example.
func (m *Main) exampleSteps(s *newSite, segment string) []string {
	site, _, _, err := m.loadSite(os.DirFS(s.dir))
	if err != nil || site == nil {
		return []string{"tyokalu/kortin-nimi"}
	}
	var out []string
	for _, c := range site.Cards {
		if c.SegmentRefs == nil || slices.ContainsFunc(c.SegmentRefs, func(sg *generator.Segment) bool { return sg.ID == segment }) {
			out = append(out, c.ID)
		}
		if len(out) == 2 {
			break
		}
	}
	if len(out) == 0 {
		return []string{"tyokalu/kortin-nimi"}
	}
	return out
}

func (m *Main) newTool(args []string) int {
	fl, content := m.newFlags("tool")
	arg, code, ok := m.oneArg(fl, args)
	if !ok {
		return code
	}
	id := strings.TrimSuffix(strings.TrimPrefix(arg, "tools/"), "/")
	s, code, ok := m.openContent(*content)
	if !ok {
		return code
	}
	if !generator.ValidID(id) || id == "tools" || id == "paths" {
		return m.badID(s, "tool", id, "tietopankki new tool SLUG")
	}
	p := generator.Placeholders
	text := fmt.Sprintf(`---
title: %s
purpose: %s
# link: https://osoite.example.fi/
---
## Mihin työkalu auttaa?

%s

## Kuka työkalua käyttää?

%s

## Aloita tästä

%s
%s `+"`tietopankki new card %s/kortin-nimi`"+`.
`, titleOf(id), p.ToolPurpose, p.ToolWhat, p.ToolWho, p.ToolStart, p.ToolNewCard, id)
	return m.writeNew(s, "tools/"+id+"/_index.md", text, s.c.T("cli.new.tool.next", id))
}

// writeNew writes a new file into the content folder, never over an existing
// one, and tells what to do next.
func (m *Main) writeNew(s *newSite, rel, text, next string) int {
	shown := filepath.ToSlash(filepath.Join(s.dir, rel))
	file := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		m.fail(s.c, "new", err)
		return exitContent
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintln(m.Stderr, s.c.T("cli.new.exists", shown))
		return exitContent
	}
	if err != nil {
		m.fail(s.c, "new", err)
		return exitContent
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file)
		m.fail(s.c, "new", err)
		return exitContent
	}
	serve := "tietopankki serve"
	if filepath.Clean(s.dir) != "content" {
		serve += " --content " + s.dir
	}
	fmt.Fprintln(m.Stdout, s.c.T("cli.new.written", shown))
	fmt.Fprintln(m.Stdout, s.c.T("cli.new.preview", serve))
	fmt.Fprintln(m.Stdout, next)
	return exitOK
}

// titleOf makes a placeholder title from a slug: liity-kokoukseen -> Liity kokoukseen.
func titleOf(slug string) string {
	t := strings.ReplaceAll(slug, "-", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

// clockNow is the program's clock.
func (m *Main) clockNow() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}
