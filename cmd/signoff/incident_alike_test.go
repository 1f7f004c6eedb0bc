package main

import (
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// oldIncidentPairDB is oldRecordDB with a second incident, "INC‐77" with a
// U+2010 hyphen, stored as a signoff from before imports refused incident
// ids that read alike would have.
func oldIncidentPairDB(t *testing.T) string {
	t.Helper()
	path := oldRecordDB(t)
	incidentAroundTheRule(t, path, model.Incident{ID: "INC\u201077", Title: "Decoy", Severity: model.Sev1,
		Status: model.StatusOpen, OpenedAt: time.Date(2026, 11, 1, 11, 0, 0, 0, time.UTC)})
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatalf("the incident stored around the rule does not verify: %s%s", r.stdout, r.stderr)
	}
	return path
}

// The incidents command keeps its table and, under it, spells out each
// incident id that reads like another, so a person can tell which to
// name on a command line.
func TestIncidentsSpellsOutIncidentIDsThatReadAlike(t *testing.T) {
	r := signoff(t, oldIncidentPairDB(t), "", "incidents")
	if r.code != 0 {
		t.Fatalf("incidents: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{`⚠ id INC\u201077 reads like INC-77`, `⚠ id INC-77 reads like INC\u201077`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("incidents does not say %q:\n%s", want, r.stdout)
		}
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "INC") && strings.Contains(l, "⚠") {
			t.Errorf("a table row carries the mark, which shifts its columns: %q", l)
		}
	}
}

// Export of either incident of a pair says on stderr that import will
// refuse it beside the other, and what moves both.
func TestExportOfAnIncidentWhoseIDReadsLikeAnotherSaysSo(t *testing.T) {
	r := signoff(t, oldIncidentPairDB(t), "", "export", "INC\u201077")
	if r.code != 0 {
		t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{`incident "INC‐77" (spelt "INC\u201077") reads like incident "INC-77"`,
		`"signoff import" will refuse this document`, `"signoff copy" moves the whole database as stored`} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("export's note lacks %q:\n%s", want, r.stderr)
		}
	}
}
