package queue

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// The modify form starts from the AI's detail, which an attacker may
// write: a bidi override or an escape sequence in it must show as a marker
// in the input, never reach the terminal.
func TestTheModifyFormShowsTheAIsDetailSafely(t *testing.T) {
	item := model.PendingItem{Incident: "INC-1", Suggestion: "S1",
		Action: model.Action{Type: "block_ip", Target: "ip-1", Detail: "drop \u202egnp.exe\x1b]0;owned\a"}}
	f := NewForm(item, model.OutcomeApproved, true, nil)
	f.SetWidth(100)
	lines, _ := f.lines(tuitest.Common(nil, "", nil).Styles, 100)
	view := strings.Join(lines, "\n")
	for _, raw := range []string{"\u202e", "\x1b]0;", "\a"} {
		if strings.Contains(view, raw) {
			t.Errorf("the form shows %q raw:\n%q", raw, view)
		}
	}
	if !strings.Contains(view, "drop ") {
		t.Errorf("the form lost the detail:\n%s", view)
	}
}
