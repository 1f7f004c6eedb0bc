package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
)

// PostgreSQL's schema has its own migrations, numbered from 1 like
// SQLite's and under the same rules: each is applied in its own
// transaction and recorded in schema_migrations; a schema from a newer
// signoff, or with tables that are not signoff's, is refused with a
// sentence and nothing in it is touched.

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrations lists the embedded migrations in order.
func migrations() []engine.Migration { return engine.Migrations(migrationFiles, "postgres") }

// LatestVersion is the schema version this build writes.
func LatestVersion() int64 {
	ms := migrations()
	return ms[len(ms)-1].Version
}

// schemaState is what the schema holds: its version (0 for none), and
// whether it holds tables that are not signoff's.
type schemaState struct {
	version, rows int64
	foreign       bool
}

func (e *Engine) state(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (schemaState, error) {
	var s schemaState
	var tables, ours int64
	// The catalog, not information_schema, which lists only the tables the
	// role holds a right on: a role not granted its rights yet would be
	// told there is no record, where the record it may not read is.
	err := q.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE relname = 'schema_migrations')
		FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
			AND relkind IN ('r', 'p', 'v', 'm', 'f')`).Scan(&tables, &ours)
	if err != nil {
		return s, e.Fail(err)
	}
	if ours == 0 {
		s.foreign = tables > 0
		return s, nil
	}
	err = q.QueryRowContext(ctx, "SELECT count(*), coalesce(max(version), 0) FROM schema_migrations").Scan(&s.rows, &s.version)
	return s, e.Fail(err)
}

// check refuses a schema this build must not touch.
func (e *Engine) check(s schemaState) error {
	latest := LatestVersion()
	switch {
	case s.foreign:
		return model.Errorf(model.EINVALID, "the schema %s of the PostgreSQL database at %s holds tables that are not signoff's; give signoff a schema of its own (search_path in the address, docs/postgres.md)", e.schema, e.address)
	case s.version > latest:
		return model.Errorf(model.EINVALID, "the schema %s of the PostgreSQL database at %s was written by a newer signoff (schema version %d; this build knows up to %d); upgrade signoff to use it", e.schema, e.address, s.version, latest)
	case s.rows != s.version:
		return model.Errorf(model.EINVALID, "the schema %s of the PostgreSQL database at %s has an inconsistent record of its migrations (%d rows up to version %d); it was changed outside signoff, so restore it from a backup (signoff leaves it as it is)", e.schema, e.address, s.rows, s.version)
	}
	return nil
}

// migrate brings the schema up to date. Most opens find nothing to do,
// and find it out without the write lock; a role that may not change the
// schema (the application role of docs/postgres.md) is told to run
// signoff init as its owner.
func (e *Engine) migrate(ctx context.Context) error {
	s, err := e.state(ctx, e.sql)
	if err != nil {
		return err
	}
	if err := e.check(s); err != nil {
		return err
	}
	if s.version == LatestVersion() {
		return nil
	}
	if s.version == 0 && !e.create {
		return model.Errorf(model.ENOTFOUND, "there is no signoff record in the schema %s of the PostgreSQL database at %s: \"signoff init\", as the role that owns the schema, makes one there, and search_path in the address names the schema that holds one (docs/postgres.md)", e.schema, e.address)
	}
	for _, m := range migrations() {
		if err := e.apply(ctx, m); err != nil {
			if model.ErrorCode(err) == model.EFORBIDDEN {
				return e.cannotMigrate(ctx, s.version, err)
			}
			return err
		}
	}
	return nil
}

// cannotMigrate says who may bring the schema up to date when the role
// connected as was refused: the schema's owner, unless it is that owner,
// refused something else (the server's pg_trgm, say), which err says.
func (e *Engine) cannotMigrate(ctx context.Context, version int64, err error) error {
	state := fmt.Sprintf("is at version %d and this signoff needs %d", version, LatestVersion())
	if version == 0 {
		state = "holds no signoff record yet"
	}
	var owns bool
	if e.sql.QueryRowContext(ctx, "SELECT pg_has_role(nspowner, 'USAGE') FROM pg_namespace WHERE nspname = $1", e.schema).Scan(&owns) != nil || owns {
		return model.Errorf(model.EFORBIDDEN, "the schema %s of the PostgreSQL database at %s %s, and bringing it up to date was refused: %s", e.schema, e.address, state, model.ErrorMessage(err))
	}
	return model.Errorf(model.EFORBIDDEN, "the schema %s of the PostgreSQL database at %s %s, and the role %s may not make or upgrade signoff's tables there, as only the role that owns the schema may; run `signoff init` once as the role that owns the schema, then the grants of %s",
		e.schema, e.address, state, e.role, rightsDoc)
}

func (e *Engine) apply(ctx context.Context, m engine.Migration) error {
	tx, err := e.BeginWrite(ctx)
	if err != nil {
		return e.Fail(err)
	}
	defer tx.Rollback()
	// Read again under the lock: another process may have migrated.
	s, err := e.state(ctx, tx)
	if err != nil {
		return err
	}
	if err := e.check(s); err != nil || s.version >= m.Version {
		return err
	}
	if s.version == 0 {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version    bigint PRIMARY KEY,
			name       text NOT NULL,
			applied_at text NOT NULL)`); err != nil {
			return e.Fail(err)
		}
	}
	body, err := e.expand(ctx, tx, m.SQL)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return e.Fail(fmt.Errorf("migration %s: %w", m.Name, err))
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return e.Fail(fmt.Errorf("migration %s: %w", m.Name, err))
	}
	return e.Fail(tx.Commit())
}

// expand fills in a migration's {{trgm}}: the schema of pg_trgm, which
// it installs first when the database has not got it (a trusted
// extension: the database's owner, or any role with CREATE on it, may).
func (e *Engine) expand(ctx context.Context, tx *sql.Tx, body string) (string, error) {
	if !strings.Contains(body, "{{trgm}}") {
		return body, nil
	}
	const where = "SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = 'pg_trgm'"
	var schema string
	err := tx.QueryRowContext(ctx, where).Scan(&schema)
	if err == sql.ErrNoRows {
		if _, err := tx.ExecContext(ctx, "CREATE EXTENSION pg_trgm"); err != nil {
			return "", e.Fail(fmt.Errorf("installing pg_trgm: %w", err))
		}
		err = tx.QueryRowContext(ctx, where).Scan(&schema)
	}
	if err != nil {
		return "", e.Fail(err)
	}
	return strings.ReplaceAll(body, "{{trgm}}", pgx.Identifier{schema}.Sanitize()), nil
}
