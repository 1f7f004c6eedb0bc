package db

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// refuseOn adds a rule to the database at address, past signoff: rows
// of table matching when (SQL over NEW) are refused with message, as a
// rule an operator added would refuse them.
func refuseOn(t *testing.T, d *DB, address, table, when, message string) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER refuse BEFORE INSERT ON ` + table + ` WHEN ` + when + ` BEGIN SELECT RAISE(ABORT, '` + message + `'); END`}
	if d.Engine() == "PostgreSQL" {
		stmts = []string{
			`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION '` + message + `'; END$$`,
			`CREATE TRIGGER refuse BEFORE INSERT ON ` + table + ` FOR EACH ROW WHEN (` + when + `) EXECUTE FUNCTION refuse()`,
		}
	}
	raw := rawDB(t, address)
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAnImportTheDatabaseRefusesSaysWhyAtTheRecordsLine(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name, table, when, want string
		}{
			{"a record written at once names its line", "assets", "NEW.id = 'ci-key'",
				"feed.ndjson line 7: the database refused the record: assets named ci-key are refused here"},
			{"a record written in a batch names the batch's lines", "events", "NEW.id = 'EV-7'",
				"feed.ndjson lines 8 to 9: the database refused the record: events named EV-7 are refused here"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				address := freshAddress(t)
				d := openAt(t, address)
				importDoc(t, d, sampleDoc())
				refuseOn(t, d, address, c.table, c.when, c.table+" named "+strings.Split(c.when, "'")[1]+" are refused here")
				before := stateOf(t, d)
				_, err := importStream(t, d, "feed.ndjson", feed)
				wantError(t, err, model.EINVALID, c.want)
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
			})
		}
	})
}

// On PostgreSQL a statement that fails loses its transaction: every later
// one is refused as "current transaction is aborted". The import must
// report the first failure, not a later statement's refusal. (On SQLite
// a failed statement leaves its transaction usable: nothing to show.)
func TestAnImportReportsTheFirstStatementTheServerRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		if !postgresTest(t) {
			t.Skip("a failed statement does not lose a SQLite transaction")
		}
		address := freshAddress(t)
		u, err := url.Parse(address)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("statement_timeout", "500")
		u.RawQuery = q.Encode()
		d := openAt(t, u.String())
		// Another session holds status_changes: the check of the status
		// line (line 5, with the events of lines 3 and 4 waiting to be
		// inserted) waits for it, and times out.
		raw := rawDB(t, address)
		defer raw.Close()
		lock, err := raw.BeginTx(context.Background(), &sql.TxOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer lock.Rollback()
		if _, err := lock.Exec("LOCK TABLE status_changes IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Fatal(err)
		}
		stream := strings.Join(strings.Split(feed, "\n")[:2], "\n") + `
{"record": "evidence", "id": "EV-7", "kind": "log", "asset": "ci-key", "collected_at": "2026-02-12T08:05:00Z", "collected_by": "bob"}
{"record": "asset", "id": "ci-key", "kind": "key"}
{"record": "event", "id": "N1", "at": "2026-02-12T08:06:00Z", "kind": "note", "actor": "bob", "summary": "looked"}
{"record": "status", "id": "SC1", "status": "contained", "by": "bob", "at": "2026-02-12T09:00:00Z", "rationale": "key off"}
`
		_, err = importStream(t, d, "feed.ndjson", stream)
		if err == nil || !strings.Contains(err.Error(), "feed.ndjson line 6: ") || !strings.Contains(err.Error(), "statement timeout") {
			t.Fatalf("got %v; want the status check's timeout at line 6", err)
		}
		lock.Rollback()
		if n, _, err := d.ChainHead(context.Background()); err != nil || n != 0 {
			t.Errorf("the refused import left %d chain entries (%v); want none", n, err)
		}
	})
}
