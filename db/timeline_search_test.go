package db

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// scanSearch is the search without the index: the rows in order from the
// cursor, tested one by one.
func scanSearch(t *testing.T, d *DB, incident, text string, from model.Cursor, forward bool) *model.TimelineRow {
	t.Helper()
	row, err := d.first(context.Background(), incident, from, forward, afterRows, beforeRows, searchMatch, lowerText(text))
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
	ctx := context.Background()
	d := openTest(t)
	var buf bytes.Buffer
	if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: 6000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportStream(ctx, "gen.ndjson", &buf, "importer"); err != nil {
		t.Fatal(err)
	}
	id := fixtures.GenIncidentID(5, 0)
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
}

func TestTrigramQueryDeclinesWhatTheIndexCannotAnswer(t *testing.T) {
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
}

// Every write path adds the rows it writes to the search index: each row
// of every incident, written by a document import, a stream, or a queue
// decision, is found through the index alone by its summary, from the row
// before it.
func TestEveryWrittenRowIsInTheSearchIndex(t *testing.T) {
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
			needle := lowerText(r.Summary)
			if expr, ok := trigramQuery(needle); ok {
				got, err := d.first(ctx, inc.ID, from, true, afterIndexed, beforeIndexed, searchMatch, needle, expr)
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
}
