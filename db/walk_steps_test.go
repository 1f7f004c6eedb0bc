package db

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// walkedIncidents is a store of t's own holding every bundled incident
// and two generated ones with status changes, and their ids. The tests
// that walk them only read, so they share one import (shared_test.go).
func walkedIncidents(t *testing.T) (*DB, []string) {
	t.Helper()
	return walked.open(t)
}

var walked = newSharedFixture(func(d *DB) ([]string, error) {
	ctx := context.Background()
	var ids []string
	for _, name := range inRaceRun(fixtures.Incidents(), 2) {
		b, err := fixtures.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var res model.ImportResult
		asOfSamples(d, func() { res, err = d.ImportDocument(ctx, name, bytes.NewReader(b), "test") })
		if err != nil {
			return nil, err
		}
		ids = append(ids, res.Incident)
	}
	var gen bytes.Buffer
	if err := fixtures.Generate(&gen, fixtures.GenOptions{Incidents: 2, Events: 3000, Seed: 5}); err != nil {
		return nil, err
	}
	res, err := d.ImportStream(ctx, "gen.ndjson", &gen, "test")
	if err != nil {
		return nil, err
	}
	for _, r := range res {
		ids = append(ids, r.Incident)
	}
	return ids, nil
})

// The walk hands over the steps review.Steps makes of the whole document,
// in the same order, so every finding comes out the same, whatever the
// batch size.
func TestEachStepGivesWhatTheWholeDocumentGives(t *testing.T) {
	eachEngine(t, eachStepGivesWhatTheWholeDocumentGives)
}

// When a write lands between the walk's transaction and the one beside it,
// the chain pass and the evidence are read in turn on the walk's own: the
// steps are the same.
func TestEachStepReadInTurnGivesWhatTheWholeDocumentGives(t *testing.T) {
	defer func() { readBeside = true }()
	readBeside = false
	eachEngine(t, eachStepGivesWhatTheWholeDocumentGives)
}

func eachStepGivesWhatTheWholeDocumentGives(t *testing.T) {
	d, ids := walkedIncidents(t)
	ctx := context.Background()
	p := review.DefaultPolicy()
	defer func(n int) { stepBatch = n }(stepBatch)
	for _, batch := range inRaceRun([]int{1, 256, 3}, 2) {
		stepBatch = batch
		for _, id := range ids {
			doc, err := d.Document(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := review.Steps(doc)
			var chk *review.StepChecker
			var got []model.Step
			var findings []review.Finding
			err = d.EachStep(ctx, id, func(ws model.WalkStart) error {
				if ws.Incident.ID != id || !reflect.DeepEqual(ws.StatusChanges, doc.StatusChanges) {
					t.Errorf("%s: the walk starts with %+v", id, ws)
				}
				chk = review.NewStepChecker(ws, p)
				return nil
			}, func(s *model.Step) error {
				got = append(got, *s)
				findings = append(findings, chk.Step(s)...)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			findings = append(findings, chk.Finish()...)
			if len(got) != len(want) {
				t.Fatalf("%s, batches of %d: %d steps walked, the document has %d", id, batch, len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				g.Evidence, w.Evidence = nil, nil
				if !reflect.DeepEqual(jsonOf(t, g), jsonOf(t, w)) {
					t.Errorf("%s, batches of %d, step %d:\n got %s\nwant %s", id, batch, i, jsonOf(t, g), jsonOf(t, w))
					break
				}
			}
			if all := review.Findings(doc, p); jsonOf(t, append([]review.Finding{}, findings...)) != jsonOf(t, all) {
				t.Errorf("%s, batches of %d: %d findings walked, %d from the document", id, batch, len(findings), len(all))
			}
		}
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEachStepStopsAtAnErrorAndKnowsNoStranger(t *testing.T) {
	eachEngine(t, eachStepStopsAtAnErrorAndKnowsNoStranger)
}

func eachStepStopsAtAnErrorAndKnowsNoStranger(t *testing.T) {
	d, ids := walkedIncidents(t)
	ctx := context.Background()
	stop := errors.New("stop")
	n := 0
	err := d.EachStep(ctx, ids[len(ids)-1], func(model.WalkStart) error { return nil }, func(*model.Step) error {
		if n++; n == 5 {
			return stop
		}
		return nil
	})
	if err != stop || n != 5 {
		t.Errorf("an error from fn: walked %d, got %v", n, err)
	}
	if err := d.EachStep(ctx, "INC-404", func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil }); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("an unknown incident: %v", err)
	}
}

// Each batch statement of a step walk seeks each id of its list: a plan
// that walked a whole partial index for every batch took 26 s of a
// million-event walk. (SQLite's plans; PostgreSQL's are its own.)
func TestAStepWalksBatchesSeekFromTheirLists(t *testing.T) {
	d := openTest(t)
	for name, q := range map[string]string{
		"answers": batchAnswers, "executions": batchExecutions, "verdicts": batchReviews,
		"evidence by id": batchEvidence, "entries": batchEntries,
		"answers' seqs": batchAnswerSeqs, "executions' seqs": batchExecutionSeqs,
		"verdicts' seqs": batchReviewSeqs, "evidence seqs by id": batchEvidenceSeqs, "entries read again": entryPayloads,
	} {
		t.Run("the "+name+" statement", func(t *testing.T) {
			args := []any{1}
			for i := range minListed {
				args = append(args, strconv.Itoa(i))
			}
			rows, err := d.sql.Query("EXPLAIN QUERY PLAN "+listed(q, minListed), args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(detail, "SCAN") && !strings.Contains(detail, "VIRTUAL TABLE") || walksIncident.MatchString(detail) ||
					strings.Contains(detail, "BLOOM") {
					t.Errorf("plan step %q reads more than the list names", detail)
				}
			}
		})
	}
}
