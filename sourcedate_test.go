package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tietopankki/internal/testcontent"
)

// TestBuildSourceDate: the cards' stale notice is reckoned from the
// content's newest date, or from SOURCE_DATE_EPOCH when that is later,
// never from the clock: two builds of the same content and environment
// write the same card page, and a later SOURCE_DATE_EPOCH makes a recent
// card stale.
func TestBuildSourceDate(t *testing.T) {
	content := testcontent.Fixture(t)
	const card = "tools/teams/liity-kokoukseen/index.html" // updated on the content's newest date
	build := func(env map[string]string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		if code, _, stderr := envRun(t, env, "build", "--content", content, "--out", out); code != 0 {
			t.Fatalf("build exited %d: %s", code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(card)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, b := build(nil), build(nil)
	if a != b {
		t.Error("two builds of the same content differ")
	}
	if strings.Contains(a, "stale-notice") {
		t.Errorf("%s: the stale notice on the newest card", card)
	}
	later := map[string]string{"SOURCE_DATE_EPOCH": "1924992000"} // 2031-01-01
	c, d := build(later), build(later)
	if !bytes.Equal([]byte(c), []byte(d)) {
		t.Error("two builds with the same SOURCE_DATE_EPOCH differ")
	}
	if !strings.Contains(c, `<p class="stale-notice">Ohje on tarkistettu viimeksi 4.5.2026.`) {
		t.Errorf("%s built with SOURCE_DATE_EPOCH of 2031: no stale notice", card)
	}
	if e := build(map[string]string{"SOURCE_DATE_EPOCH": "not a number"}); e != a {
		t.Error("a SOURCE_DATE_EPOCH that is no number changes the build")
	}
}
