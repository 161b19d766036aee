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
)

// newKinds are the subcommands of new.
var newKinds = []struct{ name, usage, summary string }{
	{"card", "new card <tool>/<slug> [--segment ID]... [--area ID]... [--content DIR]", "start an instruction card (a draft) in tools/<tool>/<slug>.md"},
	{"path", "new path <slug> --segment ID [--content DIR]", "start a learning path in paths/<slug>.md"},
	{"tool", "new tool <id> [--content DIR]", "start a tool page in tools/<id>/_index.md"},
}

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
	if strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(m.Stderr, "new: name the kind first, then the flags: tietopankki new card|path|tool ... --content DIR")
		return exitUsage
	}
	fmt.Fprintf(m.Stderr, "new: unknown kind %q: use card, path or tool\n\n", args[0])
	m.newUsage(m.Stderr)
	return exitUsage
}

func (m *Main) newUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage:")
	for _, k := range newKinds {
		fmt.Fprintf(w, "  tietopankki %s\n", k.usage)
	}
	fmt.Fprintln(w, "\nStarts a new file from a template with today's date and a short plain-language skeleton:")
	for _, k := range newKinds {
		fmt.Fprintf(w, "  %-5s %s\n", k.name, k.summary)
	}
	fmt.Fprintln(w, "\nTools, segments and areas must exist in the content folder and site.yaml.")
	fmt.Fprintln(w, "An existing file is never overwritten.")
	fmt.Fprintln(w, "Run tietopankki new card --help for a kind's flags.")
	fmt.Fprintln(w, "Exit codes: 0 file written, 1 the file exists or the content folder has errors, 2 usage errors.")
}

// newFlags returns the flag set of one kind of new, with --content.
func (m *Main) newFlags(kind string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("new "+kind, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	for _, k := range newKinds {
		if k.name == kind {
			fs.Usage = func() {
				fmt.Fprintf(m.Stderr, "Usage: tietopankki %s\n\n%s.\n\nFlags:\n", k.usage, strings.ToUpper(k.summary[:1])+k.summary[1:])
				fs.PrintDefaults()
			}
		}
	}
	return fs, fs.String("content", "content", "the content folder")
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
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(*l, id) {
			*l = append(*l, id)
		}
	}
	return nil
}

// newSite is what a template needs to know about the content folder.
type newSite struct {
	dir string
	cfg *generator.Config
}

// openContent reads site.yaml of the content folder.
func (m *Main) openContent(dir string) (*newSite, int, bool) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(m.Stderr, "new: %s is not a folder: give the content folder with --content DIR\n", dir)
		return nil, exitUsage, false
	}
	cfg, diags := generator.LoadConfig(os.DirFS(dir))
	if diags.HasErrors() {
		m.report(diags, dir)
		fmt.Fprintln(m.Stderr, "new: fix site.yaml first")
		return nil, exitContent, false
	}
	return &newSite{dir: dir, cfg: cfg}, 0, true
}

// checkIDs reports ids that site.yaml does not know.
func (m *Main) checkIDs(kind string, ids []string, known []string) bool {
	for _, id := range ids {
		if !slices.Contains(known, id) {
			hint := generator.DidYouMean(id, known)
			if hint == "" {
				hint = "known " + kind + "s: " + strings.Join(known, ", ")
			}
			fmt.Fprintf(m.Stderr, "new: site.yaml has no %s %q (%s)\n", kind, id, hint)
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

// badID reports an id that cannot be a file name, with the name it could be.
func (m *Main) badID(kind, id, example string) int {
	hint := "use lowercase letters a-z, digits and hyphens"
	if s := generator.Slugify(id); s != "" && s != id {
		hint += ", e.g. " + strings.ReplaceAll(example, "SLUG", s)
	}
	fmt.Fprintf(m.Stderr, "new: %q cannot be a %s name (%s)\n", id, kind, hint)
	return exitUsage
}

func (m *Main) newCard(args []string) int {
	fl, content := m.newFlags("card")
	var segments, areas idList
	fl.Var(&segments, "segment", "a segment the card is for (repeat it or separate ids with commas); none means everyone")
	fl.Var(&areas, "area", "a service area of the card (repeat it or separate ids with commas)")
	arg, code, ok := m.oneArg(fl, args)
	if !ok {
		return code
	}
	id := strings.TrimSuffix(strings.TrimPrefix(arg, "tools/"), ".md")
	tool, slug, found := strings.Cut(id, "/")
	if !found || strings.Contains(slug, "/") {
		fmt.Fprintf(m.Stderr, "new: write the card as <tool>/<slug>, e.g. teams/liity-kokoukseen, not %q\n", arg)
		return exitUsage
	}
	s, code, ok := m.openContent(*content)
	if !ok {
		return code
	}
	if tools := s.toolIDs(); !slices.Contains(tools, tool) {
		hint := generator.DidYouMean(tool, tools)
		if hint == "" {
			hint = "start it first: tietopankki new tool " + tool
		}
		fmt.Fprintf(m.Stderr, "new: there is no tool %q (%s)\n", tool, hint)
		return exitUsage
	}
	if !generator.ValidID(slug) {
		return m.badID("card", slug, "tietopankki new card "+tool+"/SLUG")
	}
	if !m.checkIDs("segment", segments, s.segmentIDs()) || !m.checkIDs("area", areas, s.areaIDs()) {
		return exitUsage
	}
	var b strings.Builder
	fmt.Fprintf(&b, `---
title: %s
summary: Kerro tähän yhdellä lauseella, mitä kortti neuvoo.
segments: [%s]
areas: [%s]
tags: []
updated: %s
draft: true
---
Kerro tähän lyhyesti, missä tilanteessa ohje auttaa.

## Näin teet sen

1. Avaa ...
2. Valitse ...
3. Tallenna ...

> [!VINKKI]
> Kirjoita tähän hyvä neuvo, joka helpottaa työtä.

## Jos jokin ei onnistu

Kerro tähän, mitä lukija voi tehdä, jos jokin vaihe ei onnistu.
%s`, titleOf(slug), strings.Join(segments, ", "), strings.Join(areas, ", "), m.clockNow().Format(time.DateOnly), s.helpLine())
	return m.writeNew(s, "tools/"+tool+"/"+slug+".md", b.String(),
		"Kortti on luonnos, eikä se näy sivustolla. Kun kortti on valmis, poista rivi draft: true.")
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
	segment := fl.String("segment", "", "the segment the path is for (required)")
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
		return m.badID("learning path", slug, "tietopankki new path SLUG")
	}
	if *segment == "" {
		fmt.Fprintf(m.Stderr, "new: say who the path is for with --segment ID (%s)\n", strings.Join(s.segmentIDs(), ", "))
		return exitUsage
	}
	if !m.checkIDs("segment", []string{*segment}, s.segmentIDs()) {
		return exitUsage
	}
	var steps strings.Builder
	for _, id := range m.exampleSteps(s, *segment) {
		fmt.Fprintf(&steps, "#   - %s\n", id)
	}
	text := fmt.Sprintf(`---
title: %s
segment: %s
summary: Kerro tähän yhdellä lauseella, mitä polulla oppii.
# Kirjoita vaiheiksi korttien tunnukset siinä järjestyksessä, jossa lukija etenee.
# Tunnus on työkalun kansio ja kortin tiedoston nimi ilman .md-päätettä.
# Poista alla olevien rivien alusta merkki # ja vaihda tilalle omat kortit:
# steps:
%s---
Kerro tähän 2–4 lauseella, kenelle polku sopii ja mitä sillä oppii.
Etene omaan tahtiin, yksi ohje kerrallaan.
`, titleOf(slug), *segment, steps.String())
	return m.writeNew(s, "paths/"+slug+".md", text,
		"Lisää polun vaiheet kohtaan steps: ennen kuin polku näkyy sivustolla. Tarkista: tietopankki check")
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
		return m.badID("tool", id, "tietopankki new tool SLUG")
	}
	text := fmt.Sprintf(`---
title: %s
purpose: Kerro tähän yhdellä lauseella, mihin työkalu auttaa työssä.
# link: https://osoite.example.fi/
---
## Mihin työkalu auttaa?

Kerro tähän, mitä työkalulla voi tehdä.

## Kuka työkalua käyttää?

Kerro tähän, ketkä työkalua käyttävät ja missä työssä.

## Aloita tästä

Linkitä tähän työkalun tärkein ohjekortti.
Uuden kortin saat komennolla `+"`tietopankki new card %s/kortin-nimi`"+`.
`, titleOf(id), id)
	return m.writeNew(s, "tools/"+id+"/_index.md", text,
		"Kirjoita sitten työkalulle ensimmäinen kortti: tietopankki new card "+id+"/kortin-nimi")
}

// writeNew writes a new file into the content folder, never over an existing
// one, and tells what to do next.
func (m *Main) writeNew(s *newSite, rel, text, next string) int {
	shown := filepath.ToSlash(filepath.Join(s.dir, rel))
	file := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		fmt.Fprintf(m.Stderr, "new: %v\n", err)
		return exitContent
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(m.Stderr, "new: %s already exists; it was left as it is (choose another name, or open that file)\n", shown)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "new: %v\n", err)
		return exitContent
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file)
		fmt.Fprintf(m.Stderr, "new: %v\n", err)
		return exitContent
	}
	serve := "tietopankki serve"
	if filepath.Clean(s.dir) != "content" {
		serve += " --content " + s.dir
	}
	fmt.Fprintf(m.Stdout, "Uusi tiedosto: %s\n", shown)
	fmt.Fprintf(m.Stdout, "Avaa tiedosto ja kirjoita ohje. Esikatsele: %s\n", serve)
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
