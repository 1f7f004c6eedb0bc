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

// findings and the report hold the rows they read the roster, the
// evidence and the verdicts through to the entries of the chain: a
// person's row deleted outside signoff made findings accuse her steps'
// owner of being no known person, with no warning. After every kind of
// write signoff makes (an approval, a rejection, a deferral, a verdict, a
// status change, a hand-off note), every incident still reads without
// one.
func TestFindingsHoldTheRowsTheyReadToTheChain(t *testing.T) {
	path := demoDB(t)
	for _, args := range [][]string{
		{"--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"},
		{"--as", "tomas", "reject", "INC-2046/S8", "--rationale", "not needed"},
		{"--as", "alice", "defer", "INC-2046/S6", "--rationale", "later"},
		{"--as", "mara", "annotate", "INC-2041/S1", "--verdict", "followed", "--outcome-changed", "no", "--ai-correct", "yes"},
		{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "held"},
		{"--as", "alice", "handoff", "INC-2046", "--note", "over to you"},
	} {
		if r := signoff(t, path, "", args...); r.code != 0 {
			t.Fatalf("%s: exit %d, %s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	for _, incident := range []string{"INC-2041", "INC-2042", "INC-2043", "INC-2044", "INC-2045", "INC-2046"} {
		for _, args := range [][]string{{"findings", incident}, {"report", incident, "--format", "json"}} {
			if r := signoff(t, path, "", args...); strings.Contains(r.stderr, "changed outside signoff") || r.code > 1 {
				t.Errorf("%s: exit %d, %s", strings.Join(args, " "), r.code, r.stderr)
			}
		}
	}
	tamperDB(t, path, "DELETE FROM people WHERE id = 'alice' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2046')")
	r := signoff(t, path, "", "findings", "INC-2046")
	want := "people INC-2046: the derived tables hold 4 rows of the incident's people where its chain holds 5 entries"
	if r.code != 1 || !strings.Contains(r.stderr, "warning: the record was changed outside signoff: ") || !strings.Contains(r.stderr, want) {
		t.Errorf("findings, a person's row deleted: exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
}

// The Timesketch and OCSF exports walk the record as findings does, and
// hold its rows to the chain the same way: a decision's row deleted left
// its line out, exit 0, nothing on stderr (a hostile review).
func TestTheTimelineExportsHoldTheRowsTheyReadToTheChain(t *testing.T) {
	for _, format := range []string{"timesketch", "ocsf"} {
		path := demoDB(t)
		tamperDB(t, path, "DELETE FROM events WHERE id = 'D1' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2041')")
		r := signoff(t, path, "", "export", "INC-2041", "--format", format)
		want := "events INC-2041: the derived tables hold"
		if r.code != 1 || !strings.Contains(r.stderr, "warning: the record was changed outside signoff: ") || !strings.Contains(r.stderr, want) {
			t.Errorf("export --format %s: exit %d, stderr %q; want exit 1 and %q", format, r.code, r.stderr, want)
		}
	}
}

// The status in force is chosen by the rows' times and read from the
// entry the row points at: two changes' rows with their seqs swapped
// outside signoff showed INC-2046 contained where the record says open
// again, no warning (a hostile review). The row in force is held to its
// entry.
func TestTheStatusInForceIsHeldToItsEntry(t *testing.T) {
	path := demoDB(t)
	for _, args := range [][]string{
		{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "held"},
		{"--as", "alice", "status", "INC-2046", "open", "--rationale", "again"},
	} {
		if r := signoff(t, path, "", args...); r.code != 0 {
			t.Fatalf("%s: %s", strings.Join(args, " "), r.stderr)
		}
	}
	tamperDB(t, path,
		"UPDATE status_changes SET seq = -1 WHERE id = 'ST-1'",
		"UPDATE status_changes SET seq = (SELECT seq FROM chain WHERE kind = 'status' AND subject = 'ST-1') WHERE id = 'ST-2'",
		"UPDATE status_changes SET seq = (SELECT seq FROM chain WHERE kind = 'status' AND subject = 'ST-2') WHERE seq = -1")
	want := "the row of the status change in force points at the entry of another change"
	for _, args := range [][]string{{"incidents"}, {"status", "INC-2046"}, {"pending"}} {
		r := signoff(t, path, "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
}

// A person's row renamed outside signoff let anyone write a hand-off note
// as the new name, where approve and annotate refused (a hostile review):
// the author is read from the record.
func TestAHandoffNoteIsNotWrittenAsARenamedRow(t *testing.T) {
	path := demoDB(t)
	tamperDB(t, path, "UPDATE people SET id = 'mallory' WHERE id = 'alice' AND inc = (SELECT seq FROM incidents WHERE id = 'INC-2046')")
	r := signoff(t, path, "", "--as", "mallory", "handoff", "INC-2046", "--note", "all clear")
	if r.code == 0 || !strings.Contains(r.stderr, "changed outside signoff") {
		t.Errorf("exit %d, stderr %q; want the note refused as the record changed", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "handoff", "INC-2046"); strings.Contains(r.stdout, "all clear") {
		t.Errorf("the note was recorded: %s", r.stdout)
	}
}
