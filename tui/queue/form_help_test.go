package queue

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// formOffers is the help of every key the decision form says works now.
func formOffers(f Form) []string {
	var out []string
	for _, group := range f.ActiveKeys().FullHelp() {
		for _, b := range group {
			if b.Enabled() {
				out = append(out, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	return out
}

// The decision form offers space (tick) and the arrows on the evidence
// list only, where they act: in a text field they type and move the
// cursor. At the typed confirmation of a high or critical action tab and
// space do nothing, and esc goes back to the form rather than closing it.
func TestTheDecisionFormOffersOnlyTheKeysThatActWhereTheFocusIs(t *testing.T) {
	item := model.PendingItem{Incident: "INC-1", Suggestion: "S1", Tier: model.TierCritical,
		Action: model.Action{Type: "revoke_token", Target: "tok-1"}}
	evidence := []model.Evidence{{ID: "EV-1"}, {ID: "EV-2"}}
	cases := []struct {
		name      string
		keys      []string
		want, not []string
	}{
		{"in the rationale", nil, []string{"tab next field", "enter confirm"}, []string{"space tick evidence", "↑ up", "↓ down"}},
		{"on the evidence list", []string{"tab"}, []string{"space tick evidence", "↓ down"}, nil},
		{"at the typed confirmation", []string{"why", "enter"}, []string{"enter confirm", "esc back to the form"},
			[]string{"tab next field", "space tick evidence", "esc cancel"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := NewForm(item, model.OutcomeApproved, false, evidence)
			f.SetWidth(80)
			for _, k := range c.keys {
				msg := tuitest.Key(k)
				if len([]rune(k)) > 1 && msg.Type == tea.KeyRunes {
					msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
				}
				f, _ = f.Update(msg)
			}
			got := formOffers(f)
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("the help lacks %q: %s", w, strings.Join(got, " · "))
				}
			}
			for _, n := range c.not {
				if slices.Contains(got, n) {
					t.Errorf("the help offers %q, which does not act here: %s", n, strings.Join(got, " · "))
				}
			}
		})
	}
}

// The decision form's help is drawn as every screen's (common.FullHelp):
// ? opens it where ? is not typed (the evidence list), it says ? closes
// it and lists ctrl+c, and on 80 columns it flows every key into lines
// rather than columns that drop some. In a text field the help open on
// the list stays folded to the one line, and ? is typed. The modify form
// fits the width with a detail longer than its field.
func TestTheDecisionFormsHelpIsEveryScreensHelp(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newTestModel(t, openStore(t), "alice", size[0], size[1])
			selectKey(t, m, "INC-2046/S5")
			press(t, m, "?", "m")
			typeText(t, m, " and every other address the token was used from during the incident?")
			if !strings.HasSuffix(m.form.detail.Value(), "incident?") {
				t.Errorf("? was not typed into the detail: %q", m.form.detail.Value())
			}
			footer := m.footer()
			if n := strings.Count(footer, "\n"); n != 1 || strings.Contains(footer, "previous field") {
				t.Errorf("in a text field the form's help is not its one line:\n%s", ansi.Strip(footer))
			}
			checkFrame(t, m.View(), size[0], size[1])
			for _, l := range strings.Split(screen(m), "\n") {
				if strings.Contains(l, "Deny 198") && !strings.HasPrefix(l, "› ") {
					t.Errorf("the detail's field wraps or is cut: %q", l)
				}
			}
			press(t, m, "tab", "tab")
			flat := onScreen(m)
			for _, want := range []string{"shift+tab previous field", "space tick evidence", "? close help", "ctrl+c quit", "esc cancel"} {
				if !strings.Contains(flat, want) {
					t.Errorf("the form's open help lacks %q:\n%s", want, screen(m))
				}
			}
			if want := common.FullHelp(m.help, m.form.ActiveKeys(), m.Width); !strings.HasSuffix(m.footer(), want) {
				t.Errorf("the form's open help is not drawn as every screen's:\n%s", screen(m))
			}
			checkFrame(t, m.View(), size[0], size[1])
			press(t, m, "?")
			if flat := onScreen(m); !strings.Contains(flat, "? more keys") || strings.Contains(flat, "previous field") {
				t.Errorf("? did not fold the form's help:\n%s", screen(m))
			}
		})
	}
}
