package processes_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/signoff/signoff/db/dbtest"
)

// postgresEnv names the server the PostgreSQL runs use, as in the db
// package's tests.
const postgresEnv = "SIGNOFF_TEST_POSTGRES"

// fresh gives the address of an empty database for t on its engine.
type fresh func(t *testing.T) string

// eachEngine runs test on SQLite and on PostgreSQL (when a server is
// given) at the same time: each run has its own databases and children
// and shares nothing with the other, and both mostly wait on their
// children. A SQLite database is a file in the test's temporary
// directory; a PostgreSQL one a schema of its own, dropped at cleanup.
func eachEngine(t *testing.T, test func(t *testing.T, fresh fresh)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		test(t, func(t *testing.T) string { return filepath.Join(t.TempDir(), "signoff.db") })
	})
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(postgresEnv) == "" {
			t.Skip("PostgreSQL runs skipped: set " + postgresEnv + "=postgres://USER@HOST:PORT/DATABASE to run them (.ci/run starts a server and does)")
		}
		t.Parallel()
		test(t, func(t *testing.T) string { return dbtest.FreshSchema(t) })
	})
}
