package db

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/signoff/signoff/model"
)

// pathProblem says why the database at path could not be made or opened
// (verb "create" or "open"), given what the system said, in words and with
// what to do: the system's "permission denied", "read-only file system"
// or "not a directory" named neither the folder at fault nor the way on.
// Anything else keeps the system's words after the path.
func pathProblem(verb, path string, err error) error {
	err = pathErr(err)
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		if file := fileAbove(path); file != "" {
			return model.Errorf(model.EINVALID, "cannot %s the database %s: %s is a file, not a folder, so nothing can be kept under it; give a database path in a folder", verb, path, file)
		}
	case errors.Is(err, syscall.EROFS):
		return model.Errorf(model.EINVALID, "cannot %s the database %s: the folder %s is on a read-only file system; give a database path on a disk that can be written", verb, path, dir)
	case errors.Is(err, fs.ErrPermission) && verb == "create":
		return model.Errorf(model.EINVALID, "cannot create the database %s: you may not write in the folder %s (permission denied); give a database path in a folder you can write, or ask the folder's owner to let you write in it", path, dir)
	case errors.Is(err, fs.ErrPermission):
		return model.Errorf(model.EINVALID, "cannot open the database %s: you may not read it or its folder %s (permission denied); ask its owner for access, or give another database path", path, dir)
	}
	return model.Errorf(model.EINVALID, "cannot %s the database %s: %v", verb, path, err)
}

// fileAbove is the nearest folder of path's that is a file, not a
// folder; "" when none is.
func fileAbove(path string) string {
	for p := filepath.Dir(path); ; p = filepath.Dir(p) {
		if info, err := os.Stat(p); err == nil {
			if !info.IsDir() {
				return p
			}
			return ""
		}
		if filepath.Dir(p) == p {
			return ""
		}
	}
}
