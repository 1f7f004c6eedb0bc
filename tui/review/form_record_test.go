package review

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// The line saying what the record shows ends with the records behind the
// proposal: at 80 columns it wraps inside the form, never cut at the
// box's edge with an id or a number in half.
func TestTheVerdictFormsRecordLineIsReadWholeAt80Columns(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	reason := "followed: X12 carried out S12's action with no human decision at 2026-11-25 08:15:00Z, 3 approvals"
	for _, w := range []int{80, 50} {
		f := NewForm(st, "S12", model.VerdictFollowed)
		f.proposal = rules.Proposal{Verdict: model.VerdictFollowed, Reason: reason}
		f.SetWidth(w)
		view := tuitest.Text(f.View())
		var words []string
		for _, l := range strings.Split(view, "\n") {
			if n := ansi.StringWidth(l); n > w {
				t.Errorf("at %d columns a line is %d cells: %q", w, n, l)
			}
			words = append(words, strings.Fields(strings.Trim(strings.TrimSpace(l), "│"))...)
		}
		if got := strings.Join(words, " "); !strings.Contains(got, "the record shows "+reason) {
			t.Errorf("at %d columns the form does not say the whole record line %q:\n%s", w, reason, view)
		}
	}
}
