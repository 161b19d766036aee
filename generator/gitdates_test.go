package generator

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestGitDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.fi", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.fi")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for rel, text := range minimal {
		write(rel, text)
	}
	// A card with no updated date, committed twice, and one with a date.
	write("tools/teams/ilman-paivaa.md", "---\ntitle: Ilman päivää\nsummary: Ei päivää.\n---\nTeksti.\n")
	git("2024-01-01T10:00:00+02:00", "init", "-q")
	git("2024-01-01T10:00:00+02:00", "add", ".")
	git("2024-01-01T10:00:00+02:00", "commit", "-q", "-m", "first")
	write("tools/teams/ilman-paivaa.md", "---\ntitle: Ilman päivää\nsummary: Ei päivää.\n---\nMuutettu.\n")
	git("2025-03-04T23:30:00+02:00", "commit", "-q", "-am", "second")

	site, _, diags, err := LoadSite(Content(dir), "")
	if err != nil || diags.HasErrors() {
		t.Fatalf("%v %v", err, diags)
	}
	c := site.CardByID["teams/ilman-paivaa"]
	if got, want := c.Updated.String(), "2025-03-04"; got != want || !c.UpdatedFromGit {
		t.Errorf("updated from git = %s (%v), want %s", got, c.UpdatedFromGit, want)
	}
	for _, c := range site.Cards {
		if c.ID != "teams/ilman-paivaa" && c.UpdatedFromGit && c.Updated.String() != "2024-01-01" {
			t.Errorf("%s: git date %s, want its only commit's 2024-01-01", c.ID, c.Updated)
		}
		if !c.UpdatedFromGit && c.Updated.IsZero() {
			t.Errorf("%s is tracked by git but got no date", c.ID)
		}
	}
	// Not a repository: no dates, no error.
	if got := GitDates(t.TempDir()); got != nil {
		t.Errorf("GitDates outside a repository = %v, want nil", got)
	}
}
