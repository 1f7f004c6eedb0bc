// Package dbtest opens real stores for other packages' tests: a database in
// the test's temp dir, the store's clock fixed, bundled incidents loaded
// through the public import path (STYLE.md: no :memory:, no fakes).
package dbtest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
)

// Open returns a store whose clock always reads at, loaded with the named
// bundled incidents (every one when none are named); it is closed at
// cleanup.
func Open(t testing.TB, at time.Time, names ...string) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "signoff.db"), db.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if len(names) == 0 {
		names = fixtures.Incidents()
	}
	for _, name := range names {
		f, err := fixtures.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.ImportDocument(ctx, name, f, "test")
		f.Close()
		if err != nil {
			t.Fatalf("importing %s: %v", name, err)
		}
	}
	return d
}
