package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// A shared fixture is a database that tests only read, filled once per run
// and engine instead of once per test. Each test still gets a store of its
// own (its own connections, caches and faults met): on SQLite a copy of
// the file, closed before it was copied; on PostgreSQL the one schema,
// every transaction of the test's store read-only, so a test that writes
// fails instead of changing what the others read.
type sharedFixture struct {
	fill func(d *DB) ([]string, error) // imports the fixture, returning its incidents

	once   map[bool]*sync.Once // per engine: true for PostgreSQL
	file   []byte              // the SQLite database
	schema string              // the PostgreSQL schema
	ids    map[bool][]string
	err    map[bool]error
}

func newSharedFixture(fill func(d *DB) ([]string, error)) *sharedFixture {
	return &sharedFixture{fill: fill, once: map[bool]*sync.Once{false: {}, true: {}},
		ids: map[bool][]string{}, err: map[bool]error{}}
}

// sharedSchemas are the schemas to drop when the run ends.
var sharedSchemas struct {
	sync.Mutex
	names []string
}

// open returns a store of t's own on the fixture, and its incidents.
func (f *sharedFixture) open(t *testing.T) (*DB, []string) {
	t.Helper()
	pg := postgresTest(t)
	f.once[pg].Do(func() {
		if pg {
			f.ids[pg], f.err[pg] = f.fillSchema(t)
		} else {
			f.ids[pg], f.err[pg] = f.fillFile()
		}
	})
	if f.err[pg] != nil {
		t.Fatalf("filling the shared fixture: %v", f.err[pg])
	}
	if pg {
		return openAt(t, readOnlyAddress(t, f.schema)), f.ids[pg]
	}
	path := filepath.Join(t.TempDir(), "signoff.db")
	if err := os.WriteFile(path, f.file, 0o600); err != nil {
		t.Fatal(err)
	}
	throwaway.Store(path, true)
	t.Cleanup(func() { throwaway.Delete(path) })
	return openAt(t, path), f.ids[pg]
}

func (f *sharedFixture) fillFile() ([]string, error) {
	dir, err := os.MkdirTemp("", "signoff-shared-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "signoff.db")
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		return nil, err
	}
	ids, err := f.fill(d)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, os.ErrExist // the file alone would not be the whole database
	}
	f.file, err = os.ReadFile(path)
	return ids, err
}

func (f *sharedFixture) fillSchema(t *testing.T) ([]string, error) {
	var b [6]byte
	rand.Read(b[:])
	f.schema = "shared_" + hex.EncodeToString(b[:])
	if _, err := postgresAdmin(t).Exec("CREATE SCHEMA " + f.schema); err != nil {
		return nil, err
	}
	sharedSchemas.Lock()
	sharedSchemas.names = append(sharedSchemas.names, f.schema)
	sharedSchemas.Unlock()
	d, err := Open(context.Background(), schemaAddress(t, f.schema, false), fixedClock)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return f.fill(d)
}

// schemaAddress is the test server's address with schema first in the
// search path, every transaction read-only when readOnly is set.
func schemaAddress(t testing.TB, schema string, readOnly bool) string {
	t.Helper()
	u, err := url.Parse(schemaURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	if readOnly {
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// schemaURL is the test server's address with schema first in the search
// path ("" when the server's address is not a URL: postgresAdmin says so).
func schemaURL(schema string) string {
	u, err := url.Parse(os.Getenv(postgresEnv))
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func readOnlyAddress(t *testing.T, schema string) string { return schemaAddress(t, schema, true) }

// dropSharedSchemas drops the shared fixtures' schemas at the end of the run.
func dropSharedSchemas() {
	sharedSchemas.Lock()
	defer sharedSchemas.Unlock()
	for _, s := range sharedSchemas.names {
		admin.db.Exec("DROP SCHEMA " + s + " CASCADE")
	}
}
