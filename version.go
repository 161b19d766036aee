package main

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by the release build (internal/release) with
// -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version string
	commit  string
	date    string
)

// versionInfo is what `tietopankki version` prints.
type versionInfo struct {
	Version, Commit, Date, Go string
}

// readVersion returns the program's version: what the release build set
// with -ldflags, else what the Go toolchain recorded in the binary (the
// module's version when built with `go install module@version`, the
// commit and its time when built in a git checkout).
func readVersion() versionInfo {
	v := versionInfo{Version: version, Commit: commit, Date: date, Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if mv := bi.Main.Version; v.Version == "" && mv != "" && mv != "(devel)" {
		v.Version = mv
	}
	var rev, at string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && modified {
		rev += "+dirty"
	}
	v.Commit, v.Date = cmp.Or(v.Commit, rev), cmp.Or(v.Date, at)
	return v
}

func (m *Main) runVersion(ctx context.Context, args []string) int {
	fl := m.flags("version")
	if code, ok := m.parse(fl, args); !ok {
		return code
	}
	if fl.NArg() > 0 {
		return m.unexpected("version", fl.Arg(0))
	}
	c := m.catalog("")
	v := readVersion()
	unknown := c.T("cli.version.unknown")
	fmt.Fprintln(m.Stdout, c.T("cli.version.text", cmp.Or(v.Version, c.T("cli.version.dev")), cmp.Or(v.Commit, unknown), cmp.Or(v.Date, unknown), v.Go))
	return exitOK
}
