package review

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A verdict key that arrives before the selected step's detail (typed
// fast with the move to it, or over a slow link) must not say the row is
// not part of a step: it is, and the person is told to press it again.
func TestAVerdictKeyBeforeTheStepShowsSaysItIsLoading(t *testing.T) {
	a := newTestApp(t, openFixtures(t), reviewer, testIncident, 80, 24)
	tl := a.screen.timeline
	at := -1
	for i := 0; i+1 < len(tl.rows); i++ {
		if tl.rows[i].Subject == "" && tl.rows[i+1].Subject != "" {
			at = i
			break
		}
	}
	if at < 0 {
		t.Fatal("the fixture has no row outside a step before a step's row")
	}
	for i := 0; i < at; i++ {
		press(t, a, "j")
	}
	next := tl.rows[at+1]
	drive(t, a, func() tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jf")} })
	if a.screen.form != nil && a.screen.form.Subject() != next.Subject {
		t.Fatalf("the form opened for %s, not the selected row's step %s", a.screen.form.Subject(), next.Subject)
	}
	out := screenText(a)
	if strings.Contains(out, "not part of a step") {
		t.Errorf("f on %s (a row of step %s) said it is not part of a step:\n%s", next.ID, next.Subject, out)
	}
	if a.screen.form == nil && !strings.Contains(out, "press f again") {
		t.Errorf("f was dropped without saying so:\n%s", out)
	}
}
