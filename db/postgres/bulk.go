package postgres

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/signoff/signoff/db/engine"
)

// Keeping the trigram index of the timeline's search text (events_search)
// current is the larger part of the server's work in a large import: on a
// test machine a million timeline rows took 60 s to insert with it and
// 20 s without, and building it over them afterwards 21–24 s (whatever
// maintenance_work_mem, 64 MB to 1 GB: the time is the trigrams' own).
// So, as PostgreSQL's "Populating a Database" advises, an import that
// brings more timeline rows than the table held drops the index inside
// its transaction and builds it again before it commits. DDL is
// transactional: until the commit no other session sees the index gone,
// and an import refused, stopped or killed part way (its connection
// dropped) is rolled back with its DROP, so the index is there as it was.
//
// The price: DROP INDEX locks the timeline (ACCESS EXCLUSIVE) until the
// commit, so every read of it by another session (the review screens,
// verify, export) waits for the rest of the import, up to the two minutes
// every statement waits for a lock (lock_timeout), where it would
// otherwise read the record as it was before the import. So the index is
// set aside only when the import brings more rows than the table held
// (then building it over all of them costs less than adding these to it;
// a large load into a nearly empty record, where few are reading), at
// bulkFrom rows and more, and only when the lock is free at once
// (NOWAIT): an import does not queue behind a reader, which would make
// every later reader queue behind it. Only the index's owner (the
// schema's owner, or a member of that role, or a superuser) may drop it:
// the application role never does, and its imports keep the index
// current as before.

// bulkFrom is how many timeline rows an import brings before it may set
// the index aside: below it, building the index again is not worth the
// lock. A variable for the tests.
var bulkFrom = 50_000

// searchIndex is the index set aside.
const searchIndex = "events_search"

// Bulk is the engine's way to load many timeline rows (engine.Bulk), one
// for each import.
func (e *Engine) Bulk() engine.Bulk { return &bulk{e: e, held: -1} }

var _ engine.Bulker = (*Engine)(nil)

type bulk struct {
	e *Engine
	// held is how many timeline rows the table held before the import,
	// -1 until counted (once the import reaches bulkFrom).
	held int
	// next is the count of rows inserted at which to try again, after
	// the lock was not free; never says it will not be tried (not the
	// index's owner, or no such index).
	next  int
	never bool
	// made is the index's definition once it is set aside, "" before.
	made string
}

func (b *bulk) Before(ctx context.Context, tx *sql.Tx, inserted, coming int) error {
	total := inserted + coming
	if b.never || b.made != "" || total < bulkFrom || total < b.next {
		return nil
	}
	if b.held < 0 {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM events").Scan(&n); err != nil {
			return err
		}
		b.held = n - inserted
	}
	if total <= b.held {
		// Set aside only for an import bigger than the table; the count of
		// its rows grows, the table's does not, so look again later.
		b.next = b.held + 1
		return nil
	}
	return b.setAside(ctx, tx, inserted)
}

// setAside drops the index if this role may and the table's lock is free.
func (b *bulk) setAside(ctx context.Context, tx *sql.Tx, inserted int) error {
	name := pgx.Identifier{b.e.schema, searchIndex}.Sanitize()
	var owner bool
	var made string
	var space sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT pg_has_role(c.relowner, 'USAGE'), pg_get_indexdef(c.oid), t.spcname
		FROM pg_class c LEFT JOIN pg_tablespace t ON t.oid = c.reltablespace
		WHERE c.oid = to_regclass($1)`, name).Scan(&owner, &made, &space)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !owner {
		b.never = true
		return nil
	}
	if err != nil {
		return err
	}
	if space.Valid {
		made += " TABLESPACE " + pgx.Identifier{space.String}.Sanitize()
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT signoff_bulk"); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "LOCK TABLE "+pgx.Identifier{b.e.schema, "events"}.Sanitize()+" IN ACCESS EXCLUSIVE MODE NOWAIT")
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "55P03" { // lock_not_available: someone reads
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT signoff_bulk"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT signoff_bulk"); err != nil {
			return err
		}
		b.next = inserted + bulkFrom
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DROP INDEX "+name); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT signoff_bulk"); err != nil {
		return err
	}
	b.made = made
	if setAsideHook != nil {
		setAsideHook()
	}
	return nil
}

// setAsideHook, when set (by a test), runs once the index is dropped.
var setAsideHook func()

// Settle builds the index again, as it was made, before the commit.
func (b *bulk) Settle(ctx context.Context, tx *sql.Tx) error {
	if b.made == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, b.made); err != nil {
		return err
	}
	b.made = ""
	return nil
}
