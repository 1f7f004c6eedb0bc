package postgres

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
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

// excessRights are the rights on a table that grants.sql never gives the
// application role, and signoff never uses: with them a role could change
// what the triggers alone then keep from being changed (UPDATE, DELETE,
// TRUNCATE), add triggers of its own (TRIGGER), or tie the tables to its
// own (REFERENCES).
var excessRights = []string{"INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"}

// tableRights is, by table, the rights grants.sql gives the application
// role on the whole table ("*" for every table): a right it gives on some
// columns only (INSERT (inc, …) on claims) gives none on the table, so
// that right held on the whole table is more than the grants give.
var tableRights = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	eachGrant(func(rights, table string) {
		for _, right := range strings.Split(columnRight.ReplaceAllString(rights, ""), ",") {
			if right = strings.TrimSpace(right); right != "" {
				out[table] = append(out[table], right)
			}
		}
	})
	return out
})

// columnRight is a right given on columns: "INSERT (inc, trainee)".
var columnRight = regexp.MustCompile(`\w+\s*\([^)]*\)`)

// ExcessRights says which rights the role connected as holds on the
// schema's tables and views beyond what the grants of docs/postgres.md
// give the application role (GRANT ALL, a hand-made UPDATE), with the
// REVOKE that takes them back; "" when it holds no more. The append-only
// triggers still refuse changes to the record, but they are then its only
// guard. A role that owns the schema or is a superuser holds every right
// by definition; LiftableGuards speaks of it, so it is not asked here.
func (e *Engine) ExcessRights(ctx context.Context) (string, error) {
	if why, err := e.LiftableGuards(ctx); why != "" || err != nil {
		return "", err
	}
	rows, err := e.sql.QueryContext(ctx, `SELECT c.relname, r.priv FROM pg_class c CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS r(priv, n)
		WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('r', 'p', 'v') AND has_table_privilege(c.oid, r.priv)
		ORDER BY c.relname, r.n`, pgx.Identifier{e.schema}.Sanitize(), excessRights)
	if err != nil {
		return "", e.Fail(err)
	}
	defer rows.Close()
	var tables []string // in order
	held := map[string][]string{}
	for rows.Next() {
		var table, right string
		if err := rows.Scan(&table, &right); err != nil {
			return "", e.Fail(err)
		}
		want := append(slices.Clone(tableRights()["*"]), tableRights()[table]...)
		if slices.Contains(want, right) {
			continue
		}
		if held[table] == nil {
			tables = append(tables, table)
		}
		held[table] = append(held[table], right)
	}
	if err := rows.Err(); err != nil {
		return "", e.Fail(err)
	}
	if len(tables) == 0 {
		return "", nil
	}
	// One REVOKE per set of rights, naming its tables in order.
	var sets []string
	bySet := map[string][]string{}
	for _, t := range tables {
		set := strings.Join(held[t], ", ")
		if bySet[set] == nil {
			sets = append(sets, set)
		}
		bySet[set] = append(bySet[set], t)
	}
	var said, revokes []string
	for _, set := range sets {
		quoted := make([]string, len(bySet[set]))
		for i, t := range bySet[set] {
			quoted[i] = pgx.Identifier{e.schema, t}.Sanitize()
		}
		said = append(said, set+" on "+strings.Join(bySet[set], ", "))
		revokes = append(revokes, "REVOKE "+set+" ON "+strings.Join(quoted, ", ")+" FROM "+pgx.Identifier{e.role}.Sanitize()+";")
	}
	return fmt.Sprintf("warning: the role %s holds rights in the schema %s that signoff never uses and the grants of %s do not give: %s. "+
		"The append-only triggers are then the record's only guard against it; the role that owns the schema takes them back with %s "+
		"and then runs those grants again (a REVOKE of INSERT or UPDATE on a table takes the rights on its columns too, which signoff needs on claims and training runs). "+
		"A right held through PUBLIC or another role is taken back from that one",
		e.role, e.schema, rightsDoc, strings.Join(said, "; "), strings.Join(revokes, " ")), nil
}
