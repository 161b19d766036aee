package maturity

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"tietopankki/i18n"
)

// The meter's scale: 0 to MaxLevel, named levels every Step.
const (
	MaxLevel = 500
	Step     = 100
)

// Level is a named level of the meter.
type Level struct {
	Value       int    // 0, 100, ... 500
	Name        string // "Tietämätön"
	Description string // one plain sentence
}

// DefaultLevels are the six levels in a catalogue's language: its
// maturity.level.* strings. site.yaml's maturity.levels override them.
func DefaultLevels(c *i18n.Catalog) []Level {
	keys := []struct{ name, desc i18n.Msg }{
		{i18n.M("maturity.level.0"), i18n.M("maturity.level.0.description")},
		{i18n.M("maturity.level.100"), i18n.M("maturity.level.100.description")},
		{i18n.M("maturity.level.200"), i18n.M("maturity.level.200.description")},
		{i18n.M("maturity.level.300"), i18n.M("maturity.level.300.description")},
		{i18n.M("maturity.level.400"), i18n.M("maturity.level.400.description")},
		{i18n.M("maturity.level.500"), i18n.M("maturity.level.500.description")},
	}
	out := make([]Level, len(keys))
	for i, k := range keys {
		out[i] = Level{Value: i * Step, Name: c.Format(k.name), Description: c.Format(k.desc)}
	}
	return out
}

// Round is one assessment round: one file.
type Round struct {
	Name        string    // site.yaml's name for it, else the file's name without .csv
	File        string    // content path, "maturity/2021-05.csv"
	Date        time.Time // the latest assessment date in it; rounds are ordered by it
	Assessments []Assessment
	Units       int // how many units were assessed
	Tools       int // how many tools were assessed
}

// Assessment is one row: a unit's level with a tool. The mentor is not
// kept.
type Assessment struct {
	Unit  string // as written, runs of spaces as one
	Area  string // area id
	Tool  string // tool id
	Date  time.Time
	Level int
	Note  string
	Line  int    // the row's line in its file
	key   string // the unit's folded name: the same unit in every round
}

// Report is the rounds and the figures computed from them.
type Report struct {
	Levels    []Level
	HelpBelow int
	Rounds    []*Round       // oldest first
	Areas     []*AreaFigures // in site.yaml order; areas that were assessed
	Tools     []*ToolFigures // in the site's order; tools that were assessed
	Units     []*Unit        // every unit, by name
	toolByID  map[string]*ToolFigures
}

// Latest is the newest round.
func (r *Report) Latest() *Round { return r.Rounds[len(r.Rounds)-1] }

// Tool returns a tool's figures, nil when no round assessed it.
func (r *Report) Tool(id string) *ToolFigures { return r.toolByID[id] }

// Level returns the named level a score is at: 250 is at 200.
func (r *Report) Level(score int) Level {
	return r.Levels[min(max(score, 0), MaxLevel)/Step]
}

// AreaFigures is how a service area's units use their tools, round by
// round, and the growth from the area's first round to its latest.
type AreaFigures struct {
	Area   Name
	Rounds []RoundMean // the rounds that assessed the area, oldest first
	// First and Latest are the area's first and latest rounds; Pairs the
	// (unit, tool) pairs of the area assessed in both, and FirstMean and
	// LatestMean their mean levels then.
	First, Latest         *Round
	Pairs                 int
	FirstMean, LatestMean float64
	// Growth is (LatestMean - FirstMean) / FirstMean; HasGrowth is false
	// with one round, no pairs or a first mean of 0.
	Growth    float64
	HasGrowth bool
}

// RoundMean is the mean level of the assessments of one round.
type RoundMean struct {
	Round       *Round
	Assessments int
	Mean        float64
}

// ToolFigures is how many units are at each level of a tool, in the
// latest round that assessed it and in the round before that.
type ToolFigures struct {
	Tool             Name
	Latest, Previous *Round // Previous is nil when one round assessed the tool
	Levels           []LevelCount
	Units            int // units assessed in Latest
	PreviousUnits    int
	Mean             float64
	PreviousMean     float64
	Below            int // units in Latest below the report's HelpBelow
	Rounds           []RoundMean
}

// LevelCount is how many units are at a level.
type LevelCount struct {
	Level
	Count    int // in the latest round
	Previous int // in the previous round
}

// Change is the count's change since the previous round.
func (l LevelCount) Change() int { return l.Count - l.Previous }

// Unit is one unit's levels, for the per-unit pages.
type Unit struct {
	Name  string // as the latest round writes it
	Area  Name   // the area of its latest row
	Tools []UnitTool
}

// Notes are the unit's tools that have a note in their latest round.
func (u *Unit) Notes() []UnitTool {
	var out []UnitTool
	for _, t := range u.Tools {
		if t.Note != "" {
			out = append(out, t)
		}
	}
	return out
}

// UnitTool is a unit's levels with one tool, one cell per round.
type UnitTool struct {
	Tool  Name
	Cells []Cell // one per Report.Rounds
	Note  string // the latest note
}

// Cell is a unit's level with a tool in one round.
type Cell struct {
	Assessed bool
	Level    int
}

// newReport computes the figures of rounds.
func newReport(cfg Config, rounds []*Round) *Report {
	slices.SortStableFunc(rounds, func(a, b *Round) int {
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.File, b.File))
	})
	r := &Report{Levels: cfg.Levels, HelpBelow: cfg.HelpBelow, Rounds: rounds, toolByID: map[string]*ToolFigures{}}
	for _, rd := range rounds {
		units, tools := map[string]bool{}, map[string]bool{}
		for _, a := range rd.Assessments {
			units[a.key], tools[a.Tool] = true, true
		}
		rd.Units, rd.Tools = len(units), len(tools)
	}
	for _, n := range cfg.Areas {
		if a := r.area(n); a != nil {
			r.Areas = append(r.Areas, a)
		}
	}
	for _, n := range cfg.Tools {
		if t := r.tool(n); t != nil {
			r.Tools = append(r.Tools, t)
			r.toolByID[n.ID] = t
		}
	}
	r.Units = units(cfg, rounds)
	return r
}

type pair struct{ unit, tool string }

func (r *Report) area(n Name) *AreaFigures {
	a := &AreaFigures{Area: n, Rounds: r.means(func(x Assessment) bool { return x.Area == n.ID })}
	if len(a.Rounds) == 0 {
		return nil
	}
	a.First, a.Latest = a.Rounds[0].Round, a.Rounds[len(a.Rounds)-1].Round
	if a.First == a.Latest {
		return a
	}
	first := map[pair]int{}
	for _, x := range a.First.Assessments {
		first[pair{x.key, x.Tool}] = x.Level
	}
	var sumFirst, sumLatest int
	for _, x := range a.Latest.Assessments {
		if x.Area != n.ID {
			continue
		}
		if lv, ok := first[pair{x.key, x.Tool}]; ok {
			a.Pairs++
			sumFirst += lv
			sumLatest += x.Level
		}
	}
	if a.Pairs > 0 {
		a.FirstMean = float64(sumFirst) / float64(a.Pairs)
		a.LatestMean = float64(sumLatest) / float64(a.Pairs)
		if sumFirst > 0 {
			a.Growth, a.HasGrowth = (a.LatestMean-a.FirstMean)/a.FirstMean, true
		}
	}
	return a
}

// means is the mean level of the assessments keep keeps, in each round
// that has any.
func (r *Report) means(keep func(Assessment) bool) []RoundMean {
	var out []RoundMean
	for _, rd := range r.Rounds {
		m := RoundMean{Round: rd}
		sum := 0
		for _, x := range rd.Assessments {
			if keep(x) {
				m.Assessments++
				sum += x.Level
			}
		}
		if m.Assessments > 0 {
			m.Mean = float64(sum) / float64(m.Assessments)
			out = append(out, m)
		}
	}
	return out
}

func (r *Report) tool(n Name) *ToolFigures {
	t := &ToolFigures{Tool: n, Rounds: r.means(func(x Assessment) bool { return x.Tool == n.ID })}
	if len(t.Rounds) == 0 {
		return nil
	}
	latest := t.Rounds[len(t.Rounds)-1]
	t.Latest, t.Units, t.Mean = latest.Round, latest.Assessments, latest.Mean
	t.Levels = make([]LevelCount, len(r.Levels))
	for i, lv := range r.Levels {
		t.Levels[i].Level = lv
	}
	for _, x := range t.Latest.Assessments {
		if x.Tool == n.ID {
			t.Levels[x.Level/Step].Count++
			if x.Level < r.HelpBelow {
				t.Below++
			}
		}
	}
	if len(t.Rounds) > 1 {
		prev := t.Rounds[len(t.Rounds)-2]
		t.Previous, t.PreviousUnits, t.PreviousMean = prev.Round, prev.Assessments, prev.Mean
		for _, x := range t.Previous.Assessments {
			if x.Tool == n.ID {
				t.Levels[x.Level/Step].Previous++
			}
		}
	}
	return t
}

// units gathers each unit's levels over the rounds.
func units(cfg Config, rounds []*Round) []*Unit {
	byKey := map[string]*Unit{}
	cells := map[pair][]Cell{}
	notes := map[pair]string{}
	areaName := map[string]string{}
	for _, n := range cfg.Areas {
		areaName[n.ID] = n.Name
	}
	for i, rd := range rounds {
		for _, x := range rd.Assessments {
			k := x.key
			u := byKey[k]
			if u == nil {
				u = &Unit{}
				byKey[k] = u
			}
			u.Name, u.Area = x.Unit, Name{ID: x.Area, Name: areaName[x.Area]} // the latest round wins
			p := pair{k, x.Tool}
			if cells[p] == nil {
				cells[p] = make([]Cell, len(rounds))
			}
			cells[p][i] = Cell{Assessed: true, Level: x.Level}
			notes[p] = x.Note
		}
	}
	out := make([]*Unit, 0, len(byKey))
	for k, u := range byKey {
		for _, t := range cfg.Tools {
			if c := cells[pair{k, t.ID}]; c != nil {
				u.Tools = append(u.Tools, UnitTool{Tool: t, Cells: c, Note: notes[pair{k, t.ID}]})
			}
		}
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b *Unit) int {
		return cmp.Or(strings.Compare(fold(a.Name), fold(b.Name)), strings.Compare(a.Name, b.Name))
	})
	return out
}
