package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
)

// Someone holding the application role's address may append, but only at
// the chain's end: an entry numbered past it (which would make every later
// write fail for good) or before its first (where verify does not look)
// is refused by the server, even through a temporary table named chain,
// or an operator of its own ahead of the server's in the search path
// (where the role may create in public, as every role may before
// PostgreSQL 15); signoff goes on writing, and the record verifies.
func TestTheApplicationRoleCannotNumberAnEntryOutOfLine(t *testing.T) {
	ctx := context.Background()
	_, app, schema, _ := grantedSchema(t)
	s, err := db.Open(ctx, as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importFixture(t, s, "inc-2046-mcp-token-open-queue.json")
	head, _, err := s.ChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}

	appDB, err := sql.Open("pgx", as(t, app, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer appDB.Close()
	appDB.SetMaxOpenConns(1) // the temporary table's session
	// As PostgreSQL 13 and 14 let every role, by default.
	exec(t, server(t), "GRANT CREATE ON SCHEMA public TO "+app)
	const entry = "INSERT INTO %s (seq, at, actor, kind, incident, subject, payload, prev, hash) VALUES (%s, 0, 'mallory', 'handoff', 'INC-2046', 'x', '{}', '\\x00', '\\x00')"
	for _, c := range []struct {
		name, table, seq string
		setup            []string
	}{
		{"the last number there is", "chain", "9223372036854775807", nil},
		{"one past the next", "chain", strconv.FormatInt(head+2, 10), nil},
		{"zero", "chain", "0", nil},
		{"a negative number", "chain", "-5", nil},
		{"the last number there is, after the last of a temporary table named chain", schema + ".chain", "9223372036854775807", []string{
			"CREATE TEMP TABLE chain (LIKE " + schema + ".chain)",
			fmt.Sprintf(entry, "pg_temp.chain", "9223372036854775806")}},
		{"the last number there is, with a <> of the role's own that finds every number in line", schema + ".chain", "9223372036854775807", []string{
			"CREATE FUNCTION public.never_differs(bigint, bigint) RETURNS boolean LANGUAGE sql AS 'SELECT false'",
			"CREATE OPERATOR public.<> (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.never_differs)",
			"SET search_path = public, pg_catalog, " + schema}},
	} {
		t.Run(c.name+" is refused", func(t *testing.T) {
			exec(t, appDB, c.setup...)
			_, err := appDB.Exec(fmt.Sprintf(entry, c.table, c.seq))
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("entry %s was inserted: %v", c.seq, err)
			}
		})
	}

	importFixture(t, s, "inc-2041-ide-extension-token-theft.json")
	if res, err := s.Verify(ctx); err != nil || !res.Intact {
		t.Fatalf("verify: %s, %v", res, err)
	}
}

func importFixture(t *testing.T, s *db.DB, name string) {
	t.Helper()
	b, err := fixtures.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportDocument(context.Background(), name, strings.NewReader(string(b)), "importer"); err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
}
