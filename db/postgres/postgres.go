// Package postgres is the PostgreSQL engine of the record store (db): a
// team's one record on a server it already runs, shared by every signoff
// on every host. It gives the store (through db/engine) its connections,
// its schema and migrations, the one write lock every writer on every host
// takes in turn, the translation of the server's errors, live refresh by
// LISTEN/NOTIFY, and the SQL PostgreSQL spells its own way. Everything
// else, the record's logic, is the store's, shared with SQLite.
package postgres

import (
	"context"
	"database/sql"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
)

// IsAddress reports whether a database address names a PostgreSQL
// server: a postgres:// or postgresql:// URL.
func IsAddress(address string) bool {
	return strings.HasPrefix(address, "postgres://") || strings.HasPrefix(address, "postgresql://")
}

// Engine is one signoff record in one schema of a PostgreSQL database.
type Engine struct {
	address string // the URL without its password
	place   string // the host and database, for the sentences analysts read
	pw      passwordSource
	config  *pgx.ConnConfig
	sql     *sql.DB
	schema  string // the schema the record is in: the first of the search path
	role    string // the role connected as
	lockKey int64  // the advisory lock that serialises the record's writes
	create  bool   // whether Open may make a record in a schema holding none
	listen  *listener
}

var _ engine.Engine = (*Engine)(nil)

// Open connects to the server at address (a postgres:// URL; the schema
// is the first of the search path, as the URL's search_path or the
// role's setting gives it), brings the schema up to date when the role
// may, and starts listening for other writers. A schema that is not
// signoff's, or is from a newer signoff, is refused and left as it is.
func Open(ctx context.Context, address string) (*Engine, error) {
	return open(ctx, address, true)
}

// OpenExisting is Open for a schema that holds a record already: one
// that holds none is refused with a sentence and left as it is, as a
// SQLite path with no file is (a search path that missed signoff's
// schema lands in public, where the owner may create).
func OpenExisting(ctx context.Context, address string) (*Engine, error) {
	return open(ctx, address, false)
}

func open(ctx context.Context, address string, create bool) (*Engine, error) {
	if strayAt(address) {
		return nil, model.Errorf(model.EINVALID, "the PostgreSQL address given has an @ in its user name or password: write it %%40 there, or keep the password out of the address (PGPASSWORD or ~/.pgpass, docs/postgres.md)")
	}
	shown := redact(address)
	config, err := pgx.ParseConfig(address)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot use %s as a PostgreSQL address: %v", shown, plainError(err))
	}
	// Every statement, a read's too, waits for a lock at most as long as
	// a writer waits for the record's: a table lock held for good (the
	// application role may lock the tables it may change) is named, not
	// waited on forever. An address that sets lock_timeout keeps its own.
	if _, set := config.RuntimeParams["lock_timeout"]; !set {
		config.RuntimeParams["lock_timeout"] = millis(lockWait)
	}
	e := &Engine{address: shown, place: placeOf(config), pw: choosePassword(address, config), config: config, create: create}
	e.sql = sql.OpenDB(connector{stdlib.GetConnector(*config)})
	// A few connections serve one process: the screens read while a write
	// runs, verify reads two queries side by side.
	e.sql.SetMaxOpenConns(8)
	e.sql.SetMaxIdleConns(4)
	e.sql.SetConnMaxIdleTime(5 * time.Minute)
	if err := e.start(ctx); err != nil {
		e.sql.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) start(ctx context.Context) error {
	var schema sql.NullString
	if err := e.sql.QueryRowContext(ctx, "SELECT current_schema(), current_user").Scan(&schema, &e.role); err != nil {
		return e.Fail(err)
	}
	if !schema.Valid {
		return e.unreachableSchema(ctx)
	}
	e.schema = schema.String
	e.lockKey = lockKey(e.schema)
	if err := e.migrate(ctx); err != nil {
		return err
	}
	l, err := listen(ctx, e.config, e.schema)
	if err != nil {
		return e.Fail(err)
	}
	e.listen = l
	return nil
}

// lockKey is the advisory lock of a schema's record: one per schema, so
// two records in one database do not wait for each other.
func lockKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("signoff record " + schema))
	return int64(h.Sum64())
}

// strayAt reports whether an @ follows the one that ends the address's
// user and password. The driver, as libpq, ends them at the first @, so
// what follows it (the rest of a password holding an @) would be taken for
// the host: looked up in the DNS and named in the sentence that says the
// host cannot be reached.
func strayAt(address string) bool {
	_, rest, _ := strings.Cut(address, "://")
	authority, _, _ := strings.Cut(rest, "/")
	_, host, found := strings.Cut(authority, "@")
	host, _, _ = strings.Cut(host, "?")
	return found && strings.Contains(host, "@")
}

// redact is an address without its password, for sentences.
func redact(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "the given PostgreSQL address"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Place is where a PostgreSQL address points, for sentences a person
// reads: the host (and port) and the database, never the user, the
// password or the address's parameters. The host is read as net/url reads
// it, after the last @ of the authority, so no part of a password holding
// an @ can pass for it.
func Place(address string) string {
	u, err := url.Parse(address)
	if err != nil {
		return "the PostgreSQL server the address names"
	}
	host := u.Host
	if host == "" {
		host = u.Query().Get("host") // a Unix socket's folder
	}
	if host == "" {
		host = "localhost"
	}
	database := strings.TrimPrefix(u.Path, "/")
	if database == "" {
		database = u.Query().Get("dbname")
	}
	if database == "" {
		return host
	}
	return host + "/" + database
}

// placeOf is where a parsed address points: host, port when not the
// default, and database, as the driver resolved them (a host or database
// the URL leaves out comes from $PGHOST, $PGDATABASE or the defaults).
func placeOf(config *pgx.ConnConfig) string {
	host := config.Host
	if config.Port != 0 && config.Port != 5432 {
		host += ":" + strconv.Itoa(int(config.Port))
	}
	if config.Database == "" {
		return host
	}
	return host + "/" + config.Database
}

func (e *Engine) Name() string             { return "PostgreSQL" }
func (e *Engine) Address() string          { return e.address }
func (e *Engine) DB() *sql.DB              { return e.sql }
func (e *Engine) Dialect() *engine.Dialect { return &dialect }

// Schema is the schema the record is kept in.
func (e *Engine) Schema() string { return e.schema }

// BeginWrite begins a write transaction and takes the record's advisory
// lock, which every signoff writing to this schema, on any host, takes
// first: appends to the chain are one at a time, so the chain never
// forks, and a transaction reads the chain's head (READ COMMITTED: each
// statement sees what committed before it) only once it holds the lock.
// A writer waits up to two minutes, as SQLite's do, then gives up with a
// sentence. One that stops sending while it holds the lock (its process
// stopped or suspended, its host cut off, its input stalled) is ended by
// the server after writeIdle, so the lock cannot be held for good: the
// server rolls the write back and the writers waiting go on.
func (e *Engine) BeginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := e.sql.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `SELECT set_config('lock_timeout', $2, true),
		set_config('idle_in_transaction_session_timeout', $3, true), pg_advisory_xact_lock($1)`,
		e.lockKey, millis(lockWait), millis(writeIdle)); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// lockWait is how long a writer waits for the record's lock; writeIdle is
// how long a writer holding it may send nothing before the server ends its
// transaction. writeIdle is the shorter, so a writer that starts waiting
// as another stops is let in before it gives up.
var lockWait, writeIdle = 2 * time.Minute, time.Minute

// millis is a duration as the server's settings take it.
func millis(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

// BeginImport is BeginWrite: the server needs nothing set up for a bulk
// import.
func (e *Engine) BeginImport(ctx context.Context) (*sql.Tx, func(), error) {
	tx, err := e.BeginWrite(ctx)
	return tx, func() {}, err
}

// ReadOptions: a read is one snapshot (REPEATABLE READ), as SQLite's
// read transactions are; READ COMMITTED would let the statements of one
// read see different records.
func (e *Engine) ReadOptions() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// DataVersion moves whenever the server tells of a write to this schema,
// and when the listening connection comes back after a drop (anything may
// have been written meanwhile); while it is down it says so.
func (e *Engine) DataVersion(ctx context.Context) (int64, error) {
	return e.listen.version()
}

// Changed is closed at the next write to this schema heard, or when the
// listening connection goes or comes back (model.ChangeWatcher).
func (e *Engine) Changed() <-chan struct{} { return e.listen.wait() }

// Integrity is nil: the server keeps its own storage sound; verify checks
// the record.
func (e *Engine) Integrity(ctx context.Context, limit int) ([]string, error) { return nil, nil }

// Damaged is never called for a server (Integrity finds nothing); it says
// what it was told.
func (e *Engine) Damaged(detail string) error {
	return model.Errorf(model.EINVALID, "the PostgreSQL database at %s is damaged (%s)", e.address, detail)
}

func (e *Engine) ClearDamage()   {}
func (e *Engine) Damage() string { return "" }

// Close stops listening and closes the connections.
func (e *Engine) Close() error {
	if e.listen != nil {
		e.listen.stop()
	}
	return e.sql.Close()
}
