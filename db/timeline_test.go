package db

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// crowdedDoc has many rows sharing timestamps, so paging must break ties by id.
func crowdedDoc() model.Document {
	doc := sampleDoc()
	base := ts("2026-02-10T10:00:00Z")
	for i := 0; i < 300; i++ {
		at := base.Add(time.Duration(i/7) * time.Second)
		doc.Events = append(doc.Events, model.Event{ID: fmt.Sprintf("T%03d", (i*37)%300), At: at, Kind: model.KindTelemetry,
			Source: "edr", Summary: fmt.Sprintf("process event %d", i)})
		if i%50 == 0 {
			doc.Evidence = append(doc.Evidence, model.Evidence{ID: fmt.Sprintf("EV-T%d", i), Kind: "pcap", CollectedAt: at, CollectedBy: "alice"})
		}
	}
	return doc
}

func expectedOrder(doc model.Document) []string {
	type row struct {
		at time.Time
		id string
	}
	var rows []row
	for _, e := range doc.Events {
		rows = append(rows, row{e.At, e.ID})
	}
	for _, e := range doc.Evidence {
		rows = append(rows, row{e.CollectedAt, e.ID})
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	return ids
}

func TestKeysetPagingReturnsTheSameRowsAsAFullScan(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := crowdedDoc()
		importDoc(t, d, doc)
		want := expectedOrder(doc)
		ctx := context.Background()

		t.Run("forward pages of 7 cover every row once, in order", func(t *testing.T) {
			var got []string
			var after *model.Cursor
			for {
				rows, err := d.TimelineAfter(ctx, "INC-1", after, 7)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) == 0 {
					break
				}
				for _, r := range rows {
					got = append(got, r.ID)
				}
				c := rows[len(rows)-1].Cursor()
				after = &c
			}
			if !slices.Equal(got, want) {
				t.Errorf("paged forward:\n%v\nwant\n%v", got, want)
			}
		})
		t.Run("backward pages of 11 cover every row once, in order", func(t *testing.T) {
			var got []string
			var before *model.Cursor
			for {
				rows, err := d.TimelineBefore(ctx, "INC-1", before, 11)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) == 0 {
					break
				}
				ids := make([]string, len(rows))
				for i, r := range rows {
					ids[i] = r.ID
				}
				got = append(ids, got...)
				c := rows[0].Cursor()
				before = &c
			}
			if !slices.Equal(got, want) {
				t.Errorf("paged backward:\n%v\nwant\n%v", got, want)
			}
		})
	})
}

func TestTimelineRowsCarrySubjectsVerdictsAndSummaries(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		rows, err := d.TimelineAfter(context.Background(), "INC-1", nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]model.TimelineRow{}
		for _, r := range rows {
			got[r.ID] = r
		}
		cases := []struct {
			id, kind, actor, summary, subject, verdict, reviewer string
		}{
			{"E1", "alert", "secret-scanner", "token found in gist", "", "", ""},
			{"EV-1", "evidence", "alice", "log evidence collected: token use from 203.0.113.7", "", "", ""},
			{"S1", "suggestion", "remediator", "revoke_token → deploy-bot: revoke all sessions", "S1", "modified", "mara"},
			{"D1", "decision", "alice", "modified revoke_token → deploy-bot: revoke token only", "S1", "modified", "mara"},
			{"X1", "execution", "soar-runner", "carried out D1: succeeded", "S1", "modified", "mara"},
			{"S2", "suggestion", "remediator", "rotate_secret → deploy-bot", "S2", "", ""},
			{"D2", "decision", "alice", "approved notify_internal: tell the platform team", "D2", "", ""},
		}
		for _, c := range cases {
			t.Run(c.id+" reads as "+c.summary, func(t *testing.T) {
				r := got[c.id]
				if string(r.Kind) != c.kind || r.Actor != c.actor || r.Summary != c.summary || r.Subject != c.subject || string(r.Verdict) != c.verdict ||
					r.Reviewer != c.reviewer {
					t.Errorf("got %+v", r)
				}
			})
		}
		if len(rows) != 8 {
			t.Errorf("%d rows; want 7 events and 1 evidence record", len(rows))
		}
	})
}

func TestSearchAndNextUnreviewedMoveFromTheCursor(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		e1 := model.Cursor{At: ts("2026-02-10T09:01:00Z"), ID: "E1"}
		d2 := model.Cursor{At: ts("2026-02-10T09:40:00Z"), ID: "D2"}
		cases := []struct {
			name string
			find func() (*model.TimelineRow, error)
			want string
		}{
			{"search forward finds the next row naming the target", func() (*model.TimelineRow, error) {
				return d.SearchTimeline(ctx, "INC-1", "DEPLOY-BOT", e1, true)
			}, "S1"},
			{"search backward finds the previous match", func() (*model.TimelineRow, error) {
				return d.SearchTimeline(ctx, "INC-1", "revoke", d2, false)
			}, "D1"},
			{"search by actor", func() (*model.TimelineRow, error) { return d.SearchTimeline(ctx, "INC-1", "soar", e1, true) }, "X1"},
			{"search with no match finds nothing", func() (*model.TimelineRow, error) {
				return d.SearchTimeline(ctx, "INC-1", "nothing like this", e1, true)
			}, ""},
			{"next unreviewed skips the reviewed S1", func() (*model.TimelineRow, error) {
				return d.NextUnreviewed(ctx, "INC-1", e1, true)
			}, "S2"},
			{"previous unreviewed from D2 is S2", func() (*model.TimelineRow, error) {
				return d.NextUnreviewed(ctx, "INC-1", d2, false)
			}, "S2"},
			{"nothing unreviewed after D2", func() (*model.TimelineRow, error) { return d.NextUnreviewed(ctx, "INC-1", d2, true) }, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r, err := c.find()
				if err != nil {
					t.Fatal(err)
				}
				got := ""
				if r != nil {
					got = r.ID
				}
				if got != c.want {
					t.Errorf("found %q; want %q", got, c.want)
				}
			})
		}
	})
}
