package maturity

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRulesListed: every rule id the package's code writes ("maturity-…"
// literals; catalogue keys are "diag.maturity-…") is in Rules, and every
// id in Rules is written somewhere.
func TestRulesListed(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	id := regexp.MustCompile(`"(maturity-[a-z-]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "rules.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range id.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for r := range used {
		if !slices.Contains(Rules(), r) {
			t.Errorf("rule %q is used but not in Rules", r)
		}
	}
	for _, r := range Rules() {
		if !used[r] {
			t.Errorf("rule %q is in Rules but no code reports it", r)
		}
	}
}
