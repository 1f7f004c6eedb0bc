package review

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// An incident with nothing to review (only alerts and notes) has no
// coverage to speak of: "0 of 0 (100%)" would claim a review that never
// happened, so the report says there was nothing to review.
func TestAReportOfAnIncidentWithNoStepsSaysSo(t *testing.T) {
	d := cleanDoc()
	d.Events = []model.Event{{ID: "N1", At: at(1), Kind: model.KindNote, Actor: "alice", Summary: "looked, found nothing"}}
	d.Reviews, d.StatusChanges = nil, nil
	mustValid(t, d)
	md := BuildReport(d, DefaultPolicy(), testChain).Markdown()
	for _, bad := range []string{"0 of 0", "(100%)"} {
		if strings.Contains(md, bad) {
			t.Errorf("the report says %q:\n%s", bad, md)
		}
	}
	_, coverage, _ := strings.Cut(md, "## Coverage")
	if !strings.Contains(md, "; nothing to review. Findings:") || !strings.HasPrefix(coverage, "\n\nNo review steps: nothing here needs a verdict.\n") {
		t.Errorf("the report does not say there was nothing to review:\n%s", md)
	}
}
