package queue

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
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
