// Package dbtest opens real stores for other packages' tests: a database in
// the test's temp dir, the store's clock fixed, bundled incidents loaded
// through the public import path (STYLE.md: no :memory:, no fakes).
package dbtest

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
)

// SamplesImported is when Open imports the bundled incidents, when the
// test's clock reads earlier: the import refuses times ahead of the
// store's clock, and the latest sample (INC-2046) runs to 2026-11-25 08:55,
// while a test may set its clock before that.
var SamplesImported = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// Open returns a store whose clock reads at, loaded with the named bundled
// incidents (every one when none are named), imported at at or
// SamplesImported, whichever is later; it is closed at cleanup.
func Open(t testing.TB, at time.Time, names ...string) *db.DB {
	t.Helper()
	ctx := context.Background()
	var imported atomic.Bool
	clock := func() time.Time {
		if !imported.Load() && at.Before(SamplesImported) {
			return SamplesImported
		}
		return at
	}
	defer imported.Store(true)
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "signoff.db"), db.WithClock(clock))
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
