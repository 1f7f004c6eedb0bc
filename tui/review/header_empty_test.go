package review

import (
	"context"
	"strings"
	"testing"
)

// An incident with only alerts and notes has no review step: the header
// says so instead of "0/0 reviewed", which reads as a review done.
func TestTheHeaderOfAnIncidentWithNoStepsSaysThereIsNothingToReview(t *testing.T) {
	s := openFixtures(t)
	stream := `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-QUIET", "title": "Quiet", "severity": "sev4", "status": "open", "opened_at": "2026-03-01T09:00:00Z", "commander": "mara"}
{"record": "person", "id": "mara", "name": "Mara", "authority": "none"}
{"record": "event", "id": "N1", "at": "2026-03-01T09:05:00Z", "kind": "note", "actor": "mara", "summary": "looked, found nothing"}
`
	if _, err := s.ImportStream(context.Background(), "quiet.ndjson", strings.NewReader(stream), "test"); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, s, "mara", "INC-QUIET", 100, 20)
	header := strings.Join(strings.Split(screenText(a), "\n")[:2], "\n")
	if strings.Contains(header, "0/0") || !strings.Contains(header, "· no review steps ·") {
		t.Errorf("the header reads:\n%s", header)
	}
}
