package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
)

// A role that owns the record's tables (the schema's owner, or the
// application role when a restore or a setup made it the owner by
// mistake) could disable the triggers that keep the record append-only:
// verify says so of the role it runs as; of the lesser role, nothing.
func TestVerifySaysWhenTheRoleConnectedCouldLiftTheGuards(t *testing.T) {
	ctx := context.Background()
	owner, app, schema, _ := grantedSchema(t)
	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
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

// An application role given more than the grants (GRANT ALL, as a quick
// setup does) is warned of by verify, naming the rights and tables and
// the REVOKE that takes them back; once revoked, nothing is said. Of the
// owner, LiftableGuards speaks instead.
func TestVerifyWarnsOfRightsBeyondTheGrants(t *testing.T) {
	ctx := context.Background()
	owner, app, schema, ownerDB := grantedSchema(t)
	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if note, err := s.ExcessRights(ctx); err != nil || note != "" {
		t.Fatalf("with the grants alone: %q, %v", note, err)
	}
	if note, err := d.ExcessRights(ctx); err != nil || note != "" {
		t.Errorf("as the owner (LiftableGuards says why): %q, %v", note, err)
	}

	exec(t, ownerDB, "GRANT ALL ON ALL TABLES IN SCHEMA "+schema+" TO "+app)
	note, err := s.ExcessRights(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"warning: the role " + app + " holds rights in the schema " + schema,
		"UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES on agents, assets, chain, events, handoff_notes, incidents",
		// The derived tables are written by signoff's functions alone.
		"INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES on facts_due, incident_counts, incident_counts_derived, pending_items, pending_items_derived, queue_claims, schema_migrations, suggestion_cells, suggestion_facts,",
		"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON \"" + schema + "\".\"agents\""} {
		if !strings.Contains(note, want) {
			t.Errorf("the warning lacks %q:\n%s", want, note)
		}
	}
	// The REVOKEs it gives, then the grants again, leave the role what
	// the grants give and no more: signoff still records and claims.
	revokes := note[strings.Index(note, "REVOKE "):strings.Index(note, " and then runs those grants again")]
	exec(t, ownerDB, revokes, postgres.Grants(schema, app))
	if note, err := s.ExcessRights(ctx); err != nil || note != "" {
		t.Errorf("after its REVOKEs and the grants: %q, %v", note, err)
	}
	if err := importOne(as(t, app, schema)); err != nil {
		t.Errorf("an import after the REVOKEs: %v", err)
	}
	if _, err := s.Claim(ctx, "INC-2046", "S6", "alice", time.Minute); err != nil {
		t.Errorf("a claim after the REVOKEs: %v", err)
	}
}

// Rights the grants give on some columns only are no right on the table.
func TestTheGrantsTableRights(t *testing.T) {
	for table, want := range map[string]string{"*": "SELECT", "chain": "INSERT", "pending_items": "", "suggestion_facts": "", "incident_counts": "",
		"queue_claims": "", "training_runs": "", "training_choices": "INSERT"} {
		if got := strings.Join(postgres.TableRights()[table], " "); got != want {
			t.Errorf("%s: %q; want %q", table, got, want)
		}
	}
}
