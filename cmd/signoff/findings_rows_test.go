package main

import (
	"strings"
	"testing"
)

// findings read a step's rows with their step and took whatever entry
// each pointed at: a suggestion's row moved onto a person's entry printed
// findings about that person ("owner  is not a known person"), and one
// moved onto another suggestion's entry printed as if the record were
// intact, exit 0, no warning. Such a row is left out, and findings says
// the record does not verify and exits 1.
func TestFindingsSayWhenAStepsRowPointsAtAnotherEntry(t *testing.T) {
	cases := []struct {
		name  string
		stmts []string
		warn  string
	}{
		{"a suggestion's row moved onto a person's entry", []string{
			"UPDATE events SET seq = (SELECT seq FROM chain WHERE kind = 'person' AND subject = 'alice' AND incident = 'INC-2041') WHERE id = 'S1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
		}, `(people alice): a row of events points at it, but it is an entry of kind "person"`},
		{"two decisions' rows swapped", []string{
			"UPDATE events SET seq = -1 WHERE id = 'D1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
			"UPDATE events SET seq = (SELECT seq FROM chain WHERE kind = 'event' AND subject = 'D1' AND incident = 'INC-2041') WHERE id = 'D2' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
			"UPDATE events SET seq = (SELECT seq FROM chain WHERE kind = 'event' AND subject = 'D2' AND incident = 'INC-2041') WHERE seq = -1",
		}, `(events D1): a row filed under "S2" points at it, but its record answers "S1"`},
		// A hostile review: the flag that makes a row begin its step,
		// cleared, hid the step and every finding on it, exit 0.
		{"a suggestion's row no longer beginning its step", []string{
			"UPDATE events SET starts = 0 WHERE id = 'S1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
		}, `events INC-2041: 1 of the incident's 6 suggestions begin no step its rows name`},
		// A hostile review: an answer's column emptied made up a pending
		// suggestion and dropped the findings on the answer, exit 0.
		{"a decision's row no longer answering its suggestion", []string{
			"UPDATE events SET suggestion = NULL WHERE id = 'D1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
		}, `suggestions, decisions and executions are in no step its rows name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := demoDB(t)
			tamperDB(t, path, c.stmts...)
			for _, args := range [][]string{{"findings", "INC-2041"}, {"findings", "INC-2041", "--json"}} {
				r := signoff(t, path, "", args...)
				if r.code != 1 || !strings.Contains(r.stderr, "warning: the record was changed outside signoff: ") ||
					!strings.Contains(r.stderr, c.warn) {
					t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", strings.Join(args, " "), r.code, r.stderr, c.warn)
				}
				if strings.Contains(r.stdout, "alice") || strings.Contains(r.stdout, "not a known person") {
					t.Errorf("%s: findings about a record INC-2041 does not hold: %s", strings.Join(args, " "), r.stdout)
				}
			}
		})
	}
}

// The exports' walk met a record of a step no row begins (its first
// event's starts flag cleared, or an answer's suggestion cleared outside
// signoff) as an internal error, exit 2 (a hostile review): it is the
// record changed, said as such, exit 1.
func TestTimesketchExportSaysWhenNoRowBeginsAStep(t *testing.T) {
	for _, stmt := range []string{
		"UPDATE events SET starts = 0 WHERE id = 'S1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
		"UPDATE events SET suggestion = NULL WHERE id = 'D1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')",
	} {
		path := demoDB(t)
		tamperDB(t, path, stmt)
		r := signoff(t, path, "", "export", "INC-2041", "--format", "timesketch")
		if r.code != 1 || !strings.Contains(r.stderr, "warning: the record was changed outside signoff: ") || strings.Contains(r.stderr, "internal error") {
			t.Errorf("%s: export --format timesketch: exit %d, stderr %q; want exit 1 and the warning", stmt, r.code, r.stderr)
		}
	}
}
