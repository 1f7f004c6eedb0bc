package db

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
)

// A busy asset can have tens of thousands of evidence records; a step
// carries all of them only up to wholeAsset, else the ones nearest its
// moments (model.Step), found by seeks on events_asset_evidence.
// (A variable so tests can force the near path on small fixtures.)
var wholeAsset = 32

const (
	// nearEach is how many records on each side of the reference moment a
	// step carries beyond those it cites, as many as the step pane shows.
	nearEach = 3
)

// The kind = 'evidence' term keeps the planner on the partial index
// events_asset_evidence (inc, target, at, id).
const (
	assetEvidenceCount = `SELECT count(*) FROM events WHERE inc = ?1 AND target = ?2 AND kind = 'evidence'`
	// latest records collected strictly before ?3
	evidenceLatestBefore = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.target = ?2 AND e.kind = 'evidence' AND e.at < ?3
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`
	// earliest records collected at or after ?3
	evidenceEarliestFrom = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.target = ?2 AND e.kind = 'evidence' AND e.at >= ?3
		ORDER BY e.at, e.id LIMIT ?4`
)

// stepEvidence fills step.Evidence: the records the step cites or reviews,
// then the target asset's, whole or near the step's moments.
func stepEvidence(ctx context.Context, q *reader, inc int64, step *model.Step, target string) error {
	byID := map[string]model.Evidence{}
	add := func(found []model.Evidence) {
		for _, e := range found {
			byID[e.ID] = e
		}
	}
	cited := step.CitedEvidence()
	for _, id := range cited {
		if _, ok := byID[id]; ok {
			continue
		}
		found, err := records[model.Evidence](ctx, q, evidenceByID, inc, id)
		if err != nil {
			return err
		}
		add(found)
	}
	total := 0
	if target != "" {
		if err := q.QueryRowContext(ctx, assetEvidenceCount, inc, target).Scan(&total); err != nil {
			return err
		}
	}
	if total <= wholeAsset {
		if total > 0 {
			found, err := records[model.Evidence](ctx, q, evidenceForAsset, inc, target)
			if err != nil {
				return err
			}
			add(found)
		}
	} else {
		// The step pane's records: nearEach each side of the reference
		// moment, not counting cited ones, which it always shows.
		if ref := step.Reference(); ref != nil {
			keep := func(found []model.Evidence) {
				n := 0
				for _, e := range found {
					if _, ok := byID[e.ID]; !ok && n < nearEach {
						byID[e.ID] = e
						n++
					}
				}
			}
			if err := addAround(ctx, q, inc, target, ref.At.Add(time.Nanosecond), nearEach+len(byID), keep); err != nil {
				return err
			}
		}
	}
	// What evidence-after-action needs for each execution's target.
	for i := range step.Executions {
		x := &step.Executions[i]
		if a := step.ActionOf(step.DecisionOf(x)); a != nil && a.Target != "" {
			if err := addAround(ctx, q, inc, a.Target, x.At, 1, add); err != nil {
				return err
			}
		}
	}
	step.Evidence = make([]model.Evidence, 0, len(byID))
	kept := 0
	for _, e := range byID {
		step.Evidence = append(step.Evidence, e)
		if e.Asset == target {
			kept++
		}
	}
	model.SortEvidence(step.Evidence)
	if total > wholeAsset {
		step.EvidenceOmitted = total - kept
	}
	return nil
}

// addAround adds the n latest records for asset collected before at and
// the n earliest collected at or after it, nearest first.
func addAround(ctx context.Context, q *reader, inc int64, asset string, at time.Time, n int, add func([]model.Evidence)) error {
	for _, query := range []string{evidenceLatestBefore, evidenceEarliestFrom} {
		found, err := records[model.Evidence](ctx, q, query, inc, asset, cursorNanos(model.Cursor{At: at}), n)
		if err != nil {
			return err
		}
		add(found)
	}
	return nil
}
