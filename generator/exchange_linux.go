package generator

import "golang.org/x/sys/unix"

// exchange swaps two folders atomically (renameat2 RENAME_EXCHANGE): a
// reader sees either the old build or the new one, never a mix.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
