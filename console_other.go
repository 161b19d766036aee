//go:build !windows

package main

// ownConsole reports whether the program has a console window of its own
// that closes when it ends: only Windows does that (see console_windows.go).
// A Mac's Terminal keeps its window open after the program ends.
func ownConsole() bool { return false }
