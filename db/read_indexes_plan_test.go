package db

import (
	"regexp"
	"testing"
)

// walksIncident matches a plan step that reads an incident's rows through
// an index led by inc alone, by inc and kind (up to the write or not), or
// by a range of answers: work in proportion to the whole incident, not to
// the rows written.
var walksIncident = regexp.MustCompile(`\((inc=\?|inc=\? AND kind=\?( AND rowid<\?)?|inc=\? AND suggestion>\?)\)$`)

// The refreshes after a write must cost what the write adds: a decision on
// an incident of a million rows read them all before "+inc" kept the
// planner on seq.
func TestRefreshesAfterAWriteReadOnlyTheRowsWritten(t *testing.T) {
	d := openTest(t)
	for _, c := range []struct {
		name string
		sql  string
		args []any
	}{
		{"the counts refresh reads only the rows written", refreshCountsSQL, []any{1, 2, false}},
		{"the facts refresh reads only the rows written and the suggestions they name", refreshFactsSQL, []any{1, 2}},
		{"the search index refresh reads only the rows written", indexTimelineSQL, []any{1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := d.sql.Query("EXPLAIN QUERY PLAN "+c.sql, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				if walksIncident.MatchString(detail) {
					t.Errorf("plan step %q walks the whole incident", detail)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
