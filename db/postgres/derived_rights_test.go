package postgres_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// derivedWrites are what whoever holds the application role's address
// would do to the tables the record's writes keep up to date: hide a
// pending suggestion from every queue, or make the metrics and the
// incident list say what the record does not.
var derivedWrites = []string{
	"DELETE FROM pending_items",
	"DELETE FROM pending_items WHERE id = 'S6'",
	"TRUNCATE pending_items",
	"UPDATE pending_items SET id = 'S0'",
	"INSERT INTO pending_items SELECT * FROM pending_items_derived ON CONFLICT DO NOTHING",
	"DELETE FROM suggestion_facts",
	"UPDATE suggestion_facts SET state = 'decided'",
	"TRUNCATE suggestion_facts CASCADE",
	"DELETE FROM suggestion_cells",
	"UPDATE suggestion_cells SET pending = 0",
	"UPDATE incident_counts SET pending = 0",
	"DELETE FROM incident_counts",
	// What the transaction's commit is to bring up to date (migration 11).
	"DELETE FROM facts_due",
	"TRUNCATE facts_due",
}

// refusesDerivedWrites holds the application role, connected at address,
// to the tables it may read and never write, and to the queue and the
// record as signoff keeps them: a decision still takes its suggestion off
// the queue, and verify finds every derived row as the record says.
func refusesDerivedWrites(t *testing.T, address string) {
	t.Helper()
	ctx := context.Background()
	s, err := db.Open(ctx, address)
	if err != nil {
		t.Fatalf("signoff as the application role: %v", err)
	}
	defer s.Close()
	if err := importOne(address); err != nil {
		t.Fatalf("an import as the application role: %v", err)
	}
	appDB, err := sql.Open("pgx", address)
	if err != nil {
		t.Fatal(err)
	}
	defer appDB.Close()
	for _, stmt := range derivedWrites {
		if _, err := appDB.Exec(stmt); err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("the application role ran %q: %v", stmt, err)
		}
	}
	pending := func() []string {
		t.Helper()
		q, err := s.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range q.Items {
			if it.Incident == "INC-2046" {
				ids = append(ids, it.Suggestion)
			}
		}
		return ids
	}
	before := pending()
	if !slices.Contains(before, "S5") || !slices.Contains(before, "S6") {
		t.Fatalf("the queue of INC-2046 is %v; want S5 and S6 pending", before)
	}
	if _, err := s.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "alice",
		Outcome: model.OutcomeRejected, Rationale: "not ours"}, review.DecisionChecker(review.DefaultPolicy())); err != nil {
		t.Fatalf("a decision as the application role: %v", err)
	}
	after := pending()
	if slices.Contains(after, "S5") || len(after) != len(before)-1 {
		t.Errorf("after deciding S5 the queue of INC-2046 is %v; was %v", after, before)
	}
	if res, err := s.Verify(ctx); err != nil || !res.Intact {
		t.Errorf("verify as the application role: %s, %v", res, err)
	}
}

// The derived tables (the queue's rows, the metrics, the incident list's
// counts) are written only by signoff's functions, which run as the
// schema's owner: the application role, given the grants, may read them
// and not write them.
func TestTheApplicationRoleCannotWriteWhatTheRecordDerives(t *testing.T) {
	_, app, schema, _ := grantedSchema(t)
	refusesDerivedWrites(t, as(t, app, schema))
}

// A schema made by signoff before version 10, whose application role was
// given the grants of then (INSERT, UPDATE and DELETE on the derived
// tables), is brought up to date by the owner's init; verify warns of the
// rights until the owner runs the grants again, whose REVOKE takes them
// back, and then the role is held as on a schema made new.
func TestASchemaFromBeforeVersion10IsUpgradedAndItsGrantsTakenBack(t *testing.T) {
	ctx := context.Background()
	owner, app, schema := roles(t)
	ownerDB, err := sql.Open("pgx", as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer ownerDB.Close()
	// The schema as signoff made it up to version 9.
	exec(t, ownerDB, `CREATE TABLE schema_migrations (version bigint PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`)
	names, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	for i, name := range names[:9] {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		exec(t, ownerDB, strings.ReplaceAll(string(b), "{{trgm}}", "public"))
		if _, err := ownerDB.Exec("INSERT INTO schema_migrations VALUES ($1, $2, 'then')", i+1, filepath.Base(name)); err != nil {
			t.Fatal(err)
		}
	}
	exec(t, ownerDB, postgres.Grants(schema, app),
		"GRANT INSERT, UPDATE, DELETE ON suggestion_facts, suggestion_cells, incident_counts, pending_items TO "+app)

	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatalf("the owner's init on a schema at version 9: %v", err)
	}
	d.Close()
	s, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	note, err := s.ExcessRights(ctx)
	if err != nil || !strings.Contains(note, "INSERT, UPDATE, DELETE on incident_counts, pending_items, suggestion_cells, suggestion_facts") {
		t.Errorf("verify does not warn of the rights the grants of then gave: %q, %v", note, err)
	}
	exec(t, ownerDB, postgres.Grants(schema, app))
	if note, err := s.ExcessRights(ctx); err != nil || note != "" {
		t.Errorf("after the grants again: %q, %v", note, err)
	}
	refusesDerivedWrites(t, as(t, app, schema))
}
