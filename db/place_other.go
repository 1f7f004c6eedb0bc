//go:build !linux

package db

import "errors"

// renameNoReplace has no one system call here: PlaceNew links instead.
func renameNoReplace(from, to string) error { return errors.ErrUnsupported }
