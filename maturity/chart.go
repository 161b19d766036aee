package maturity

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"tietopankki/i18n"
)

// Charts are drawn for a phone first: the view box is 360 units wide, so
// that at 100 % of a 390-pixel screen a unit is about a pixel and the
// 14-unit text is 14 pixels; the theme lets them grow to a limit on wider
// screens. Bars run sideways, each with its label above it and its number
// at its end, so nothing depends on colour; the two rounds of a tool chart
// differ by pattern too (solid and striped), in colours from the
// Okabe-Ito palette that stay apart in every kind of colour blindness and
// in black and white. Presentation attributes only (fill=, font-size=):
// no style attributes, which the site's Content-Security-Policy forbids.
const (
	chartWidth = 360
	textColour = "#0b0c0c" // the theme's text colour
	axisColour = "#484949" // the theme's muted text, 9:1 on white
	gridColour = "#b1b4b6"
	// latestColour is Okabe-Ito blue, 5.1:1 on white; previousColour is
	// Okabe-Ito vermilion, 4.9:1 on white, drawn as stripes.
	latestColour   = "#0072B2"
	previousColour = "#D55E00"
)

// svg builds one chart.
type svg struct {
	b      strings.Builder
	id     string
	height int
}

func (s *svg) printf(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text writes a text element; anchor is start, middle or end.
func (s *svg) text(x, y float64, size int, bold bool, anchor, colour, body string) {
	weight := ""
	if bold {
		weight = ` font-weight="700"`
	}
	if anchor != "start" {
		weight += ` text-anchor="` + anchor + `"`
	}
	s.printf(`<text x="%s" y="%s" font-size="%d"%s fill="%s">%s</text>`, num(x), num(y), size, weight, colour, esc(body))
}

func (s *svg) rect(x, y, w, h float64, fill, stroke string) {
	extra := ""
	if stroke != "" {
		extra = ` stroke="` + stroke + `" stroke-width="1.5"`
	}
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`, num(x), num(y), num(w), num(h), fill, extra)
}

// html wraps the drawn elements in the svg element with its title and
// description, which name it for screen readers (role="img").
func (s *svg) html(title, desc string) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s_title %s_desc">`,
		chartWidth, s.height, chartWidth, s.height, s.id, s.id)
	fmt.Fprintf(&b, `<title id="%s_title">%s</title><desc id="%s_desc">%s</desc>`, s.id, esc(title), s.id, esc(desc))
	b.WriteString(s.b.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most one decimal.
func num(x float64) string {
	return strconv.FormatFloat(float64(int(x*10+0.5))/10, 'f', -1, 64)
}

// Chart draws the area's mean level in each round as a bar on the 0-500
// scale, with the mean written at the bar's end. The page shows the same
// numbers in a table after it.
func (a *AreaFigures) Chart(c *i18n.Catalog) template.HTML {
	const (
		top, rowH, barH = 4, 50, 20
		plotW           = chartWidth - 56 // room for "252,5" after a full bar
	)
	s := &svg{id: "chart_area_" + a.Area.ID}
	axisY := float64(top + len(a.Rounds)*rowH + 2)
	for v := 0; v <= MaxLevel; v += Step {
		x := float64(v) / MaxLevel * plotW
		s.printf(`<line x1="%s" y1="%d" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(x), top+18, num(x), num(axisY), gridColour)
		anchor := "middle"
		switch v {
		case 0:
			anchor = "start"
		case MaxLevel:
			anchor = "end"
		}
		s.text(x, axisY+14, 12, false, anchor, axisColour, strconv.Itoa(v))
	}
	for i, m := range a.Rounds {
		y := float64(top + i*rowH)
		s.text(0, y+14, 14, false, "start", textColour, m.Round.Name)
		w := m.Mean / MaxLevel * plotW
		if w > 0 {
			s.rect(0, y+20, w, barH, latestColour, "")
		}
		s.text(w+6, y+20+15, 14, true, "start", textColour, Decimal(c, m.Mean))
	}
	s.height = int(axisY) + 20
	first, last := a.Rounds[0], a.Rounds[len(a.Rounds)-1]
	return s.html(c.T("maturity.chart.area.title", a.Area.Name),
		c.T("maturity.chart.area.desc", first.Round.Name, Decimal(c, first.Mean), last.Round.Name, Decimal(c, last.Mean)))
}

// Chart draws how many units are at each level of the tool: a solid bar
// for the latest round and, under it, a striped one for the round before,
// each with its count at its end. The page shows the same numbers in a
// table after it.
func (t *ToolFigures) Chart(c *i18n.Catalog) template.HTML {
	const (
		barH, legendRow = 16, 24
		plotW           = chartWidth - 44 // room for "500" after a full bar
	)
	s := &svg{id: "chart_tool_" + t.Tool.ID}
	pattern := s.id + "_stripes"
	s.printf(`<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`+
		`<rect width="6" height="6" fill="#ffffff"/><line x1="1.5" y1="0" x2="1.5" y2="6" stroke="%s" stroke-width="3"/></pattern></defs>`,
		pattern, previousColour)
	solid, striped := latestColour, "url(#"+pattern+")"

	// Legend: one line a round, so that it fits a phone.
	y := 2.0
	s.rect(0, y, 16, 16, solid, "")
	s.text(24, y+13, 14, false, "start", textColour, c.T("maturity.chart.latest", t.Latest.Name))
	if t.Previous != nil {
		y += legendRow
		s.rect(0, y, 16, 16, striped, previousColour)
		s.text(24, y+13, 14, false, "start", textColour, c.T("maturity.chart.previous", t.Previous.Name))
	}
	top := y + legendRow + 8

	most := 1
	for _, l := range t.Levels {
		most = max(most, l.Count, l.Previous)
	}
	rowH := 44.0
	if t.Previous != nil {
		rowH = 64
	}
	bar := func(y float64, n int, fill, stroke string) {
		w := float64(n) / float64(most) * plotW
		x := 0.0
		if n > 0 {
			s.rect(0, y, w, barH, fill, stroke)
			x = w + 6
		}
		s.text(x, y+13, 14, true, "start", textColour, strconv.Itoa(n))
	}
	for i, l := range t.Levels {
		y := top + float64(i)*rowH
		s.text(0, y+14, 14, false, "start", textColour, strconv.Itoa(l.Value)+" "+l.Name)
		bar(y+20, l.Count, solid, "")
		if t.Previous != nil {
			bar(y+40, l.Previous, striped, previousColour)
		}
	}
	s.height = int(top + float64(len(t.Levels))*rowH)
	desc := c.T("maturity.chart.tool.desc", t.Latest.Name, c.N("maturity.count.units", t.Units))
	if t.Previous != nil {
		desc = c.T("maturity.chart.tool.desc.previous", t.Latest.Name, c.N("maturity.count.units", t.Units), t.Previous.Name, c.N("maturity.count.units", t.PreviousUnits))
	}
	return s.html(c.T("maturity.chart.tool.title", t.Tool.Name), desc)
}
