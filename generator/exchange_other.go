//go:build !linux

package generator

import "os"

// exchange swaps two folders with two renames; between them, b briefly
// does not exist.
func exchange(a, b string) error {
	old := a + ".old"
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}
