package picker

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// Two incidents stored before imports refused ids that read alike show
// as one id; each row is marked, and the chosen one's ids are spelt out
// in escapes, within 80 columns.
func TestIncidentsWhoseIDsReadAlikeAreMarked(t *testing.T) {
	p := New(tuitest.Common(nil, "mara", nil))
	p.SetSize(80, 24)
	p, _ = p.Update(incidentsMsg{list: []model.IncidentSummary{
		{Incident: model.Incident{ID: "INC-2041", Title: "Token theft", Severity: model.Sev2, Status: model.StatusOpen}, ReadsLike: "INC\u20102041"},
		{Incident: model.Incident{ID: "INC\u20102041", Title: "Token theft", Severity: model.Sev2, Status: model.StatusOpen}, ReadsLike: "INC-2041"},
		{Incident: model.Incident{ID: "INC-7", Title: "Phished laptop", Severity: model.Sev3, Status: model.StatusClosed}},
	}})
	view := ansi.Strip(p.View())
	marked := 0
	for _, l := range strings.Split(view, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("a line is wider than the screen: %q", l)
		}
		if strings.Contains(l, "Token theft") && strings.Contains(l, "⚠") {
			marked++
		}
		if strings.Contains(l, "INC-7") && strings.Contains(l, "⚠") {
			t.Errorf("INC-7 reads like no other incident, yet is marked:\n%s", l)
		}
	}
	if marked != 2 {
		t.Errorf("%d of the 2 look-alike rows are marked:\n%s", marked, view)
	}
	if !strings.Contains(view, `⚠ id INC-2041 reads like INC\u20102041`) {
		t.Errorf("the chosen incident's ids are not spelt out:\n%s", view)
	}
}
