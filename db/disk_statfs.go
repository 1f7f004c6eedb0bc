//go:build linux || darwin

package db

import "syscall"

// freeSpace is how many bytes an unprivileged writer may still use on the
// file system holding dir; false when it cannot be told.
func freeSpace(dir string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}
