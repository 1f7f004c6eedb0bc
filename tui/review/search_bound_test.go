package review

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// A search the index cannot narrow reads a bounded number of events per
// step: past the bound the footer says so and n goes on from where it
// stopped, until the match (the one an unbounded search finds) or the end.
func TestASearchStopsAtItsBoundAndNGoesOn(t *testing.T) {
	defer func(n int) { searchWithin = n }(searchWithin)
	searchWithin = 5
	store := openFixtures(t)
	ctx := context.Background()
	rows, err := store.TimelineAfter(ctx, testIncident, nil, 1000)
	if err != nil || len(rows) < 4*searchWithin {
		t.Fatalf("the fixture has %d rows: %v", len(rows), err)
	}
	t.Run("a text that matches nothing", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "/")
		send(t, a, tuitest.Read("zq")...)
		press(t, a, "enter")
		out := screenText(a)
		if !strings.Contains(out, `No match for "zq" in the next 5 events; keep searching with n.`) {
			t.Fatalf("after enter the screen says:\n%s", out)
		}
		checkFrame(t, a.View(), 80, 24)
		golden.RequireEqual(t, []byte(out))
		for i := 0; i < len(rows); i++ {
			press(t, a, "n")
			if strings.Contains(screenText(a), `No more rows match "zq"`) {
				return
			}
			if !strings.Contains(screenText(a), "keep searching with n") {
				t.Fatalf("after %d presses of n the screen says:\n%s", i+1, screenText(a))
			}
		}
		t.Fatal("n never reached the end of the timeline")
	})
	t.Run("a match past the bound", func(t *testing.T) {
		// Two characters of a row's id whose first match after the first
		// row lies past the bound: what an unbounded search finds.
		from := rows[0].Cursor()
		var text string
		var want []model.TimelineRow
		index := map[string]int{}
		for i, r := range rows {
			index[r.ID] = i
		}
		for _, r := range rows[4*searchWithin:] {
			text = strings.ToLower(r.ID[len(r.ID)-2:])
			want, err = store.FilteredTimeline(ctx, testIncident, model.TimelineFilter{Text: text}, &from, true, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) > 0 && index[want[0].ID] > 2*searchWithin {
				break
			}
			want = nil
		}
		if want == nil {
			t.Fatal("no two characters of an id are first found past the bound")
		}
		a := newTestApp(t, store, reviewer, testIncident, 160, 48)
		if selected(t, a).ID != rows[0].ID {
			t.Skipf("the screen opens on %s, not the first row", selected(t, a).ID)
		}
		press(t, a, "/")
		send(t, a, tuitest.Read(text)...)
		press(t, a, "enter")
		stops := 0
		for strings.Contains(screenText(a), "keep searching with n") && stops <= len(rows) {
			stops++
			press(t, a, "n")
		}
		if got := selected(t, a).ID; got != want[0].ID {
			t.Errorf("the search stopped on %s; want %s", got, want[0].ID)
		}
		if stops == 0 {
			t.Errorf("the match was within the first %d events: the test does not reach the bound", searchWithin)
		}
	})
}
