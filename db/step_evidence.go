package db

import (
	"context"
	"fmt"
	"slices"
	"strings"
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

// The parts of a step's evidence statement, by tag (see step_records.go).
const (
	partAsset  = "a" // the target asset
	partCited  = "e" // the records the step's events cite or review
	partWhole  = "w" // the target's records, when there are few
	partBefore = "b" // the target's latest records before the reference moment
	partFrom   = "f" // … its earliest from that moment on
	partAround = "x" // for each execution, the record of its target just before it and from it on
)

// evidenceQuery builds the one statement that reads a step's evidence.
// Its shape depends on how many records the step cites and how many
// executions it has, each rounded up to a power of two (the rest repeats
// the last), so that a server keeps few shapes prepared; limits are
// written into the text for the same reason, and so that the server can
// plan the statement once instead of at every call.
type evidenceQuery struct {
	parts []string // keyed parts (step_records.go)
	count string   // the count of the target's records, a row of its own
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (q *evidenceQuery) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("?%d", len(q.args))
}

// opaque adds a parameter the planner is not to look into (a subquery of
// its own, evaluated once), and returns it: told an asset and a moment,
// PostgreSQL planned some of the statement's shapes again at every step
// for them (0.2–0.5 ms of binding), where a plan made for any asset is
// the same plan and is kept.
func (q *evidenceQuery) opaque(v any, sqlType string) string {
	return "(SELECT CAST(" + q.arg(v) + " AS " + sqlType + "))"
}

// nearest adds the n latest records of asset collected before at and the
// n earliest collected from at on, tagged before and from (n is SQL).
// The kind = 'evidence' term keeps the planner on the partial index
// events_asset_evidence (inc, target, at), which gives the order.
func (q *evidenceQuery) nearest(before, from, asset, at, n string) {
	for _, p := range []struct{ tag, cmp, order string }{{before, "<", "DESC"}, {from, ">=", ""}} {
		q.parts = append(q.parts, fmt.Sprintf("SELECT * FROM (%[1]s FROM events e "+
			"WHERE e.inc = ?1 AND e.target = %[2]s AND e.kind = 'evidence' AND e.at %[3]s %[4]s ORDER BY e.at %[5]s, e.id %[5]s LIMIT %[6]s) AS %[7]s%[8]d",
			keys("e.seq", p.tag, "e.at", "e.id"), asset, p.cmp, at, p.order, n, p.tag, len(q.parts)))
	}
}

// String is the statement: the keyed parts' entries, then the count.
func (q *evidenceQuery) String() string {
	var all []string
	if len(q.parts) > 0 {
		all = append(all, keyed(q.parts))
	}
	if q.count != "" {
		all = append(all, q.count)
	}
	return strings.Join(all, "\nUNION ALL ")
}

// distinct is list without repeats, in order.
func distinct(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// padded is list grown to a power of two by repeating its last element.
func padded[T any](list []T) []T {
	n := 1
	for n < len(list) {
		n *= 2
	}
	for len(list) > 0 && len(list) < n {
		list = append(list, list[len(list)-1])
	}
	return list
}

// stepEvidence fills step.Evidence and step.TargetAsset: the records the
// step cites or reviews, then the target asset's, whole or near the
// step's moments, and for each execution what evidence-after-action needs.
func stepEvidence(ctx context.Context, r *reader, inc int64, step *model.Step) error {
	q := &evidenceQuery{}
	q.arg(inc)
	target := ""
	if a := step.Action(); a != nil {
		target = a.Target
	}
	cited := padded(distinct(step.CitedEvidence()))
	for _, id := range cited {
		// One part each: with e.id IN (…) SQLite scans the incident's
		// evidence through events_asset_evidence instead of seeking ids.
		q.parts = append(q.parts, keys("e.seq", partCited, "e.at", "e.id")+" FROM events e "+
			"WHERE e.inc = ?1 AND e.id = "+q.arg(id)+" AND e.kind = 'evidence'")
	}
	if target != "" {
		t := q.opaque(target, "TEXT")
		// Whether the target has few records, from at most wholeAsset+1
		// index entries. It sets the limits of the whole and the nearest,
		// so that only one is read: both engines work a LIMIT out once,
		// before the rows, and read none for 0 (SQLite tests a condition
		// in WHERE at every row, though it is the same for all).
		few := fmt.Sprintf("(SELECT count(*) FROM (SELECT 1 FROM events WHERE inc = ?1 AND target = %s AND kind = 'evidence' LIMIT %d) AS few) <= %d",
			t, wholeAsset+1, wholeAsset)
		q.count = "SELECT 0, 0, '', '', '', '', '', NULL, NULL, NULL, NULL, '" + partCount + "', count(*), '' FROM events WHERE inc = ?1 AND target = " + t + " AND kind = 'evidence'"
		q.parts = append(q.parts,
			keys("a.seq", partAsset, "0", "a.id")+" FROM assets a WHERE a.inc = ?1 AND a.id = "+t,
			fmt.Sprintf("SELECT * FROM (%s FROM events e WHERE e.inc = ?1 AND e.target = %s AND e.kind = 'evidence' LIMIT CASE WHEN %s THEN %d ELSE 0 END) AS whole",
				keys("e.seq", partWhole, "e.at", "e.id"), t, few, wholeAsset))
		if ref := step.Reference(); ref != nil {
			// The step pane's records: nearEach each side of the reference
			// moment, not counting cited ones, which it always shows.
			q.nearest(partBefore, partFrom, t, q.opaque(cursorNanos(model.Cursor{At: ref.At.Add(time.Nanosecond)}), "BIGINT"),
				fmt.Sprintf("CASE WHEN %s THEN 0 ELSE %d END", few, nearEach+len(cited)))
		}
	}
	type around struct {
		asset string
		at    time.Time
	}
	var executed []around
	for i := range step.Executions {
		x := &step.Executions[i]
		if a := step.ActionOf(step.DecisionOf(x)); a != nil && a.Target != "" {
			executed = append(executed, around{a.Target, x.At})
		}
	}
	for _, x := range padded(executed) {
		q.nearest(partAround, partAround, q.opaque(x.asset, "TEXT"), q.opaque(cursorNanos(model.Cursor{At: x.at}), "BIGINT"), "1")
	}
	var rows []taggedEntry
	if len(q.parts) > 0 || q.count != "" {
		var err error
		if rows, err = tagged(ctx, r, q.String(), q.args...); err != nil {
			return err
		}
	}
	return fillEvidence(r, rows, step, target)
}

// fillEvidence puts a step's evidence together from the rows of its
// statement: cited records first, then the target's (whole, or the few
// nearest the reference moment that are not cited), then those around
// each execution.
func fillEvidence(r *reader, rows []taggedEntry, step *model.Step, target string) error {
	byID := map[string]model.Evidence{}
	add := func(tag string, keep func(model.Evidence) bool) error {
		found, err := part[model.Evidence](r, rows, tag)
		if tag == partBefore {
			slices.Reverse(found) // nearest first
		}
		for _, e := range found {
			if keep(e) {
				byID[e.ID] = e
			}
		}
		return err
	}
	all := func(model.Evidence) bool { return true }
	assets, err := part[model.Asset](r, rows, partAsset)
	if err != nil {
		return err
	}
	if len(assets) > 0 {
		step.TargetAsset = &assets[0]
	}
	if err := add(partCited, all); err != nil {
		return err
	}
	total := 0
	for _, row := range rows {
		if row.tag == partCount {
			total = int(row.at)
		}
	}
	if total <= wholeAsset {
		if err := add(partWhole, all); err != nil {
			return err
		}
	} else {
		// nearEach on each side, nearest first, of those not kept yet.
		for _, tag := range []string{partBefore, partFrom} {
			n := 0
			nearest := func(e model.Evidence) bool {
				if _, ok := byID[e.ID]; ok || n == nearEach {
					return false
				}
				n++
				return true
			}
			if err := add(tag, nearest); err != nil {
				return err
			}
		}
	}
	if err := add(partAround, all); err != nil {
		return err
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
