package review

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// failingWindows fails every timeline page once fail is set, with a
// sentence the screen must show.
type failingWindows struct {
	model.Store
	fail bool
}

var errWindow = model.Errorf(model.ETAMPERED, "the record was changed outside signoff at entry 12")

func (f *failingWindows) TimelineAfter(ctx context.Context, inc string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	if f.fail {
		return nil, errWindow
	}
	return f.Store.TimelineAfter(ctx, inc, after, limit)
}

func (f *failingWindows) TimelineBefore(ctx context.Context, inc string, before *model.Cursor, limit int) ([]model.TimelineRow, error) {
	if f.fail {
		return nil, errWindow
	}
	return f.Store.TimelineBefore(ctx, inc, before, limit)
}

// A window read around a row (a refresh, a jump to a time) that fails
// says why on screen: it is the window on show's, not a stale one's.
func TestAWindowThatFailsToLoadSaysWhy(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []string
	}{
		{"a refresh", []string{"ctrl+r"}},
		{"a jump to a time", []string{"t", "1", "0", ":", "0", "0", "enter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &failingWindows{Store: openFixtures(t)}
			a := newTestApp(t, s, reviewer, testIncident, 160, 48)
			press(t, a, "j", "j")
			s.fail = true
			press(t, a, tc.keys...)
			if got := screenText(a); !strings.Contains(got, "changed outside signoff at entry 12") {
				t.Errorf("the screen does not say why the window did not load:\n%s", got)
			}
		})
	}
}
