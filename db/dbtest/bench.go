package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/signoff/signoff/db"
)

// The benchmarks that set the engines side by side run each measurement on
// SQLite and, when SIGNOFF_TEST_POSTGRES names a server, on PostgreSQL, in
// the same run (BENCHMARKS.md, "PostgreSQL beside SQLite"). Their
// databases are large and slow to build, so each is built once and kept:
// a file in the temp directory, and a schema on the server (bench_NAME)
// copied from it. Both are built under another name and renamed when
// whole, so an interrupted build is never taken for a database.

// Engines are the engines a comparison runs on.
func Engines() []string {
	if os.Getenv("SIGNOFF_TEST_POSTGRES") != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// BenchDB opens the benchmark database name on engine, building it first
// when it is not there: build fills the SQLite file (BenchFile), and the
// PostgreSQL schema is a copy of it (BenchOn).
func BenchDB(tb testing.TB, engine, name string, build func(*db.DB) error) *db.DB {
	tb.Helper()
	return BenchOn(tb, engine, name, BenchFile(tb, name, build))
}

// BenchOn opens the SQLite database file on engine: the file itself, or
// its copy on the PostgreSQL server (db.Copy: the same record, the same
// hashes), made when the schema bench_NAME is not there. It is closed at
// cleanup. Benchmarks that open it only read.
func BenchOn(tb testing.TB, engine, name, file string) *db.DB {
	tb.Helper()
	address := file
	if engine == "postgres" {
		address = benchSchema(tb, name, file)
	}
	return open(tb, address)
}

// BenchCopy is a copy of the SQLite database file on engine for a
// benchmark that writes: a file in the test's temp dir, or a schema of its
// own on the server, dropped at cleanup.
func BenchCopy(tb testing.TB, engine, file string) *db.DB {
	tb.Helper()
	if engine == "postgres" {
		address := FreshSchema(tb)
		if err := copyRecord(file, address); err != nil {
			tb.Fatal(err)
		}
		return open(tb, address)
	}
	copied := filepath.Join(tb.TempDir(), filepath.Base(file))
	if err := copyFile(file, copied); err != nil {
		tb.Fatal(err)
	}
	return open(tb, copied)
}

// BenchFile is the SQLite file of a benchmark database, built by build
// when it is not there.
func BenchFile(tb testing.TB, name string, build func(*db.DB) error) string {
	tb.Helper()
	file := filepath.Join(os.TempDir(), "signoff-bench-"+name+".db")
	if _, err := os.Stat(file); err == nil {
		return file
	}
	tb.Logf("building %s", file)
	building := file + ".building"
	for _, f := range []string{building, building + "-wal", building + "-shm"} {
		os.Remove(f)
	}
	d, err := db.Open(context.Background(), building)
	if err != nil {
		tb.Fatal(err)
	}
	err = build(d)
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(building, file); err != nil {
		tb.Fatal(err)
	}
	return file
}

// FreshSchema is the address of an empty schema of its own on the server
// SIGNOFF_TEST_POSTGRES names, dropped at cleanup.
func FreshSchema(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv("SIGNOFF_TEST_POSTGRES")
	schema := fmt.Sprintf("bench_fresh_%d_%d", os.Getpid(), fresh.Add(1))
	if err := onServer(server, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public; DROP SCHEMA IF EXISTS %[1]s CASCADE; CREATE SCHEMA %[1]s", schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { onServer(server, "DROP SCHEMA %s CASCADE", schema) })
	return InSchema(tb, server, schema)
}

var fresh atomic.Int64

// benchSchema is the PostgreSQL schema of a benchmark database, copied
// from its SQLite file when it is not there.
func benchSchema(tb testing.TB, name, file string) string {
	tb.Helper()
	server := os.Getenv("SIGNOFF_TEST_POSTGRES")
	schema := benchSchemaName(name)
	admin, err := sql.Open("pgx", server)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	var found int
	if err := admin.QueryRow("SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema).Scan(&found); err != nil {
		tb.Fatal(err)
	}
	if found == 0 {
		tb.Logf("copying %s onto the PostgreSQL server as schema %s", file, schema)
		building := schema + "_building"
		if err := onServer(server, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public; DROP SCHEMA IF EXISTS %[1]s CASCADE; CREATE SCHEMA %[1]s", building); err != nil {
			tb.Fatal(err)
		}
		if err := copyRecord(file, InSchema(tb, server, building)); err != nil {
			tb.Fatal(err)
		}
		if err := onServer(server, "ALTER SCHEMA %s RENAME TO %s", building, schema); err != nil {
			tb.Fatal(err)
		}
	}
	return InSchema(tb, server, schema)
}

// benchSchemaName is the schema of benchmark database name: its letters
// and digits, the rest as underscores, so it needs no quoting.
func benchSchemaName(name string) string {
	return "bench_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(name))
}

// onServer runs one statement, its identifiers filled in, on the server.
func onServer(server, statement string, names ...any) error {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.Exec(fmt.Sprintf(statement, names...))
	return err
}

// InSchema is a server's address with its search path set to schema.
func InSchema(tb testing.TB, server, schema string) string {
	u, err := url.Parse(server)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// open opens a store, closed at cleanup.
func open(tb testing.TB, address string) *db.DB {
	tb.Helper()
	d, err := db.Open(context.Background(), address)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

// copyRecord copies the record of one database into another, both closed
// when it is done.
func copyRecord(from, to string) error {
	ctx := context.Background()
	var stores []*db.DB
	for _, address := range []string{from, to} {
		d, err := db.Open(ctx, address)
		if err != nil {
			return err
		}
		defer d.Close()
		stores = append(stores, d)
	}
	_, err := db.Copy(ctx, stores[0], stores[1], nil)
	return err
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
