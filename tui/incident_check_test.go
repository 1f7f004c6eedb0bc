package tui

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// The chain's check when the workstation starts goes through what was
// appended since the last whole check and compares no derived table: a
// person's row deleted since showed on the screens as the record. Opening
// an incident holds its rows to its part of the chain in the background,
// and the banner says what that found.
func TestOpeningAnIncidentHoldsItsRowsToTheChain(t *testing.T) {
	store := openFixtures(t)
	raw, err := sql.Open("sqlite", store.Address())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{
		"DROP TRIGGER people_no_delete",
		"DELETE FROM people WHERE id = 'alice' AND inc = (SELECT seq FROM incidents WHERE id = '" + testIncident + "')",
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	intact := func(context.Context) (string, error) { return "", nil }
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		a := newTestAppWith(t, Options{Incident: testIncident, VerifyChain: intact}, store, reviewer, size[0], size[1])
		drive(t, a, a.verifyChain())
		out := screenText(a)
		flat := strings.Join(strings.Fields(out), " ")
		if !strings.Contains(out, "⚠ AUDIT CHAIN BROKEN") || !strings.Contains(flat, "rows of the incident's people") {
			t.Errorf("%dx%d: no banner naming the people's rows:\n%s", size[0], size[1], out)
		}
		checkFrame(t, a.View(), size[0], size[1])
	}
}

// An intact incident opens with no banner, and the check runs once a run
// per incident, however often the incident is opened again.
func TestOpeningAnIntactIncidentShowsNoBanner(t *testing.T) {
	store := openFixtures(t)
	intact := func(context.Context) (string, error) { return "", nil }
	a := newTestAppWith(t, Options{Incident: testIncident, VerifyChain: intact}, store, reviewer, 80, 24)
	drive(t, a, a.verifyChain())
	if out := screenText(a); strings.Contains(out, "AUDIT CHAIN") {
		t.Errorf("a banner over an intact incident:\n%s", out)
	}
	if !a.checked[testIncident] || a.checkIncident(testIncident) != nil {
		t.Errorf("the incident's check would run again")
	}
}
