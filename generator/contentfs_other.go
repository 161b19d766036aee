//go:build !linux

package generator

import "io/fs"

// openBeneath is the Linux content FS; elsewhere Content uses rootContent.
func openBeneath(string) (fs.FS, bool) { return nil, false }
