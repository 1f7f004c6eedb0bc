//go:build unix

package db

import "syscall"

// writable reports whether this process may write the file. Access asks the
// kernel, which knows about root, groups and read-only mounts.
func writable(path string) bool {
	const wOK = 2
	return syscall.Access(path, wOK) == nil
}
