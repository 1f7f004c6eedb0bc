package queue

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// A refusal shows whole under the form however little room there is, and
// the fields above give up lines to it without hiding the title or the
// line the person is on.
func TestAFormsRefusalShowsWholeAndKeepsTheFocusInView(t *testing.T) {
	var evidence []model.Evidence
	for i := 1; i <= 8; i++ {
		evidence = append(evidence, model.Evidence{ID: fmt.Sprintf("EV-%d", i), Kind: "log", Summary: "seen"})
	}
	refusal := "key SHA256:abc is listed in allowed_signers for mallory, not for tomas, so the decision to approve S5 of INC-2046 " +
		"was not recorded: policy team.toml takes only signatures by a key its roster lists for tomas; sign with yours, or ask whoever keeps allowed_signers to list it"
	for _, c := range []struct {
		name   string
		cursor int
		focus  string
	}{
		{"on the rationale", -1, "› done"},
		{"on the last evidence", 7, "▸ [ ] EV-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := NewForm(model.PendingItem{Incident: "INC-2046", Suggestion: "S5", Tier: model.TierMedium,
				Action: model.Action{Type: "block_ip", Target: "attacker-ip"}}, model.OutcomeApproved, false, evidence)
			f.SetWidth(80)
			f.rationale.SetValue("done")
			if c.cursor >= 0 {
				f.field, f.cursor = fieldEvidence, c.cursor
			}
			f.Refused(refusal)
			view := ansi.Strip(f.view(tuitest.Common(nil, "", nil).Styles, 80, 12))
			if n := strings.Count(view, "\n") + 1; n != 12 {
				t.Errorf("the form takes %d lines, want 12", n)
			}
			if !strings.Contains(strings.Join(strings.Fields(view), " "), refusal) {
				t.Errorf("the refusal is not whole:\n%s", view)
			}
			if !strings.HasPrefix(view, "APPROVE INC-2046/S5") || !strings.Contains(view, c.focus) {
				t.Errorf("the title or %q is out of view:\n%s", c.focus, view)
			}
		})
	}
}
