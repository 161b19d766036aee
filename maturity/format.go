package maturity

import (
	"math"
	"strconv"
	"strings"

	"tietopankki/i18n"
)

// minus is the sign of negative numbers in text: the typographic minus.
const minus = "−"

// Percent writes a growth (0.26) as a whole percentage with its sign, in
// the catalogue's style: "+26 %" in Finnish (a non-breaking space before
// the sign %), "+26%" in English.
func Percent(c *i18n.Catalog, growth float64) string {
	return c.T("maturity.percent", Signed(int(math.Round(growth*100))))
}

// Decimal writes a mean level with one decimal in the catalogue's style:
// "252,5" in Finnish, "252.5" in English.
func Decimal(c *i18n.Catalog, x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.Replace(s, ".", c.T("maturity.decimal"), 1)
	return strings.Replace(s, "-", minus, 1)
}

// Signed writes a change with its sign: "+3", "−2", "0".
func Signed(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return minus + strconv.Itoa(-n)
	}
	return "0"
}
