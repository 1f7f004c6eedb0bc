package db

import (
	"errors"
	"io/fs"
	"os"

	"github.com/signoff/signoff/model"
)

// A restore that moves a copy over the database, or a person who moves or
// removes it, leaves an open store reading and writing the old file
// through the connections it holds: the record at the path is another
// file now (or none), and what this process went on writing would land
// in a file nobody reads. The store compares the path with the file it
// opened at each look for writes (DataVersion) and before each write; a
// stat, which takes none of SQLite's locks.

// gone is the sentence for a file no longer at its path, given a stat of
// the path now; nil while it is there, or when the stat cannot tell.
func (s *sqliteFile) gone(now os.FileInfo, err error) error {
	switch {
	case s.opened == nil:
		return nil
	case err == nil && os.SameFile(now, s.opened):
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil // the read that follows says what is wrong
	}
	return model.Errorf(model.EINVALID, "the database file %s was moved, removed or replaced, or its disk unmounted, while this signoff had it open: start signoff again (what this one would read and write is no longer the record at that path, so it writes nothing more)", s.path)
}

// goneError is gone for the path as it is now.
func (s *sqliteFile) goneError() error {
	info, err := os.Stat(s.path)
	return s.gone(info, err)
}
