package db

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// scanSearch is the search without the index: the rows in order from the
// cursor, tested one by one.
func scanSearch(t *testing.T, d *DB, incident, text string, from model.Cursor, forward bool) *model.TimelineRow {
	t.Helper()
	if !d.q.CanHold(foldText(text)) {
		return nil
	}
	row, err := d.first(context.Background(), incident, from, forward, afterRows, beforeRows, d.q.SearchMatch, foldText(text))
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// The index only narrows the rows a search tests, so every search must
// find what a walk over the timeline finds: the same first row after or
// before the cursor, or nothing. The generated incident is long enough
// that searches from its start run past the rows read next to the cursor.
func TestSearchFindsWhatAWalkOverTheTimelineFinds(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		id := importGenerated(t, d, 6000, 5)
		rows, err := d.TimelineAfter(ctx, id, nil, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		last := rows[len(rows)-1]
		texts := []string{
			last.ID, last.Summary[len(last.Summary)/3:], rows[len(rows)/2].Actor, "REVOKE", "Revoke_Token",
			"no such text anywhere", "zq", "x", "", `say "hi"`, "→ ", "evidence collected", "% _", "\u202e", "\xff\xfe",
			rows[3].ID, "ab\x00cd",
		}
		cursors := map[string]model.Cursor{"the start": start, "the first row": rows[0].Cursor(), "the middle": rows[len(rows)/2].Cursor(),
			"the last row": last.Cursor(), "past the end": {At: last.At.Add(1), ID: last.ID}}
		if testing.Short() {
			// The race run searches from either end of the timeline only.
			delete(cursors, "the first row")
			delete(cursors, "the middle")
			delete(cursors, "past the end")
		}
		for _, text := range texts {
			for name, from := range cursors {
				for _, forward := range []bool{true, false} {
					t.Run(fmt.Sprintf("%q from %s, forward %v", text, name, forward), func(t *testing.T) {
						got, err := d.SearchTimeline(ctx, id, text, from, forward)
						if err != nil {
							t.Fatal(err)
						}
						want := scanSearch(t, d, id, text, from, forward)
						if (got == nil) != (want == nil) || (got != nil && *got != *want) {
							t.Errorf("search found %+v; the walk finds %+v", got, want)
						}
					})
				}
			}
		}
	})
}

func TestTrigramQueryDeclinesWhatTheIndexCannotAnswer(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			text, want string
			ok         bool
		}{
			{"ab", "", false},
			{"abc", `"abc"`, true},
			{"abcd", `"abc" AND "bcd"`, true},
			{`a"bc`, `"a""b" AND """bc"`, true},
			{"ééé", `"ééé"`, true},
			{"\xffabc", "", false},
			{"abc\x00", "", false},
			{"aaaa", `"aaa"`, true},
			{"abcdefghijklmnopqrstuvwxyz", `"abc" AND "def" AND "ghi" AND "jkl" AND "nop" AND "qrs" AND "tuv" AND "xyz"`, true},
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("%q gives %s", c.text, c.want), func(t *testing.T) {
				got, ok := trigramQuery(c.text)
				if got != c.want || ok != c.ok {
					t.Errorf("got %s, %v", got, ok)
				}
			})
		}
	})
}

// Every write path adds the rows it writes to the search index: each row
// of every incident, written by a document import, a stream, or a queue
// decision, is found through the index alone by its summary, from the row
// before it.
func TestEveryWrittenRowIsInTheSearchIndex(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueue(t)
		feedStream(t, d, feed)
		if _, err := decide(d, "alice", "S5", model.OutcomeRejected); err != nil {
			t.Fatal(err)
		}
		list, err := d.Incidents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, inc := range list {
			rows, err := d.TimelineAfter(ctx, inc.ID, nil, 10_000)
			if err != nil {
				t.Fatal(err)
			}
			from := start
			for _, r := range rows {
				needle := foldText(r.Summary)
				if expr, ok := d.q.SearchIndexArg(needle); ok {
					got, err := d.first(ctx, inc.ID, from, true, d.q.IndexedAfter, d.q.IndexedBefore, d.q.SearchMatch, needle, expr)
					if err != nil {
						t.Fatal(err)
					}
					if got == nil || got.ID != r.ID {
						t.Errorf("%s/%s is not in the search index (found %v)", inc.ID, r.ID, got)
					}
					n++
				}
				from = r.Cursor()
			}
		}
		if n < 40 {
			t.Errorf("only %d rows were looked up; the test no longer covers the fixtures", n)
		}
	})
}

// Search folds case the way Go does on both sides: SQLite's lower() folds
// only ASCII, so "Übergabe" never found itself. The rows sit past the
// rows read next to the cursor, so the index answers as well as the walk.
func TestSearchFoldsCaseAsGoDoesOnBothSides(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		var b strings.Builder
		b.WriteString(`{"record": "incident", "format": "signoff.incident/v1", "id": "INC-F", "title": "t", "severity": "sev3", "status": "open", "opened_at": "2026-03-01T09:00:00Z"}` + "\n")
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i := 0; i < 3000; i++ {
			fmt.Fprintf(&b, `{"record": "event", "id": "N%d", "at": %q, "kind": "note", "actor": "filler", "summary": "routine %d"}`+"\n", i, at.Add(time.Duration(i)*time.Second).Format(time.RFC3339), i)
		}
		summaries := map[string]string{"U1": "Übergabe an Team B", "G1": "ΟΔΥΣΣΕΥΣ returned", "K1": "heat 300 \u212a measured", "S1": "ſtrange ſpelling"}
		i := 0
		for id, s := range summaries {
			fmt.Fprintf(&b, `{"record": "event", "id": %q, "at": %q, "kind": "note", "actor": "Åsa", "summary": %q}`+"\n", id, at.Add(time.Hour+time.Duration(i)*time.Second).Format(time.RFC3339), s)
			i++
		}
		if _, err := d.ImportStream(ctx, "f.ndjson", strings.NewReader(b.String()), "importer"); err != nil {
			t.Fatal(err)
		}
		cases := []struct{ text, want string }{
			{"Übergabe", "U1"}, {"übergabe", "U1"}, {"ÜBERGABE AN", "U1"},
			{"οδυσσευς", "G1"}, {"Οδυσσευσ", "G1"},
			{"300 k measured", "K1"}, {"300 K", "K1"},
			{"STRANGE", "S1"}, {"strange spelling", "S1"},
			{"åsa", "U1"}, // the actor, on the first of the four
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("%q finds %s", c.text, c.want), func(t *testing.T) {
				got, err := d.SearchTimeline(ctx, "INC-F", c.text, start, true)
				if err != nil {
					t.Fatal(err)
				}
				walk := scanSearch(t, d, "INC-F", c.text, start, true)
				if got == nil || walk == nil || got.ID != walk.ID {
					t.Fatalf("search found %v, the walk %v", got, walk)
				}
				if c.text != "åsa" && got.ID != c.want {
					t.Errorf("search found %s; want %s", got.ID, c.want)
				}
			})
		}
	})
}
