package feedback

import (
	"strings"
	"testing"
)

func TestValidHetu(t *testing.T) {
	for _, tc := range []struct {
		code string
		want bool
	}{
		{"131052-308T", true},  // the Digital and Population Data Services Agency's example
		{"131052-308t", true},  // typed in lower case
		{"010594Y9032", true},  // century sign Y (1900s)
		{"020304A345J", false}, // 020304345 mod 31 = 27 -> "V"
		{"020304A345V", true},
		{"131052-308U", false},
		{"131052-30XT", false},
		{"131052308T", false}, // no century sign: not 11 characters
	} {
		if got := ValidHetu(tc.code); got != tc.want {
			t.Errorf("ValidHetu(%q) = %v, want %v", tc.code, got, tc.want)
		}
	}
}

func TestScrub(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"hetu with a right check character", "Potilas 131052-308T soitti", "Potilas [poistettu] soitti"},
		{"hetu with a wrong check character", "tunnus 131052-308U oli väärin", "tunnus [poistettu] oli väärin"},
		{"hetu in lower case, century A", "asiakas 020304a345v", "asiakas [poistettu]"},
		{"hetu, new century signs", "010594Y9032 ja 010594X9032", "[poistettu] ja [poistettu]"},
		{"hetu without the sign, check right", "numero 131052308T", "numero [poistettu]"},
		{"ten characters, check wrong: kept", "tilaus 131052308U", "tilaus 131052308U"},
		{"not a date: kept", "koodi 991352-308T", "koodi 991352-308T"},
		{"mobile, spaces", "soita 040 123 4567 kiitos", "soita [poistettu] kiitos"},
		{"mobile, no spaces", "numero 0401234567.", "numero [poistettu]."},
		{"mobile, hyphen", "040-1234567", "[poistettu]"},
		{"international", "+358 40 1234567 tai +358401234567", "[poistettu] tai [poistettu]"},
		{"landline with area code", "Helsinki 09-123 4567", "Helsinki [poistettu]"},
		{"landline, brackets", "(09) 123 4567", "[poistettu]"},
		{"00358", "00358 40 123 4567", "[poistettu]"},
		{"e-mail", "kirjoita matti.meikalainen@hyvinvointialue.fi heti", "kirjoita [poistettu] heti"},
		{"e-mail with plus and ä", "mäki+tp@esimerkki.fi", "[poistettu]"},
		{"dates and times are kept", "päivitetty 15.1.2026 klo 8–15, versio 2.4", "päivitetty 15.1.2026 klo 8–15, versio 2.4"},
		{"ISO date kept", "2026-01-15", "2026-01-15"},
		{"short numbers kept", "vaihe 3, 12 minuuttia, 0,5 mg", "vaihe 3, 12 minuuttia, 0,5 mg"},
		{"plain text kept", "Ohjeesta puuttui kuva kirjautumisesta.", "Ohjeesta puuttui kuva kirjautumisesta."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Scrub(tc.in); got != tc.want {
				t.Errorf("Scrub(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanComment(t *testing.T) {
	got, ok := CleanComment("  Puuttui\tohje\x00 ja   numero 040 123 4567\r\nToinen rivi  ")
	if want := "Puuttui ohje ja numero [poistettu]\nToinen rivi"; !ok || got != want {
		t.Errorf("CleanComment = %q, %v; want %q", got, ok, want)
	}
	if _, ok := CleanComment(strings.Repeat("ä", MaxComment)); !ok {
		t.Errorf("a comment of exactly %d characters was refused", MaxComment)
	}
	if _, ok := CleanComment(strings.Repeat("ä", MaxComment+1)); ok {
		t.Errorf("a comment of %d characters was accepted", MaxComment+1)
	}
}

func TestNormalizeQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Miten TEAMS-kokous?", "miten teams kokous"},
		{"  etävastaanotto  ", "etavastaanotto"},
		{"Teams:n äänet", "teams n aanet"},
		{"hetu 131052-308T", "hetu poistettu"},
		{"???", ""},
		{strings.Repeat("sana ", 60), strings.TrimSpace(strings.Repeat("sana ", 20))},
	} {
		if got := NormalizeQuery(tc.in); got != tc.want {
			t.Errorf("NormalizeQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
