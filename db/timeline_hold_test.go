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
