package main

import (
	"database/sql"
	"strings"
	"testing"
)

// tamperDB edits the database as someone with a sqlite3 shell could: the
// append-only triggers dropped, rows changed in place, the triggers made
// again.
func tamperDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer dropTriggers(t, db)()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// dropTriggers drops the file's triggers; the func it returns makes them
// again, as a careful insider would: a trigger left dropped is a fault of
// its own, which would hide the one a test means.
func dropTriggers(t *testing.T, db *sql.DB) func() {
	rows, err := db.Query("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
	if err != nil {
		t.Fatal(err)
	}
	var triggers, made []string
	for rows.Next() {
		var name, stmt string
		rows.Scan(&name, &stmt)
		triggers, made = append(triggers, name), append(made, stmt)
	}
	rows.Close()
	for _, name := range triggers {
		if _, err := db.Exec(`DROP TRIGGER "` + name + `"`); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		for _, stmt := range made {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A tampered record does not flow on unflagged: every command that reads
// it still prints what it can, then says so and exits 1.
func TestEveryReaderSaysWhenTheRecordDoesNotVerify(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "watch S3 overnight"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	tamperDB(t, path,
		"UPDATE chain SET payload = replace(payload, 'Cloud admin token', 'Nothing') WHERE kind = 'incident' AND subject = 'INC-2046'",
		`UPDATE chain SET payload = replace(payload, '"block_ip"', '"unblock_ip"') WHERE subject = 'D-S5'`,
		"UPDATE chain SET payload = replace(payload, 'watch S3', 'ignore S3') WHERE kind = 'handoff'")
	cases := []struct {
		args   []string
		stdout string // what it still prints
		stderr string
	}{
		{[]string{"incidents"}, "INC-2046", "warning: the record was changed outside signoff: entry"},
		{[]string{"incidents", "--json"}, "INC-2041", "warning: the record was changed outside signoff: entry"},
		{[]string{"findings", "INC-2046"}, "", "warning: the record was changed outside signoff: entry"},
		{[]string{"findings", "INC-2046", "--json"}, "[", "warning: the record was changed outside signoff: entry"},
		{[]string{"report", "INC-2046"}, "INC-2046", "written from a record that does not verify"},
		{[]string{"export", "INC-2046"}, "", "export of INC-2046 stopped before it began"},
		{[]string{"export", "INC-2041"}, `"id": "INC-2041"`, ""},
		{[]string{"decisions"}, "", "decisions stopped before entry"},
		{[]string{"metrics"}, "(all suggestions)", "counted from a record that does not verify"},
		{[]string{"metrics", "--format", "csv", "--by", "action"}, "overall", "counted from a record that does not verify"},
		{[]string{"export", "INC-2046", "--format", "timesketch"}, "", "the record was changed outside signoff"},
		{[]string{"pending"}, "INC-2046", "warning: the record was changed outside signoff: entry"},
		{[]string{"pending", "--json"}, "INC-2046", "warning: the record was changed outside signoff: entry"},
		{[]string{"status", "INC-2046"}, "INC-2046 is open", "warning: the record was changed outside signoff: entry"},
		{[]string{"status", "INC-2046", "--json"}, `"incident": "INC-2046"`, "warning: the record was changed outside signoff: entry"},
		{[]string{"handoff", "INC-2046"}, "alice: ignore S3", "warning: the record was changed outside signoff: entry"},
		{[]string{"--as", "alice", "claim", "INC-2046/S3"}, "claimed INC-2046/S3", "warning: the record was changed outside signoff: entry"},
		{[]string{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "isolated"}, "", "the status of INC-2046 was not changed: the record was changed outside signoff"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			wantCode := 1
			if c.stderr == "" {
				wantCode = 0 // INC-2041's entries all verify
			}
			if r.code != wantCode || !strings.Contains(r.stdout, c.stdout) || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("exit %d, stdout %.200q, stderr %q; want exit %d, %q and %q", r.code, r.stdout, r.stderr, wantCode, c.stdout, c.stderr)
			}
		})
	}
}
