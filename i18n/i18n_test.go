package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSameKeys: every catalogue has exactly the Finnish catalogue's keys,
// and each string takes the same arguments (verbs) as the Finnish one.
func TestSameKeys(t *testing.T) {
	fi := MustGet(Default)
	for _, lang := range Languages() {
		c, _ := Get(lang)
		if got, want := c.Keys(), fi.Keys(); !slices.Equal(got, want) {
			for _, k := range want {
				if _, ok := c.strings[k]; !ok {
					t.Errorf("%s.yaml lacks %s", lang, k)
				}
			}
			for _, k := range got {
				if _, ok := fi.strings[k]; !ok {
					t.Errorf("%s.yaml has %s, which %s.yaml lacks", lang, k, Default)
				}
			}
		}
		for _, k := range c.Keys() {
			if got, want := verbs(c.strings[k]), verbs(fi.strings[k]); !slices.Equal(got, want) {
				t.Errorf("%s.yaml %s takes %v, %s.yaml %v", lang, k, got, Default, want)
			}
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verb.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v[len(v)-1:])
		}
	}
	return out
}

// keyUse finds catalogue keys named literally in Go code (M("key"),
// .T("key"), .N("key") and T(c, "key")) and in layouts ({{t "key"}}).
var keyUse = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:i18n\.M|\.T|\.N|\bM)\(\s*"([a-z][a-zA-Z0-9_-]*\.[a-zA-Z0-9._-]*[a-zA-Z0-9])"\s*[,)]`),
	regexp.MustCompile(`\{\{-?\s*t\s+"([a-zA-Z0-9._-]+)"`),
	regexp.MustCompile(`\(t\s+"([a-zA-Z0-9._-]+)"`),
}

// TestKeysExist: every key the program or the built-in theme names is in
// the catalogues, so no reader ever sees "[key]".
func TestKeysExist(t *testing.T) {
	fi := MustGet(Default)
	root := ".."
	seen := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", ".git", "content", "testdata", "i18n":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, "_test.go") || !(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".html")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, re := range keyUse {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				seen++
				if _, ok := fi.Lookup(m[1]); !ok {
					if _, ok := fi.Lookup(m[1] + ".one"); !ok {
						t.Errorf("%s names %q, which is in no catalogue", p, m[1])
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Errorf("found only %d uses of catalogue keys: is the pattern still right?", seen)
	}
}

func TestFormat(t *testing.T) {
	fi, en := MustGet("fi"), MustGet("en")
	if got, want := fi.N("cli.check.errors", 1), "1 virhe"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := fi.N("cli.check.errors", 3), "3 virhettä"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := en.Format(M("cli.check.summary", M("word.severity.warning"), "x")), "warning in x"; got != want {
		t.Errorf("nested message: got %q, want %q", got, want)
	}
	if got, want := fi.Format(Raw("100% valmis")), "100% valmis"; got != want {
		t.Errorf("raw: got %q, want %q", got, want)
	}
	if got, want := fi.T("no.such.key"), "[no.such.key]"; got != want {
		t.Errorf("missing key: got %q, want %q", got, want)
	}
	if got := fi.Format(Msg{}); got != "" {
		t.Errorf("zero message: got %q", got)
	}
	if got, want := fi.Decimal(0.56, 1)+" "+en.Decimal(0.56, 1), "0,6 0.6"; got != want {
		t.Errorf("decimals: got %q, want %q", got, want)
	}
	over := fi.With(map[string]string{"search.button": "Etsi"})
	if got, want := over.T("search.button"), "Etsi"; got != want {
		t.Errorf("override: got %q, want %q", got, want)
	}
	if got, want := fi.T("search.button"), "Hae"; got != want {
		t.Errorf("With changed the original: got %q, want %q", got, want)
	}
}

func TestPick(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		flag string
		env  map[string]string
		site string
		want string
	}{
		{"", nil, "fi", "fi"},
		{"", nil, "en", "en"},
		{"en", nil, "fi", "en"},
		{"", map[string]string{"LANG": "en_GB.UTF-8"}, "fi", "en"},
		{"", map[string]string{"LANG": "C.UTF-8"}, "fi", "fi"},
		{"", map[string]string{"LANG": "POSIX"}, "en", "en"},
		{"", map[string]string{"LANG": "de_DE.UTF-8"}, "fi", "fi"},              // no German catalogue
		{"", map[string]string{"LC_ALL": "fi_FI", "LANG": "en_US"}, "en", "fi"}, // LC_ALL wins
		{"fi", map[string]string{"LANG": "en_US"}, "en", "fi"},
		{"", nil, "", Default},
		{"", nil, "xx", Default},
	} {
		if got := Pick(tc.flag, env(tc.env), tc.site).Lang; got != tc.want {
			t.Errorf("Pick(%q, %v, %q) = %s, want %s", tc.flag, tc.env, tc.site, got, tc.want)
		}
	}
}
