package main

import (
	"syscall"
	"unsafe"
)

// ownConsole reports whether the program is alone in its console window:
// Windows opens a console of its own for a console program double-clicked
// in Explorer, and closes it as soon as the program ends. In a command
// prompt the window's shell is there too.
func ownConsole() bool {
	proc := syscall.NewLazyDLL("kernel32.dll").NewProc("GetConsoleProcessList")
	if proc.Find() != nil {
		return false
	}
	var ids [2]uint32
	n, _, _ := proc.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return n == 1
}
