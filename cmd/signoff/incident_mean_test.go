package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command that takes an incident id, given one that is not stored
// but reads like one that is ("INC‐77" with a U+2010 hyphen beside the
// stored "INC-77"), says which stored id it reads like, both spelt so
// they can be told apart, and exits as for any missing incident.
func TestACommandGivenAnIncidentIDThatReadsLikeAStoredOneNamesIt(t *testing.T) {
	path := tempDB(t)
	doc := filepath.Join(t.TempDir(), "inc.json")
	if err := os.WriteFile(doc, []byte(oldIncident), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, path, "", "import", doc); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	const typed = "INC\u201077"
	want := `there is no incident "INC‐77" (spelt "INC\u201077") in the database ` + path + `; "INC-77" is stored and reads like it`
	for _, args := range [][]string{
		{"review", typed},
		{"export", typed},
		{"findings", typed},
		{"report", typed},
		{"status", typed},
		{"handoff", typed},
		{"train", typed},
		{"pending", "--incident", typed},
		{"metrics", "--incident", typed},
		{"--as", "ana", "approve", typed + "/S1", "--rationale", "r"},
		{"--as", "ana", "reject", typed + "/S1", "--rationale", "r"},
		{"--as", "ana", "defer", typed + "/S1", "--rationale", "r"},
		{"--as", "ana", "annotate", typed + "/S1", "--verdict", "followed"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := signoff(t, path, "", args...)
			if r.code != 2 || !strings.Contains(r.stderr, want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, want)
			}
		})
	}
	r := signoff(t, path, "", "report", "INC-78")
	if r.code != 2 || strings.Contains(r.stderr, "reads like") || !strings.Contains(r.stderr, `"signoff incidents" lists the incidents it holds`) {
		t.Errorf("an id that reads like none: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
