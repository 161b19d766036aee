package main

import (
	"context"
	"fmt"
)

// runCheck: being written (issue 4).
func (m *Main) runCheck(ctx context.Context, args []string) int {
	fmt.Fprintln(m.Stderr, "check: not yet available")
	return exitUsage
}
