package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"tietopankki/i18n"
)

// The impersonal passive present ends in -Vtaan/-Vtään ("avataan",
// "valitaan", "lähetetään") or -daan/-dään ("saadaan", "tehdään"). Plenty
// of other words end the same way, so a word counts as passive only when:
//
//   - it is in the imperatives table below (this also covers the -llaan,
//     -nnään, -rraan and -staan passives, "kokeillaan", "mennään",
//     "pestään": those endings are mostly adessives and elatives with a
//     possessive, "puhelimellaan", "itsestään", and plain illatives,
//     "reunaan", "ikkunaan", "tilaan", which the rule leaves alone), or
//   - it ends in -taan/-tään after a vowel and the stem before the ending
//     has at least two syllables: "pöytään", "sotaan", "työtään",
//     "mitään", "ketään" and "itään" have one, "haetaan" (ha-e) and
//     "avataan" (a-va) two; and it is not a plural partitive with a
//     possessive, -Vitaan: "asioitaan", "potilaitaan"; or
//   - it ends in -daan/-dään after a vowel or h ("voidaan", "tehdään");
//   - and it is not in notPassive (loanwords: "agendaan").
//
// Capitalised words inside a sentence are names and are left alone.

// imperatives maps the commonest passives of instructions to the form that
// speaks to the reader, mostly the imperative.
var imperatives = map[string]string{
	"avataan": "avaa", "valitaan": "valitse", "painetaan": "paina", "tallennetaan": "tallenna",
	"kirjoitetaan": "kirjoita", "lähetetään": "lähetä", "täytetään": "täytä", "suljetaan": "sulje",
	"liitetään": "liitä", "jaetaan": "jaa", "ladataan": "lataa", "kirjaudutaan": "kirjaudu",
	"haetaan": "hae", "etsitään": "etsi", "kerrotaan": "kerro", "luetaan": "lue", "lisätään": "lisää",
	"poistetaan": "poista", "tarkistetaan": "tarkista", "käytetään": "käytä", "otetaan": "ota",
	"annetaan": "anna", "siirrytään": "siirry", "palataan": "palaa", "pyydetään": "pyydä",
	"merkitään": "merkitse", "vastataan": "vastaa", "tilataan": "tilaa", "varataan": "varaa",
	"hyväksytään": "hyväksy", "kopioidaan": "kopioi", "muokataan": "muokkaa", "katsotaan": "katso",
	"soitetaan": "soita", "kysytään": "kysy", "odotetaan": "odota", "tehdään": "tee",
	"käynnistetään": "käynnistä", "päivitetään": "päivitä", "napsautetaan": "napsauta",
	"aloitetaan": "aloita", "lopetetaan": "lopeta", "ilmoitetaan": "ilmoita", "ohjataan": "ohjaa",
	"seurataan": "seuraa", "vaihdetaan": "vaihda", "asennetaan": "asenna", "kirjataan": "kirjaa",
	"tulostetaan": "tulosta", "mykistetään": "mykistä", "kutsutaan": "kutsu", "sovitaan": "sovi",
	"mietitään": "mieti", "ansaitaan": "ansaitse", "kootaan": "kokoa",
	// -llaan, -nnään, -staan: only these are taken as passives.
	"tullaan": "tule", "ollaan": "ole", "mennään": "mene", "kuullaan": "kuule",
	"kokeillaan": "kokeile", "esitellään": "esittele", "keskustellaan": "keskustele",
	"kuunnellaan": "kuuntele", "ajatellaan": "ajattele", "harjoitellaan": "harjoittele",
	"suunnitellaan": "suunnittele", "opiskellaan": "opiskele", "jutellaan": "juttele",
	"pestään": "pese", "noustaan": "nouse",
}

// toReader maps passives that are no instruction to the form that says the
// same to the reader.
var toReader = map[string]string{
	"voidaan": "voit", "saadaan": "saat", "tarvitaan": "tarvitset", "nähdään": "näet",
}

// notPassive are words that look passive but are not.
var notPassive = map[string]bool{
	"agendaan": true, "kanadaan": true, "tietään": true,
}

const vowels = "aeiouyäö"

// passive reports whether w is an impersonal passive present form, with the
// form that speaks to the reader when the table knows it.
func passive(w string) (string, bool) {
	lw := strings.ToLower(w)
	if imp, ok := imperatives[lw]; ok {
		return sameCase(w, imp), true
	}
	if you, ok := toReader[lw]; ok {
		return sameCase(w, you), true
	}
	if notPassive[lw] {
		return "", false
	}
	r := []rune(lw)
	n := len(r)
	if n < 6 || (string(r[n-3:]) != "aan" && string(r[n-3:]) != "ään") {
		return "", false
	}
	stem, before := r[:n-4], r[n-5]
	switch r[n-4] {
	case 't':
		if !isVowel(before) || syllables(string(stem)) < 2 {
			return "", false
		}
		if before == 'i' && n >= 6 && isVowel(r[n-6]) {
			return "", false // -Vitaan: asioitaan
		}
		return "", true
	case 'd':
		return "", isVowel(before) || before == 'h'
	}
	return "", false
}

func isVowel(r rune) bool { return strings.ContainsRune(vowels, r) }

// sameCase capitalises to when from is capitalised.
func sameCase(from, to string) string {
	if r, _ := utf8.DecodeRuneInString(from); unicode.IsUpper(r) {
		tr, size := utf8.DecodeRuneInString(to)
		return string(unicode.ToUpper(tr)) + to[size:]
	}
	return to
}

// passiveHint says what to write instead of passive w.
func passiveHint(w, instead string) i18n.Msg {
	switch {
	case instead == "":
		return i18n.M("diag.passive.hint")
	case toReader[strings.ToLower(w)] != "":
		return i18n.M("diag.passive.you.hint", w, instead)
	}
	return i18n.M("diag.passive.imperative.hint", w, instead)
}
