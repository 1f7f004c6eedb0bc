package tui

import (
	"strings"
	"testing"
)

// At 60 columns what does not fit is cut with …, never silently: a
// pending count cut to "5 p", a column heading to "B" or a rate to "0."
// would read as whole.
func TestAt60ColumnsWhatIsCutEndsInAnEllipsis(t *testing.T) {
	store := openFixtures(t)
	for _, tc := range []struct {
		name string
		o    Options
		keys []string
		// lines picks the lines that hold more than fits, and whole is
		// what such a line ends with when nothing was cut.
		lines func(string) bool
		whole string
	}{
		{"the picker's counts", Options{}, nil, func(l string) bool { return strings.Contains(l, "reviewed") }, "pending"},
		{"the dashboard's table", Options{Start: StartMetrics}, nil, func(l string) bool { return strings.HasPrefix(l, "AGENT") }, "BRIER"},
		{"the dashboard's chart titles", Options{Start: StartMetrics}, nil, func(l string) bool { return strings.Contains(l, "RELIABILITY") }, "ideal"},
		{"the dashboard's list", Options{Start: StartMetrics}, []string{"enter"}, func(l string) bool { return strings.Contains(l, "SUGGESTION ") }, "COUNTED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAppWith(t, tc.o, store, reviewer, 60, 24)
			press(t, a, tc.keys...)
			found := 0
			for _, l := range strings.Split(screenText(a), "\n") {
				if !tc.lines(l) {
					continue
				}
				found++
				if !strings.HasSuffix(l, "…") && !strings.HasSuffix(l, tc.whole) {
					t.Errorf("a line is cut with no …: %q", l)
				}
			}
			if found == 0 {
				t.Fatalf("no line to check:\n%s", screenText(a))
			}
			checkFrame(t, a.View(), 60, 24)
		})
	}
}
