// Package db is the record store of signoff: it imports and exports
// incidents, answers the workstation's queries, keeps the audit chain and
// verifies it. It runs on SQLite (a file, built in) or on PostgreSQL (a
// server, db/postgres); the address given to Open picks the engine, and
// everything else is one implementation for both (db/engine is the seam).
package db

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

var _ model.Store = (*DB)(nil)

// DB is an open signoff database.
type DB struct {
	eng engine.Engine
	sql *sql.DB
	q   *engine.Dialect
	sq  statements // what the store composes from the dialect (statements.go)

	queue queueCache // PendingQueue's last snapshot (queue_cache.go)
	twins twinMemo   // incident ids that read alike (incidents_alike.go)
	kept  keptStatements
	// beside counts the read transactions held beside another (beside.go).
	beside besideSlots

	clock func() time.Time

	reads readFaults // what reads found in the chain entries they went through (read_check.go)

	held atomic.Pointer[chain.Verified] // what checks and writes hold the chain to (verify_held.go)
}

// Option changes how Open sets up the store.
type Option func(*DB)

// WithClock makes the store read the time from now instead of time.Now.
// Each write transaction reads it once, so everything one write records
// (a verdict and its chain entry, a decision and its approvals) carries
// the same moment.
func WithClock(now func() time.Time) Option { return func(d *DB) { d.clock = now } }

// now reads the store's clock, in UTC.
func (d *DB) now() time.Time { return d.clock().UTC() }

// Open opens the signoff database at address: a postgres:// (or
// postgresql://) URL is a PostgreSQL server (db/postgres), anything else
// the path of a SQLite file, created (mode 0600) when it does not exist.
// Either is migrated to the current schema; a database that is not
// signoff's, is damaged, or comes from a newer signoff is refused with a
// sentence and left untouched.
func Open(ctx context.Context, address string, opts ...Option) (*DB, error) {
	eng, err := openEngine(ctx, address)
	if err != nil {
		return nil, err
	}
	return newDB(eng, opts), nil
}

// newDB runs the store on an engine.
func newDB(eng engine.Engine, opts []Option) *DB {
	d := &DB{eng: eng, sql: eng.DB(), q: expand(*eng.Dialect()), clock: time.Now}
	d.sq = compose(d.q)
	for _, opt := range opts {
		opt(d)
	}
	return d
}

// Close releases the database.
func (d *DB) Close() error {
	d.kept.close()
	return d.eng.Close()
}

// Address names the database: the absolute path of its file, or the
// server's address without its password.
func (d *DB) Address() string { return d.eng.Address() }

// Engine is the name of the engine the store runs on.
func (d *DB) Engine() string { return d.eng.Name() }

// Damage is what damage was found in the database, by this process or
// noted by another, or "" when none is known.
func (d *DB) Damage() string { return d.eng.Damage() }

// fail translates an error from the driver into the model's codes: the
// rest of signoff never sees a driver error. nil stays nil.
func (d *DB) fail(err error) error { return d.eng.Fail(err) }

// beginWrite begins a write transaction holding the record's write lock.
func (d *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := d.eng.BeginWrite(ctx)
	return tx, d.fail(err)
}

var _ model.ChangeWatcher = (*DB)(nil)

// Changed is closed at the next write by another connection: PostgreSQL
// hears of it through LISTEN, SQLite by reading its data version every
// watchEvery once something watches.
func (d *DB) Changed() <-chan struct{} {
	if w, ok := d.eng.(model.ChangeWatcher); ok {
		return w.Changed()
	}
	return nil
}

// Unheard says why the store cannot hear of writes by others and looks
// for them every few tens of milliseconds instead, "" when it can
// (model.ChangeWatcher); meaningful once Changed was called.
func (d *DB) Unheard() string {
	if u, ok := d.eng.(interface{ Unheard() string }); ok {
		return u.Unheard()
	}
	return ""
}

// Frozen says why the store cannot see writes made after it opened, ""
// when it can (a SQLite file this user may only read, opened with nobody
// writing it, is read as it stood).
func (d *DB) Frozen() string {
	if f, ok := d.eng.(interface{ Frozen() string }); ok {
		return f.Frozen()
	}
	return ""
}

// DataVersion changes whenever another connection commits a write.
func (d *DB) DataVersion(ctx context.Context) (int64, error) {
	v, err := d.eng.DataVersion(ctx)
	return v, d.fail(err)
}

// ExcessRights says, in a sentence with the REVOKE that takes them back,
// which rights the role this store connects as holds on the record's
// tables beyond what signoff's grants give it (on a server: UPDATE,
// DELETE, TRUNCATE, TRIGGER, …); "" when none, or the engine has no such
// roles.
func (d *DB) ExcessRights(ctx context.Context) (string, error) {
	g, ok := d.eng.(interface {
		ExcessRights(context.Context) (string, error)
	})
	if !ok {
		return "", nil
	}
	return g.ExcessRights(ctx)
}

// LiftableGuards says, in a sentence, why the role this store connects
// as could lift the guards that keep the record append-only (on a server:
// it owns the record's schema or tables, or is a superuser); "" when it
// could not, or the engine has no such roles.
func (d *DB) LiftableGuards(ctx context.Context) (string, error) {
	g, ok := d.eng.(interface {
		LiftableGuards(context.Context) (string, error)
	})
	if !ok {
		return "", nil
	}
	return g.LiftableGuards(ctx)
}
