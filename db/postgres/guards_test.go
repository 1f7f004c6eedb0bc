package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
)

// A role that owns the record's tables (the schema's owner, or the
// application role when a restore or a setup made it the owner by
// mistake) could disable the triggers that keep the record append-only:
// verify says so of the role it runs as; of the lesser role, nothing.
func TestVerifySaysWhenTheRoleConnectedCouldLiftTheGuards(t *testing.T) {
	ctx := context.Background()
	owner, app, schema := roles(t)
	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ownerDB, err := sql.Open("pgx", as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer ownerDB.Close()
	exec(t, ownerDB, postgres.Grants(schema, app))
	s, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	if note, err := d.LiftableGuards(ctx); err != nil || !strings.Contains(note, "the role "+owner+" owns the schema "+schema) {
		t.Errorf("as the owner: %q, %v", note, err)
	}
	if note, err := s.LiftableGuards(ctx); err != nil || note != "" {
		t.Errorf("as the application role: %q, %v", note, err)
	}

	// The application role made the owner of a schema of its own, as a
	// restore run as that role makes it.
	mistaken := schema + "_restored"
	exec(t, server(t), "CREATE SCHEMA "+mistaken+" AUTHORIZATION "+app)
	t.Cleanup(func() { server(t).Exec("DROP SCHEMA " + mistaken + " CASCADE") })
	m, err := db.Open(ctx, as(t, app, mistaken))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if note, err := m.LiftableGuards(ctx); err != nil || !strings.Contains(note, "the role "+app+" owns the schema "+mistaken) {
		t.Errorf("as the application role owning its schema: %q, %v", note, err)
	}
}
