package queue

import (
	"strings"
	"testing"
)

// esc closes a form at once while nothing is typed in it; once something
// is, it asks, y gives the text up and any other key goes back to it.
func TestEscOverTypedTextAsksBeforeItIsLost(t *testing.T) {
	cases := []struct {
		name    string
		open    []string
		text    string
		after   []string
		closed  bool
		kept    string
		written func(m *Model) string
	}{
		{name: "a hand-off note: y discards it", open: []string{"n"}, text: "watch the gateway", after: []string{"esc", "y"}, closed: true,
			written: func(m *Model) string { return m.notes.input.Value() }},
		{name: "a hand-off note: any other key keeps it, and typing goes on", open: []string{"n"}, text: "watch the gateway", after: []string{"esc", "n", "!"},
			kept: "watch the gateway!", written: func(m *Model) string { return m.notes.input.Value() }},
		{name: "a decision's rationale: y discards it", open: []string{"a"}, text: "blocks the attacker", after: []string{"esc", "y"}, closed: true,
			written: func(m *Model) string { return m.form.rationale.Value() }},
		{name: "a decision's rationale: esc again keeps it", open: []string{"a"}, text: "blocks the attacker", after: []string{"esc", "esc"},
			kept: "blocks the attacker", written: func(m *Model) string { return m.form.rationale.Value() }},
		{name: "a decision with nothing typed closes at once", open: []string{"a"}, after: []string{"esc"}, closed: true,
			written: func(m *Model) string { return m.form.rationale.Value() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newTestModel(t, openStore(t), "tomas", 80, 24)
			selectKey(t, m, "INC-2046/S5")
			press(t, m, c.open...)
			if c.text != "" {
				typeText(t, m, c.text)
			}
			for i, k := range c.after {
				press(t, m, k)
				if i == 0 && c.text != "" && !strings.Contains(screen(m), "Discard") {
					t.Errorf("esc over typed text did not ask:\n%s", screen(m))
				}
			}
			open := m.notes != nil || m.form != nil
			if open == c.closed {
				t.Fatalf("after %v the form is open: %v, want %v:\n%s", c.after, open, !c.closed, screen(m))
			}
			if !c.closed {
				if got := c.written(m); got != c.kept {
					t.Errorf("after %v the field holds %q, want %q", c.after, got, c.kept)
				}
			}
		})
	}
}
