// Package db is the SQLite store of signoff: it opens and migrates the
// database, imports and exports incidents, answers the workstation's
// queries and keeps the audit chain. It is the only package that knows SQL.
package db

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/signoff/signoff/model"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// applicationID marks a signoff database in the SQLite header ("SGNF").
const applicationID = 0x53474E46

var _ model.Store = (*DB)(nil)

// DB is an open signoff database.
type DB struct {
	path string
	sql  *sql.DB

	// dv is the one connection PRAGMA data_version is read on: the value
	// only moves for commits made by other connections than the reader.
	dvMu sync.Mutex
	dv   *sql.Conn

	queue queueCache // PendingQueue's last snapshot (queue_cache.go)

	clock func() time.Time

	access access // how the file is opened (access.go)

	damageMu sync.Mutex
	damage   string // the damage this process met (damage.go)

	reads readFaults // what reads found in the chain entries they went through (read_check.go)
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

// dsn is the one place the connection string is built: every pooled
// connection gets the same pragmas, and write transactions begin
// IMMEDIATE so a read-then-write transaction never fails on a stale snapshot.
// A file this process may not write is opened read-only (access.go).
// cell_size_check makes SQLite check each page as it reads it, so damage
// is met as an error rather than read as data (SQLite puts its cost at
// about 2.5%).
func dsn(path string, a access) string {
	q := url.Values{}
	switch a {
	case readOnly:
		q.Set("mode", "ro")
	case readImmutable:
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	}
	q.Add("_pragma", "foreign_keys(1)")
	if a == readWrite {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "cell_size_check(1)")
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: q.Encode()}
	return u.String()
}

// Open opens the signoff database at path, creating it (mode 0600) when the
// path does not exist and migrating it to the current schema. A file that
// is not a signoff database, is damaged, or comes from a newer signoff is
// refused with a sentence and left untouched.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot use %s as a database path: %v", path, err)
	}
	created, err := prepareFile(abs)
	if err != nil {
		return nil, err
	}
	a, err := heldAccess(abs, created)
	if err != nil {
		return nil, err
	}
	hold(abs, a)
	d, err := open(ctx, abs, a, opts)
	if err != nil {
		release(abs)
		if created {
			removeFresh(abs)
		}
	}
	return d, err
}

func open(ctx context.Context, path string, a access, opts []Option) (*DB, error) {
	sdb, err := sql.Open("sqlite", dsn(path, a))
	if err != nil {
		return nil, internal(err)
	}
	d := &DB{path: path, sql: sdb, clock: time.Now, access: a}
	for _, opt := range opts {
		opt(d)
	}
	if err := d.start(ctx); err != nil {
		if d.dv != nil {
			d.dv.Close()
		}
		sdb.Close()
		return nil, err
	}
	return d, nil
}

// start checks the stamp through the driver (the header on disk can lag
// behind a WAL), migrates, and sets aside the data_version connection.
func (d *DB) start(ctx context.Context) error {
	if err := d.checkStamp(ctx); err != nil {
		return err
	}
	if err := d.migrate(ctx); err != nil {
		return err
	}
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return d.fail(err)
	}
	d.dv = conn
	return nil
}

// Close releases the database.
func (d *DB) Close() error {
	var errs []error
	if d.dv != nil {
		errs = append(errs, d.dv.Close())
	}
	errs = append(errs, d.sql.Close())
	release(d.path)
	return errors.Join(errs...)
}

// Address names the database: the absolute path of its file.
func (d *DB) Address() string { return d.path }

// removeFresh deletes a database this process created when opening it
// failed, so a failed first run leaves no half-made file behind.
func removeFresh(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}
