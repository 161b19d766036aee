// Package testbin builds the tietopankki command for tests that run it as
// a process (the servers' tests build sites with it, the Netlify test runs
// the build in a copy of the repository).
//
// Every such build uses -trimpath (GOFLAGS, Env): the compiled packages
// then do not depend on the folder they were compiled in, so the test
// binaries of several packages, and a copy of the repository, share one
// compilation in Go's build cache instead of compiling the module again
// each (on a 2-core machine, tens of seconds each).
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"tietopankki/internal/testcontent"
)

// Env is the environment for a go command a test runs: the test's own,
// with -trimpath added to GOFLAGS.
func Env() []string {
	return append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -trimpath"))
}

// Build compiles the tietopankki command of the repository the test runs
// in to the file dst.
func Build(dst string) error {
	root, err := testcontent.Root()
	if err != nil {
		return err
	}
	dst, err = filepath.Abs(dst)
	if err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-o", dst, ".")
	cmd.Dir = root
	cmd.Env = Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build -o %s .: %w\n%s", dst, err, out)
	}
	return nil
}
