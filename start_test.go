package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"tietopankki/internal/testcontent"
	"tietopankki/internal/testwait"
)

// startMain is a Main for a start without arguments: it opens the browser
// by sending the address on the returned channel (or fails to, with
// openErr), and finds the program at exe.
func startMain(exe string, openErr error) (*Main, *hostWriter, chan string) {
	m, out, _ := hostMain()
	m.Themes = chkThemes
	m.Getenv = func(string) string { return "" }
	opened := make(chan string, 1)
	m.Open = func(u string) error {
		opened <- u
		return openErr
	}
	m.Executable = func() (string, error) {
		if exe == "" {
			return "", errors.New("no executable")
		}
		return exe, nil
	}
	return m, out, opened
}

// TestStartWithoutArguments: the program started without arguments (as
// when double-clicked) serves the content folder of the working folder, or
// the one beside the program, and opens the browser at the preview, which
// answers; it says so in Finnish, also when no browser opens.
func TestStartWithoutArguments(t *testing.T) {
	for _, tc := range []struct {
		name    string
		beside  bool // content/ is beside the program, not in the working folder
		openErr error
		says    string
	}{
		{"content in the working folder", false, nil, "Avasin esikatselun selaimessa. Jos selain ei auennut, avaa osoite http://"},
		{"content beside the program", true, nil, "Avasin esikatselun selaimessa."},
		{"no browser", false, errors.New("no xdg-open"), "Selain ei auennut. Avaa osoite http://"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := filepath.Dir(testcontent.Fixture(t))
			exe := ""
			if tc.beside {
				exe = filepath.Join(site, "tietopankki.exe")
				t.Chdir(t.TempDir())
			} else {
				t.Chdir(site)
			}
			m, out, opened := startMain(exe, tc.openErr)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan int, 1)
			go func() { done <- m.Run(ctx, nil) }()
			var u string
			select {
			case u = <-opened:
			case code := <-done:
				cancel()
				t.Fatalf("exited %d before opening the browser:\n%s", code, out)
			case <-time.After(testwait.Deadline):
				cancel()
				t.Fatalf("did not open the browser:\n%s", out)
			}
			if !strings.HasPrefix(u, "http://localhost:") && !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.HasSuffix(u, "/") {
				t.Errorf("opened %q, want the local preview", u)
			}
			if res, body := hostGet(t, u); res.StatusCode != http.StatusOK || !strings.Contains(string(body), `lang="fi"`) {
				t.Errorf("GET %s: %d", u, res.StatusCode)
			}
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("exit %d, want 0", code)
			}
			if got := out.String(); !strings.Contains(got, tc.says) || !strings.Contains(got, "Esikatselu kansiosta") {
				t.Errorf("printed:\n%s\nwant it to say %q", got, tc.says)
			}
		})
	}
}

// TestStartWithoutContent: without a content folder the program prints the
// usage and exits 2; in a console window of its own (double-clicked on
// Windows) it says in Finnish where it looked and waits for Enter, so that
// the window does not close before the message is read.
func TestStartWithoutContent(t *testing.T) {
	wd, exeDir := t.TempDir(), t.TempDir()
	t.Chdir(wd)
	for _, own := range []bool{false, true} {
		m, out, opened := startMain(filepath.Join(exeDir, "tietopankki.exe"), nil)
		m.OwnConsole = own
		stdin := strings.NewReader("\n")
		m.Stdin = stdin
		if code := m.Run(context.Background(), nil); code != exitUsage {
			t.Errorf("own console %v: exit %d, want %d", own, code, exitUsage)
		}
		if len(opened) > 0 {
			t.Errorf("own console %v: opened %s", own, <-opened)
		}
		got := out.String()
		if !strings.Contains(got, "tietopankki build") && !strings.Contains(got, "build ") {
			t.Errorf("own console %v: no usage:\n%s", own, got)
		}
		cwd, _ := os.Getwd()
		want := "En löydä kansiota content. Etsin sitä kansioista " + cwd + " ja " + exeDir +
			". Siirrä ohjelma kansioon, jossa kansio content on, ja käynnistä ohjelma uudelleen.\nPaina Enter, niin ikkuna sulkeutuu.\n"
		if real, err := filepath.EvalSymlinks(exeDir); err == nil && runtime.GOOS != "windows" {
			want = strings.Replace(want, exeDir, real, 1)
		}
		if has := strings.HasSuffix(got, want); has != own {
			t.Errorf("own console %v: ends with the message and Enter: %v\n%s", own, has, got)
		}
		if own && stdin.Len() != 0 {
			t.Error("did not wait for Enter")
		}
	}
}

// TestVersion: `tietopankki version` prints what the release build set
// with -ldflags (internal/release's test checks a real release binary).
func TestVersion(t *testing.T) {
	saved := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = saved[0], saved[1], saved[2] })
	version, commit, date = "v1.2.0", "0123456789abcdef0123456789abcdef01234567", "2026-11-30T12:00:00Z"
	code, stdout, _ := envRun(t, nil, "version", "--lang", "fi")
	want := "tietopankki v1.2.0\ncommit: 0123456789abcdef0123456789abcdef01234567\npäiväys: 2026-11-30T12:00:00Z\nGo: " +
		runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if code != exitOK || stdout != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, stdout, want)
	}
	if code, _, stderr := envRun(t, nil, "version", "extra"); code != exitUsage || stderr == "" {
		t.Errorf("version extra: exit %d, stderr %q", code, stderr)
	}
}
