package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A page of the timeline showed the rows' derived columns alone: a
// summary edited outside signoff showed on the review screen as the
// record, no banner (a hostile review). Each row is held to its entry: it
// shows what the entry holds, and the store's reads say the row was
// altered.
func TestATimelinePageHoldsItsRowsToTheirEntries(t *testing.T) {
	cases := []struct{ name, stmt, want string }{
		{"a summary", "UPDATE events SET summary = 'FORGED: approved by the CEO personally' WHERE id = 'D1'", "(its summary)"},
		{"an actor", "UPDATE events SET actor = 'mara' WHERE id = 'D1'", "(its actor)"},
		{"an evidence record's summary", "UPDATE events SET summary = 'nothing here' WHERE id = 'EV-1'", "(its summary)"},
		{"a row pointed at another row's entry", "UPDATE events SET seq = -1 WHERE id = 'N1'; UPDATE events SET seq = (SELECT seq FROM chain WHERE subject = 'N1' AND kind = 'event') WHERE id = 'D1'; UPDATE events SET seq = (SELECT seq FROM chain WHERE subject = 'D1' AND kind = 'event') WHERE id = 'N1'", `the row of "N1" points at it, but it is the entry of "D1"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				intact, err := d.TimelineAfter(context.Background(), "INC-1", nil, 50)
				if err != nil {
					t.Fatal(err)
				}
				tamper(t, d.Address(), strings.Split(c.stmt, "; ")...)
				rows, err := d.TimelineAfter(context.Background(), "INC-1", nil, 50)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					if strings.Contains(r.Summary, "FORGED") || strings.Contains(r.Summary, "nothing here") {
						t.Errorf("the page shows the altered row %s: %q", r.ID, r.Summary)
					}
				}
				if len(rows) != len(intact) {
					t.Errorf("%d rows, want %d", len(rows), len(intact))
				}
				if got := d.ReadFault(); !strings.Contains(got, c.want) {
					t.Errorf("the store's reads say %q, want %q", got, c.want)
				}
			})
		})
	}
}

// An intact incident's pages say nothing, searched, filtered or read
// from either end.
func TestATimelineOfAnIntactIncidentNotesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		if _, err := d.TimelineAfter(ctx, "INC-1", nil, 50); err != nil {
			t.Fatal(err)
		}
		if _, err := d.TimelineBefore(ctx, "INC-1", nil, 3); err != nil {
			t.Fatal(err)
		}
		if _, err := d.SearchTimeline(ctx, "INC-1", "gist", model.Cursor{}, true); err != nil {
			t.Fatal(err)
		}
		if got := d.ReadFault(); got != "" {
			t.Errorf("the store's reads say %q", got)
		}
	})
}

// The verdict column of a page ("✓ followed · mara") was read from the
// reviews rows alone: a verdict or reviewer edited outside signoff showed
// on the review screen as the record, no banner. The verdict shown is held
// to its entry: the page shows what the entry holds (or no verdict, when
// the row is not a verdict's record of that subject), and the store's
// reads say the row was altered.
func TestATimelinePageHoldsItsVerdictsToTheirEntries(t *testing.T) {
	cases := []struct {
		name, stmt, want string
		kept             bool // the page still shows S1's verdict, from its entry
	}{
		{"a verdict", "UPDATE reviews SET verdict = 'followed' WHERE subject = 'S1'", "(its verdict)", true},
		{"a reviewer", "UPDATE reviews SET reviewer = 'alice' WHERE subject = 'S1'", "(its reviewer)", true},
		{"a verdict's time", "UPDATE reviews SET at = at + 1 WHERE subject = 'S1'", "(its time)", true},
		{"a verdict moved to another subject", "UPDATE reviews SET subject = 'D2' WHERE subject = 'S1'", `the row of "D2" points at it, but it is the entry of "S1"`, false},
		{"a verdict row pointed at another record's entry", "INSERT INTO reviews (seq, inc, subject, reviewer, at, verdict) " +
			"SELECT (SELECT seq FROM chain WHERE kind = 'event' AND subject = 'N1'), seq, 'S2', 'mara', 1, 'followed' FROM incidents WHERE id = 'INC-1'",
			`a row of reviews points at it, but it is an entry of kind "event"`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				ctx := context.Background()
				intact, err := d.TimelineAfter(ctx, "INC-1", nil, 50)
				if err != nil {
					t.Fatal(err)
				}
				tamper(t, d.Address(), c.stmt)
				rows, err := d.TimelineAfter(ctx, "INC-1", nil, 50)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != len(intact) {
					t.Fatalf("%d rows, want %d", len(rows), len(intact))
				}
				shown := 0
				for i, r := range rows {
					was := intact[i]
					if r.Verdict != "" {
						shown++
					}
					if (c.kept || r.Verdict != "" || r.Reviewer != "") && (r.Verdict != was.Verdict || r.Reviewer != was.Reviewer) {
						t.Errorf("%s shows %q · %q, its record %q · %q", r.ID, r.Verdict, r.Reviewer, was.Verdict, was.Reviewer)
					}
				}
				if c.kept && shown == 0 {
					t.Errorf("the page shows no verdict at all")
				}
				if got := d.ReadFault(); !strings.Contains(got, c.want) {
					t.Errorf("the store's reads say %q, want %q", got, c.want)
				}
			})
		})
	}
}
