package metrics

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// The summary under the table spells out the selected row's counts: at
// 80 columns and narrower each of its parts stands whole on one line (it
// once ran off the edge, "au…"), and the frame still fits.
func TestTheSummaryOfTheSelectedRowIsReadWhole(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 24}, {160, 48}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("at %dx%d", w, h), func(t *testing.T) {
			m := loaded(t, sampleStore(), w, h)
			met := m.selected()
			sum := met.Sums
			parts := []string{
				"remediator",
				fmt.Sprintf("accepted %d/%d (%s)", sum.DecidedFollowed, met.Decided, review.Percent(met.AcceptanceRate)),
				fmt.Sprintf("overridden %d/%d (%s)", sum.DecidedOverridden, met.Decided, review.Percent(met.OverrideRate)),
				fmt.Sprintf("pending %d", met.Pending),
				fmt.Sprintf("auto %d", met.AutoExecuted),
				fmt.Sprintf("hindsight right %d/%d (%s)", sum.FollowedCorrect, sum.FollowedJudged, review.Percent(met.HindsightPrecision)),
				fmt.Sprintf("Brier %s over %d", review.Decimal(met.Brier), sum.Scored),
			}
			view := tuitest.Text(m.View())
			lines := strings.Split(view, "\n")
			for _, p := range parts {
				whole := false
				for _, l := range lines {
					whole = whole || strings.Contains(l, p+" ·") || strings.HasSuffix(l, p)
				}
				if !whole {
					t.Errorf("%q is not whole on a line:\n%s", p, view)
				}
			}
			tuitest.CheckFrame(t, m.View(), w, h)
		})
	}
}
