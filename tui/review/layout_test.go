package review

import (
	"strings"
	"testing"
)

// lineWith is the first line of the screen holding every one of parts.
func lineWith(a *App, parts ...string) string {
	for _, l := range strings.Split(screenText(a), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return l
		}
	}
	return ""
}

func TestBesideNotBelow(t *testing.T) {
	store := openFixtures(t)
	t.Run("at 160 columns the suggestion, the decision and the evidence stand side by side, field by field", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S4", 160, 48)
		if lineWith(a, "◇ AI SUGGESTION · S4", "● HUMAN DECISION · D4", "■ EVIDENCE") == "" {
			t.Errorf("no line holds the three titles:\n%s", screenText(a))
		}
		if l := lineWith(a, "action", "revoke_token"); strings.Count(l, "revoke_token") != 2 {
			t.Errorf("the action line does not hold both actions: %q", l)
		}
		if lineWith(a, "target", "npm-publish-token", "npm-publish-token") == "" {
			t.Errorf("no target line compares the targets")
		}
		if lineWith(a, "approvals", "needs critical", "Alice Moreau") == "" {
			t.Errorf("no approvals line sets what the tier needs beside who approved")
		}
		checkFrame(t, a.View(), 160, 48)
	})
	t.Run("the word diff sits under the comparison", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S2", 160, 48)
		sc := a.screen
		out := detailContent(sc.Styles, 160, fieldCap, sc.pane.Detail(), sc.index, sc.Policy)
		titles, diff := strings.Index(out, "● HUMAN DECISION · D2"), strings.Index(out, "± SUGGESTED → FINAL")
		if titles < 0 || diff < titles {
			t.Errorf("the diff is not under the comparison:\n%s", out)
		}
	})
	t.Run("at 80 columns they are stacked", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S4", 80, 24)
		press(t, a, "tab")
		if lineWith(a, "AI SUGGESTION", "HUMAN DECISION") != "" {
			t.Errorf("a narrow screen set the suggestion and the decision side by side:\n%s", screenText(a))
		}
	})
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run("G in the step pane shows the very bottom, the verdict, and g the very top", func(t *testing.T) {
			a := openAt(t, store, reviewer, testIncident, "S4", size[0], size[1])
			press(t, a, "enter", "G")
			lines := strings.Split(strings.TrimRight(a.screen.pane.View(), "\n "), "\n")
			last := strings.TrimSpace(lines[len(lines)-1])
			if !strings.HasPrefix(last, "verdict") {
				t.Errorf("at %dx%d the pane ends on %q, not the verdict", size[0], size[1], last)
			}
			press(t, a, "g")
			if first := a.screen.pane.View(); !strings.Contains(strings.SplitN(first, "\n", 2)[0], "AI SUGGESTION") {
				t.Errorf("g left the pane on %q", strings.SplitN(first, "\n", 2)[0])
			}
			press(t, a, "end")
			if !strings.Contains(a.screen.pane.View(), "not reviewed yet") {
				t.Errorf("end did not reach the bottom")
			}
		})
	}
}
