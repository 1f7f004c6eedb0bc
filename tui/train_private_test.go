package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
)

// A training run that hides the case (--anonymize) must not have the
// router name it over the screen: the audit chain's banner and the
// full-screen error say what they must in the run's pseudonyms (CASE,
// person-a), never the incident's id or who decided. The same run shown
// as recorded names them, so the test can tell.
func TestAnAnonymizedRunsBannerAndErrorsNameNoOneItHides(t *testing.T) {
	const named = "the record was changed outside signoff: entry 12 (decisions INC-7/D1): approved by alice (Alice Moreau); signoff verify checks the whole record"
	hidden := []string{"INC-7", "alice", "Alice", "Moreau"}
	for _, anonymize := range []bool{true, false} {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("anonymized %v at %dx%d", anonymize, size[0], size[1]), func(t *testing.T) {
				o := Options{Start: StartTraining}
				o.Training.Incident, o.Training.Anonymize = "INC-7", anonymize
				o.VerifyChain = func(context.Context) (string, error) { return named, nil }
				a := newTestAppWith(t, o, smallStore(t), reviewer, size[0], size[1])
				press(t, a, "space")
				banner := strings.Join(strings.Fields(screenText(a)), " ")
				if !strings.Contains(banner, "AUDIT CHAIN BROKEN") || !strings.Contains(banner, "entry 12") {
					t.Fatalf("the banner does not say which entry is broken:\n%s", screenText(a))
				}
				checkFrame(t, a.View(), size[0], size[1])

				drive(t, a, func() tea.Msg {
					return common.FatalMsg{Err: model.Errorf(model.ETAMPERED, "%s", "the timeline of INC-7: "+named)}
				})
				fatal := strings.Join(strings.Fields(screenText(a)), " ")
				if !strings.Contains(fatal, "signoff cannot go on") || model.ErrorCode(a.Err()) != model.ETAMPERED {
					t.Fatalf("no full-screen error keeping its code (%v):\n%s", a.Err(), screenText(a))
				}
				for _, h := range hidden {
					shown := strings.Contains(banner, h) || strings.Contains(fatal, h) || strings.Contains(model.ErrorMessage(a.Err()), h)
					if anonymize && shown {
						t.Errorf("the anonymized run shows %q:\n%s\n%s", h, banner, fatal)
					}
					if !anonymize && !shown {
						t.Errorf("the run shown as recorded hides %q", h)
					}
				}
				if anonymize && (!strings.Contains(banner, "CASE/D1") || !strings.Contains(fatal, "CASE/D1")) {
					t.Errorf("the anonymized run does not name the entry in its own terms:\n%s\n%s", banner, fatal)
				}
			})
		}
	}
}
