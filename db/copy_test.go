package db

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// everyKind is a store holding a record of every kind a write makes:
// documents, a stream, a first approval and decisions, a verdict, a
// status change with a deferral, a hand-off note, and a training run with
// the run that resumes it.
func everyKind(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	d := openQueue(t)
	feedStream(t, d, feed)
	for _, c := range []struct {
		person, suggestion string
		outcome            model.Outcome
	}{{"alice", "S3", model.OutcomeApproved}, {"alice", "S5", model.OutcomeRejected}} {
		if _, err := decide(d, c.person, c.suggestion, c.outcome); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.RecordReview(ctx, "INC-2041", model.Review{Subject: "S1", Reviewer: "mara", Verdict: model.VerdictFollowed,
		OutcomeChanged: "no", AICorrect: "yes"}); err != nil && model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatal(err)
	}
	if _, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "S3 waits for a second approval"}); err != nil {
		t.Fatal(err)
	}
	run, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2041", StartedAt: clock, Anonymized: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EndTrainingRun(ctx, run.ID, clock.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ResumeTrainingRun(ctx, run.ID, clock.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := changeStatus(d, "alice", model.StatusResolved, true); err != nil {
		t.Fatal(err)
	}
	return d
}

// copyTargets are the engines a copy can go to in this run.
func copyTargets(t *testing.T) map[string]func(t *testing.T) string {
	targets := map[string]func(t *testing.T) string{
		"a SQLite file": func(t *testing.T) string { return filepath.Join(t.TempDir(), "copy.db") },
	}
	if os.Getenv(postgresEnv) != "" {
		targets["a PostgreSQL schema"] = func(t *testing.T) string {
			onPostgres.Store(t.Name(), true)
			t.Cleanup(func() { onPostgres.Delete(t.Name()) })
			return freshAddress(t)
		}
	}
	return targets
}

// sameRead holds what a read gives on the copy to what it gives on the
// source.
func sameRead[T any](t *testing.T, what string, read func(d *DB) (T, error), src, dst *DB) {
	t.Helper()
	want, err := read(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := read(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		t.Errorf("%s differs on the copy:\nsource %s\ncopy   %s", what, a, b)
	}
}

func TestCopyMovesTheWholeRecordToEitherEngine(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		src := everyKind(t)
		before, err := src.Verify(ctx)
		if err != nil || !before.Intact {
			t.Fatalf("the source: %s, %v", before, err)
		}
		for to, address := range copyTargets(t) {
			t.Run("to "+to, func(t *testing.T) {
				dst := openAt(t, address(t))
				res, err := Copy(ctx, src, dst, nil)
				if err != nil {
					t.Fatal(err)
				}
				if res.Entries != before.Entries || res.Head != before.Head || res.Verified.Head != before.Head || res.TrainingRuns != 2 {
					t.Fatalf("copied %+v; the source has %d entries, head %s", res, before.Entries, before.Head)
				}
				sameRead(t, "the incident list", func(d *DB) ([]model.IncidentSummary, error) { return d.Incidents(ctx) }, src, dst)
				for _, id := range []string{"INC-2046", "INC-2041", "INC-9"} {
					sameRead(t, id+"'s document", func(d *DB) (model.Document, error) { return d.Document(ctx, id) }, src, dst)
					sameRead(t, id+"'s timeline", func(d *DB) ([]model.TimelineRow, error) { return d.TimelineAfter(ctx, id, nil, 1000) }, src, dst)
				}
				sameRead(t, "the queue", func(d *DB) ([]model.PendingItem, error) { q, err := d.PendingQueue(ctx); return q.Items, err }, src, dst)
				sameRead(t, "the decisions stream", func(d *DB) ([]model.DecisionLine, error) { return d.DecisionsSince(ctx, 0, 100) }, src, dst)
				sameRead(t, "the metrics", func(d *DB) ([]model.MetricCell, error) { return d.MetricCells(ctx, model.MetricsFilter{}) }, src, dst)
				sameRead(t, "the training runs", func(d *DB) ([]model.TrainingRun, error) { return d.TrainingRuns(ctx, "") }, src, dst)
				sameRead(t, "the hand-off notes", func(d *DB) ([]model.HandoffNote, error) { return d.HandoffNotes(ctx, "INC-2046", 10) }, src, dst)
				sameRead(t, "a search", func(d *DB) (*model.TimelineRow, error) {
					return d.SearchTimeline(ctx, "INC-2046", "GATEWAY", start, true)
				}, src, dst)
				// The copy goes on as the record: its next write links to the head.
				if _, err := dst.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2041", StartedAt: clock}); err != nil {
					t.Fatal(err)
				}
				if _, err := dst.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "moved"}); err != nil {
					t.Fatal(err)
				}
				if after, err := dst.Verify(ctx); err != nil || !after.Intact || after.Entries != before.Entries+1 {
					t.Errorf("after a write on the copy: %s, %v", after, err)
				}
			})
		}
	})
}

func TestCopyRefusesWhatWouldMixOrLaunderARecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		t.Run("a destination holding a record", func(t *testing.T) {
			src, dst := openTest(t), openTest(t)
			importDoc(t, src, sampleDoc())
			importDoc(t, dst, sampleDoc())
			before := stateOf(t, dst)
			_, err := Copy(ctx, src, dst, nil)
			wantError(t, err, model.ECONFLICT, "already holds a record (14 audit-chain entries")
			if after := stateOf(t, dst); after != before {
				t.Errorf("the destination changed: %+v, was %+v", after, before)
			}
		})
		t.Run("a source that does not verify", func(t *testing.T) {
			src, dst := openTest(t), openTest(t)
			importDoc(t, src, sampleDoc())
			tamper(t, src.Address(), "UPDATE events SET actor = 'mallory' WHERE id = 'D1'")
			_, err := Copy(ctx, src, dst, nil)
			wantError(t, err, model.ETAMPERED, "was not copied: the record was changed outside signoff")
			if n, _, _ := dst.ChainHead(ctx); n != 0 {
				t.Errorf("the destination holds %d entries", n)
			}
		})
	})
}

// A copy sums the metrics' cells incident by incident in one transaction;
// on PostgreSQL the cells are left as compact as the same rows written
// afresh, not many times that with the row versions each change replaced
// (which every unfiltered metrics read would scan).
func TestACopyOntoPostgreSQLLeavesTheMetricsCellsCompact(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, address, _ string) {
		ctx := context.Background()
		src := openAt(t, filepath.Join(t.TempDir(), "source.db"))
		var buf bytes.Buffer
		for n := range 40 { // 40 incidents in the same month: the same cells, changed 40 times
			buf.Reset()
			writeBenchIncident(&buf, n)
			if _, err := src.ImportStream(ctx, "month.ndjson", &buf, "test"); err != nil {
				t.Fatal(err)
			}
		}
		dst := openAt(t, address)
		if _, err := Copy(ctx, src, dst, nil); err != nil {
			t.Fatal(err)
		}
		var cells, afresh int64
		err := dst.sql.QueryRowContext(ctx, `SELECT pg_relation_size('suggestion_cells'), count(*) FROM suggestion_cells`).Scan(&cells, new(int64))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dst.sql.ExecContext(ctx, "CREATE TABLE cells_afresh AS SELECT * FROM suggestion_cells"); err != nil {
			t.Fatal(err)
		}
		if err := dst.sql.QueryRowContext(ctx, "SELECT pg_relation_size('cells_afresh')").Scan(&afresh); err != nil {
			t.Fatal(err)
		}
		if cells > afresh {
			t.Errorf("the copy's cells take %d bytes; the same rows written afresh take %d", cells, afresh)
		}
	})
}

func TestACopyOntoPostgreSQLGathersItsStatistics(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, address, _ string) {
		ctx := context.Background()
		src := openAt(t, filepath.Join(t.TempDir(), "source.db"))
		var buf bytes.Buffer
		writeBenchIncident(&buf, 0)
		if _, err := src.ImportStream(ctx, "one.ndjson", &buf, "test"); err != nil {
			t.Fatal(err)
		}
		dst := openAt(t, address)
		if _, err := Copy(ctx, src, dst, nil); err != nil {
			t.Fatal(err)
		}
		// reltuples is -1 until a table's statistics are first gathered.
		var unknown int
		err := dst.sql.QueryRowContext(ctx, `SELECT count(*) FROM pg_class
			WHERE relname IN ('events', 'chain') AND relnamespace = current_schema()::regnamespace AND reltuples < 0`).Scan(&unknown)
		if err != nil {
			t.Fatal(err)
		}
		if unknown > 0 {
			t.Errorf("%d of the copy's main tables have no statistics: reads are planned blind until autovacuum comes round", unknown)
		}
	})
}
