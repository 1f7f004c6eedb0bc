package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// foreignWrite is what a client that is not signoff (a response
// platform's writer holding the application role's address, a buggy or a
// hostile one) records: a chain entry and its row, numbered on from the
// chain's last entry, in one transaction, and nothing else: it calls no
// function of signoff's.
func foreignWrite(t *testing.T, appDB *sql.DB, kind, payload, row string) int64 {
	t.Helper()
	tx, err := appDB.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var seq int64
	if err := tx.QueryRow("SELECT max(seq) + 1 FROM chain").Scan(&seq); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO chain (seq, at, actor, kind, incident, subject, payload, prev, hash)
		VALUES ($1, 0, 'platform', $2, 'INC-2046', 'x', $3, '\x00', '\x00')`, seq, kind, payload); err != nil {
		t.Fatalf("the chain entry: %v", err)
	}
	if _, err := tx.Exec(fmt.Sprintf(row, seq)); err != nil {
		t.Fatalf("the row: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return seq
}

// A suggestion, decision or verdict the application role inserts is
// reflected in the derived tables as soon as it commits, whoever inserted
// it and whether or not it called anything: the server keeps the facts,
// the queue's rows, the sums and the counts (migration 11). Before, a
// client that skipped signoff_refresh_facts left its suggestion out of
// pending_items, and so out of every queue.
func TestWhatAnyClientRecordsIsInTheDerivedTablesAtItsCommit(t *testing.T) {
	ctx := context.Background()
	s, appDB, _, _ := appRecord(t)
	const inc = "(SELECT seq FROM incidents WHERE id = 'INC-2046')"
	queue := func() []string {
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
	fact := func(seq int64) string {
		t.Helper()
		var f sql.NullString
		if err := appDB.QueryRow(`SELECT (SELECT concat_ws(' ', state, proposed, reviewed, ai_correct)
			FROM suggestion_facts WHERE seq = $1)`, seq).Scan(&f); err != nil {
			t.Fatal(err)
		}
		return f.String
	}
	asDerived := func(when string) {
		t.Helper()
		for _, c := range []struct{ table, view string }{
			{"suggestion_facts", "SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct FROM "},
			{"pending_items", "SELECT * FROM "},
			{"incident_counts", "SELECT * FROM "},
		} {
			var n int
			q := fmt.Sprintf("SELECT count(*) FROM ((%[1]s%[2]s EXCEPT %[1]s%[2]s_derived) UNION ALL (%[1]s%[2]s_derived EXCEPT %[1]s%[2]s)) d",
				c.view, c.table)
			if err := appDB.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s, %s differs from what the record derives in %d rows", when, c.table, n)
			}
		}
	}

	sug := foreignWrite(t, appDB, "event", `{"action":{"type":"isolate_host","detail":"cut it off"},"confidence":0.7}`,
		`INSERT INTO events (seq, inc, id, at, kind, actor, summary, action, target, starts, folded)
		VALUES (%d, `+inc+`, 'S900', 1, 'suggestion', 'agent-x', 'isolate it', 'isolate_host', 'host-9', 1, 'isolate it')`)
	if got := fact(sug); got != "pending" {
		t.Errorf("after a suggestion inserted with no call, its fact is %q; want pending", got)
	}
	if q := queue(); !slices.Contains(q, "S900") {
		t.Errorf("after a suggestion inserted with no call, the queue of INC-2046 is %v; want S900 in it", q)
	}
	asDerived("after the suggestion")

	foreignWrite(t, appDB, "event", `{"outcome":"rejected"}`,
		`INSERT INTO events (seq, inc, id, at, kind, actor, summary, suggestion, starts, folded)
		VALUES (%d, `+inc+`, 'D900', 2, 'decision', 'alice', 'no', 'S900', 0, 'no')`)
	if got := fact(sug); got != "decided ignored" {
		t.Errorf("after a decision on it, the suggestion's fact is %q; want decided ignored", got)
	}
	if q := queue(); slices.Contains(q, "S900") {
		t.Errorf("after a decision on it, the queue of INC-2046 is %v; want S900 gone", q)
	}
	asDerived("after the decision")

	foreignWrite(t, appDB, "review", `{"ai_correct":"yes"}`,
		`INSERT INTO reviews (seq, inc, subject, reviewer, at, verdict)
		VALUES (%d, `+inc+`, 'S900', 'bob', 3, 'followed')`)
	if got := fact(sug); got != "decided ignored followed yes" {
		t.Errorf("after a verdict on it, the suggestion's fact is %q; want decided ignored followed yes", got)
	}
	asDerived("after the verdict")

	// A client that has the facts written after each statement instead
	// (the deferred trigger set IMMEDIATE) has them before its commit.
	tx, err := appDB.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var seq int64
	for _, stmt := range []string{
		"SET CONSTRAINTS facts_at_commit IMMEDIATE",
		"SELECT max(seq) + 1 FROM chain",
		`INSERT INTO chain (seq, at, actor, kind, incident, subject, payload, prev, hash)
			VALUES ($1, 0, 'platform', 'event', 'INC-2046', 'x', '{"confidence":0.2}', '\x00', '\x00')`,
		`INSERT INTO events (seq, inc, id, at, kind, actor, summary, starts, folded)
			VALUES ($1, ` + inc + `, 'S901', 4, 'suggestion', 'agent-x', 'wait', 1, 'wait')`,
	} {
		switch {
		case strings.HasPrefix(stmt, "SELECT"):
			err = tx.QueryRow(stmt).Scan(&seq)
		case strings.Contains(stmt, "$1"):
			_, err = tx.Exec(stmt, seq)
		default:
			_, err = tx.Exec(stmt)
		}
		if err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	var n int
	if err := tx.QueryRow("SELECT count(*) FROM pending_items WHERE seq = $1", seq).Scan(&n); err != nil || n != 1 {
		t.Errorf("with the facts written after each statement, S901 has %d queue rows before the commit: %v", n, err)
	}
}

// The functions that run as the schema's owner (SECURITY DEFINER) are
// called by the server for its triggers; the application role, and every
// other role, may not call one itself (PostgreSQL lets PUBLIC execute a
// new function unless it is taken back), and its triggers fire all the
// same (the test above writes through them as that role).
func TestTheApplicationRoleCannotCallTheOwnersFunctions(t *testing.T) {
	_, appDB, ownerDB, _ := appRecord(t)
	rows, err := ownerDB.Query(`SELECT p.oid::regprocedure::text, p.pronargs FROM pg_proc p
		WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		var args int
		if err := rows.Scan(&name, &args); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		call := "SELECT " + name[:strings.IndexByte(name, '(')] + "(" + strings.TrimSuffix(strings.Repeat("NULL, ", args), ", ") + ")"
		if _, err := appDB.Exec(call); err == nil || !strings.Contains(err.Error(), "permission denied for function") {
			t.Errorf("the application role called %s: %v", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, "incident_counts_events()") {
		t.Fatalf("the owner's functions found are %v; the migrations make more", names)
	}
}
