package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// A role that lacks a right signoff needs is told, in one sentence, which
// right it lacks on what and what the operator runs: not that there is no
// schema or no record where there is one it may not reach.
func TestARoleLackingARightIsToldWhichAndWhoGivesIt(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		// setup runs as the owner after signoff init (when init is set),
		// with %[1]s the schema and %[2]s the role connected as.
		init  bool
		setup []string
		do    func(address string) error
		want  string
	}{
		{"the application role before the grants ran", true, nil, open,
			"the PostgreSQL role %[2]s lacks USAGE on the schema %[1]s of the database at"},
		{"the application role before the grants ran, on a schema with no record yet", false, nil, open,
			"the PostgreSQL role %[2]s lacks USAGE on the schema %[1]s of the database at"},
		{"the application role with USAGE alone", true, []string{"GRANT USAGE ON SCHEMA %[1]s TO %[2]s"}, openExisting,
			"the PostgreSQL role %[2]s lacks SELECT on the table %[1]s.schema_migrations; the role that owns the schema gives the application role its rights with the grants of docs/postgres.md (Roles and grants)"},
		{"a read-only role importing", true, []string{"GRANT USAGE ON SCHEMA %[1]s TO %[2]s", "GRANT SELECT ON ALL TABLES IN SCHEMA %[1]s TO %[2]s"}, importOne,
			"the PostgreSQL role %[2]s lacks INSERT on the table %[1]s.chain; the role that owns the schema gives"},
		{"the application role before the owner made the record", false, []string{"GRANT USAGE ON SCHEMA %[1]s TO %[2]s"}, open,
			"the schema %[1]s of the PostgreSQL database at %[3]s holds no signoff record yet, and the role %[2]s may not make or upgrade signoff's tables there, as only the role that owns the schema may; run `signoff init` once as the role that owns the schema, then the grants of docs/postgres.md (Roles and grants)"},
		{"the application role before the owner's last migration", true, []string{"GRANT", "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)"}, open,
			fmt.Sprintf("is at version %d and this signoff needs %d, and the role %%[2]s may not make or upgrade signoff's tables there", postgres.LatestVersion()-1, postgres.LatestVersion())},
	} {
		t.Run(c.name, func(t *testing.T) {
			owner, app, schema := roles(t)
			ownerDB, err := sql.Open("pgx", as(t, owner, schema))
			if err != nil {
				t.Fatal(err)
			}
			defer ownerDB.Close()
			if c.init {
				d, err := db.Open(ctx, as(t, owner, schema))
				if err != nil {
					t.Fatal(err)
				}
				d.Close()
			}
			for _, s := range c.setup {
				if s == "GRANT" {
					s = postgres.Grants(schema, app)
				} else if strings.Contains(s, "%[") {
					s = fmt.Sprintf(s, schema, app)
				}
				exec(t, ownerDB, s)
			}
			address := as(t, app, schema)
			err = c.do(address)
			want := fmt.Sprintf(c.want, schema, app, address)
			if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(model.ErrorMessage(err), want) {
				t.Errorf("got %v\nwant %q", err, want)
			}
		})
	}
}

func open(address string) error {
	d, err := db.Open(context.Background(), address)
	if err == nil {
		d.Close()
	}
	return err
}

func openExisting(address string) error {
	d, err := db.OpenExisting(context.Background(), address)
	if err == nil {
		d.Close()
	}
	return err
}

func importOne(address string) error {
	d, err := db.Open(context.Background(), address)
	if err != nil {
		return err
	}
	defer d.Close()
	const name = "inc-2046-mcp-token-open-queue.json"
	b, err := fixtures.ReadFile(name)
	if err != nil {
		return err
	}
	_, err = d.ImportDocument(context.Background(), name, strings.NewReader(string(b)), "importer")
	return err
}
