package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/tui/safetext"
)

// copyTarget is the database signoff copy writes into, opened so that a
// copy refused, stopped or killed leaves it as it was found: a SQLite file
// that was not there is built under a name of its own and appears at --to
// only once the copy is whole (db.FreshFile), and a server's schema that
// holds no record is refused before anything is made in it (signoff init
// makes the record there, as the schema's owner). A file or schema that
// holds a record already is left as it is by the copy's own transaction,
// rolled back.
type copyTarget struct {
	*db.DB
	fresh *db.FreshFile // the file the copy makes, nil when it was there
}

// openCopyTarget opens the destination; notes hears of the files that
// unfinished copies into the same file left.
func openCopyTarget(ctx context.Context, to string, notes io.Writer) (*copyTarget, error) {
	if db.IsServer(to) {
		d, err := db.OpenExisting(ctx, to)
		if err != nil {
			return nil, err
		}
		return &copyTarget{DB: d}, nil
	}
	if mustExist(to) == nil {
		d, err := db.Open(ctx, to)
		if err != nil {
			return nil, err
		}
		return &copyTarget{DB: d}, nil
	}
	if err := noFolderToCreate(to, "--to"); err != nil {
		return nil, err
	}
	fresh, err := db.NewFreshFile(to)
	if err != nil {
		return nil, err
	}
	for _, f := range fresh.Removed {
		fmt.Fprintf(notes, "signoff: removed %s, the unfinished file of a copy into %s that was killed before it finished\n",
			safetext.Line(filepath.Base(f)), safetext.Line(to))
	}
	for _, f := range fresh.Building {
		fmt.Fprintf(notes, "signoff: note: %s is the unfinished file of another copy into %s, whose process still runs; it is left alone\n",
			safetext.Line(filepath.Base(f)), safetext.Line(to))
	}
	d, err := fresh.Open(ctx)
	if err != nil {
		fresh.Discard()
		return nil, err
	}
	return &copyTarget{DB: d, fresh: fresh}, nil
}

// refused closes the target and removes the file the copy made.
func (t *copyTarget) refused() {
	t.Close()
	if t.fresh != nil {
		t.fresh.Discard()
	}
}

// finish closes the target of a copy that is whole and, for a file the
// copy made, puts it in place. It returns the copy's address, as a store
// opened there names it (the folder's links resolved, as the build's
// were).
func (t *copyTarget) finish() (string, error) {
	address := t.Address()
	err := t.Close()
	if t.fresh == nil {
		return address, nil
	}
	if err == nil {
		err = t.fresh.Place()
	}
	if err != nil {
		t.fresh.Discard()
		return "", err
	}
	return filepath.Join(filepath.Dir(address), filepath.Base(t.fresh.Path)), nil
}
