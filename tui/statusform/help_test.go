package statusform

import (
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// offered is the help of every key the form says works now.
func offered(m Model) []string {
	var out []string
	for _, group := range m.ActiveKeys().FullHelp() {
		for _, b := range group {
			if b.Enabled() {
				out = append(out, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	return out
}

// Each field offers the keys that act there: ←/→ choose the status only
// on the status line (in the rationale they move the cursor), space ticks
// the box only on the box (in the rationale it types a space), and esc
// at the confirmation goes back to the form, not out of it.
func TestTheStatusFormOffersOnlyTheKeysThatActWhereTheFocusIs(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	form := New(st, "INC-7", "alice", model.StatusContained, 2)
	cases := []struct {
		name      string
		keys      []string
		want, not []string
	}{
		{"on the status line", nil, []string{"←/→ status"}, []string{"space defer all"}},
		{"in the rationale", []string{"right", "enter"}, []string{"tab next field"}, []string{"←/→ status", "→ next status", "space defer all"}},
		{"on the box", []string{"right", "enter", "done", "tab"}, []string{"space defer all"}, []string{"←/→ status"}},
		{"at the confirmation", []string{"right", "enter", "done", "tab", "space", "enter"}, []string{"esc back to the form"}, []string{"esc cancel", "tab next field"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := run(form, c.keys...)
			got := offered(m)
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
