package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// tamper edits the database the way someone with a sqlite3 shell could:
// a plain connection, triggers dropped.
// On PostgreSQL, the same as its superuser (rawDB).
func tamper(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	if !postgres.IsAddress(path) {
		// Put back after, as a careful insider would: a trigger left
		// dropped is a fault of its own (verify_triggers.go).
		defer dropTriggers(t, db)()
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// dropTriggers drops a SQLite file's triggers; the func it returns
// makes them again.
func dropTriggers(t *testing.T, db *sql.DB) func() {
	rows, err := db.Query("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
	if err != nil {
		t.Fatal(err)
	}
	var names, made []string
	for rows.Next() {
		var name, stmt string
		rows.Scan(&name, &stmt)
		names, made = append(names, name), append(made, stmt)
	}
	rows.Close()
	for _, name := range names {
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

// rechain recomputes every hash from seq from on, as a careful forger would.
func rechain(t *testing.T, path string) {
	t.Helper()
	db := rawDB(t, path)
	defer db.Close()
	if !postgres.IsAddress(path) {
		defer dropTriggers(t, db)()
	}
	rows, err := db.Query("SELECT seq, at, actor, kind, incident, subject, payload FROM chain ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	var entries []model.ChainEntry
	for rows.Next() {
		var e model.ChainEntry
		var at int64
		rows.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload)
		e.At = fromNanos(at)
		entries = append(entries, e)
	}
	rows.Close()
	prev := model.GenesisHash
	for _, e := range entries {
		e.Prev = prev
		e.Hash = chain.Hash(e)
		p, _ := hex.DecodeString(e.Prev)
		h, _ := hex.DecodeString(e.Hash)
		if _, err := db.Exec(param(path, "UPDATE chain SET prev = ?, hash = ? WHERE seq = ?"), p, h, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
}

func seqOf(t *testing.T, d *DB, subject string) int64 {
	var seq int64
	if err := d.sql.QueryRow("SELECT seq FROM chain WHERE subject = ? AND kind <> 'review' ORDER BY seq LIMIT 1", subject).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

func TestVerifyNamesTheFirstTamperedEntry(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name    string
			tamper  func(t *testing.T, d *DB)
			table   string
			subject string
			reason  string
		}{
			{"an edited decision row", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE events SET actor = 'mallory' WHERE id = 'D1'")
			}, "events", "D1", "the row's actor differs from the recorded record"},
			{"an edited decision payload", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, '\"owner\":\"alice\"', '\"owner\":\"mara\"') WHERE subject = 'D1'")
			}, "events", "D1", "its contents do not match its hash"},
			{"an edited verdict", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE reviews SET verdict = 'followed'")
			}, "reviews", "S1", "the row's verdict differs"},
			{"a deleted execution row", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "DELETE FROM events WHERE id = 'X1'")
			}, "events", "X1", "its row is missing from events"},
			{"a deleted entry and row", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "DELETE FROM events WHERE id = 'X1'", "DELETE FROM chain WHERE subject = 'X1'")
			}, "chain", "", "the chain jumps from entry"},
			{"two entries swapped", func(t *testing.T, d *DB) {
				s1, d1 := seqOf(t, d, "S1"), seqOf(t, d, "D1")
				tamper(t, d.Address(),
					"UPDATE chain SET seq = -1 WHERE seq = "+itoa(s1), "UPDATE chain SET seq = "+itoa(s1)+" WHERE seq = "+itoa(d1),
					"UPDATE chain SET seq = "+itoa(d1)+" WHERE seq = -1")
			}, "events", "D1", "it does not link to the entry before it"},
			{"a forged approval row without an entry", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), onEngine(d, `INSERT INTO events (seq, inc, id, at, kind, actor, summary, suggestion, starts)
				SELECT 1000, inc, 'D9', at, 'decision', 'mallory', 'approved', 'S2', 0 FROM events WHERE id = 'S2'`,
					`INSERT INTO events (seq, inc, id, at, kind, actor, summary, suggestion, starts, folded)
				SELECT 1000, inc, 'D9', at, 'decision', 'mallory', 'approved', 'S2', 0, '' FROM events WHERE id = 'S2'`))
			}, "events", "D9", "has no chain entry"},
			{"an edit with part of the chain recomputed", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'succeeded', 'failed') WHERE subject = 'X1'",
					"UPDATE events SET summary = 'carried out D1: failed' WHERE id = 'X1'")
				rechain(t, d.Address())
				// the recomputation stopped short: the last entry keeps its old link
				tamper(t, d.Address(), onEngine(d, "UPDATE chain SET prev = x'00' WHERE seq = (SELECT max(seq) FROM chain)",
					`UPDATE chain SET prev = '\x00' WHERE seq = (SELECT max(seq) FROM chain)`))
			}, "reviews", "S1", "it does not link to the entry before it"},
		}
		for _, c := range cases {
			t.Run(c.name+" is found", func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
					t.Fatalf("before tampering: %+v, %v", res, err)
				}
				c.tamper(t, d)
				res, err := d.Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact || res.Table != c.table || res.Subject != c.subject || !strings.Contains(res.Reason, c.reason) {
					t.Errorf("got %q (%+v); want %s %s: %s", res, res, c.table, c.subject, c.reason)
				}
			})
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestACheckpointCatchesTruncationAndRecomputation(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		cases := []struct {
			name   string
			tamper func(t *testing.T, d *DB)
			// plainSees says plain verify finds something too (the derived
			// tables still count what was cut off).
			plainSees bool
			reason    string
			seq       int64 // the entry named, when one is
			subject   string
		}{
			{"nothing changed", func(t *testing.T, d *DB) {}, false, "", 0, ""},
			{"a later legitimate write", func(t *testing.T, d *DB) {
				if _, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: "S2", Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
					t.Fatal(err)
				}
			}, false, "", 0, ""},
			{"the newest entries cut off", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "DELETE FROM reviews", "DELETE FROM chain WHERE kind = 'review'")
			}, true, "entries were cut off the end", 14, ""},
			{"an edit with the whole chain recomputed", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, '\"owner\":\"alice\"', '\"owner\":\"mara\"') WHERE subject = 'D1'",
					"UPDATE events SET actor = 'mara' WHERE id = 'D1'")
				rechain(t, d.Address())
			}, false, "the chain was recomputed since the checkpoint was taken, from an entry after 8", 9, "D1"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"), fixedClock)
				if err != nil {
					t.Fatal(err)
				}
				defer d.Close()
				importDoc(t, d, sampleDoc())
				cp, err := d.Checkpoint(ctx)
				if err != nil {
					t.Fatal(err)
				}
				parsed, err := chain.ParseCheckpoint("ticket.txt", cp.String())
				if err != nil || !reflect.DeepEqual(parsed, cp) {
					t.Fatalf("the checkpoint does not survive its text form: %+v, %v", parsed, err)
				}
				c.tamper(t, d)
				if plain, _ := d.Verify(ctx); plain.Intact == c.plainSees {
					t.Fatalf("plain verify says %s", plain)
				}
				res, err := d.VerifyCheckpoint(ctx, parsed)
				if err != nil {
					t.Fatal(err)
				}
				if c.reason == "" && !res.Intact {
					t.Errorf("got %s; want intact", res)
				}
				if c.reason == "" {
					return
				}
				found := false
				for _, f := range res.Faults {
					found = found || (strings.Contains(f.Reason, c.reason) && f.Seq == c.seq && f.Subject == c.subject)
				}
				if res.Intact || !found {
					t.Errorf("got %s (%+v); want entry %d %s: %q", res, res.Faults, c.seq, c.subject, c.reason)
				}
			})
		}
	})
}

// An old checkpoint, without marks, still verifies, naming its head.
func TestACheckpointWithoutMarksNamesItsHead(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		cp, err := d.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cp.Marks = nil
		tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'gist removed', 'nothing') WHERE subject = 'N1'",
			"UPDATE events SET summary = 'nothing' WHERE id = 'N1'")
		rechain(t, d.Address())
		res, err := d.VerifyCheckpoint(ctx, cp)
		if err != nil {
			t.Fatal(err)
		}
		if res.Intact || res.Seq != cp.Entries || !strings.Contains(res.Reason, "where the recomputation began is not known") {
			t.Errorf("got %s", res)
		}
	})
}
