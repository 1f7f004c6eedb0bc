package ocsf

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
)

// OCSF's Incident Finding has no status "reopened": a change from resolved
// or closed back to open reads New, as an incident nobody has picked up
// yet does. status_detail says it is a reopening, so a consumer of the
// normalised fields alone can tell the two apart.
func TestAReopeningSaysSoInItsStatusDetail(t *testing.T) {
	m := mapper()
	m.Incident.Commander = "alice"
	for _, tc := range []struct {
		from, to model.Status
		id       int
		detail   string
	}{
		{model.StatusClosed, model.StatusOpen, 1, "Reopened"},
		{model.StatusResolved, model.StatusOpen, 1, "Reopened"},
		{model.StatusResolved, model.StatusContained, 2, "Reopened"},
		{model.StatusContained, model.StatusOpen, 1, ""},
		{model.StatusOpen, model.StatusClosed, 5, ""},
		{model.StatusResolved, model.StatusClosed, 5, ""},
	} {
		t.Run(string(tc.from)+" to "+string(tc.to), func(t *testing.T) {
			c := &model.StatusChange{ID: "ST-2", Status: tc.to, By: "alice", At: at, Rationale: "seen again"}
			e, _ := m.Record(model.TimelineRecord{Status: c}, export.Context{Previous: tc.from})
			if *e.StatusID != tc.id || e.StatusDetail != tc.detail {
				t.Errorf("status %d, detail %q; want %d, %q", *e.StatusID, e.StatusDetail, tc.id, tc.detail)
			}
			b, err := e.AppendJSON(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); (tc.detail != "") != strings.Contains(got, `"status_detail":"Reopened"`) {
				t.Errorf("the JSON: %s", got)
			}
		})
	}
}
