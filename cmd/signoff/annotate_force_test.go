package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// A feed whose clock runs a little fast (within the skew the import
// allows) can record a verdict timed after this machine's clock; a
// verdict recorded now is then not the one in force, and annotate says so.
func TestAnnotateSaysWhenALaterVerdictStaysInForce(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "export", "INC-2046")
	var doc model.Document
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("export: %v (%s)", err, r.stderr)
	}
	head, err := json.Marshal(format.IncidentLine{Record: format.RecordIncident, Format: model.FormatV1, Incident: doc.Incident})
	if err != nil {
		t.Fatal(err)
	}
	ahead := time.Now().UTC().Add(3 * time.Minute).Truncate(time.Second)
	review := `{"record": "review", "subject": "S1", "reviewer": "mara", "at": "` + ahead.Format(time.RFC3339) +
		`", "verdict": "ignored", "outcome_changed": "no", "ai_correct": "no", "note": "fast feed"}`
	if r := signoff(t, path, string(head)+"\n"+review+"\n", "import", "-"); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}

	r = signoff(t, path, "", "--as", "dave", "annotate", "INC-2046/S1", "--verdict", "followed", "--ai-correct", "yes")
	want := "the verdict is recorded but is not the one in force: the ignored verdict on INC-2046/S1 by mara is timed " +
		ahead.Format("2006-01-02 15:04:05") + " UTC, after this one"
	if r.code != 0 || !strings.Contains(r.stdout, "recorded followed on INC-2046/S1 by dave") || !strings.Contains(r.stderr, want) {
		t.Fatalf("annotate under a later verdict: exit %d, %q %q; want the warning %q", r.code, r.stdout, r.stderr, want)
	}
	r = signoff(t, path, "", "--as", "dave", "annotate", "INC-2046/S3", "--verdict", "followed", "--note", "checked")
	if r.code != 0 || strings.Contains(r.stderr, "not the one in force") {
		t.Fatalf("annotate with no later verdict: exit %d, %q", r.code, r.stderr)
	}
}
