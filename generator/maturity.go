package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"tietopankki/i18n"
	"tietopankki/maturity"
)

// The maturity meter (package maturity): rounds in content/maturity/*.csv
// become the /kypsyys/ pages, a section on each tool page and, with
// site.yaml's maturity.units, a page a unit. A site without the folder
// has none of them, and no menu entry.

// MaturityConfig is site.yaml's maturity section.
type MaturityConfig struct {
	HelpBelow    int             `fm:"helpBelow"`    // units below this level are pointed to the help (default 300)
	HelpSegments []Ref           `fm:"helpSegments"` // whose learning paths and cards help them (default: all but the last segment)
	Units        bool            `fm:"units"`        // a page a unit (default false: aggregates only)
	Rounds       []MaturityRound `fm:"rounds"`       // names for rounds (default: the file's name)
	Levels       []MaturityLevel `fm:"levels"`       // names for levels (default: the catalogue's)

	KeyPos map[string]Pos `json:"-"`
}

// MaturityRound names a round: maturity.rounds in site.yaml.
type MaturityRound struct {
	File string `fm:"file,required"` // "2021-05.csv"
	Name string `fm:"name,required"` // "Kevät 2021"
	Pos  Pos
}

// MaturityLevel renames a level of the meter: maturity.levels in site.yaml.
type MaturityLevel struct {
	Level       int    `fm:"level"` // 0, 100, ... 500 (required; 0 is a level, so checked by KeyPos)
	Name        string `fm:"name"`
	Description string `fm:"description"`

	Pos    Pos
	KeyPos map[string]Pos `json:"-"`
}

// maturityURL is the folder of the meter's pages.
const maturityURL = "kypsyys/"

// loadMaturity reads content/maturity/ into s.Maturity (nil when there
// are no rounds), reporting the rounds' problems and those of site.yaml's
// maturity section. The tools must be loaded: rows name them.
func (s *Site) loadMaturity(fsys fs.FS, d *diags) {
	s.Maturity, s.maturityHash, s.unitSlugs = nil, "", nil
	entries, err := fs.ReadDir(fsys, maturity.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		d.error(Pos{File: maturity.Dir}, "maturity-read", i18n.M("diag.maturity-read", err), i18n.Msg{})
	}
	h := sha256.New()
	var files []string
	for _, e := range entries {
		name, file := e.Name(), maturity.Dir+"/"+e.Name()
		switch {
		case Ignored(name):
		case e.IsDir() || !strings.EqualFold(path.Ext(name), ".csv"):
			d.warn(Pos{File: file}, "maturity-not-csv", i18n.M("diag.maturity-not-csv"), i18n.M("diag.maturity-not-csv.hint"))
		default:
			files = append(files, file)
		}
	}
	cfg := s.maturityConfig(files, d)
	report, problems := maturity.Read(hashFS{fsys, h}, files, cfg)
	for _, p := range problems {
		diag := Diagnostic{Pos: Pos{File: p.File, Line: p.Line, Col: p.Col}, Rule: p.Rule, Msg: p.Msg, Hint: p.Hint}
		if p.Warning {
			diag.Severity = Warning
		}
		d.list = append(d.list, diag)
	}
	if report != nil {
		s.Maturity, s.maturityHash = report, hex.EncodeToString(h.Sum(nil))
		s.unitSlugs = unitSlugs(report.Units)
	}
}

// hashFS reads files through a hash, for the service worker's version.
type hashFS struct {
	fs.FS
	h hash.Hash
}

func (f hashFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(f.FS, name)
	f.h.Write([]byte(name + "\n"))
	f.h.Write(b)
	return b, err
}

// maturityConfig turns site.yaml's maturity section into what package
// maturity reads the rounds with, checking it against the round files.
func (s *Site) maturityConfig(files []string, d *diags) maturity.Config {
	mc := s.Config.Maturity
	cfg := maturity.Config{HelpBelow: mc.HelpBelow, Rounds: map[string]string{},
		Levels: maturity.DefaultLevels(i18n.MustGet(s.Language))}
	for _, a := range s.Areas {
		cfg.Areas = append(cfg.Areas, maturity.Name{ID: a.ID, Name: a.Name})
	}
	for _, t := range s.Tools {
		cfg.Tools = append(cfg.Tools, maturity.Name{ID: t.ID, Name: t.Title})
	}
	seen := map[int]bool{}
	for _, l := range mc.Levels {
		pos, set := l.KeyPos["level"]
		switch {
		case !set:
			d.error(l.Pos, "maturity-config", i18n.M("diag.maturity-config.no-level"), i18n.M("diag.maturity-config.level.hint"))
			continue
		case l.Level < 0 || l.Level > maturity.MaxLevel || l.Level%maturity.Step != 0:
			d.error(pos, "maturity-config", i18n.M("diag.maturity-config.level", l.Level), i18n.M("diag.maturity-config.level.hint"))
			continue
		case seen[l.Level]:
			d.error(pos, "maturity-config", i18n.M("diag.maturity-config.level-twice", l.Level), i18n.M("diag.maturity-config.level-twice.hint"))
			continue
		}
		seen[l.Level] = true
		lv := &cfg.Levels[l.Level/maturity.Step]
		lv.Name = cmpOr(l.Name, lv.Name)
		lv.Description = cmpOr(l.Description, lv.Description)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = path.Base(f)
	}
	for _, r := range mc.Rounds {
		if !slices.Contains(names, r.File) {
			hint := i18n.M("diag.maturity-config.round.hint", strings.Join(names, ", "))
			if c := closest(r.File, names); c != "" {
				hint = i18n.M("hint.did-you-mean", c)
			}
			d.error(r.Pos, "maturity-config", i18n.M("diag.maturity-config.round", r.File), hint)
			continue
		}
		cfg.Rounds[r.File] = r.Name
	}
	return cfg
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkMaturityConfig checks what LoadConfig can of the maturity section
// and fills in its defaults.
func (c *Config) checkMaturityConfig(d *diags) {
	mc := &c.Maturity
	pos, set := mc.KeyPos["helpBelow"]
	switch {
	case !set:
		mc.HelpBelow = maturity.DefaultHelpBelow
	case mc.HelpBelow < 0 || mc.HelpBelow > maturity.MaxLevel:
		d.error(pos, "maturity-config", i18n.M("diag.maturity-config.help-below", mc.HelpBelow), i18n.M("diag.maturity-config.help-below.hint"))
	}
}

// MaturityTool returns the meter's figures of a tool, nil when no round
// assessed it (or the site has no rounds).
func (s *Site) MaturityTool(t *Tool) *maturity.ToolFigures {
	if s.Maturity == nil || t == nil {
		return nil
	}
	return s.Maturity.Tool(t.ID)
}

// MaturityHelp is what helps units that have not taken a tool up: the
// tool's learning paths and cards for the help segments.
type MaturityHelp struct {
	Segments []*Segment
	Paths    []*Path
	Cards    []*Card
}

// MaturityHelpFor returns the learning paths of the help segments
// (site.yaml's maturity.helpSegments, by default every segment but the
// last: Alkava and Kokeileva) that have a step with the tool, and the
// tool's cards meant for those segments (cards for everyone included).
func (s *Site) MaturityHelpFor(t *Tool) MaturityHelp {
	var h MaturityHelp
	for _, r := range s.Config.Maturity.HelpSegments {
		if sg := s.SegmentByID[r.ID]; sg != nil {
			h.Segments = append(h.Segments, sg)
		}
	}
	if len(s.Config.Maturity.HelpSegments) == 0 && len(s.Segments) > 1 {
		for i := range s.Segments[:len(s.Segments)-1] {
			h.Segments = append(h.Segments, &s.Segments[i])
		}
	}
	for _, sg := range h.Segments {
		for _, p := range sg.Paths {
			if slices.ContainsFunc(p.Cards, func(c *Card) bool { return c.Tool == t }) && !slices.Contains(h.Paths, p) {
				h.Paths = append(h.Paths, p)
			}
		}
	}
	for _, c := range t.Cards {
		if slices.ContainsFunc(h.Segments, func(sg *Segment) bool { return c.ForSegment(sg.ID) }) {
			h.Cards = append(h.Cards, c)
		}
	}
	return h
}

// SegmentNames joins the help segments' names for a sentence.
func (h MaturityHelp) SegmentNames() string {
	names := make([]string, len(h.Segments))
	for i, sg := range h.Segments {
		names[i] = sg.Name
	}
	return strings.Join(names, ", ")
}

// maturityViews are the meter's pages: the overview, one a tool that was
// assessed and, with maturity.units, the units' list and one a unit.
func maturityViews(s *Site) []*View {
	if s.Maturity == nil {
		return nil
	}
	vs := []*View{s.maturityView()}
	for _, t := range s.Tools {
		if v := s.maturityToolView(t); v != nil {
			vs = append(vs, v)
		}
	}
	if s.Config.Maturity.Units {
		vs = append(vs, s.maturityUnitsView())
		for i, u := range s.Maturity.Units {
			vs = append(vs, s.maturityUnitView(u, s.unitSlugs[i]))
		}
	}
	return vs
}

func (s *Site) maturityTitle() string { return i18n.MustGet(s.Language).T("maturity.title") }

func (s *Site) maturityCrumbs() []Crumb {
	return []Crumb{{Title: s.maturityTitle(), URL: s.URLFor(maturityURL)}}
}

func (s *Site) maturityView() *View {
	return &View{Site: s, Kind: "maturity", Rel: maturityURL, Title: s.maturityTitle()}
}

func (s *Site) maturityToolView(t *Tool) *View {
	if s.MaturityTool(t) == nil {
		return nil
	}
	return &View{Site: s, Kind: "maturity-tool", Rel: maturityURL + t.ID + "/", Tool: t,
		Title: i18n.MustGet(s.Language).T("maturity.tool.title", t.Title), Crumbs: s.maturityCrumbs()}
}

func (s *Site) maturityUnitsView() *View {
	return &View{Site: s, Kind: "maturity-units", Rel: maturityURL + "yksikot/",
		Title: i18n.MustGet(s.Language).T("maturity.units.title"), Crumbs: s.maturityCrumbs()}
}

func (s *Site) maturityUnitView(u *maturity.Unit, slug string) *View {
	return &View{Site: s, Kind: "maturity-unit", Rel: maturityURL + "yksikot/" + slug + "/", Unit: u, Title: u.Name,
		Crumbs: append(s.maturityCrumbs(), Crumb{Title: i18n.MustGet(s.Language).T("maturity.units.title"), URL: s.URLFor(maturityURL + "yksikot/")})}
}

// unitSlugs makes the units' URL names, in Maturity.Units order: the
// name's slug, numbered when two names make the same slug.
func unitSlugs(units []*maturity.Unit) []string {
	used := map[string]int{}
	out := make([]string, len(units))
	for i, u := range units {
		slug := cmpOr(Slugify(u.Name), "yksikko")
		used[slug]++
		if n := used[slug]; n > 1 {
			slug += "-" + strconv.Itoa(n)
		}
		out[i] = slug
	}
	return out
}

// UnitURL is the page of a unit (with maturity.units: true).
func (s *Site) UnitURL(u *maturity.Unit) string {
	if i := slices.Index(s.Maturity.Units, u); i >= 0 {
		return s.URLFor(maturityURL + "yksikot/" + s.unitSlugs[i] + "/")
	}
	return ""
}
