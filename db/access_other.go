//go:build !unix

package db

import "os"

// writable reports whether the file's permissions let its owner write it,
// the best a portable check can do.
func writable(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().Perm()&0o200 != 0
}
