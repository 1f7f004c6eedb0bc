package main

import (
	"context"

	"github.com/signoff/signoff/db"
)

// copyTarget is the database signoff copy writes into, opened so that a
// copy refused or stopped leaves it as it was found: a SQLite file that
// was not there is removed, and a server's schema that holds no record is
// refused before anything is made in it (signoff init makes the record
// there, as the schema's owner). A file or schema that holds a record
// already is left as it is by the copy's own transaction, rolled back.
type copyTarget struct {
	*db.DB
	made bool // the SQLite file was made by this copy
}

func openCopyTarget(ctx context.Context, to string) (*copyTarget, error) {
	if db.IsServer(to) {
		d, err := db.OpenExisting(ctx, to)
		if err != nil {
			return nil, err
		}
		return &copyTarget{DB: d}, nil
	}
	made := mustExist(to) != nil
	d, err := db.Open(ctx, to)
	if err != nil {
		return nil, err // a file Open made and could not open, it removed
	}
	return &copyTarget{DB: d, made: made}, nil
}

// refused closes the target and removes the file the copy made.
func (t *copyTarget) refused() {
	t.Close()
	if t.made {
		db.RemoveFresh(t.Address())
	}
}
