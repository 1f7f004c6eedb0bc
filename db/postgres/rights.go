package postgres

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/signoff/signoff/model"
)

// A role that lacks a right signoff needs is told which right, on what,
// and who gives it, in one sentence: the server's own "permission denied
// for table chain" names neither the right nor the remedy, and a role
// without USAGE on the schema does not even see that the schema is there.

// rightsDoc is where the page tells operators what to run.
const rightsDoc = "docs/postgres.md (Roles and grants)"

var (
	denied     = regexp.MustCompile(`^permission denied for (table|view|sequence|schema|function) "?([^"\s]+)"?$`)
	grantLine  = regexp.MustCompile(`(?s)^GRANT (.+?) ON (.+?) TO `)
	columnList = regexp.MustCompile(`\s*\([^)]*\)`)
)

// needed is, by table, the rights grants.sql gives the application role
// ("*" for every table), in the order SELECT, INSERT, UPDATE, DELETE.
var needed = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	eachGrant(func(rights, table string) {
		for _, right := range strings.Split(columnList.ReplaceAllString(rights, ""), ",") {
			out[table] = append(out[table], strings.TrimSpace(right))
		}
	})
	return out
})

// eachGrant calls f with the rights and each table of every GRANT in
// grants.sql ("*" for ALL TABLES), its comments left out and the
// "signoff." prefix taken off the table.
func eachGrant(f func(rights, table string)) {
	for _, stmt := range strings.Split(grants, ";") {
		var lines []string
		for _, l := range strings.Split(stmt, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		m := grantLine.FindStringSubmatch(strings.Join(strings.Fields(strings.Join(lines, " ")), " "))
		if m == nil {
			continue
		}
		tables := []string{"*"}
		if !strings.HasPrefix(m[2], "ALL TABLES") {
			tables = strings.Split(m[2], ",")
		}
		for _, table := range tables {
			f(m[1], strings.TrimPrefix(strings.TrimSpace(table), "signoff."))
		}
	}
}

// lacking is what the role connected as lacks, of what signoff needs on
// the table: "" when it holds all of it. The server is asked on a
// connection of its own, briefly: the one that was refused may be in a
// failed transaction.
func (e *Engine) lacking(table string) string {
	if e.sql == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var has [4]bool
	err := e.sql.QueryRowContext(ctx, `SELECT coalesce(has_any_column_privilege(t, 'SELECT'), true), coalesce(has_any_column_privilege(t, 'INSERT'), true),
		coalesce(has_any_column_privilege(t, 'UPDATE'), true), coalesce(has_table_privilege(t, 'DELETE'), true)
		FROM to_regclass($1) AS t`, pgx.Identifier{e.schema, table}.Sanitize()).Scan(&has[0], &has[1], &has[2], &has[3])
	if err != nil {
		return ""
	}
	want := append(slices.Clone(needed()["*"]), needed()[table]...)
	var missing []string
	for i, right := range []string{"SELECT", "INSERT", "UPDATE", "DELETE"} {
		if !has[i] && slices.Contains(want, right) {
			missing = append(missing, right)
		}
	}
	return strings.Join(missing, ", ")
}

// refused is the sentence for the server's insufficient_privilege.
func (e *Engine) refused(pe *pgconn.PgError) error {
	m := denied.FindStringSubmatch(pe.Message)
	if m == nil {
		// A refusal in signoff's own words (a trigger's), or the server's
		// about something signoff does not grant.
		return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s may not do this in the schema %s: %s", e.role, e.schema, pe.Message)
	}
	kind, name := m[1], m[2]
	switch {
	case strings.HasPrefix(name, "pg_") && kind != "schema":
		return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s lacks SELECT on the server's catalog %s pg_catalog.%s, which signoff reads to check the record and its schema, and every role holds unless it was taken away; a superuser gives it back in this database with GRANT SELECT ON pg_catalog.%s TO %s (docs/postgres.md, Roles and grants)",
			e.role, kind, name, name, pgx.Identifier{e.role}.Sanitize())
	case kind == "schema":
		if right := e.schemaRight(name); right == "CREATE" {
			return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s lacks CREATE on the schema %s: only the role that owns the schema makes and upgrades signoff's tables there, with `signoff init` (%s)", e.role, name, rightsDoc)
		}
		return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s lacks USAGE on the schema %s, so it cannot reach signoff's record there; the role that owns the schema runs the grants of %s", e.role, name, rightsDoc)
	case kind == "table" || kind == "view":
		if missing := e.lacking(name); missing != "" {
			return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s lacks %s on the %s %s.%s; the role that owns the schema gives the application role its rights with the grants of %s, or connect as a role that has them",
				e.role, missing, kind, e.schema, name, rightsDoc)
		}
	}
	// The role holds what the grants give the application role, and this
	// needs more: the copy's numbering of training runs, for one.
	return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s may not do this to the %s %s in the schema %s (%s): the grants of %s give the application role no more, so run it as the role that owns the schema",
		e.role, kind, name, e.schema, pe.Message, rightsDoc)
}

// schemaRight is the right the role lacks on a schema: USAGE, to reach
// what is in it, or else CREATE, to make signoff's tables.
func (e *Engine) schemaRight(schema string) string {
	if e.sql == nil {
		return "USAGE"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var usage bool
	if err := e.sql.QueryRowContext(ctx, "SELECT has_schema_privilege($1, 'USAGE')", schema).Scan(&usage); err == nil && usage {
		return "CREATE"
	}
	return "USAGE"
}

// unreachableSchema is why current_schema() is null: the first schema of
// the search path that exists is one the role has no USAGE on (the grants
// not run yet), or none of them exists.
func (e *Engine) unreachableSchema(ctx context.Context) error {
	var path string
	if err := e.sql.QueryRowContext(ctx, "SELECT current_setting('search_path')").Scan(&path); err != nil {
		return e.Fail(err)
	}
	for _, name := range searchPath(path, e.role) {
		var usage bool
		err := e.sql.QueryRowContext(ctx, "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = $1", name).Scan(&usage)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return e.Fail(err)
		}
		if !usage {
			return model.Errorf(model.EFORBIDDEN, "the PostgreSQL role %s lacks USAGE on the schema %s of the database at %s, so it cannot reach signoff's record there; the role that owns the schema runs the grants of %s",
				e.role, name, e.address, rightsDoc)
		}
		break
	}
	return model.Errorf(model.EINVALID, "the PostgreSQL database at %s has no schema to keep signoff's record in: none of its search path exists; create one (docs/postgres.md) or name it with search_path in the address", e.address)
}

// searchPath is the schemas a search_path setting names, in order.
func searchPath(setting, user string) []string {
	var out []string
	for _, s := range strings.Split(setting, ",") {
		s = strings.TrimSpace(s)
		if s == `"$user"` || s == "$user" {
			s = user
		} else if unquoted, ok := strings.CutPrefix(s, `"`); ok {
			s = strings.ReplaceAll(strings.TrimSuffix(unquoted, `"`), `""`, `"`)
		} else {
			s = strings.ToLower(s)
		}
		out = append(out, s)
	}
	return out
}
