package main

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

// wideIncident is an incident whose ids are wide characters, with one
// suggestion pending, so every table that lists it has a wide cell.
const wideIncident = `{"record":"incident","format":"signoff.incident/v1","id":"事件-一","title":"wide","severity":"sev3","status":"open","opened_at":"2026-11-30T08:00:00Z"}
{"record":"person","id":"ana","name":"Ana","authority":"high"}
{"record":"agent","id":"代理","name":"Bot","role":"triage"}
{"record":"event","id":"提案","at":"2026-11-30T08:01:00Z","kind":"suggestion","agent":"代理","action":{"type":"lookup"},"rationale":"why","confidence":0.5,"confidence_cue":"medium"}
`

// TestTablesLineUpWideIds checks that the incidents and pending tables
// start each column at the same terminal cell on every line: tabwriter
// counted runes, so a wide id pushed every column after it out of line.
func TestTablesLineUpWideIds(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, wideIncident, "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	for _, tc := range []struct {
		args   []string
		column string
	}{
		{[]string{"incidents"}, "TITLE"},
		{[]string{"pending"}, "AGE"},
	} {
		r := signoff(t, path, "", tc.args...)
		if r.code != 0 {
			t.Fatalf("%v: %s", tc.args, r.stderr)
		}
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		want := runewidth.StringWidth(lines[0][:strings.LastIndex(lines[0], tc.column)])
		wide := false
		for _, line := range lines[1:] {
			wide = wide || strings.Contains(line, "事件-一")
			i := strings.LastIndex(line, "  ") + 2
			if got := runewidth.StringWidth(line[:i]); got != want {
				t.Errorf("%v: the last column starts at cell %d in %q; %s at %d", tc.args, got, line, tc.column, want)
			}
		}
		if !wide {
			t.Errorf("%v lists no wide incident:\n%s", tc.args, r.stdout)
		}
	}
}
