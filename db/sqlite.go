package db

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// applicationID marks a signoff database in the SQLite header ("SGNF").
const applicationID = 0x53474E46

// sqliteFile is the SQLite engine: one file, opened through modernc.org/sqlite.
type sqliteFile struct {
	path string
	sql  *sql.DB

	// dv is the one connection PRAGMA data_version is read on: the value
	// only moves for commits made by other connections than the reader.
	dvMu   sync.Mutex
	dv     *sql.Conn
	dvSeen versionSeen // what it last said (sqlite_version.go)
	// watch reads it for the screens that wait on Changed.
	watch watch

	// opened is the file as it was opened: once the path names another
	// file, or none, this store no longer reads the record (sqlite_moved.go).
	opened os.FileInfo

	access access // how the file is opened (access.go)

	damageMu sync.Mutex
	damage   string // the damage this process met (damage.go)
}

var _ engine.Engine = (*sqliteFile)(nil)

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

// openSQLite opens the signoff database file at path, creating it (mode
// 0600) when the path does not exist and migrating it to the current
// schema. A file that is not a signoff database, is damaged, or comes from
// a newer signoff is refused with a sentence and left untouched. A new
// database appears at path only whole (createSQLite).
func openSQLite(ctx context.Context, path string) (*sqliteFile, error) {
	return openSQLiteFile(ctx, path, false)
}

// openSQLiteFile is openSQLite; own says path is a name of this process's
// own (a copy's file, FreshFile), where nobody else makes a database, so
// a new one is made there rather than beside it.
func openSQLiteFile(ctx context.Context, path string, own bool) (*sqliteFile, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot use %s as a database path: %v", path, err)
	}
	created := false
	// Lstat: a link to where nothing is names something, and is refused
	// (prepareFile); nothing is made through it.
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		if own {
			err = buildNew(ctx, abs, abs)
			created = err == nil
		} else {
			created, err = createSQLite(ctx, abs)
		}
		if err != nil {
			return nil, err
		}
	}
	if !created {
		// Another process's file, or one made meanwhile by another.
		if err := prepareFile(abs); err != nil {
			return nil, err
		}
	}
	// SQLite follows symbolic links and keeps the -wal and -shm beside
	// the file itself: the watch, the stat of the data version and the
	// look for a -shm must go there too, not beside the link.
	if file, err := filepath.EvalSymlinks(abs); err == nil {
		abs = file
	}
	a, err := heldAccess(abs, created)
	if err != nil {
		return nil, err
	}
	hold(abs, a)
	s, err := startSQLite(ctx, abs, a)
	if err != nil {
		release(abs)
	}
	return s, err
}

func startSQLite(ctx context.Context, path string, a access) (*sqliteFile, error) {
	sdb, err := sql.Open("sqlite", dsn(path, a))
	if err != nil {
		return nil, internal(err)
	}
	s := &sqliteFile{path: path, sql: sdb, access: a}
	if err := s.start(ctx); err != nil {
		if s.dv != nil {
			s.dv.Close()
		}
		sdb.Close()
		return nil, err
	}
	s.opened, _ = os.Stat(path)
	return s, nil
}

// start checks the stamp through the driver (the header on disk can lag
// behind a WAL), migrates, and sets aside the data_version connection.
func (s *sqliteFile) start(ctx context.Context) error {
	if err := s.checkStamp(ctx); err != nil {
		return err
	}
	if err := s.migrate(ctx); err != nil {
		return err
	}
	conn, err := s.sql.Conn(ctx)
	if err != nil {
		return s.Fail(err)
	}
	s.dv = conn
	return nil
}

func (s *sqliteFile) Name() string             { return "SQLite" }
func (s *sqliteFile) Address() string          { return s.path }
func (s *sqliteFile) DB() *sql.DB              { return s.sql }
func (s *sqliteFile) Dialect() *engine.Dialect { return &sqliteDialect }
func (s *sqliteFile) now() time.Time           { return time.Now().UTC() }

// ReadOptions: a read-only transaction is one consistent snapshot, and
// takes no write lock (only write transactions begin IMMEDIATE).
func (s *sqliteFile) ReadOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

// DataVersion is PRAGMA data_version, read on one dedicated connection:
// the value is per connection. It is asked only when a stat of the files
// says they may have moved since it was last read (sqlite_version.go).
func (s *sqliteFile) DataVersion(ctx context.Context) (int64, error) {
	s.dvMu.Lock()
	defer s.dvMu.Unlock()
	at := time.Now()
	look, lookErr := lookAt(s.path)
	if err := s.gone(look.db, lookErr); err != nil {
		return 0, err
	}
	if lookErr == nil && s.dvSeen.still(look, at) {
		return s.dvSeen.version, nil
	}
	var v int64
	err := s.dv.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	s.dvSeen = versionSeen{ok: err == nil && lookErr == nil, look: look, at: at, version: v}
	return v, err
}

// Close releases the file.
func (s *sqliteFile) Close() error {
	s.stopWatching()
	var errs []error
	if s.dv != nil {
		errs = append(errs, s.dv.Close())
	}
	errs = append(errs, s.sql.Close())
	release(s.path)
	return errors.Join(errs...)
}

// RemoveFresh deletes a database file this process made, with its -wal,
// -shm and -journal, once it is closed: a new database's file that was
// not put in place (createSQLite), and a copy's that was refused.
func RemoveFresh(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		os.Remove(p)
	}
}
