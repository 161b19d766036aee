package feedback

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"tietopankki/search/finnish"
)

// Removed replaces what Scrub takes out of a text.
const Removed = "[poistettu]"

var (
	// A personal identity code (henkilötunnus): DDMMYY, the century sign,
	// an individual number and a check character. Letters in either case:
	// people type them as they come.
	hetuRE = regexp.MustCompile(`(?i)\b(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])\b`)
	// The same without the century sign ("010190123A"): only scrubbed
	// when the check character is right, as ten characters alone could be
	// anything (an order number).
	hetuBareRE = regexp.MustCompile(`(?i)\b(\d{2})(\d{2})(\d{2})(\d{3})([0-9A-Y])\b`)
	// E-mail addresses.
	emailRE = regexp.MustCompile(`(?i)[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}`)
	// Phone numbers: Finnish ones start with 0 or +358 (00358), others
	// with +country; the digits may be grouped with single spaces,
	// hyphens or a bracketed area code: 040 123 4567, 0401234567,
	// +358 40 1234567, 09-123 4567, (09) 123 4567.
	phoneRE = regexp.MustCompile(`(?:\+\d{1,3}|\b00\d{1,3}|\(0\d{1,3}\)|\b0\d)(?:[ \-]?\(?\d\)?){5,12}\b`)
)

// hetuCheck is the check character of a personal identity code: the
// nine digits DDMMYYNNN as one number, modulo 31, as a character.
const hetuCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// ValidHetu reports whether a personal identity code's check character
// is right ("131052-308T").
func ValidHetu(code string) bool {
	c := strings.ToUpper(code)
	if len(c) != 11 {
		return false
	}
	digits := c[:6] + c[7:10]
	n, err := strconv.Atoi(digits)
	if err != nil {
		return false
	}
	return hetuCheck[n%31] == c[10]
}

// plausibleDate reports whether DD and MM can be a day and a month.
func plausibleDate(dd, mm string) bool {
	d, _ := strconv.Atoi(dd)
	m, _ := strconv.Atoi(mm)
	return d >= 1 && d <= 31 && m >= 1 && m <= 12
}

// Scrub replaces personal identity codes, e-mail addresses and phone
// numbers in text with Removed. A code with the century sign is removed
// whether its check character is right or not: a mistyped code is still a
// person's code, all but one character of it. One without the sign is
// removed only when its check character is right.
func Scrub(text string) string {
	text = hetuRE.ReplaceAllStringFunc(text, func(m string) string {
		if !plausibleDate(m[0:2], m[2:4]) {
			return m
		}
		return Removed
	})
	text = hetuBareRE.ReplaceAllStringFunc(text, func(m string) string {
		if !plausibleDate(m[0:2], m[2:4]) || !ValidHetu(m[:6]+"-"+m[6:]) {
			return m
		}
		return Removed
	})
	text = emailRE.ReplaceAllString(text, Removed)
	return phoneRE.ReplaceAllString(text, Removed)
}

// CleanComment trims a comment, turns control characters and runs of
// white space into single spaces (line breaks kept), scrubs it and
// reports whether it was within MaxComment characters.
func CleanComment(text string) (string, bool) {
	text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
	if utf8.RuneCountInString(text) > MaxComment {
		return "", false
	}
	var b strings.Builder
	space := false
	for _, r := range text {
		switch {
		case r == '\r':
			continue // "\r\n" from a form is one line break
		case r == '\n':
			b.WriteRune('\n')
			space = false
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			if !space {
				b.WriteRune(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return Scrub(b.String()), true
}

// NormalizeQuery turns a search query into what is stored: scrubbed, its
// words as the search reads them (package search/finnish: lowercased,
// diacritics folded, stop words dropped) joined by single spaces, and at
// most MaxQuery characters. "Miten TEAMS-kokous?" and "miten teams
// kokous" are the same query.
func NormalizeQuery(q string) string {
	var b strings.Builder
	for _, w := range finnish.Words(Scrub(q)) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Word)
		if b.Len() >= MaxQuery {
			break
		}
	}
	s := b.String()
	if utf8.RuneCountInString(s) > MaxQuery {
		s = string([]rune(s)[:MaxQuery])
	}
	return strings.TrimSpace(s)
}
