package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/signoff/signoff/model"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Fail translates an error from the driver into the model's codes: the
// rest of signoff never sees a driver error. nil stays nil.
func (s *sqliteFile) Fail(err error) error {
	if err == nil {
		return nil
	}
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || closedBySQL(err) {
			return internal(err)
		}
		// A value the schema cannot hold (NULL in a NOT NULL column, text
		// where a number belongs) comes from a damaged page.
		if detail := s.probeDamage(); detail != "" {
			return s.Damaged(detail)
		}
		return internal(err)
	}
	switch code := se.Code(); {
	case code&0xff == sqlite3.SQLITE_NOTADB, code&0xff == sqlite3.SQLITE_CORRUPT:
		return s.Damaged("SQLite reports: " + se.Error())
	case code&0xff == sqlite3.SQLITE_BUSY:
		return model.Errorf(model.ECONFLICT, "the database %s is busy: other signoff processes kept it locked for more than two minutes; try again", s.path)
	case code == sqlite3.SQLITE_READONLY_CANTINIT || code == sqlite3.SQLITE_READONLY_RECOVERY:
		return model.Errorf(model.EFORBIDDEN, "the database %s cannot be opened for writing because its shared-memory file %s-shm is read-only for this user; delete that file while no signoff is running", s.path, s.path)
	case code&0xff == sqlite3.SQLITE_READONLY:
		return s.readOnlyError()
	case code&0xff == sqlite3.SQLITE_FULL, code&0xff == sqlite3.SQLITE_IOERR:
		return s.diskError(se)
	case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return model.Errorf(model.ECONFLICT, "the record already exists (%s)", se.Error())
	case code == sqlite3.SQLITE_CONSTRAINT_TRIGGER && strings.Contains(se.Error(), "append-only"):
		return model.Errorf(model.EFORBIDDEN, "%s", triggerMessage(se.Error()))
	case code == sqlite3.SQLITE_CONSTRAINT_TRIGGER, code == sqlite3.SQLITE_CONSTRAINT_CHECK:
		// A rule someone added to the database: its own words say why.
		return model.Errorf(model.EINVALID, "the database refused the record: %s", triggerMessage(se.Error()))
	}
	return internal(err)
}

// triggerMessage keeps the sentence a trigger raised, without the driver's
// prefix and code.
func triggerMessage(s string) string {
	if i := strings.Index(s, ": "); i >= 0 && !strings.Contains(s[:i], "append-only") {
		s = s[i+2:]
	}
	if i := strings.LastIndex(s, " ("); i > 0 {
		s = s[:i]
	}
	return s
}

func internal(err error) error { return fmt.Errorf("database: %w", err) }

// closedBySQL reports whether err is database/sql's own word that a
// transaction, statement or rows it handed out was closed, as happens
// when a read's context ends: it says nothing of the file, so it is no
// reason to run an integrity check over all of it.
func closedBySQL(err error) bool {
	if errors.Is(err, sql.ErrTxDone) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	for ; err != nil; err = errors.Unwrap(err) {
		switch err.Error() {
		case "sql: statement is closed", "sql: Rows are closed":
			return true
		}
	}
	return false
}

func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// IsUnique reports whether err is a unique-constraint violation.
func (s *sqliteFile) IsUnique(err error) bool { return isUnique(err) }

func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}
