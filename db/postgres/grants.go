package postgres

import (
	_ "embed"
	"regexp"

	"github.com/jackc/pgx/v5"
)

// grants is the setup docs/postgres.md gives operators, for a schema named
// signoff and an application role named signoff_app.
//
//go:embed grants.sql
var grants string

// Grants is the SQL that gives role what signoff needs in schema, and no
// UPDATE, DELETE or TRUNCATE on the record's tables (docs/postgres.md).
func Grants(schema, role string) string {
	quoted := pgx.Identifier{schema}.Sanitize()
	s := regexp.MustCompile(`\bsignoff_app\b`).ReplaceAllLiteralString(grants, pgx.Identifier{role}.Sanitize())
	s = regexp.MustCompile(`SCHEMA signoff\b`).ReplaceAllLiteralString(s, "SCHEMA "+quoted)
	return regexp.MustCompile(`\bsignoff\.`).ReplaceAllLiteralString(s, quoted+".")
}

// GrantsText is the setup as docs/postgres.md shows it.
func GrantsText() string { return grants }
