package generator

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// GitDates returns, for each file of the content folder dir that git
// tracks, the date of the last commit that changed it, keyed by the path
// relative to dir. Without git or outside a repository it returns nil:
// dates from git are a convenience, never a requirement. A shallow clone
// gives every file the date of its one commit; clone with full history.
func GitDates(dir string) map[string]time.Time {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "log", "--format=%x00%cI", "--name-only", "--relative", "--no-renames", "--", ".")
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	dates := map[string]time.Time{}
	var current time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "\x00"):
			current, _ = time.Parse(time.RFC3339, line[1:])
		case line != "" && !current.IsZero():
			if _, seen := dates[line]; !seen { // the log is newest first
				dates[filepath.ToSlash(line)] = current
			}
		}
	}
	return dates
}

// applyGitDates gives each card without an `updated` date the date of its
// file's last commit.
func (s *Site) applyGitDates(dates map[string]time.Time) {
	if len(dates) == 0 {
		return
	}
	for _, c := range append(s.Cards, s.Drafts...) {
		if t, ok := dates[c.File]; ok && c.Updated.IsZero() {
			c.Updated = Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
			c.UpdatedFromGit = true
		}
	}
}
