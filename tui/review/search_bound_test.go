package review

import (
	"context"
	"fmt"
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
		flat := func() string { return strings.Join(strings.Fields(screenText(a)), " ") }
		if want := `No match for "zq" in the next 5 events: read to ` + rows[searchWithin-1].At.UTC().Format("2006-01-02 15:04:05") + " " + rows[searchWithin-1].ID + "; keep searching with n."; !strings.Contains(flat(), want) {
			t.Fatalf("after enter the screen does not say %q:\n%s", want, out)
		}
		checkFrame(t, a.View(), 80, 24)
		golden.RequireEqual(t, []byte(out))
		for i := 0; i < len(rows); i++ {
			press(t, a, "n")
			if strings.Contains(flat(), `Nothing in this timeline matches "zq".`) {
				// Begun on the first row, the search read the timeline
				// once: it never wrapped to read it again.
				if i+1 != len(rows)/searchWithin {
					t.Errorf("the whole timeline was read after %d presses of n; want %d", i+1, len(rows)/searchWithin)
				}
				return
			}
			if !strings.Contains(flat(), "keep searching with n") {
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

// A bounded search begun in the middle of the timeline reads to its end,
// saying where each step stopped, then wraps round to the top and finds
// a match before the row it began on.
func TestABoundedSearchWrapsRoundToTheRowsBeforeTheCursor(t *testing.T) {
	defer func(n int) { searchWithin = n }(searchWithin)
	searchWithin = 5
	store := openFixtures(t)
	ctx := context.Background()
	rows, err := store.TimelineAfter(ctx, testIncident, nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// Two characters of an early row's id found nowhere after the middle.
	mid := len(rows) / 2
	var text, want string
	for _, r := range rows[1:mid] {
		t2 := strings.ToLower(r.ID[len(r.ID)-2:])
		after, err := store.CountTimeline(ctx, testIncident, model.TimelineFilter{Text: t2}, nil, 1000)
		if err != nil {
			t.Fatal(err)
		}
		c := rows[mid].Cursor()
		before, err := store.CountTimeline(ctx, testIncident, model.TimelineFilter{Text: t2}, &c, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if after > 0 && before == after {
			first, _ := store.FilteredTimeline(ctx, testIncident, model.TimelineFilter{Text: t2}, nil, true, 1)
			text, want = t2, first[0].ID
			break
		}
	}
	if text == "" {
		t.Skip("no two characters of an id match only before the middle of the timeline")
	}
	a := openAt(t, store, reviewer, testIncident, rows[mid].ID, 160, 48)
	press(t, a, "/")
	send(t, a, tuitest.Read(text)...)
	press(t, a, "enter")
	flat := func() string { return strings.Join(strings.Fields(screenText(a)), " ") }
	wrapped := false
	for i := 0; i <= len(rows) && strings.Contains(flat(), "keep searching with n"); i++ {
		wrapped = wrapped || strings.Contains(flat(), "wrapped round the top")
		press(t, a, "n")
	}
	if got := selected(t, a).ID; got != want {
		t.Fatalf("the search ended on %s, want %s before the row it began on:\n%s", got, want, screenText(a))
	}
	if !strings.Contains(flat(), "Search wrapped to the top.") && !wrapped {
		t.Errorf("the search never said it wrapped to the top:\n%s", screenText(a))
	}
}

// n and N go round the ends of the timeline, saying so; the title's count
// agrees with where they land, and a new search begins on the row
// selected when it matches.
func TestNAndNWrapRoundAndANewSearchIncludesTheSelectedRow(t *testing.T) {
	store := openFixtures(t)
	ctx := context.Background()
	f := model.TimelineFilter{Text: "revoke"}
	total, err := store.CountTimeline(ctx, testIncident, f, nil, 1000)
	if err != nil || total < 3 {
		t.Fatalf("the fixture has %d rows with revoke: %v", total, err)
	}
	matches, err := store.FilteredTimeline(ctx, testIncident, f, nil, true, total)
	if err != nil {
		t.Fatal(err)
	}
	search := func(a *App) {
		press(t, a, "/")
		send(t, a, tuitest.Read("revoke")...)
		press(t, a, "enter")
	}
	flat := func(a *App) string { return strings.Join(strings.Fields(screenText(a)), " ") }
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("N on the first match goes to the last at %dx%d", size[0], size[1]), func(t *testing.T) {
			a := newTestApp(t, store, reviewer, testIncident, size[0], size[1])
			search(a)
			if got := selected(t, a).ID; got != matches[0].ID {
				t.Fatalf("the search went to %s, want %s", got, matches[0].ID)
			}
			press(t, a, "N")
			if got := selected(t, a).ID; got != matches[total-1].ID {
				t.Errorf("N went to %s, want the last match %s", got, matches[total-1].ID)
			}
			if !strings.Contains(flat(a), "Search wrapped to the bottom.") || !strings.Contains(flat(a), fmt.Sprintf("/revoke: %d of %d", total, total)) {
				t.Errorf("N round the top does not say so, or the count disagrees:\n%s", screenText(a))
			}
			press(t, a, "n")
			if got := selected(t, a).ID; got != matches[0].ID {
				t.Errorf("n on the last match went to %s, want the first %s", got, matches[0].ID)
			}
			if !strings.Contains(flat(a), "Search wrapped to the top.") || !strings.Contains(flat(a), fmt.Sprintf("/revoke: 1 of %d", total)) {
				t.Errorf("n round the bottom does not say so, or the count disagrees:\n%s", screenText(a))
			}
			checkFrame(t, a.View(), size[0], size[1])
		})
		t.Run(fmt.Sprintf("a new search begins on the row selected at %dx%d", size[0], size[1]), func(t *testing.T) {
			a := openAt(t, store, reviewer, testIncident, matches[1].ID, size[0], size[1])
			search(a)
			if got := selected(t, a).ID; got != matches[1].ID {
				t.Errorf("the search begun on %s went to %s", matches[1].ID, got)
			}
			if !strings.Contains(flat(a), fmt.Sprintf("/revoke: 2 of %d", total)) {
				t.Errorf("the title does not count the row selected as the second match:\n%s", screenText(a))
			}
		})
	}
}
