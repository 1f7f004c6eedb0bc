package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations lists the embedded migrations in order.
func migrations() []engine.Migration { return engine.Migrations(migrationFiles, "db") }

func latestVersion() int64 {
	ms := migrations()
	return ms[len(ms)-1].Version
}

// migrate applies each pending migration in its own transaction, recording
// it and stamping application_id and user_version in that same transaction.
func (s *sqliteFile) migrate(ctx context.Context) error {
	if s.access != readWrite {
		return s.checkCurrent(ctx)
	}
	// Most opens find nothing to do: they find it out without the write
	// lock, which eight processes opening at once would queue for.
	var current int64
	if err := s.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return s.Fail(err)
	}
	if current >= latestVersion() {
		return nil
	}
	applied := false
	for _, m := range migrations() {
		done, err := s.apply(ctx, m)
		if err != nil {
			return err
		}
		applied = applied || done
		if done {
			createStep(fmt.Sprintf("migrated %d", m.Version))
		}
	}
	if applied {
		// Put the stamp in the main file now, so the header check of the
		// next open finds it even if this process dies before checkpointing.
		if _, err := s.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return s.Fail(err)
		}
	}
	return nil
}

func (s *sqliteFile) apply(ctx context.Context, m engine.Migration) (bool, error) {
	tx, err := s.waitTurn(ctx, func() (*sql.Tx, error) { return s.sql.BeginTx(ctx, nil) })
	if err != nil {
		return false, s.Fail(err)
	}
	defer tx.Rollback()
	var current int64
	// Read inside the write transaction: another process may have migrated.
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return false, s.Fail(err)
	}
	if current >= m.Version {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, s.Fail(fmt.Errorf("migration %s: %w", m.Name, err))
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.Version, m.Name, s.now().Format(time.RFC3339Nano)); err != nil {
		return false, s.Fail(fmt.Errorf("migration %s: %w", m.Name, err))
	}
	// PRAGMA arguments cannot be bound; both values are integers of ours.
	stamp := fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, m.Version)
	if _, err := tx.ExecContext(ctx, stamp); err != nil {
		return false, s.Fail(err)
	}
	return true, s.Fail(tx.Commit())
}

// checkCurrent is migrate for a file opened read-only: it can only be read
// when no migration is due.
func (s *sqliteFile) checkCurrent(ctx context.Context) error {
	var version int64
	if err := s.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return s.Fail(err)
	}
	if version < latestVersion() {
		return model.Errorf(model.EFORBIDDEN, "%s was written by an older signoff (schema version %d; this one needs %d) and is read-only for this user, so it cannot be brought up to date; open it once as a user who can write it", s.path, version, latestVersion())
	}
	return nil
}
