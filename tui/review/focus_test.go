package review

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// windowCalls wraps a store and records every keyset window asked for, so
// a test can tell a window loaded around an event from one scrolled to it.
type windowCalls struct {
	model.Store
	mu    sync.Mutex
	calls []string // "after <id>" or "before <id>", "start"/"end" for a nil cursor
}

func (w *windowCalls) record(dir string, c *model.Cursor) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c == nil {
		w.calls = append(w.calls, dir+" from the "+map[string]string{"after": "start", "before": "end"}[dir])
		return
	}
	w.calls = append(w.calls, dir+" "+c.ID)
}

func (w *windowCalls) TimelineAfter(ctx context.Context, inc string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	w.record("after", after)
	return w.Store.TimelineAfter(ctx, inc, after, limit)
}

func (w *windowCalls) TimelineBefore(ctx context.Context, inc string, before *model.Cursor, limit int) ([]model.TimelineRow, error) {
	w.record("before", before)
	return w.Store.TimelineBefore(ctx, inc, before, limit)
}

// generatedIncident opens a database holding one generated incident of n
// events, returning it with the incident id and its whole timeline.
func generatedIncident(t *testing.T, n int) (*db.DB, string, []model.TimelineRow) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "gen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(fixtures.Generate(pw, fixtures.GenOptions{Incidents: 1, Events: n, Seed: 3}))
	}()
	if _, err := d.ImportStream(ctx, "generated.ndjson", pr, "test"); err != nil {
		t.Fatal(err)
	}
	inc := fixtures.GenIncidentID(3, 0)
	all, err := d.TimelineAfter(ctx, inc, nil, 10*n)
	if err != nil || len(all) < n {
		t.Fatalf("the generated timeline has %d rows: %v", len(all), err)
	}
	return d, inc, all
}

func TestOpenAtAnEvent(t *testing.T) {
	t.Run("an event deep in a large incident is selected from a window around it, never scrolled to from the start", func(t *testing.T) {
		d, inc, all := generatedIncident(t, 3000)
		// A suggestion about four fifths of the way in.
		var want model.TimelineRow
		for _, r := range all[len(all)*4/5:] {
			if r.Kind == model.KindSuggestion {
				want = r
				break
			}
		}
		if want.ID == "" {
			t.Fatal("the generated incident has no suggestion late in its timeline")
		}
		calls := &windowCalls{Store: d}
		a := openAt(t, calls, "p1", inc, want.ID, 160, 48)
		if got := selected(t, a); got.ID != want.ID {
			t.Fatalf("the screen opened on %s, want %s", got.ID, want.ID)
		}
		for _, c := range calls.calls {
			if strings.HasSuffix(c, "from the start") || strings.HasSuffix(c, "from the end") {
				t.Errorf("the screen read the timeline %s; calls: %v", c, calls.calls)
			}
		}
		tl := a.screen.timeline
		if tl.atStart || tl.rows[0].ID == all[0].ID {
			t.Errorf("the window starts at the first row of the incident")
		}
		if len(tl.rows) > maxWindow {
			t.Errorf("the window holds %d rows, more than %d", len(tl.rows), maxWindow)
		}
		if tl.cursor < tl.top || tl.cursor >= tl.top+tl.height {
			t.Errorf("the selected row is off screen: cursor %d, top %d, height %d", tl.cursor, tl.top, tl.height)
		}
		if d := a.screen.pane.Detail(); d == nil || d.step == nil || d.step.Suggestion == nil || d.step.Suggestion.ID != want.ID {
			t.Errorf("the step pane does not show suggestion %s", want.ID)
		}
	})

	store := openFixtures(t)
	cases := []struct {
		name, focus, want, status string
	}{
		{"a decision is selected and its step shown", "D3", "D3", ""},
		{"an evidence record is selected at its collection time", "EV-5", "EV-5", ""},
		{"an id the incident lacks opens at the start and says so", "NOPE", "", "There is no event NOPE in " + testIncident},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			first, err := store.TimelineAfter(context.Background(), testIncident, nil, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := c.want
			if want == "" {
				want = first[0].ID
			}
			a := openAt(t, store, reviewer, testIncident, c.focus, 80, 24)
			if got := selected(t, a); got.ID != want {
				t.Errorf("selected %s, want %s", got.ID, want)
			}
			if !strings.Contains(a.screen.status, c.status) {
				t.Errorf("the footer says %q, want %q", a.screen.status, c.status)
			}
		})
	}
}

func TestShowMovesInsideTheWindow(t *testing.T) {
	store := openFixtures(t)
	calls := &windowCalls{Store: store}
	a := openAt(t, calls, reviewer, testIncident, "", 80, 24)
	before := len(calls.calls)
	drive(t, a, a.screen.Show("S4", false))
	if got := selected(t, a); got.ID != "S4" {
		t.Errorf("Show selected %s, want S4", got.ID)
	}
	if n := len(calls.calls) - before; n != 0 {
		t.Errorf("showing a row already in the window loaded %d windows: %v", n, calls.calls[before:])
	}
	if a.screen.pane.Focused() {
		t.Errorf("Show without step focused the step pane")
	}
}
