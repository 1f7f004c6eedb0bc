package picker

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// A large incident's counts are its most useful numbers: at 80 columns
// they show whole, with a blank between them, and the title gives way.
func TestLargeCountsShowWholeAndApart(t *testing.T) {
	p := New(tuitest.Common(nil, "mara", nil))
	p.SetSize(80, 24)
	p, _ = p.Update(incidentsMsg{list: []model.IncidentSummary{
		{Incident: model.Incident{ID: "SYN-1-1", Title: "Synthetic incident 1: exposed storage bucket", Severity: model.Sev1,
			Status: model.StatusOpen}, Reviewed: 71391, Subjects: 311708, Pending: 22132},
		{Incident: model.Incident{ID: "INC-7", Title: "Phished laptop", Severity: model.Sev3, Status: model.StatusClosed},
			Reviewed: 1, Subjects: 2},
	}})
	lines := strings.Split(ansi.Strip(p.View()), "\n")
	var big, small string
	for _, l := range lines {
		switch {
		case strings.Contains(l, "SYN-1-1"):
			big = l
		case strings.Contains(l, "INC-7"):
			small = l
		}
	}
	for _, want := range []string{"71391/311708 reviewed 22132 pending", "Synthetic"} {
		if !strings.Contains(big, want) {
			t.Errorf("the row does not show %q:\n%s", want, big)
		}
	}
	if !strings.Contains(small, "1/2 reviewed") || !strings.Contains(small, "0 pending") {
		t.Errorf("the small incident's row:\n%s", small)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("a line is wider than the screen: %q", l)
		}
	}
}

// An incident whose pending items include some whose gate already
// answered its agent says how many: those are pending, but deciding one
// runs nothing.
func TestThePendingCountSaysHowManyGatesEnded(t *testing.T) {
	p := New(tuitest.Common(nil, "mara", nil))
	p.SetSize(100, 24)
	p, _ = p.Update(incidentsMsg{list: []model.IncidentSummary{
		{Incident: model.Incident{ID: "INC-7", Title: "Credential stuffing", Severity: model.Sev2, Status: model.StatusOpen},
			Reviewed: 1, Subjects: 4, Pending: 3, PendingGateEnded: 2},
		{Incident: model.Incident{ID: "INC-8", Title: "Phished laptop", Severity: model.Sev3, Status: model.StatusOpen},
			Reviewed: 1, Subjects: 2, Pending: 1},
	}})
	view := ansi.Strip(p.View())
	if !strings.Contains(view, "3 pending (2 gate ended)") {
		t.Errorf("INC-7's row does not say 2 of its 3 pending items' gates ended:\n%s", view)
	}
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "INC-8") && (!strings.Contains(l, "1 pending") || strings.Contains(l, "gate ended")) {
			t.Errorf("INC-8's row, with no gate ended:\n%s", l)
		}
	}
}

// While the filter is typed the list already narrows, so the key line
// says what enter and esc do to it (docs/workstation.md: "enter keeps the
// filter, esc drops it"), not "enter find", which read as if nothing had
// been filtered yet.
func TestTheFilterKeyLineSaysEnterKeepsAndEscDrops(t *testing.T) {
	p := New(tuitest.Common(nil, "mara", nil))
	p.SetSize(80, 24)
	p, _ = p.Update(incidentsMsg{list: []model.IncidentSummary{
		{Incident: model.Incident{ID: "INC-7", Title: "Phished laptop", Severity: model.Sev3, Status: model.StatusClosed}},
		{Incident: model.Incident{ID: "INC-8", Title: "Leaked key", Severity: model.Sev1, Status: model.StatusOpen}},
	}})
	p, _ = p.Update(tuitest.Key("/"))
	for _, k := range tuitest.Read("sev1") {
		p, _ = p.Update(k)
	}
	view := ansi.Strip(p.View())
	if strings.Contains(view, "INC-7") || !strings.Contains(view, "INC-8") {
		t.Fatalf("typing sev1 did not narrow the list:\n%s", view)
	}
	lines := strings.Split(strings.TrimRight(view, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "enter keep filter") || !strings.Contains(last, "esc drop filter") {
		t.Errorf("while filtering the key line reads %q", last)
	}
}
