package db

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// lifecycleDB is the open queue's INC-2046, contained by alice (ST-1), with
// a hand-off note by tomas.
func lifecycleDB(t *testing.T) *DB {
	t.Helper()
	d := openQueue(t)
	if _, err := d.ChangeStatus(context.Background(), model.StatusRequest{Incident: "INC-2046", Status: model.StatusContained,
		Person: "alice", Rationale: "isolated the gateway"}, statusRules); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddHandoffNote(context.Background(), model.HandoffNote{Incident: "INC-2046", By: "tomas", Text: "watch S5 overnight"}); err != nil {
		t.Fatal(err)
	}
	return d
}

// What main's lifecycle and shift added to the record (status changes and
// hand-off notes) is read as every record is: each entry a read goes
// through is checked, and the store says which does not verify.
func TestReadersOfTheLifecycleSayWhenAnEntryTheyReadDoesNotVerify(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		reads := []struct {
			name string
			read func(d *DB) error
		}{
			{"incidents", func(d *DB) error { _, err := d.Incidents(ctx); return err }},
			{"one incident's summary", func(d *DB) error { _, err := d.IncidentSummary(ctx, "INC-2046"); return err }},
			{"the queue", func(d *DB) error { _, err := d.PendingQueue(ctx); return err }},
			{"the queue's head", func(d *DB) error { _, err := d.PendingQueueHead(ctx, pickAll); return err }},
			{"a queue item's detail", func(d *DB) error { _, err := d.PendingDetail(ctx, "INC-2046", "S5"); return err }},
			{"the status history", func(d *DB) error { _, err := d.StatusHistory(ctx, "INC-2046"); return err }},
			{"a step's lifecycle (the review screen)", func(d *DB) error { _, err := d.Step(ctx, "INC-2046", "S5"); return err }},
			{"the document (findings, report)", func(d *DB) error { _, err := d.Document(ctx, "INC-2046"); return err }},
		}
		notes := []struct {
			name string
			read func(d *DB) error
		}{
			{"the hand-off notes", func(d *DB) error { _, err := d.HandoffNotes(ctx, "INC-2046", 10); return err }},
			{"the queue's latest notes", func(d *DB) error { _, err := d.PendingQueue(ctx); return err }},
			{"the queue head's latest notes", func(d *DB) error { _, err := d.PendingQueueHead(ctx, pickAll); return err }},
		}
		t.Run("an intact record flags nothing", func(t *testing.T) {
			d := lifecycleDB(t)
			for _, r := range append(reads, notes...) {
				if err := r.read(d); err != nil {
					t.Fatalf("%s: %v", r.name, err)
				}
			}
			if f := d.ReadFault(); f != "" {
				t.Errorf("the store says %q", f)
			}
		})
		edits := []struct {
			name, table, sql string
			rehashed         bool
		}{
			{"an edited status change", "status_changes ST-1", "UPDATE chain SET payload = replace(payload, 'isolated the gateway', 'nothing was done') WHERE kind = 'status'", false},
			{"an edited status change with its hash recomputed", "status_changes ST-1", "UPDATE chain SET payload = replace(payload, 'isolated the gateway', 'nothing was done') WHERE kind = 'status'", true},
			{"an edited hand-off note", "handoff_notes tomas", "UPDATE chain SET payload = replace(payload, 'watch S5', 'ignore S5') WHERE kind = 'handoff'", false},
		}
		for _, e := range edits {
			list := reads
			if strings.HasPrefix(e.table, "handoff") {
				list = notes
			}
			for _, r := range list {
				t.Run(e.name+" is found by reading "+r.name, func(t *testing.T) {
					d := lifecycleDB(t)
					var seq int64
					if err := d.sql.QueryRow("SELECT seq FROM chain WHERE kind = ?", map[bool]string{true: recHandoff, false: recStatus}[strings.HasPrefix(e.table, "handoff")]).Scan(&seq); err != nil {
						t.Fatal(err)
					}
					tamper(t, d.Address(), e.sql)
					if e.rehashed {
						rehash(t, d.Address(), seq)
					}
					if err := r.read(d); err != nil {
						t.Fatal(err)
					}
					want := "the record was changed outside signoff: entry " + strconv.FormatInt(seq, 10) + " (" + e.table + ")"
					if f := d.ReadFault(); !strings.Contains(f, want) {
						t.Errorf("the store says %q; want %q", f, want)
					}
				})
			}
		}
	})
}

// The status in force is what the change's entry records: a
// status_changes row edited to close a contained incident takes nothing
// out of the queue, and verify names the row.
func TestTheStatusInForceIsTheRecordsNotARows(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueue(t)
		if _, err := changeStatus(d, "alice", model.StatusContained, false); err != nil {
			t.Fatal(err)
		}
		tamper(t, d.Address(), "UPDATE status_changes SET status = 'closed'")
		// Another process, whose queue has not read the incident before.
		other, err := Open(ctx, d.Address(), fixedClock)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		sum, err := other.IncidentSummary(ctx, "INC-2046")
		if err != nil || sum.Status != model.StatusContained {
			t.Errorf("the summary says %q, %v; want contained", sum.Status, err)
		}
		q, err := other.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if q.Status["INC-2046"] != model.StatusContained {
			t.Errorf("the queue has INC-2046 %q; want it contained, with its items", q.Status["INC-2046"])
		}
		res, err := other.Verify(ctx)
		if err != nil || res.Intact || res.Table != "status_changes" || !strings.Contains(res.Reason, "status differs") {
			t.Errorf("verify: %s, %v", res, err)
		}
	})
}

// A status is changed on what the record says, as a decision is made: a
// change over an incident whose entries do not verify is refused, and
// nothing is written.
func TestAStatusChangeOverATamperedRecordIsRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'Alice', 'Mallory') WHERE kind = 'person' AND subject = 'alice' AND incident = 'INC-2046'")
		before := stateOf(t, d)
		_, err := changeStatus(d, "alice", model.StatusContained, false)
		wantError(t, err, model.ETAMPERED, "the status of INC-2046 was not changed: the record was changed outside signoff at entry")
		if after := stateOf(t, d); after != before {
			t.Error("the refused change wrote something")
		}
	})
}

// verify --signers reads the signed entries through the same check: an
// entry that does not verify is not handed on to have its signature
// checked over a record it was not made for.
func TestSignedEntriesStopAtAnEntryThatDoesNotVerify(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		if _, err := decide(d, "alice", "S5", model.OutcomeRejected); err != nil {
			t.Fatal(err)
		}
		tamper(t, d.Address(), `UPDATE chain SET payload = replace(payload, '"outcome":"rejected"', '"outcome":"rejected","signature":{"key":"k","statement":"s","sshsig":"x"}') WHERE subject = 'D-S5'`)
		var handed []string
		err := d.SignedEntries(context.Background(), func(e model.ChainEntry) error { handed = append(handed, e.Subject); return nil })
		wantError(t, err, model.ETAMPERED, "the signatures were not checked past entry")
		if slices.Contains(handed, "D-S5") {
			t.Errorf("handed on %v", handed)
		}
	})
}

// The deferrals a closing records are queue decisions like any other:
// entries of kind queue-decision, so deleting their marks in
// queue_decisions neither takes them out of the decisions stream nor
// passes verify.
func TestAClosingsDeferralsAreQueueDecisionsOfTheChain(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueue(t)
		if _, err := changeStatus(d, "alice", model.StatusClosed, true); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.sql.QueryRow("SELECT count(*) FROM chain WHERE kind = 'queue-decision' AND subject LIKE 'D-S%'").Scan(&n); err != nil || n != 5 {
			t.Fatalf("%d deferral entries of kind queue-decision, %v; want 5", n, err)
		}
		tamper(t, d.Address(), "DELETE FROM queue_decisions")
		lines, err := d.DecisionsSince(ctx, 0, 100)
		if err != nil || len(lines) != 5 {
			t.Errorf("decisions streams %d deferrals after the marks were deleted, %v; want 5", len(lines), err)
		}
		res, err := d.Verify(ctx)
		if err != nil || res.Intact || res.Table != "queue_decisions" || !strings.Contains(res.Reason, "its row is missing from queue_decisions") {
			t.Errorf("verify: %s, %v", res, err)
		}
	})
}
