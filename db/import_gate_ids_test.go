package db

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// gatedCall is a suggestion with the id the gate gives Claude Code's call
// toolu_1, appended to INC-2046 by an ordinary stream: a suggestion's id
// is a feed's to choose.
const gatedCall = `{"record": "event", "id": "S-toolu_1", "at": "2026-03-01T11:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "lookup", "target": "attacker-ip", "detail": "whois 198.51.100.23"}, "rationale": "who owns it"}` + "\n"

// openGated is the queue's database with gatedCall appended to INC-2046.
func openGated(t *testing.T) *DB {
	t.Helper()
	d := openQueue(t)
	if _, err := importStream(t, d, "call.ndjson", storedHeader(t, d, "INC-2046")+gatedCall); err != nil {
		t.Fatal(err)
	}
	return d
}

// The gate writes P-, X- and N- records under ids made from its
// suggestion's, each once: a feed appending to a stored incident that
// took one first would make the gate refuse the call (a person's approval
// never acted on), or leave a record that reads as the gate's.
func TestAStreamAppendedToAnIncidentCannotTakeTheGatesIDs(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		fine := `{"record": "event", "id": "C9", "at": "2026-03-01T11:30:00Z", "kind": "comms", "actor": "soar-feed", "summary": "status page updated"}` + "\n"
		cases := []struct {
			name, line, want string
		}{
			{"an execution with the id of the call's pre-authorised run",
				`{"record": "event", "id": "P-S-toolu_1", "at": "2026-03-01T11:31:00Z", "kind": "execution", "suggestion": "S-toolu_1", "actor": "triage", "automated": true, "result": "unknown"}` + "\n",
				`more.ndjson line 3: execution P-S-toolu_1 has an id the approval gate keeps for the run of a call the policy pre-authorised (P-<suggestion>), and a stream appended to incident INC-2046 cannot take it: the gate writes each such id once, so a record holding one first would make the gate refuse the call, or would read as the gate's`},
			{"an execution with the id of the call's result",
				`{"record": "event", "id": "X-S-toolu_1", "at": "2026-03-01T11:31:00Z", "kind": "execution", "suggestion": "S-toolu_1", "actor": "triage", "automated": true, "result": "succeeded"}` + "\n",
				`more.ndjson line 3: execution X-S-toolu_1 has an id the approval gate keeps for the result of a call (X-<suggestion>)`},
			{"an alert with the id of the result of a call not yet made",
				`{"record": "event", "id": "X-S-toolu_2", "at": "2026-03-01T11:31:00Z", "kind": "alert", "source": "soar-feed", "summary": "x"}` + "\n",
				`more.ndjson line 3: alert X-S-toolu_2 has an id the approval gate keeps for the result of a call`},
			{"a note by another name with the id of the gate's note on the call",
				noteLine(t, "S-toolu_1", "soar-feed", "anything", clock),
				`more.ndjson line 3: note ` + gate.NoteID("S-toolu_1", clock) + ` has an id the approval gate keeps for its notes on a call (N-<suggestion>-<unix ms>)`},
			{"evidence with the id of the call's result, which events and evidence share",
				`{"record": "evidence", "id": "X-S-toolu_1", "kind": "log", "asset": "attacker-ip", "collected_at": "2026-03-01T11:31:00Z", "collected_by": "tomas", "summary": "x"}` + "\n",
				`more.ndjson line 3: evidence X-S-toolu_1 has an id the approval gate keeps for the result of a call`},
		}
		for _, c := range cases {
			t.Run(c.name+" is refused, and nothing of the file lands", func(t *testing.T) {
				d := openGated(t)
				before := stateOf(t, d)
				_, err := importStream(t, d, "more.ndjson", storedHeader(t, d, "INC-2046")+fine+c.line)
				wantError(t, err, model.EINVALID, c.want)
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
			})
		}
		t.Run("ids beside the gate's are appended: a feed's own suggestion and the execution X-S5 of its S5", func(t *testing.T) {
			d := openGated(t)
			// On INC-2046's day: an execution of S5 comes after S5, and an
			// import refuses times ahead of the store's clock.
			d.clock = func() time.Time { return queueDay }
			lines := strings.Replace(gatedCall, "S-toolu_1", "S-toolu_2", 1) +
				`{"record": "event", "id": "X-S5", "at": "2026-11-25T09:00:00Z", "kind": "execution", "suggestion": "S5", "actor": "soar-runner", "automated": true, "result": "succeeded"}` + "\n"
			if _, err := importStream(t, d, "more.ndjson", storedHeader(t, d, "INC-2046")+lines); err != nil {
				t.Fatal(err)
			}
		})
	})
}

// The gate's own import writes its ids in a stored incident, and an
// incident imported whole carries them as its export wrote them.
func TestTheGateWritesItsIDsAndANewIncidentCarriesThem(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openGated(t)
		ctx := context.Background()
		run := `{"record": "event", "id": "P-S-toolu_1", "at": "2026-03-01T11:31:00Z", "kind": "execution", "suggestion": "S-toolu_1", "actor": "triage", "automated": true, "result": "unknown"}` + "\n" +
			`{"record": "event", "id": "X-S-toolu_1", "at": "2026-03-01T11:32:00Z", "kind": "execution", "suggestion": "S-toolu_1", "actor": "triage", "automated": true, "result": "succeeded"}` + "\n"
		if _, err := d.ImportGateStream(ctx, "the gate's request", strings.NewReader(storedHeader(t, d, "INC-2046")+run), "gate"); err != nil {
			t.Fatalf("the gate's own import is refused: %v", err)
		}
		noteGateAt(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
		exported := exportOf(t, d, "INC-2046")
		for _, route := range []string{"document", "stream"} {
			t.Run("as a "+route, func(t *testing.T) {
				second := openTest(t, samplesClock)
				var err error
				if route == "document" {
					_, err = second.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer")
				} else {
					_, err = importStream(t, second, "export.ndjson", streamOfExport(t, exported))
				}
				if err != nil {
					t.Fatalf("the export does not import: %v", err)
				}
				if again := exportOf(t, second, "INC-2046"); !bytes.Equal(exported, again) {
					t.Errorf("export → import → export differs")
				}
			})
		}
	})
}

// A record holding the id of the gate's note, made before streams were
// kept out of the gate's ids (here: carried by an incident imported
// whole), does not stop the gate noting what its agent was told: the note
// takes the next millisecond no record holds, and reads as the gate's.
func TestTheGatesNoteStepsOverAnIDAlreadyTaken(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		exported := exportOf(t, openGated(t), "INC-2046")
		d := openTest(t)
		taken := streamOfExport(t, exported) +
			noteLine(t, "S-toolu_1", "soar-feed", "taken", clock) +
			noteLine(t, "S-toolu_1", "soar-feed", "taken too", clock.Add(time.Millisecond))
		asOfSamples(d, func() {
			if _, err := importStream(t, d, "before.ndjson", taken); err != nil {
				t.Fatal(err)
			}
		})
		note := model.Event{ID: gate.NoteID("S-toolu_1", clock), Kind: model.KindNote, Actor: gate.NoteActor,
			Summary: gate.StoppedNote("S-toolu_1", "triage", gate.ClaudeCode)}
		if dec, err := d.NoteUnanswered(ctx, "INC-2046", "S-toolu_1", "gate", note); err != nil || dec != nil {
			t.Fatalf("noting S-toolu_1: decision %v, err %v", dec, err)
		}
		got, err := d.Event(ctx, "INC-2046", gate.NoteID("S-toolu_1", clock.Add(2*time.Millisecond)))
		if err != nil || got.Actor != gate.NoteActor || got.Summary != note.Summary {
			t.Fatalf("the gate's note is not at the next free millisecond: %+v, %v", got, err)
		}
		if end := gateEndedOn(t, d, "INC-2046", "S-toolu_1"); end == nil || end.How != model.GateStopped {
			t.Errorf("S-toolu_1 reads as gate ended %+v; want stopped", end)
		}
		for _, at := range []time.Duration{0, time.Millisecond} {
			if kept, err := d.Event(ctx, "INC-2046", gate.NoteID("S-toolu_1", clock.Add(at))); err != nil || kept.Actor != "soar-feed" {
				t.Errorf("the record that held the id first: %+v, %v", kept, err)
			}
		}
	})
}
