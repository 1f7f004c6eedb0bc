package review

import (
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	rules "github.com/signoff/signoff/review"
)

// strandedMark reports the first line that shows a combining mark cut off
// from the letter it belongs to: at the start of the line's text, or
// after the blank that pads a label or a column.
func strandedMark(out string) string {
	for _, l := range strings.Split(ansi.Strip(out), "\n") {
		prev := ' '
		for _, r := range l {
			if unicode.In(r, unicode.Mn, unicode.Me) && (prev == ' ' || prev == '│') {
				return l
			}
			prev = r
		}
	}
	return ""
}

func TestTheStepPaneNeverWrapsAnAccentAwayFromItsLetter(t *testing.T) {
	s := testStep()
	s.Suggestion.Rationale = strings.Repeat("cafe\u0301 ", 3) + strings.Repeat("e\u0301", 200)
	s.Decisions[0].Rationale = s.Suggestion.Rationale
	s.Evidence[0].Summary = s.Suggestion.Rationale
	for _, w := range []int{80, 100, 160} {
		d := &detailMsg{rowID: "S1", step: s}
		out := detailContent(plainStyles(), w, fieldCap, d, newRosterIndex(testRoster()), rules.DefaultPolicy())
		if l := strandedMark(out); l != "" {
			t.Errorf("at %d columns a line starts with an accent cut from its letter:\n%q", w, l)
		}
	}
}
