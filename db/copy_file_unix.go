//go:build unix

package db

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process of that id runs: signal 0 checks
// without sending. One of another user's answers EPERM, and is alive.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// syncFolder makes a folder's names durable: the copy's, once in place.
func syncFolder(path string) error { return syncFile(path) }
