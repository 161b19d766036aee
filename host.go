package main

import (
	"context"
	"flag"
	"fmt"
)

// runProduction: being written (issue 5).
func (m *Main) runProduction(ctx context.Context, public, addr string, fl *flag.FlagSet) int {
	fmt.Fprintln(m.Stderr, "serve --production: not yet available")
	return exitUsage
}
