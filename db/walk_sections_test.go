package db

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// The step walk reads the roster, the evidence and the verdicts through
// the derived tables' rows: a person's row deleted outside signoff made
// findings say "owner alice is not a known person" on every step she
// owned, exit 1 for those made-up errors and no warning. The pass beside
// the walk tallies each section's rows and the walk holds them to the
// entries the pass counted.
func TestAStepWalkHoldsEachSectionsRowsToTheChain(t *testing.T) {
	inc1 := " AND inc = (SELECT seq FROM incidents WHERE id = 'INC-1')"
	cases := []struct{ name, want string }{
		{"DELETE FROM people WHERE id = 'alice'" + inc1,
			"people INC-1: the derived tables hold 1 rows of the incident's people where its chain holds 2 entries"},
		{"DELETE FROM agents WHERE id = 'remediator'" + inc1,
			"agents INC-1: the derived tables hold 0 rows of the incident's agents where its chain holds 1 entries"},
		{"DELETE FROM assets WHERE id = 'deploy-bot'" + inc1,
			"assets INC-1: the derived tables hold 0 rows of the incident's assets where its chain holds 1 entries"},
		{"DELETE FROM events WHERE id = 'EV-1'" + inc1,
			"events INC-1: the derived tables hold 0 rows of the incident's evidence where its chain holds 1 entries"},
		{"DELETE FROM events WHERE id = 'N1'" + inc1,
			"events INC-1: the derived tables hold 6 rows of the incident's events where its chain holds 7 entries"},
		{"DELETE FROM reviews WHERE subject = 'S1'" + inc1,
			"reviews INC-1: the derived tables hold 0 rows of the incident's reviews where its chain holds 1 entries"},
		// A note's row swapped with the other incident's: the walk reads
		// neither, and the counts hold.
		{strings.Join(moveRow("events", "id", "N1", "event", "event", "N1", "INC-2"), "; "),
			"events INC-1: the derived tables' rows of the incident's events point at other entries than its chain holds"},
	}
	for _, c := range cases {
		inEachReadMode(t, c.name, func(t *testing.T) {
			// INC-1 recorded before INC-2: its verdict, its last record,
			// deleted ended the pass before its entry until the chain
			// was read by incident (chain_incident).
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			other := sampleDoc()
			other.Incident.ID = "INC-2"
			importDoc(t, d, other)
			tamper(t, d.Address(), strings.Split(c.name, "; ")...)
			if faults := walkFaults(t, d, "INC-1"); !faultSays(faults, c.want) {
				t.Errorf("the walk's faults: %v; want %q", faults, c.want)
			}
		})
	}
}

// inEachReadMode runs fn on each engine, with the pass over the incident
// beside the walk and in turn.
func inEachReadMode(t *testing.T, name string, fn func(t *testing.T)) {
	for _, beside := range []bool{true, false} {
		t.Run(fmt.Sprintf("%s, read beside: %v", name, beside), func(t *testing.T) {
			defer func() { readBeside = true }()
			readBeside = beside
			eachEngine(t, fn)
		})
	}
}

// walkFaults walks an incident's steps and gives the faults the walk met.
func walkFaults(t *testing.T, d *DB, incident string) []chain.Fault {
	t.Helper()
	pass, err := d.EachStepChecked(context.Background(), incident,
		func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return pass.Faults
}

// faultSays reports whether one of faults says want.
func faultSays(faults []chain.Fault, want string) bool {
	return slices.ContainsFunc(faults, func(f chain.Fault) bool { return strings.Contains(f.String(), want) })
}

// The intact incidents' walks note nothing: every section's rows are the
// entries the chain holds (after every kind of write signoff makes:
// cmd/signoff's TestFindingsHoldTheRowsTheyReadToTheChain).
func TestAStepWalkOfAnIntactIncidentNotesNoSection(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		other := sampleDoc()
		other.Incident.ID = "INC-2"
		importDoc(t, d, other)
		for _, incident := range []string{"INC-1", "INC-2"} {
			if faults := walkFaults(t, d, incident); len(faults) > 0 {
				t.Errorf("%s: the walk's faults: %v", incident, faults)
			}
		}
	})
}

// CheckIncident, the workstation's check of the incident it opens, holds
// the same rows to the chain, and finds nothing in an intact one.
func TestCheckIncidentHoldsEachSectionsRowsToTheChain(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		pass, err := d.CheckIncident(context.Background(), "INC-1")
		if err != nil || len(pass.Faults) > 0 || pass.Entries == 0 {
			t.Fatalf("intact: %d entries, faults %v, %v", pass.Entries, pass.Faults, err)
		}
		tamper(t, d.Address(), "DELETE FROM events WHERE id = 'N1'")
		pass, err = d.CheckIncident(context.Background(), "INC-1")
		want := "events INC-1: the derived tables hold 6 rows of the incident's events where its chain holds 7 entries"
		if err != nil || !faultSays(pass.Faults, want) {
			t.Errorf("faults %v, %v; want %q", pass.Faults, err, want)
		}
		if got := d.ReadFault(); !strings.Contains(got, want) {
			t.Errorf("the store's reads say %q, want %q", got, want)
		}
	})
}

// An incident's last entry moved to the incident after it (its incident
// column changed) and its row deleted left both sides of every count one
// short: findings, the report and every export passed it, exit 0 (a
// hostile review). The pass reads and checks the entry after its span,
// whose hash no longer matches.
func TestAnEntryMovedOutOfItsIncidentIsNoted(t *testing.T) {
	lastOf1 := "(SELECT max(seq) FROM chain WHERE incident = 'INC-1')"
	inEachReadMode(t, "the last verdict's entry moved to INC-2", func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		other := sampleDoc()
		other.Incident.ID = "INC-2"
		importDoc(t, d, other)
		tamper(t, d.Address(), "DELETE FROM reviews WHERE seq = "+lastOf1, "UPDATE chain SET incident = 'INC-2' WHERE seq = "+lastOf1)
		want := "its contents do not match its hash"
		if faults := walkFaults(t, d, "INC-1"); !faultSays(faults, want) {
			t.Errorf("the walk's faults: %v; want %q", faults, want)
		}
		var out bytes.Buffer
		if err := d.Export(context.Background(), "INC-1", &out); model.ErrorCode(err) != model.ETAMPERED {
			t.Errorf("the export returned %v", err)
		}
	})
}

// An index the section tallies name, dropped outside signoff, made every
// walk fail as an internal error (a hostile review): the tallies are
// counted without it, and the rows still held.
func TestAStepWalkHoldsItsRowsWithAnIndexDropped(t *testing.T) {
	for _, index := range []string{"events_time", "events_asset_evidence"} {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(), "DROP INDEX "+index)
		if faults := walkFaults(t, d, "INC-1"); len(faults) > 0 {
			t.Errorf("%s dropped: the walk's faults: %v", index, faults)
		}
		tamper(t, d.Address(), "DELETE FROM events WHERE id = 'N1'")
		want := "events INC-1: the derived tables hold 6 rows of the incident's events"
		if faults := walkFaults(t, d, "INC-1"); !faultSays(faults, want) {
			t.Errorf("%s dropped, a row deleted: the walk's faults: %v; want %q", index, faults, want)
		}
		if pass, err := d.CheckIncident(context.Background(), "INC-1"); err != nil || !faultSays(pass.Faults, want) {
			t.Errorf("%s dropped, a row deleted: CheckIncident: %v, %v", index, pass.Faults, err)
		}
	}
}

// A hand-off note's row deleted read as "no hand-off notes yet" (a
// hostile review): the workstation's check of the incident it opens holds
// the notes' rows to the chain too.
func TestCheckIncidentHoldsTheHandoffNotes(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		if _, err := d.AddHandoffNote(context.Background(), model.HandoffNote{Incident: "INC-1", By: "alice", Text: "over to you"}); err != nil {
			t.Fatal(err)
		}
		if pass, err := d.CheckIncident(context.Background(), "INC-1"); err != nil || len(pass.Faults) > 0 {
			t.Fatalf("intact: %v, %v", pass.Faults, err)
		}
		tamper(t, d.Address(), "DELETE FROM handoff_notes")
		pass, err := d.CheckIncident(context.Background(), "INC-1")
		want := "handoff_notes INC-1: the derived tables hold 0 rows of the incident's hand-off notes where its chain holds 1 entries"
		if err != nil || !faultSays(pass.Faults, want) {
			t.Errorf("faults %v, %v; want %q", pass.Faults, err, want)
		}
	})
}
