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
	if err := unfinishedCopy(address); err != nil {
		return nil, err
	}
	if err := unfinishedNew(address); err != nil {
		return nil, err
	}
	return openSQLite(ctx, address)
}

// IsServer reports whether address names a database server (PostgreSQL)
// rather than a SQLite file.
func IsServer(address string) bool { return postgres.IsAddress(address) }

// PasswordFileWarning is the warning for a server address whose password
// would come from a password file others may read, which signoff ignores
// as psql does; "" when there is nothing to say.
func PasswordFileWarning(address string) string { return postgres.PasswordFileWarning(address) }

// ServerPlace is the host and database a server's address points to,
// without its user, password or parameters, for sentences.
func ServerPlace(address string) string { return postgres.Place(address) }

// OpenExisting is Open for the commands that read or add to a record:
// an address naming a server's schema that holds no record is refused
// with a sentence, and nothing is made there. (A SQLite path with no
// file there is the caller's to refuse before.)
func OpenExisting(ctx context.Context, address string, opts ...Option) (*DB, error) {
	if !postgres.IsAddress(address) {
		return Open(ctx, address, opts...)
	}
	eng, err := postgres.OpenExisting(ctx, address)
	if err != nil {
		return nil, err
	}
	return newDB(eng, opts), nil
}
