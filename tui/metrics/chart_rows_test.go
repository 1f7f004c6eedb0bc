package metrics

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// rowLabelled is the line of a chart whose axis label is label, or "".
func rowLabelled(chart, label string) string {
	for _, l := range strings.Split(tuitest.Text(chart), "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " "), label) && strings.ContainsAny(l, "│└") {
			return l
		}
	}
	return ""
}

// A point is read against the axis labels, so it must sit on the row the
// labels give its value: 0% on the axis, 50% on the row marked 50.
// (ntcharts labels the axis row with the minimum but draws a point's
// minimum one row above it.) At height 11 the plot has 8 rows above the
// axis, labelled every 25.
func TestChartPointsSitOnTheRowsTheAxisLabelsGiveThem(t *testing.T) {
	m := loaded(t, sampleStore(), 160, 48)
	for _, tc := range []struct {
		value float64
		label string
	}{{0, "0"}, {0.25, "25"}, {0.5, "50"}, {0.75, "75"}, {1, "100"}} {
		t.Run(fmt.Sprintf("acceptance of %v%% is drawn on the row labelled %s", tc.value*100, tc.label), func(t *testing.T) {
			v := tc.value
			months := []review.MonthMetrics{{Month: "2026-03", Metrics: review.Metrics{AcceptanceRate: &v}}}
			chart := monthChart(m.Styles, months, 40, 11)
			if row := rowLabelled(chart, tc.label); !strings.ContainsRune(row, glyphAccept) {
				t.Errorf("the row labelled %s holds no %c:\n%s", tc.label, glyphAccept, tuitest.Text(chart))
			}
		})
	}
	for _, tc := range []struct {
		observed float64
		label    string
	}{{0, "0.0"}, {0.5, "0.5"}, {1, "1.0"}} {
		t.Run(fmt.Sprintf("a bin observed right %v of the time is drawn on the row labelled %s", tc.observed, tc.label), func(t *testing.T) {
			mean, obs := 0.55, tc.observed
			bins := []review.ReliabilityBin{{From: 0.5, To: 0.6, Count: 3, MeanConfidence: &mean, Observed: &obs}}
			chart := reliabilityChart(m.Styles, bins, 40, 11)
			if row := rowLabelled(chart, tc.label); !strings.ContainsRune(row, glyphBin) {
				t.Errorf("the row labelled %s holds no %c:\n%s", tc.label, glyphBin, tuitest.Text(chart))
			}
		})
	}
}

func TestAnEmptyReliabilityDiagramSaysSoWholeAt80Columns(t *testing.T) {
	m := loaded(t, sampleStore(), 80, 24)
	w := m.Width - 2 - (m.Width-2)/2 // the diagram's share, as charts gives it
	chart := tuitest.Text(reliabilityChart(m.Styles, nil, w, 11))
	if !strings.Contains(chart, noScoredNote) {
		t.Errorf("the diagram does not say %q whole:\n%s", noScoredNote, chart)
	}
}
