package queue

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// leftBy sends msg and runs what follows, as drive does, and reports
// whether the screen asked to be left.
func leftBy(t *testing.T, m *Model, msg tea.Msg) bool {
	t.Helper()
	left := false
	update := func(msg tea.Msg) tea.Cmd {
		var next tea.Cmd
		*m, next = m.Update(msg)
		if _, ok := m.TakeAsk().(common.BackMsg); ok {
			left = true
		}
		return next
	}
	tuitest.Run(t, update, update(msg))
	return left
}

// presses are the keys a person types: names as tuitest.Key reads them,
// or, with a leading "=", each character of the rest typed.
func presses(keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		if text, ok := strings.CutPrefix(k, "="); ok {
			for _, r := range text {
				out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
			continue
		}
		out = append(out, keyMsg(k))
	}
	return out
}

// q leaves at once unless a key held for the rest would have made it a
// typed letter (or the evidence view's back); ctrl+c always leaves, and so
// does q once the rest failed to load.
func TestQuitWhileKeysAreHeldForTheRest(t *testing.T) {
	for _, tc := range []struct {
		name     string
		keys     []string // typed with the head listed, the rest still to come
		restFail bool     // the rest fails to load before the keys are typed
		leaveNow bool     // the last key leaves at once
		leaveEnd bool     // the screen is left once the rest came and the keys acted
		check    func(t *testing.T, m *Model)
	}{
		{name: "q after / is typed into the filter", keys: []string{"/", "=quarantine"}, check: func(t *testing.T, m *Model) {
			if !m.filtering || m.filterIn.Value() != "quarantine" {
				t.Errorf("filtering %v with %q; want the filter quarantine being typed", m.filtering, m.filterIn.Value())
			}
		}},
		{name: "q after e closes the evidence, not the screen", keys: []string{"e", "q"}, check: func(t *testing.T, m *Model) {
			if m.evidence != nil {
				t.Error("the evidence view is still open")
			}
		}},
		{name: "q after a move and a claim leaves at once and drops them", keys: []string{"G", "c", "q"}, leaveNow: true},
		{name: "ctrl+c leaves at once whatever is held", keys: []string{"/", "=qu", "ctrl+c"}, leaveNow: true},
		{name: "q after the rest failed leaves at once whatever is held", keys: []string{"/", "q"}, restFail: true, leaveNow: true},
		{name: "a held q that leaves drops the keys held after it", keys: []string{"/", "esc", "q", "c"}, leaveEnd: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := longQueue(t)
			m, rest := headOnly(t, d, 80, 24)
			if tc.restFail {
				drive(t, m, loadedMsg{err: context.DeadlineExceeded})
				if !m.partial || !m.restFailed {
					t.Fatalf("partial %v, rest failed %v after a failed read of the rest", m.partial, m.restFailed)
				}
			}
			ks := presses(tc.keys...)
			for i, k := range ks {
				left := leftBy(t, m, k)
				if last := i == len(ks)-1; left != (last && tc.leaveNow) {
					t.Fatalf("key %d (%s) left the screen: %v", i+1, k, left)
				}
			}
			if tc.leaveNow {
				if len(m.held) != 0 {
					t.Fatalf("%d keys still held after leaving", len(m.held))
				}
			}
			if !tc.restFail {
				if left := leftBy(t, m, rest[0]); left != tc.leaveEnd {
					t.Fatalf("after the rest, the screen was left: %v", left)
				}
				if m.partial || len(m.held) != 0 {
					t.Fatalf("after the rest: partial %v, %d keys held", m.partial, len(m.held))
				}
			}
			if tc.leaveNow && (m.filtering || m.evidence != nil || m.selected != 0) {
				t.Errorf("a dropped key acted: filtering %v, evidence %v, item %d selected", m.filtering, m.evidence != nil, m.selected)
			}
			q, err := d.PendingQueue(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Claims) != 0 {
				t.Errorf("a key held past leaving claimed %s", q.Claims[0].Key())
			}
			if tc.check != nil {
				tc.check(t, m)
			}
		})
	}
}
