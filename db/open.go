package db

import (
	"context"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/db/postgres"
)

// openEngine picks the engine an address names: a PostgreSQL server for a
// postgres:// URL, else a SQLite file.
func openEngine(ctx context.Context, address string) (engine.Engine, error) {
	if postgres.IsAddress(address) {
		return postgres.Open(ctx, address)
	}
	return openSQLite(ctx, address)
}

// IsServer reports whether address names a database server (PostgreSQL)
// rather than a SQLite file.
func IsServer(address string) bool { return postgres.IsAddress(address) }
