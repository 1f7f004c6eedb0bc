package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// The PostgreSQL engine's own tests need the server the store's contract
// runs on (db/engines_test.go).
const postgresEnv = "SIGNOFF_TEST_POSTGRES"

func server(t *testing.T) *sql.DB {
	t.Helper()
	if os.Getenv(postgresEnv) == "" {
		t.Skip("PostgreSQL tests skipped: set " + postgresEnv + "=postgres://USER@HOST:PORT/DATABASE to run them (.ci/run starts a server and does)")
	}
	admin, err := sql.Open("pgx", os.Getenv(postgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"); err != nil {
		t.Fatal(err)
	}
	return admin
}

func exec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// as is the address of the test server as role, in schema.
func as(t *testing.T, role, schema string) string {
	u, err := url.Parse(os.Getenv(postgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// roles sets up docs/postgres.md's two roles, an owner of a schema of its
// own and the application role, with names of their own for this test.
func roles(t *testing.T) (owner, app, schema string) {
	t.Helper()
	admin := server(t)
	var b [5]byte
	rand.Read(b[:])
	suffix := hex.EncodeToString(b[:])
	owner, app, schema = "signoff_owner_"+suffix, "signoff_app_"+suffix, "signoff_"+suffix
	exec(t, admin, "CREATE ROLE "+owner+" LOGIN", "CREATE ROLE "+app+" LOGIN",
		"CREATE SCHEMA "+schema+" AUTHORIZATION "+owner)
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Exec("DROP OWNED BY " + app)
		admin.Exec("DROP ROLE " + app)
		admin.Exec("DROP ROLE " + owner)
	})
	return owner, app, schema
}

// The setup docs/postgres.md gives: the owner runs signoff init, grants
// the application role what grants.sql says, and signoff then works as
// the application role, which cannot change or remove what is recorded
// even by hand.
func TestTheApplicationRoleRecordsButCannotChangeTheRecord(t *testing.T) {
	ctx := context.Background()
	owner, app, schema := roles(t)
	d, err := db.Open(ctx, as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	ownerDB, err := sql.Open("pgx", as(t, owner, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer ownerDB.Close()
	exec(t, ownerDB, postgres.Grants(schema, app))

	s, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatalf("signoff as the application role: %v", err)
	}
	defer s.Close()
	for _, name := range []string{"inc-2046-mcp-token-open-queue.json", "inc-2041-ide-extension-token-theft.json"} {
		b, err := fixtures.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportDocument(ctx, name, strings.NewReader(string(b)), "importer"); err != nil {
			t.Fatalf("import as the application role: %v", err)
		}
	}
	p := review.DefaultPolicy()
	if _, err := s.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "alice",
		Outcome: model.OutcomeRejected, Rationale: "not ours"}, review.DecisionChecker(p)); err != nil {
		t.Fatalf("a decision as the application role: %v", err)
	}
	if _, err := s.Claim(ctx, "INC-2046", "S6", "alice", time.Minute); err != nil {
		t.Fatalf("a claim: %v", err)
	}
	if err := s.Release(ctx, "INC-2046", "S6", "alice"); err != nil {
		t.Fatalf("a release: %v", err)
	}
	run, err := s.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2041", StartedAt: time.Now()})
	if err != nil {
		t.Fatalf("a training run: %v", err)
	}
	if err := s.EndTrainingRun(ctx, run.ID, time.Now(), false); err != nil {
		t.Fatalf("ending it: %v", err)
	}
	if res, err := s.Verify(ctx); err != nil || !res.Intact {
		t.Fatalf("verify as the application role: %s, %v", res, err)
	}

	appDB, err := sql.Open("pgx", as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer appDB.Close()
	for _, stmt := range []string{
		"UPDATE chain SET actor = 'mallory'",
		"DELETE FROM events WHERE id = 'S5'",
		"UPDATE reviews SET verdict = 'followed'",
		"DELETE FROM queue_decisions",
		"TRUNCATE chain CASCADE",
		"TRUNCATE status_changes",
		"ALTER TABLE chain DISABLE TRIGGER USER",
		"DROP TRIGGER chain_no_update ON chain",
		"UPDATE training_choices SET rationale = 'x'",
		"UPDATE training_runs SET trainee = 'mallory'",
		"UPDATE queue_claims SET person = 'mallory'",
		"INSERT INTO queue_claims (id, inc, suggestion, person, since, until) SELECT 1000, inc, suggestion, 'mallory', 0, 0 FROM queue_claims",
		"INSERT INTO chain SELECT * FROM chain WHERE seq = 1 ON CONFLICT (seq) DO UPDATE SET actor = 'mallory'",
		"SET session_replication_role = replica",
		"CREATE RULE hide AS ON INSERT TO chain DO INSTEAD NOTHING",
		"CREATE OR REPLACE FUNCTION signoff_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
		"DROP FUNCTION signoff_chain_in_line() CASCADE",
		"SELECT setval('training_runs_id_seq', 1)",
		"CREATE VIEW events AS SELECT 1",
		"CREATE TABLE chain_shadow (seq bigint)",
	} {
		_, err := appDB.Exec(stmt)
		if err == nil || !(strings.Contains(err.Error(), "permission denied") || strings.Contains(err.Error(), "must be owner")) {
			t.Errorf("the application role ran %q: %v", stmt, err)
		}
	}
	// Nor may it take a pending suggestion's one queue decision mark with a
	// row naming another event (migration 0009): S6 can still be decided.
	if _, err := appDB.Exec(`INSERT INTO queue_decisions (seq, inc, suggestion)
		SELECT e.seq, e.inc, 'S6' FROM events e JOIN incidents i ON i.seq = e.inc WHERE i.id = 'INC-2046' AND e.id = 'S6'`); err == nil ||
		!strings.Contains(err.Error(), "a queue decision's mark names a decision on its suggestion") {
		t.Errorf("the application role marked a pending suggestion decided: %v", err)
	}
	if _, err := s.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S6", Person: "alice",
		Outcome: model.OutcomeRejected, Rationale: "not ours"}, review.DecisionChecker(p)); err != nil {
		t.Errorf("a decision on S6 after the refused mark: %v", err)
	}
	// The owner may change the tables' definitions, but the triggers still
	// refuse changes to what is recorded.
	for _, stmt := range []string{"UPDATE chain SET actor = 'mallory'", "DELETE FROM events", "TRUNCATE chain CASCADE"} {
		if _, err := ownerDB.Exec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("the owner ran %q: %v", stmt, err)
		}
	}
}

// A role that may not create signoff's tables is told to run init as the
// schema's owner, and the schema is left as it was.
func TestTheApplicationRoleCannotMigrateAndSaysWhoCan(t *testing.T) {
	ctx := context.Background()
	_, app, schema := roles(t)
	admin := server(t)
	exec(t, admin, "GRANT USAGE ON SCHEMA "+schema+" TO "+app)
	_, err := db.Open(ctx, as(t, app, schema))
	if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(model.ErrorMessage(err), "run `signoff init` once as the role that owns the schema") {
		t.Fatalf("got %v", err)
	}
	var tables int
	if err := admin.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", schema).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("the schema holds %d tables after the refusal (%v)", tables, err)
	}
}

// The version rules are SQLite's: a schema from a newer signoff, or one
// holding tables of another program, is refused and left as it is.
func TestASchemaThatIsNotThisSignoffsIsRefusedAndLeftAsItIs(t *testing.T) {
	ctx := context.Background()
	admin := server(t)
	for _, c := range []struct{ name, setup, want string }{
		{"a newer signoff's", "INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 'later')", "written by a newer signoff (schema version 999"},
		{"another program's", "", "holds tables that are not signoff's"},
	} {
		t.Run(c.name+" schema", func(t *testing.T) {
			var b [5]byte
			rand.Read(b[:])
			schema := "t_refuse_" + hex.EncodeToString(b[:])
			exec(t, admin, "CREATE SCHEMA "+schema)
			t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
			address := as(t, userOf(t), schema)
			if c.setup != "" {
				d, err := db.Open(ctx, address)
				if err != nil {
					t.Fatal(err)
				}
				d.Close()
				exec(t, admin, "SET search_path = "+schema, c.setup, "SET search_path = public")
			} else {
				exec(t, admin, "CREATE TABLE "+schema+".accounts (id int)")
			}
			before := catalog(t, admin, schema)
			_, err := db.Open(ctx, address)
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), c.want) {
				t.Fatalf("got %v; want %q", err, c.want)
			}
			if after := catalog(t, admin, schema); after != before {
				t.Errorf("the schema changed: %s, was %s", after, before)
			}
		})
	}
}

func userOf(t *testing.T) string {
	u, err := url.Parse(os.Getenv(postgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	return u.User.Username()
}

// catalog is the tables a schema holds.
func catalog(t *testing.T, admin *sql.DB, schema string) string {
	t.Helper()
	var s string
	if err := admin.QueryRow(`SELECT coalesce(string_agg(table_name, ',' ORDER BY table_name), '') FROM information_schema.tables
		WHERE table_schema = $1`, schema).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
