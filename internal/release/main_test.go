package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// moduleRoot is the folder with go.mod, where the workflow runs the tool.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod in %s", root)
	}
	return root
}

// unpack returns the one file of a package: its name, mode and content.
func unpack(t *testing.T, tg Target, pkg []byte) (string, os.FileMode, time.Time, []byte) {
	t.Helper()
	if tg.GOOS == "windows" {
		zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != 1 {
			t.Fatalf("%d files in the zip, want 1", len(zr.File))
		}
		f := zr.File[0]
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return f.Name, f.Mode(), f.Modified, data
	}
	gz, err := gzip.NewReader(bytes.NewReader(pkg))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	h, err := tr.Next()
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(tr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Fatalf("more than one file in the tar: %v", err)
	}
	return h.Name, h.FileInfo().Mode(), h.ModTime, data
}

// TestPackages: the packages hold the one executable, with its execute
// permission and the commit's time, and the same input packs to the same
// bytes (a release can be rebuilt and compared).
func TestPackages(t *testing.T) {
	date := time.Date(2026, 11, 30, 12, 34, 56, 0, time.UTC)
	data := bytes.Repeat([]byte("ohjelma "), 1000)
	for _, tg := range Targets {
		pack := TarGz
		if tg.GOOS == "windows" {
			pack = Zip
		}
		a, err := pack(tg.Binary(), data, date)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := pack(tg.Binary(), data, date)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two packs of the same file differ", tg.Package("v1"))
		}
		name, mode, mod, got := unpack(t, tg, a)
		if name != tg.Binary() || mode.Perm() != 0o755 || !mod.Equal(date) || !bytes.Equal(got, data) {
			t.Errorf("%s: unpacked %s %v %v (%d bytes), want %s -rwxr-xr-x %v (%d bytes)",
				tg.Package("v1"), name, mode, mod, len(got), tg.Binary(), date, len(data))
		}
	}
}

func TestPackageNames(t *testing.T) {
	var got []string
	for _, tg := range Targets {
		got = append(got, tg.Package("v1.2.0")+" "+tg.Binary())
	}
	want := []string{
		"tietopankki_v1.2.0_windows_amd64.zip tietopankki.exe",
		"tietopankki_v1.2.0_macos_arm64.tar.gz tietopankki",
		"tietopankki_v1.2.0_macos_amd64.tar.gz tietopankki",
		"tietopankki_v1.2.0_linux_amd64.tar.gz tietopankki",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("packages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRunRefuses: a missing or odd version and a target the release does
// not have are refused before anything is built.
func TestRunRefuses(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	for _, args := range [][]string{
		{"--out", out},
		{"--version", "v1 beta", "--out", out},
		{"--version", "v1.0.0", "--targets", "plan9/386", "--out", out},
		{"--version", "v1.0.0", "--out", out, "extra"},
		{"--version", "v1.0.0", "--commit", "abc", "--date", "yesterday", "--out", out},
	} {
		if err := run(context.Background(), args, io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a refused run made %s", out)
	}
}

// TestWorkflows: the release workflow builds with this tool on version
// tags and publishes what it made, and every action of every workflow is
// pinned to a full commit hash (a tag can be moved; a hash cannot).
func TestWorkflows(t *testing.T) {
	root := moduleRoot(t)
	rel, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"tags: [\"v*\"]",
		"go run ./internal/release --version \"$GITHUB_REF_NAME\" --out dist",
		"gh release create \"$GITHUB_REF_NAME\"",
		"dist/*",
		"contents: write",
	} {
		if !bytes.Contains(rel, []byte(want)) {
			t.Errorf("release.yml does not have %s", want)
		}
	}
	files, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	uses := regexp.MustCompile(`(?m)^\s*-?\s*uses:\s*(\S+)(.*)$`)
	pinned := regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	n := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range uses.FindAllStringSubmatch(string(b), -1) {
			n++
			if !pinned.MatchString(m[1]) || !strings.Contains(m[2], "# v") {
				t.Errorf("%s: %s%s is not pinned to a commit with its tag in a comment", filepath.Base(f), m[1], m[2])
			}
		}
	}
	if n == 0 {
		t.Error("found no actions: the test reads nothing")
	}
}

// TestReleaseBuild runs the release build as the workflow does, for every
// target, and checks each package: the binary is for its system and
// processor, static (CGO_ENABLED=0), built with -trimpath and holding the
// version information, listed in SHA256SUMS with its true sum, and, on a machine
// that can run it, prints that version.
//
// It builds a stand-in program (standIn) rather than tietopankki itself:
// the packaging is the same, and four cross-builds of a small program take
// seconds where tietopankki's take minutes on 2 cores. CI's "Release build"
// job runs the release build on tietopankki itself.
func TestReleaseBuild(t *testing.T) {
	root := standIn(t)
	ctx := context.Background()
	commit, err := git(ctx, root, "rev-parse", "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	const version = "v0.0.0-test"
	out := t.TempDir()
	var log bytes.Buffer
	if err := run(ctx, []string{"--version", version, "--root", root, "--out", out}, &log); err != nil {
		t.Fatal(err)
	}
	t.Logf("built:\n%s", log.String())

	sums := map[string]string{}
	f, err := os.Open(filepath.Join(out, SumsFile))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Errorf("%s: bad line %q", SumsFile, sc.Text())
		}
		sums[name] = sum
	}
	f.Close()
	entries, _ := os.ReadDir(out)
	if len(entries) != len(Targets)+1 || len(sums) != len(Targets) {
		t.Errorf("%d files and %d sums, want %d packages and %s", len(entries), len(sums), len(Targets), SumsFile)
	}

	for _, tg := range Targets {
		name := tg.Package(version)
		pkg, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Error(err)
			continue
		}
		if sum := sha256.Sum256(pkg); sums[name] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: %s says %q, the file's sum is %x", name, SumsFile, sums[name], sum)
		}
		file, mode, _, data := unpack(t, tg, pkg)
		if file != tg.Binary() || mode&0o111 == 0 {
			t.Errorf("%s holds %s %v, want an executable %s", name, file, mode, tg.Binary())
		}
		bin := filepath.Join(t.TempDir(), file)
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
		checkFormat(t, tg, bin)
		bi, err := buildinfo.ReadFile(bin)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		for k, want := range map[string]string{"GOOS": tg.GOOS, "GOARCH": tg.GOARCH, "CGO_ENABLED": "0", "-trimpath": "true"} {
			if settings[k] != want {
				t.Errorf("%s: %s=%q, want %q", name, k, settings[k], want)
			}
		}
		// Under -trimpath Go leaves -ldflags out of the build information,
		// so look for what -X put into the binary's strings.
		for _, want := range []string{version, commit, dateOf(t, root, commit)} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s: the binary does not hold %q (-X main.version, main.commit, main.date)", name, want)
			}
		}
		if tg.GOOS != runtime.GOOS || tg.GOARCH != runtime.GOARCH {
			continue
		}
		got, err := exec.Command(bin, "version", "--lang", "en").CombinedOutput()
		if err != nil {
			t.Fatalf("%s version: %v\n%s", name, err, got)
		}
		for _, want := range []string{"tietopankki " + version + "\n", "commit: " + commit + "\n", "date: 20", "Go: go"} {
			if !strings.Contains(string(got), want) {
				t.Errorf("%s version does not say %q:\n%s", name, want, got)
			}
		}
		t.Logf("%s version:\n%s", name, got)
	}
}

// standIn is a git checkout of a small program that prints its version
// information as `tietopankki version --lang en` does.
func standIn(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module standin\n\ngo 1.26\n",
		"main.go": `package main

import (
	"os"
	"runtime"
)

var version, commit, date string

func main() {
	if len(os.Args) > 1 && os.Args[1] == "version" {
		os.Stdout.WriteString("tietopankki " + version + "\ncommit: " + commit + "\ndate: " + date + "\nGo: " + runtime.Version() + "\n")
	}
}
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "stand-in"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid",
			"GIT_AUTHOR_DATE=2026-12-02T10:00:00Z", "GIT_COMMITTER_DATE=2026-12-02T10:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// dateOf is the commit's time as the release build writes it.
func dateOf(t *testing.T, root, commit string) string {
	t.Helper()
	d, err := git(context.Background(), root, "log", "-1", "--format=%cI", commit)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, d)
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC().Format(time.RFC3339)
}

// checkFormat checks that bin is an executable for tg's system and
// processor, and that the Linux one is static (no program interpreter).
func checkFormat(t *testing.T, tg Target, bin string) {
	t.Helper()
	switch tg.GOOS {
	case "windows":
		f, err := pe.Open(bin)
		if err != nil {
			t.Errorf("%s: not a Windows program: %v", tg.GOOS, err)
			return
		}
		defer f.Close()
		if tg.GOARCH == "amd64" && f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
			t.Errorf("windows/%s: machine %#x", tg.GOARCH, f.Machine)
		}
	case "darwin":
		f, err := macho.Open(bin)
		if err != nil {
			t.Errorf("%s: not a macOS program: %v", tg.GOOS, err)
			return
		}
		defer f.Close()
		want := map[string]macho.Cpu{"arm64": macho.CpuArm64, "amd64": macho.CpuAmd64}[tg.GOARCH]
		if f.Cpu != want {
			t.Errorf("darwin/%s: cpu %v", tg.GOARCH, f.Cpu)
		}
	case "linux":
		f, err := elf.Open(bin)
		if err != nil {
			t.Errorf("%s: not a Linux program: %v", tg.GOOS, err)
			return
		}
		defer f.Close()
		if tg.GOARCH == "amd64" && f.Machine != elf.EM_X86_64 {
			t.Errorf("linux/%s: machine %v", tg.GOARCH, f.Machine)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("linux/%s: dynamically linked (has an interpreter)", tg.GOARCH)
			}
		}
	}
}
