// Package engine is the seam between the record store (db) and the
// database engines it runs on: SQLite, built into db, and PostgreSQL
// (db/postgres). The store keeps one implementation of the record (the
// chain, the writes, the reads, verify); an engine gives it connections,
// the write lock, the translation of its driver's errors, its way of
// telling that another connection wrote, and the SQL where the two
// dialects differ (Dialect).
package engine

import (
	"context"
	"database/sql"
)

// Engine is one database the store runs on.
type Engine interface {
	// Name is the engine's name for sentences: "SQLite", "PostgreSQL".
	Name() string
	// Address names the database in sentences: a file's path, or a
	// server's address without its password.
	Address() string
	// DB is the pool every statement runs on. Statements are written with
	// SQLite's placeholders (?, ?NNN); an engine that spells them
	// otherwise translates them in its driver.
	DB() *sql.DB
	// Dialect is the SQL that differs from engine to engine.
	Dialect() *Dialect

	// BeginWrite begins a write transaction that holds the record's one
	// write lock, so every writer of the database appends to the chain in
	// turn: a transaction reads the chain's head after the lock is taken.
	// A write the engine must refuse (a read-only file, a damaged one) is
	// refused here with a sentence.
	BeginWrite(ctx context.Context) (*sql.Tx, error)
	// BeginImport is BeginWrite for a bulk import; done, called after
	// Commit or Rollback, puts back what the engine set up for it.
	BeginImport(ctx context.Context) (tx *sql.Tx, done func(), err error)
	// ReadOptions begin a read transaction on one consistent snapshot.
	ReadOptions() *sql.TxOptions

	// Fail translates an error of the driver into the model's codes
	// (model.Error); nil stays nil.
	Fail(err error) error
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique(err error) bool

	// DataVersion changes whenever a connection other than the reader
	// commits a write.
	DataVersion(ctx context.Context) (int64, error)

	// Integrity checks the storage itself and lists what is damaged (at
	// most limit lines), nil when sound or when the engine has no such
	// check. Damaged records damage found and returns its sentence;
	// ClearDamage forgets it once the whole record checked clean; Damage
	// is what damage is known, "".
	Integrity(ctx context.Context, limit int) ([]string, error)
	Damaged(detail string) error
	ClearDamage()
	Damage() string

	Close() error
}
