package main

import (
	"context"
	"fmt"
)

// runNew: being written (issue 4).
func (m *Main) runNew(ctx context.Context, args []string) int {
	fmt.Fprintln(m.Stderr, "new: not yet available")
	return exitUsage
}
