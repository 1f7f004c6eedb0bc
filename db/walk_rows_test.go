package db

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/review"
)

// moveRow is the statements that point INC-1's row of table with id (in
// col), whose entry is of ownKind, at the entry of kind and subject of
// incident, swapping seqs with the row there when there is one (each
// table's key is its seq).
func moveRow(table, col, id, ownKind, kind, subject, incident string) []string {
	entry := "(SELECT seq FROM chain WHERE kind = '" + kind + "' AND subject = '" + subject + "' AND incident = '" + incident + "')"
	own := "(SELECT seq FROM chain WHERE kind = '" + ownKind + "' AND subject = '" + id + "' AND incident = 'INC-1')"
	return []string{
		"UPDATE " + table + " SET seq = -1 WHERE seq = " + entry,
		"UPDATE " + table + " SET seq = " + entry + " WHERE " + col + " = '" + id + "' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-1')",
		"UPDATE " + table + " SET seq = " + own + " WHERE seq = -1",
	}
}

// movedRow is a row of INC-1 moved onto another entry, and what the
// store's reads say of it.
type movedRow struct {
	name  string
	stmts []string
	fault string
}

var movedRows = []movedRow{
	{"a suggestion's row moved onto a person's entry",
		moveRow("events", "id", "S1", "event", "person", "mara", "INC-1"),
		`(people mara): a row of events points at it, but it is an entry of kind "person"`},
	{"a suggestion's row moved onto another suggestion's entry",
		moveRow("events", "id", "S1", "event", "event", "S2", "INC-1"),
		`the row of "S2" points at it, but it is the entry of "S1"`}, // the first of the two swapped
	{"a decision's row moved onto an asset's entry",
		moveRow("events", "id", "D1", "event", "asset", "deploy-bot", "INC-1"),
		`(assets deploy-bot): a row of events points at it, but it is an entry of kind "asset"`},
	{"a decision's row moved onto another decision's entry",
		moveRow("events", "id", "D1", "event", "event", "D2", "INC-1"),
		`the row of "D2" points at it, but it is the entry of "D1"`},
	{"a decision's row moved onto its namesake's entry in another incident",
		moveRow("events", "id", "D1", "event", "event", "D1", "INC-2"),
		"the row belongs to another incident than the entry's INC-2"},
	{"an execution's row moved onto a person's entry",
		moveRow("events", "id", "X1", "event", "person", "alice", "INC-1"),
		`(people alice): a row of events points at it, but it is an entry of kind "person"`},
	{"an evidence row moved onto a person's entry",
		moveRow("events", "id", "EV-1", "evidence", "person", "alice", "INC-1"),
		`(people alice): a row of events points at it, but it is an entry of kind "person"`},
	{"an evidence row moved onto another record's entry",
		moveRow("events", "id", "EV-1", "evidence", "evidence", "EV-2", "INC-1"),
		`the row of "EV-2" points at it, but it is the entry of "EV-1"`},
	{"a verdict's row moved onto a person's entry",
		moveRow("reviews", "subject", "S1", "review", "person", "mara", "INC-1"),
		`(people mara): a row of reviews points at it, but it is an entry of kind "person"`},
}

// withMovedRow is a store holding the sample incident INC-1 with a second
// evidence record, and INC-2 beside it (its D1 not INC-1's), with a row
// of INC-1 moved; and INC-1's document.
func withMovedRow(t *testing.T, c movedRow) (*DB, model.Document) {
	d := openTest(t)
	doc := sampleDoc()
	doc.Evidence = append(doc.Evidence, model.Evidence{ID: "EV-2", Kind: "log", Asset: "deploy-bot",
		CollectedAt: ts("2026-02-10T09:20:00Z"), CollectedBy: "alice", SHA256: strings.Repeat("cd", 32),
		URI: "s3://ir/ev2.log", Summary: "no further use"})
	importDoc(t, d, doc)
	other := sampleDoc()
	other.Incident.ID = "INC-2"
	for i := range other.Events {
		if other.Events[i].ID == "D1" {
			other.Events[i].Rationale = "INC-2's own" // its D1 is not INC-1's
		}
	}
	importDoc(t, d, other)
	tamper(t, d.Address(), c.stmts...)
	return d, doc
}

// The step walk behind findings and the report read a step's rows with
// their step and took whatever entry each row pointed at: a suggestion's
// row pointed at a person's entry made a step of that person ("owner  is
// not a known person"), a decision's row at another decision's entry left
// its suggestion pending, and no read said the record did not verify. Each
// entry read through a row must be of the row's kind, the entry of the
// row's id, and of the incident; one that is not is left out and noted, and
// no step holds a record the document does not.
func TestAStepWalkHoldsEachEntryToItsRow(t *testing.T) {
	for _, beside := range []bool{true, false} {
		for _, c := range movedRows {
			name := c.name
			if !beside {
				name += ", read in turn"
			}
			t.Run(name, func(t *testing.T) {
				defer func() { readBeside = true }()
				readBeside = beside
				eachEngine(t, func(t *testing.T) {
					d, doc := withMovedRow(t, c)
					walkHoldsToTheDocument(t, d, doc)
					if got := d.ReadFault(); !strings.Contains(got, c.fault) {
						t.Errorf("the store's reads say %q, want %q", got, c.fault)
					}
				})
			})
		}
	}
}

// The review screen reads one step at a time, through the same rows: a
// step read holds each entry to its row as the walk does.
func TestAStepReadHoldsEachEntryToItsRow(t *testing.T) {
	for _, c := range movedRows {
		t.Run(c.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) { stepReadsHold(t, c) })
		})
	}
}

// walkHoldsToTheDocument walks INC-1's steps and fails t for any record
// in a step, or any finding's subject, that the document does not hold.
func walkHoldsToTheDocument(t *testing.T, d *DB, doc model.Document) {
	t.Helper()
	records := documentRecords(t, doc)
	var chk *review.StepChecker
	var findings []review.Finding
	err := d.EachStep(context.Background(), "INC-1", func(ws model.WalkStart) error {
		chk = review.NewStepChecker(ws, review.DefaultPolicy())
		return nil
	}, func(s *model.Step) error {
		stepHolds(t, *s, records)
		findings = append(findings, chk.Step(s)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(findings, chk.Finish()...) {
		if _, ok := records[f.Subject]; !ok {
			t.Errorf("a finding about %q, which the document does not hold: %s", f.Subject, f.Message)
		}
	}
}

// documentRecords is the JSON of a document's events and evidence records by
// id, and of its verdicts by their JSON.
func documentRecords(t *testing.T, doc model.Document) map[string]string {
	records := map[string]string{}
	for _, e := range doc.Events {
		records[e.ID] = recordJSON(t, e)
	}
	for _, e := range doc.Evidence {
		records[e.ID] = recordJSON(t, e)
	}
	for _, r := range doc.Reviews {
		records[recordJSON(t, r)] = recordJSON(t, r)
	}
	return records
}

// stepHolds fails t for any record of s that records does not hold.
func stepHolds(t *testing.T, s model.Step, records map[string]string) {
	t.Helper()
	holds := func(what string, id string, v any) {
		if want, ok := records[id]; !ok || recordJSON(t, v) != want {
			t.Errorf("a step holds %s %q that the document does not: %s", what, id, recordJSON(t, v))
		}
	}
	if s.Suggestion != nil {
		holds("the suggestion", s.Suggestion.ID, *s.Suggestion)
		for _, d := range s.Decisions {
			if d.Suggestion != s.Suggestion.ID {
				t.Errorf("the step of %s holds %s, which answers %q", s.Suggestion.ID, d.ID, d.Suggestion)
			}
		}
	}
	for _, x := range s.Executions {
		if x.Suggestion == "" && !slices.ContainsFunc(s.Decisions, func(d model.Event) bool { return d.ID == x.Decision }) ||
			x.Suggestion != "" && (s.Suggestion == nil || x.Suggestion != s.Suggestion.ID) {
			t.Errorf("a step holds %s, which answers suggestion %q, decision %q", x.ID, x.Suggestion, x.Decision)
		}
	}
	for _, list := range [][]model.Event{s.Decisions, s.Executions} {
		for _, e := range list {
			holds("the event", e.ID, e)
		}
	}
	for _, e := range s.Evidence {
		holds("the evidence record", e.ID, e)
	}
	for _, r := range s.Reviews {
		holds("the verdict", recordJSON(t, r), r)
	}
}

// recordJSON is a record as the walk and the document both normalise it.
func recordJSON(t *testing.T, v any) string {
	t.Helper()
	switch r := v.(type) {
	case model.Event:
		r.Normalize()
		v = r
	case model.Evidence:
		r.Normalize()
		v = r
	case model.Review:
		r.Normalize()
		v = r
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The walk behind the exports reads the verdicts through their rows in
// time order, beside the steps: a verdict's row moved onto a person's
// entry was handed on as an empty verdict. It is left out and noted.
func TestARecordWalkHoldsEachVerdictToItsRow(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		c := movedRows[len(movedRows)-1] // a verdict's row moved onto a person's entry
		d, doc := withMovedRow(t, c)
		records := documentRecords(t, doc)
		sw, err := d.recordWalk(context.Background(), "INC-1", func(r model.TimelineRecord) error {
			if r.Review != nil {
				if _, ok := records[recordJSON(t, *r.Review)]; !ok {
					t.Errorf("the walk handed on a verdict the document does not hold: %s", recordJSON(t, *r.Review))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(sw.r.faults, func(f chain.Fault) bool { return strings.Contains(f.String(), c.fault) }) {
			t.Errorf("the walk's faults: %v", sw.r.faults)
		}
	})
}

// A decision's or an execution's row filed under another step (its
// suggestion or decision changed, its seq left alone) read as that step's
// on the review screen, and the walk dropped it from its own step without
// a word when the two steps were read in different batches. The entry
// answers another step than its row: noted, and left out.
func TestAnAnswerWhoseRowNamesAnotherStepIsNoted(t *testing.T) {
	// walkFault is what the walk says: it holds an answer to what its row
	// files it under, read from the index that found the row.
	cases := []struct {
		movedRow
		walkFault string
	}{
		{movedRow{"a decision's row filed under another suggestion",
			[]string{"UPDATE events SET suggestion = 'S2' WHERE id = 'D1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-1')"},
			`the row of "D1" answers a step its entry does not (the entry answers "S1")`},
			`(events D1): a row filed under "S2" points at it, but its record answers "S1"`},
		{movedRow{"an execution's row filed under another decision",
			[]string{"UPDATE events SET decision = 'D2' WHERE id = 'X1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-1')"},
			`the row of "X1" answers a step its entry does not (the entry answers "D1")`},
			`(events X1): a row filed under "D2" points at it, but its record answers "D1"`},
	}
	for _, c := range cases {
		t.Run(c.name+", the walk", func(t *testing.T) {
			defer func(n int) { stepBatch = n }(stepBatch)
			stepBatch = 1 // the two steps in batches of their own
			eachEngine(t, func(t *testing.T) {
				d, doc := withMovedRow(t, c.movedRow)
				walkHoldsToTheDocument(t, d, doc)
				if got := d.ReadFault(); !strings.Contains(got, c.walkFault) {
					t.Errorf("the store's reads say %q, want %q", got, c.walkFault)
				}
			})
		})
		t.Run(c.name+", a step read", func(t *testing.T) {
			eachEngine(t, func(t *testing.T) { stepReadsHold(t, c.movedRow) })
		})
	}
}

// A suggestion's row whose starts flag was cleared outside signoff hid its
// step, and every finding on it, from findings, exit 0 (a hostile review):
// the pass counts the incident's suggestions, and the walk notes those
// that begin no step it read.
func TestAStepWalkNotesASuggestionThatBeginsNoStep(t *testing.T) {
	for _, beside := range []bool{true, false} {
		t.Run(fmt.Sprint("read beside: ", beside), func(t *testing.T) {
			defer func() { readBeside = true }()
			readBeside = beside
			eachEngine(t, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				tamper(t, d.Address(), "UPDATE events SET starts = 0 WHERE id = 'S1'")
				pass, err := d.EachStepChecked(context.Background(), "INC-1",
					func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
				if err != nil {
					t.Fatal(err)
				}
				want := "events INC-1: 1 of the incident's 2 suggestions begin no step its rows name"
				if !slices.ContainsFunc(pass.Faults, func(f chain.Fault) bool { return strings.Contains(f.String(), want) }) {
					t.Errorf("the walk's faults: %v; want %q", pass.Faults, want)
				}
			})
		})
	}
}

// An answer's column emptied outside signoff (a decision's suggestion,
// an execution's decision) hid it from its step: findings made up a
// pending suggestion and dropped the findings on the answer, exit 0 (a
// hostile review). A starts flag set on a row that begins no step made
// up a step. The pass counts the incident's suggestions, decisions and
// executions, and the walk notes those it put in no step, and a row
// that begins a step its record does not.
func TestAStepWalkNotesAnAnswerInNoStep(t *testing.T) {
	cases := []struct{ name, stmt, want string }{
		{"a decision's suggestion cleared", "UPDATE events SET suggestion = NULL WHERE id = 'D1'",
			"events INC-1: 2 of the incident's 5 suggestions, decisions and executions are in no step its rows name"},
		{"an execution's decision cleared", "UPDATE events SET decision = NULL WHERE id = 'X1'",
			"events INC-1: 1 of the incident's 5 suggestions, decisions and executions are in no step its rows name"},
		{"a note's row beginning a step", "UPDATE events SET starts = 1 WHERE id = 'N1'",
			`events N1: the row of "N1" begins a step, but its record, a note, begins none`},
		{"an answer's row beginning a step", "UPDATE events SET starts = 1 WHERE id = 'D1'",
			`events D1: the row of "D1" begins a step, but its record, a decision answering "S1", begins none`},
		{"an execution's row beginning a step", "UPDATE events SET starts = 1 WHERE id = 'X1'",
			`events X1: the row of "X1" begins a step, but its record, an execution, begins none`},
	}
	for _, c := range cases {
		inEachReadMode(t, c.name, func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), c.stmt)
			var steps []string
			pass, err := d.EachStepChecked(context.Background(), "INC-1",
				func(model.WalkStart) error { return nil },
				func(s *model.Step) error { steps = append(steps, s.Subject); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if !faultSays(pass.Faults, c.want) {
				t.Errorf("the walk's faults: %v; want %q", pass.Faults, c.want)
			}
			if !slices.Equal(steps, []string{"S1", "S2", "D2"}) {
				t.Errorf("the walk's steps: %v; want S1, S2, D2", steps)
			}
		})
	}
}

// stepReadsHold reads INC-1's steps S1, S2 and D2 one at a time, with c's
// row moved: each holds only records of the document, and the store's
// reads say c's fault.
func stepReadsHold(t *testing.T, c movedRow) {
	d, doc := withMovedRow(t, c)
	records := documentRecords(t, doc)
	for _, id := range []string{"S1", "S2", "D2"} {
		s, err := d.Step(context.Background(), "INC-1", id)
		if err != nil {
			t.Fatal(err)
		}
		stepHolds(t, s, records)
	}
	if got := d.ReadFault(); !strings.Contains(got, c.fault) {
		t.Errorf("the store's reads say %q, want %q", got, c.fault)
	}
}
