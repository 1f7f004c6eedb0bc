package postgres

import (
	"context"
	"fmt"
)

// LiftableGuards says why the role connected as could lift the guards
// that keep the record append-only: a superuser, or a member of the role
// that owns the schema or any of its tables, may disable or drop the
// triggers, and the grants of docs/postgres.md keep the application role
// from both. A restore or a setup run as the application role makes it
// the owner without a word, so verify asks. "" when the role could not.
func (e *Engine) LiftableGuards(ctx context.Context) (string, error) {
	var super, owns bool
	err := e.sql.QueryRowContext(ctx, `SELECT r.rolsuper,
		pg_has_role(current_user, n.nspowner, 'USAGE') OR EXISTS (SELECT 1 FROM pg_class c
			WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p') AND pg_has_role(current_user, c.relowner, 'USAGE'))
		FROM pg_roles r, pg_namespace n WHERE r.rolname = current_user AND n.nspname = $1`, e.schema).Scan(&super, &owns)
	if err != nil {
		return "", e.Fail(err)
	}
	var why string
	switch {
	case super:
		why = fmt.Sprintf("the role %s is a superuser of the server", e.role)
	case owns:
		why = fmt.Sprintf("the role %s owns the schema %s or its tables", e.role, e.schema)
	default:
		return "", nil
	}
	return why + ": it could disable or drop the triggers that keep the record append-only, and only a checkpoint kept outside the server would show what it changed; connect signoff day to day as a role that owns nothing there (docs/postgres.md, Roles and grants)", nil
}
