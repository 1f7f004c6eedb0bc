package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
)

// gen -o writes a file a person named, and a wrong name (shell history,
// completion, -o $SIGNOFF_DB) must not cost them a record: gen writes a
// new file under a temporary name and puts it in place only when it is
// whole, never over an existing file unless --force says so, and never
// over a database, whatever the flags.

// sqliteSidecars are the files SQLite keeps beside a database; the
// write-ahead log holds transactions the database file does not yet.
var sqliteSidecars = []string{"-wal", "-shm", "-journal"}

// refuseGenOutput says why gen must not write to path: it is the
// database signoff opens (named by --db or $SIGNOFF_DB), a SQLite
// database or one of its side files, not a regular file, or a file that
// exists when force is not given.
func (a *app) refuseGenOutput(path string, force bool) error {
	if named := a.namedDatabase(); named != "" {
		for _, suffix := range append([]string{""}, sqliteSidecars...) {
			if samePath(path, named+suffix) || sameFile(path, named+suffix) {
				return model.Errorf(model.EINVALID, "-o %s is the signoff database --db or $SIGNOFF_DB names (or a side file of it); gen never writes over a database: give -o a new file", path)
			}
		}
	}
	for _, suffix := range sqliteSidecars {
		if stem, ok := strings.CutSuffix(path, suffix); ok && db.IsSQLiteFile(stem) {
			return model.Errorf(model.EINVALID, "-o %s is a side file of the SQLite database %s; gen never writes over a database, even with --force: give -o a new file", path, stem)
		}
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return model.Errorf(model.EINVALID, "cannot write %s: %v", path, pathError(err))
	}
	if !info.Mode().IsRegular() {
		return model.Errorf(model.EINVALID, "-o %s is not a regular file; gen writes a new file (send standard output there instead: signoff gen … > %s)", path, path)
	}
	if db.IsSQLiteFile(path) {
		return model.Errorf(model.EINVALID, "-o %s is a SQLite database; gen never writes over a database, even with --force: give -o a new file", path)
	}
	if !force {
		return model.Errorf(model.EINVALID, "-o %s already exists; gen writes a new file, and replaces one only with --force", path)
	}
	return nil
}

// namedDatabase is the SQLite file --db or $SIGNOFF_DB names, "" when
// they name none or a server.
func (a *app) namedDatabase() string {
	named := a.dbPath
	if named == "" {
		named = os.Getenv("SIGNOFF_DB")
	}
	if named == "" || db.IsServer(named) {
		return ""
	}
	return named
}

func sameFile(a, b string) bool {
	x, err1 := os.Stat(a)
	y, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(x, y)
}

// genFile is the file gen writes: a temporary file beside path, mode
// 0600 like every file signoff makes, put in place by place.
type genFile struct {
	*os.File
	path  string
	force bool
}

func createGenFile(path string, force bool) (*genFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".gen-*")
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot write %s: %v", path, pathError(err))
	}
	return &genFile{File: f, path: path, force: force}, nil
}

// place closes the whole file and gives it its name. Without force it
// links the name, which fails rather than replace a file made meanwhile.
func (g *genFile) place(refuse func(string, bool) error) error {
	if err := g.Sync(); err != nil {
		return model.Errorf(model.EINVALID, "cannot write %s: %v", g.path, pathError(err))
	}
	if err := g.Close(); err != nil {
		return model.Errorf(model.EINVALID, "cannot write %s: %v", g.path, pathError(err))
	}
	// The stream may have taken minutes: the name is judged again now.
	if err := refuse(g.path, g.force); err != nil {
		return err
	}
	if g.force {
		if err := os.Rename(g.Name(), g.path); err != nil {
			return model.Errorf(model.EINVALID, "cannot write %s: %v", g.path, pathError(err))
		}
		return nil
	}
	err := db.PlaceNew(g.Name(), g.path)
	switch {
	case errors.Is(err, fs.ErrExist):
		if err := refuse(g.path, false); err != nil {
			return err
		}
		return model.Errorf(model.EINVALID, "-o %s was made while gen wrote; gen replaces a file only with --force", g.path)
	case err != nil:
		return model.Errorf(model.EINVALID, "cannot write %s: %v", g.path, pathError(err))
	}
	// The stream has its name; the temporary one is only a second link.
	os.Remove(g.Name())
	return nil
}

// discard removes the temporary file of a stream that was not placed.
func (g *genFile) discard() {
	g.Close()
	os.Remove(g.Name())
}
