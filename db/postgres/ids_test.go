package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/model"
)

// grantedSchema is docs/postgres.md's setup before any import: a record
// made by its owner, and the grants given to the application role; with
// a bare connection as the owner, closed when the test ends.
func grantedSchema(t *testing.T) (owner, app, schema string, ownerDB *sql.DB) {
	t.Helper()
	owner, app, schema = roles(t)
	d, err := db.Open(context.Background(), as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	ownerDB, err = sql.Open("pgx", as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ownerDB.Close() })
	exec(t, ownerDB, postgres.Grants(schema, app))
	return owner, app, schema, ownerDB
}

// appRecord is docs/postgres.md's setup with one incident imported:
// signoff as the application role, and a bare connection as it.
func appRecord(t *testing.T) (s *db.DB, appDB, ownerDB *sql.DB, app string) {
	t.Helper()
	ctx := context.Background()
	_, app, schema, ownerDB := grantedSchema(t)
	s, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	importFixture(t, s, "inc-2046-mcp-token-open-queue.json")
	appDB, err = sql.Open("pgx", as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { appDB.Close() })
	return s, appDB, ownerDB, app
}

// The ids of training runs and claims are the server's to number. Someone
// holding the application role's address who wrote rows numbered ahead of
// the numbering (or renumbered one) would make every later run or claim
// collide with them, for everyone; the server refuses both, and signoff
// goes on starting runs and claiming. It does so whatever the grants: the
// whole-table rights signoff's grants gave before version 8 included.
func TestTheApplicationRoleCannotNumberARunOrAClaimAhead(t *testing.T) {
	ctx := context.Background()
	s, appDB, ownerDB, app := appRecord(t)
	exec(t, ownerDB, "GRANT INSERT, UPDATE ON training_runs, queue_claims TO "+app)
	run, err := s.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2046", StartedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, "INC-2046", "S5", "alice", time.Minute); err != nil {
		t.Fatal(err)
	}
	const inc = "(SELECT seq FROM incidents WHERE id = 'INC-2046')"
	for _, stmt := range []string{
		"INSERT INTO training_runs (id, inc, trainee, authority, hindsight, started_at) SELECT max(id) + g, " + inc + ", 'mallory', 'high', false, 0 FROM training_runs, generate_series(1, 20) g GROUP BY g",
		"INSERT INTO training_runs (id, inc, trainee, authority, hindsight, started_at) VALUES (9223372036854775807, " + inc + ", 'mallory', 'high', false, 0)",
		"UPDATE training_runs SET id = id + 1",
		"UPDATE training_runs SET id = 9223372036854775807",
		"INSERT INTO queue_claims (id, inc, suggestion, person, since, until) SELECT max(id) + g, " + inc + ", 'S6', 'mallory', 0, 0 FROM queue_claims, generate_series(1, 20) g GROUP BY g",
		"UPDATE queue_claims SET id = id + 1",
	} {
		if _, err := appDB.Exec(stmt); err == nil || !strings.Contains(err.Error(), "numbered by the server") {
			t.Errorf("the application role ran %q: %v", stmt, err)
		}
	}
	again, err := s.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2046", StartedAt: time.Now()})
	if err != nil {
		t.Fatalf("a training run after the rows numbered ahead: %v", err)
	}
	if again.ID <= run.ID {
		t.Errorf("the second run is numbered %d, the first %d", again.ID, run.ID)
	}
	if _, err := s.Claim(ctx, "INC-2046", "S6", "alice", time.Minute); err != nil {
		t.Errorf("a claim after the rows numbered ahead: %v", err)
	}
}

// The copy, made as the schema's owner (docs/postgres.md), keeps the
// source's run numbers, and the server numbers the runs after them.
func TestTheOwnerCopiesTrainingRunsWithTheirNumbers(t *testing.T) {
	ctx := context.Background()
	owner, app, schema := roles(t)
	src, err := db.Open(ctx, t.TempDir()+"/src.db")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	importFixture(t, src, "inc-2046-mcp-token-open-queue.json")
	for range 3 {
		if _, err := src.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2046", StartedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	dst, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := db.Copy(ctx, src, dst, nil); err != nil {
		t.Fatalf("the copy as the owner: %v", err)
	}
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
	run, err := s.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2046", StartedAt: time.Now()})
	if err != nil || run.ID != 4 {
		t.Errorf("the run after the copy's three is numbered %d (%v)", run.ID, err)
	}
}

// Every column the server numbers is guarded so: a table that gains one
// gains the trigger too.
func TestEveryColumnTheServerNumbersIsGuarded(t *testing.T) {
	owner, _, schema := roles(t)
	d, err := db.Open(context.Background(), as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	var unguarded string
	err = server(t).QueryRow(`SELECT coalesce(string_agg(c.table_name || '.' || c.column_name, ', '), '')
		FROM information_schema.columns c
		WHERE c.table_schema = $1 AND (c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%')
			AND (c.column_name <> 'id' OR NOT EXISTS (SELECT 1 FROM pg_trigger g
				WHERE g.tgrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND g.tgname = c.table_name || '_id_in_line'))`,
		schema).Scan(&unguarded)
	if err != nil || unguarded != "" {
		t.Errorf("numbered by the server and not guarded: %q (%v)", unguarded, err)
	}
}
