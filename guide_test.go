package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"tietopankki/internal/testbin"
	"tietopankki/internal/testcontent"
	"tietopankki/internal/testwait"
)

// The mentors' writing guide, content/kirjoitusohje.md, is the program's
// manual for them. These tests read its text (never its cards: a mentor
// adding or removing a card breaks nothing here) for what it promises
// about the program: every command it shows works as written, and every
// rule id has its row. See docs/testing.md.
const guideFile = "content/kirjoitusohje.md"

// guideCommand matches a command the guide shows: the program's name alone
// or followed by a space (not tietopankki_v1.2.0_linux_amd64.tar.gz).
var (
	guideSpan    = regexp.MustCompile("`([^`\n]+)`")
	guideCommand = regexp.MustCompile(`^tietopankki(?: [^` + "`" + `]*)?$`)
)

// guideCommands returns the commands in a Markdown text, each once, in
// order: code spans and lines of fenced code blocks that start with
// "tietopankki".
func guideCommands(md string) []string {
	var out []string
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if guideCommand.MatchString(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	fenced := false
	for line := range strings.Lines(md) {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			add(trimmed)
			continue
		}
		for _, m := range guideSpan.FindAllStringSubmatch(line, -1) {
			add(m[1])
		}
	}
	return out
}

func TestGuideCommands(t *testing.T) {
	md := "Aja `tietopankki check --strict` tai `tietopankki`.\n" +
		"Lataa `tietopankki_v1_windows_amd64.zip`. Ei komento: `content`.\n" +
		"```sh\ntietopankki new card teams/uusi\n  tietopankki check\nls content\n```\n" +
		"Taas `tietopankki check`.\n"
	got := guideCommands(md)
	want := []string{"tietopankki check --strict", "tietopankki", "tietopankki new card teams/uusi", "tietopankki check"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// readGuide reads the writing guide of the repository.
func readGuide(t *testing.T) string {
	t.Helper()
	root, err := testcontent.Root()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(guideFile)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGuideExplainsEveryRule: the guide's table of messages has a row for
// every rule id (ruleIDs, pinned in msgs_test.go), so a mentor can look up
// any id that check prints.
func TestGuideExplainsEveryRule(t *testing.T) {
	guide := readGuide(t)
	for _, id := range ruleIDs {
		if !strings.Contains(guide, "| `"+id+"` |") {
			t.Errorf("%s has no row for the rule %s", guideFile, id)
		}
	}
}

// TestGuideCommandsWork runs every command the guide shows against the
// program, built as the mentors get it, each in a fresh folder holding a
// copy of the tests' knowledge bank as content/, as a mentor runs it in
// the repository's folder. A command works when it exits 0; check may also
// exit 1, for what it found in the content. The servers (tietopankki alone,
// tietopankki serve) must print their address, answer there with a page,
// and end at Ctrl+C (SIGINT); the program alone must open the browser
// (xdg-open, here a script that notes the address). The one change to a
// command as written: serve without --addr gets --addr 127.0.0.1:0, as
// port 1313 may be taken on a shared machine (the program alone picks a
// free port itself).
func TestGuideCommandsWork(t *testing.T) {
	cmds := guideCommands(readGuide(t))
	if len(cmds) == 0 {
		t.Fatalf("%s shows no commands", guideFile)
	}
	bin := t.TempDir()
	if err := testbin.Build(filepath.Join(bin, "tietopankki")); err != nil {
		t.Fatal(err)
	}
	opened := filepath.Join(t.TempDir(), "opened")
	script := "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + opened + "'\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "LANG=fi_FI.UTF-8")
	for _, line := range cmds {
		t.Run(line, func(t *testing.T) {
			work := filepath.Dir(testcontent.Fixture(t))
			args := strings.Fields(line)[1:]
			server := len(args) == 0 || args[0] == "serve"
			if len(args) > 0 && args[0] == "serve" && !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--addr") }) {
				args = append(args, "--addr", "127.0.0.1:0")
			}
			cmd := exec.Command(filepath.Join(bin, "tietopankki"), args...)
			cmd.Dir, cmd.Env = work, env
			if !server {
				out, err := cmd.CombinedOutput()
				code := cmd.ProcessState.ExitCode()
				if err != nil && !(args[0] == "check" && code == exitContent) {
					t.Errorf("%s: exit %d: %v\n%s", line, code, err, out)
				}
				return
			}
			runGuideServer(t, cmd, line, opened, len(args) == 0)
		})
	}
}

// runGuideServer starts a server command, waits for the address it prints,
// fetches it, and stops it with SIGINT.
func runGuideServer(t *testing.T, cmd *exec.Cmd, line, opened string, browser bool) {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() }) // after a failed wait; a no-op once it ended
	exited := make(chan error, 1)
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		found := false
		for sc.Scan() {
			if u := regexp.MustCompile(`http://\S+/`).FindString(sc.Text()); u != "" && !found {
				found = true
				addr <- u
			}
		}
		io.Copy(io.Discard, stdout)
		exited <- cmd.Wait()
	}()
	var u string
	select {
	case u = <-addr:
	case err := <-exited:
		t.Fatalf("%s ended before it printed its address: %v\n%s", line, err, stderr.String())
	case <-time.After(testwait.Deadline):
		cmd.Process.Kill()
		t.Fatalf("%s printed no address\n%s", line, stderr.String())
	}
	res, body := hostGet(t, u)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "<html") {
		t.Errorf("%s: GET %s: %d", line, u, res.StatusCode)
	}
	if browser {
		testwait.Until(t, "xdg-open "+u, func() bool { b, _ := os.ReadFile(opened); return strings.Contains(string(b), u) })
	}
	cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("%s after Ctrl+C: %v\n%s", line, err, stderr.String())
		}
	case <-time.After(testwait.Deadline):
		cmd.Process.Kill()
		t.Errorf("%s did not end at Ctrl+C", line)
	}
}
