package db

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"modernc.org/sqlite"
)

// Migrating a new SQLite file runs every migration, about 45 ms of CPU, and
// five hundred tests open one. openTest gives each a copy of one file
// migrated once per run instead: the same bytes a fresh open leaves, made
// by the same Open, copied only once that store is closed (the driver
// holds no file it copies). The tests of creating and migrating a file
// open their own paths and still create them.
//
// Those copies are throwaway: no test of one is about surviving a power
// cut, so their connections skip the fsync of every commit
// (synchronous=OFF), which on a busy disk was most of the package's wall
// time. A store a test opens on a path of its own (freshAddress, and the
// processes of db/processes) keeps the store's synchronous=FULL.

var migrated struct {
	once  sync.Once
	bytes []byte
	err   error
}

// migratedFile is the address of a SQLite file of t's own, migrated to the
// current schema and holding nothing else.
func migratedFile(t testing.TB) string {
	t.Helper()
	migrated.once.Do(func() { migrated.bytes, migrated.err = migrateOnce() })
	if migrated.err != nil {
		t.Fatalf("migrating the template database: %v", migrated.err)
	}
	path := filepath.Join(t.TempDir(), "signoff.db")
	if err := os.WriteFile(path, migrated.bytes, 0o600); err != nil {
		t.Fatal(err)
	}
	throwaway.Store(path, true)
	t.Cleanup(func() { throwaway.Delete(path) })
	return path
}

// throwaway holds the paths of the copies migratedFile made.
var throwaway sync.Map

func init() {
	sqlite.RegisterConnectionHook(func(conn sqlite.ExecQuerierContext, dsn string) error {
		u, err := url.Parse(dsn)
		if err != nil {
			return err
		}
		if _, ok := throwaway.Load(u.Path); !ok {
			return nil
		}
		_, err = conn.ExecContext(context.Background(), "PRAGMA synchronous = OFF", nil)
		return err
	})
}

// migrateOnce creates and migrates a database through Open, closes it and
// returns its file.
func migrateOnce() ([]byte, error) {
	dir, err := os.MkdirTemp("", "signoff-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "signoff.db")
	d, err := Open(context.Background(), path)
	if err != nil {
		return nil, err
	}
	if err := d.Close(); err != nil {
		return nil, err
	}
	// The last connection's close checkpoints the WAL into the file and
	// removes it: the file alone is the whole database.
	if _, err := os.Stat(path + "-wal"); err == nil {
		return nil, os.ErrExist
	}
	return os.ReadFile(path)
}
