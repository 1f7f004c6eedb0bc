package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/signoff/signoff/db/postgres"
)

// The store's tests are its contract with every engine: a test written
// as eachEngine(t, func(t *testing.T) {…}) runs on SQLite and again on
// PostgreSQL, each time on a fresh database that openTest opens for the
// engine the test runs on. PostgreSQL needs a server, named by
// SIGNOFF_TEST_POSTGRES (a postgres:// URL of a database the role may
// create schemas in, as a superuser for the tests that alter the record
// behind signoff's back); without it those runs are skipped, saying so.
// .ci/run starts a server and sets it.

// PostgresEnv names the server the PostgreSQL runs of the tests use.
const postgresEnv = "SIGNOFF_TEST_POSTGRES"

// postgresSkip is the one line a skipped PostgreSQL run says.
const postgresSkip = "PostgreSQL runs skipped: set " + postgresEnv + "=postgres://USER@HOST:PORT/DATABASE to run them (.ci/run starts a server and does)"

// onPostgres holds the names of the tests running on PostgreSQL.
var onPostgres sync.Map

// eachEngine runs test on SQLite, then on PostgreSQL when a server is
// given.
func eachEngine(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	t.Run("sqlite", test)
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(postgresEnv) == "" {
			t.Skip(postgresSkip)
		}
		onPostgres.Store(t.Name(), true)
		defer onPostgres.Delete(t.Name())
		test(t)
	})
}

// postgresTest reports whether t (or the test it is part of) runs on
// PostgreSQL.
func postgresTest(t testing.TB) bool {
	found := false
	onPostgres.Range(func(k, _ any) bool {
		name := k.(string)
		found = t.Name() == name || strings.HasPrefix(t.Name(), name+"/")
		return !found
	})
	return found
}

// freshAddress is the address of an empty database for t on its engine:
// a file in its temporary directory, or a schema of its own on the
// PostgreSQL server, dropped when the test ends.
func freshAddress(t testing.TB) string {
	t.Helper()
	if !postgresTest(t) {
		return filepath.Join(t.TempDir(), "signoff.db")
	}
	admin := postgresAdmin(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(os.Getenv(postgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var admin struct {
	once sync.Once
	db   *sql.DB
	err  error
}

// postgresAdmin is a connection to the test server, as its role, with
// pg_trgm installed where every test schema finds it.
func postgresAdmin(t testing.TB) *sql.DB {
	t.Helper()
	admin.once.Do(func() {
		admin.db, admin.err = sql.Open("pgx", os.Getenv(postgresEnv))
		if admin.err == nil {
			_, admin.err = admin.db.Exec("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
		}
	})
	if admin.err != nil {
		t.Fatalf("%s: %v", postgresEnv, admin.err)
	}
	return admin.db
}

// rawDB is a plain connection to a store's database, past signoff: the
// driver's own, without signoff's triggers on PostgreSQL (replica mode
// skips them, as it skips foreign keys: what someone with the server's
// superuser could do).
func rawDB(t testing.TB, address string) *sql.DB {
	t.Helper()
	if !postgres.IsAddress(address) {
		db, err := sql.Open("sqlite", address)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db, err := sql.Open("pgx", address)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	return db
}

// openAt opens the store at address for t, closed when t ends.
func openAt(t testing.TB, address string, opts ...Option) *DB {
	t.Helper()
	d, err := Open(context.Background(), address, append([]Option{fixedClock}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// param spells a raw statement's placeholders for address's engine: ?
// for SQLite, $1, $2, … for PostgreSQL.
func param(address, query string) string {
	if !postgres.IsAddress(address) {
		return query
	}
	for n := 1; strings.Contains(query, "?"); n++ {
		query = strings.Replace(query, "?", "$"+strconv.Itoa(n), 1)
	}
	return query
}

// onEngine is the statement for d's engine, where the two spell it
// differently.
func onEngine(d *DB, sqlite, postgres string) string {
	if d.Engine() == "PostgreSQL" {
		return postgres
	}
	return sqlite
}
