// Command release builds Tietopankki for the mentors' computers, as the
// release workflow (.github/workflows/release.yml) does on a version tag:
//
//	go run ./internal/release --version v1.2.0 --out dist
//
// For each target (Targets: Windows amd64, macOS arm64 and amd64, Linux
// amd64) it builds one static binary, the way a mentor downloads it:
//
//	CGO_ENABLED=0 GOOS=... GOARCH=... go build -trimpath -buildvcs=false \
//	  -ldflags "-s -w -X main.version=V -X main.commit=C -X main.date=D" -o tietopankki[.exe] .
//
// and packs it: tietopankki_<version>_windows_amd64.zip holds
// tietopankki.exe; tietopankki_<version>_macos_arm64.tar.gz and the others
// hold tietopankki, executable. SHA256SUMS lists the packages' SHA-256 sums
// in the format of `sha256sum -c`. The commit and its date come from git
// unless --commit and --date give them. Packages are reproducible: the
// files in them carry the commit's date, so the same commit gives the same
// bytes. `tietopankki version` prints what -ldflags set.
//
// Its test runs the same build for every target on a small stand-in
// program and checks what it made; CI's "Release build" job runs it on
// tietopankki itself on every pull request.
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Target is one computer the release is built for.
type Target struct {
	GOOS, GOARCH string
}

// Targets are the mentors' computers: Windows, Macs with Apple and Intel
// processors, and Linux.
var Targets = []Target{{"windows", "amd64"}, {"darwin", "arm64"}, {"darwin", "amd64"}, {"linux", "amd64"}}

// osNames are the systems as mentors know them, in package names.
var osNames = map[string]string{"darwin": "macos"}

// Binary is the program's file name on t.
func (t Target) Binary() string {
	if t.GOOS == "windows" {
		return "tietopankki.exe"
	}
	return "tietopankki"
}

// Package is the name of t's package for a version.
func (t Target) Package(version string) string {
	osName := t.GOOS
	if n, ok := osNames[t.GOOS]; ok {
		osName = n
	}
	ext := ".tar.gz"
	if t.GOOS == "windows" {
		ext = ".zip"
	}
	return "tietopankki_" + version + "_" + osName + "_" + t.GOARCH + ext
}

// SumsFile lists the packages' SHA-256 sums.
const SumsFile = "SHA256SUMS"

// Options say what to build.
type Options struct {
	Version string    // the tag, e.g. v1.2.0
	Commit  string    // the commit's hash
	Date    time.Time // the commit's time: in -ldflags and on the packed files
	Root    string    // the module's folder (the one with go.mod)
	Out     string    // where the packages and SHA256SUMS go
	Targets []Target
	Log     io.Writer // each package's name as it is written; nil: none
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// run is the command: flags, then Build.
func run(ctx context.Context, args []string, log io.Writer) error {
	fl := flag.NewFlagSet("release", flag.ContinueOnError)
	version := fl.String("version", "", "the version, a tag such as v1.2.0 (required)")
	commit := fl.String("commit", "", "the commit's hash (default: git rev-parse HEAD)")
	date := fl.String("date", "", "the commit's time, RFC 3339 (default: from git)")
	root := fl.String("root", ".", "the module's folder")
	out := fl.String("out", "dist", "where the packages go")
	only := fl.String("targets", "", "comma-separated GOOS/GOARCH pairs to build (default: all)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	if *version == "" || strings.ContainsAny(*version, "/\\ \t\n\"'") {
		return fmt.Errorf("--version must be a tag such as v1.2.0, not %q", *version)
	}
	opts := Options{Version: *version, Commit: *commit, Root: *root, Out: *out, Targets: Targets, Log: log}
	if *only != "" {
		opts.Targets = nil
		for _, p := range strings.Split(*only, ",") {
			goos, goarch, _ := strings.Cut(strings.TrimSpace(p), "/")
			t := Target{goos, goarch}
			if !slices.Contains(Targets, t) {
				return fmt.Errorf("--targets: %q is not one of the release's targets", p)
			}
			opts.Targets = append(opts.Targets, t)
		}
	}
	if opts.Commit == "" {
		c, err := git(ctx, *root, "rev-parse", "HEAD")
		if err != nil {
			return err
		}
		opts.Commit = c
	}
	if *date == "" {
		d, err := git(ctx, *root, "log", "-1", "--format=%cI", opts.Commit)
		if err != nil {
			return err
		}
		*date = d
	}
	t, err := time.Parse(time.RFC3339, *date)
	if err != nil {
		return fmt.Errorf("--date: %v", err)
	}
	opts.Date = t.UTC()
	return Build(ctx, opts)
}

// git runs git in dir and returns its output, trimmed.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// LDFlags are the linker flags of a release build: no symbol table or
// debug information (a smaller download), and the version information
// that `tietopankki version` prints.
func LDFlags(o Options) string {
	return fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.date=%s",
		o.Version, o.Commit, o.Date.UTC().Format(time.RFC3339))
}

// Build builds, packs and sums every target of o into o.Out.
func Build(ctx context.Context, o Options) error {
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "tietopankki-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	var sums []string
	for _, t := range o.Targets {
		bin := filepath.Join(work, t.GOOS+"-"+t.GOARCH, t.Binary())
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags", LDFlags(o), "-o", bin, ".")
		cmd.Dir = o.Root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+t.GOOS, "GOARCH="+t.GOARCH)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build for %s/%s: %v\n%s", t.GOOS, t.GOARCH, err, out)
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			return err
		}
		var pkg []byte
		if t.GOOS == "windows" {
			pkg, err = Zip(t.Binary(), data, o.Date)
		} else {
			pkg, err = TarGz(t.Binary(), data, o.Date)
		}
		if err != nil {
			return err
		}
		name := t.Package(o.Version)
		if err := os.WriteFile(filepath.Join(o.Out, name), pkg, 0o644); err != nil {
			return err
		}
		sum := sha256.Sum256(pkg)
		sums = append(sums, hex.EncodeToString(sum[:])+"  "+name+"\n")
		if o.Log != nil {
			fmt.Fprintf(o.Log, "%s (%.1f MB)\n", name, float64(len(pkg))/1e6)
		}
	}
	if len(sums) == 0 {
		return errors.New("no targets")
	}
	slices.SortFunc(sums, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	return os.WriteFile(filepath.Join(o.Out, SumsFile), []byte(strings.Join(sums, "")), 0o644)
}

// Zip packs one executable file as Windows' Explorer unpacks it.
func Zip(name string, data []byte, mod time.Time) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod.UTC()}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TarGz packs one executable file, its execute permission kept (a Mac's
// Finder unpacks it with a double-click).
func TarGz(name string, data []byte, mod time.Time) ([]byte, error) {
	var b bytes.Buffer
	gz, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	gz.ModTime = mod.UTC().Truncate(time.Second) // the commit's time, not the build's
	tw := tar.NewWriter(gz)
	h := &tar.Header{Name: name, Mode: 0o755, Size: int64(len(data)), ModTime: mod.UTC().Truncate(time.Second),
		Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
	if err := tw.WriteHeader(h); err != nil {
		return nil, err
	}
	if _, err := tw.Write(data); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
