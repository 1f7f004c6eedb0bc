package db

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// storedHeader is the stream line of a stored incident, as its export
// writes the incident: the line a stream appending to it starts with.
func storedHeader(t *testing.T, d *DB, id string) string {
	t.Helper()
	var doc struct {
		Incident json.RawMessage `json:"incident"`
	}
	if err := json.Unmarshal(exportOf(t, d, id), &doc); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, doc.Incident); err != nil {
		t.Fatal(err)
	}
	return `{"record": "incident", "format": "signoff.incident/v1", ` + b.String()[1:] + "\n"
}

// streamOfExport is an exported document as the same records in a stream,
// as import-format.md's jq line writes them.
func streamOfExport(t *testing.T, exported []byte) string {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(exported, &doc); err != nil {
		t.Fatal(err)
	}
	line := func(record string, obj json.RawMessage) string {
		var b bytes.Buffer
		if err := json.Compact(&b, obj); err != nil {
			t.Fatal(err)
		}
		return `{"record": "` + record + `", ` + b.String()[1:] + "\n"
	}
	out := strings.Replace(line("incident", doc["incident"]), `"record": "incident", `, `"record": "incident", "format": "signoff.incident/v1", `, 1)
	for _, l := range []struct{ list, record string }{{"people", "person"}, {"agents", "agent"}, {"assets", "asset"},
		{"evidence", "evidence"}, {"events", "event"}, {"reviews", "review"}, {"status_changes", "status"}} {
		var items []json.RawMessage
		if raw, ok := doc[l.list]; ok {
			if err := json.Unmarshal(raw, &items); err != nil {
				t.Fatal(err)
			}
		}
		for _, it := range items {
			out += line(l.record, it)
		}
	}
	return out
}

// noteLine is a stream line of a note by actor with the id of the gate's
// note on suggestion at at.
func noteLine(t *testing.T, suggestion, actor, summary string, at time.Time) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"record": "event", "id": gate.NoteID(suggestion, at), "at": at, "kind": "note",
		"actor": actor, "summary": summary})
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func gateEndedOn(t *testing.T, d *DB, incident, suggestion string) *model.GateEnd {
	t.Helper()
	pd, err := d.PendingDetail(context.Background(), incident, suggestion)
	if err != nil {
		t.Fatal(err)
	}
	return pd.Item.GateEnded
}

// The gate's notes say whether a gate still waits on a suggestion, and
// every reader goes by the latest: a feed appending to an incident a
// note written as the gate could make an item whose gate waits read as
// answered ("approve … runs nothing", while the gate runs what is
// approved), or one whose gate stopped read as live. Only the gate
// writes as the gate in a stored incident.
func TestAStreamAppendedToAnIncidentCannotSpeakForTheGate(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name  string
			ended bool // S6's gate noted that it stopped before the stream came
			line  func(t *testing.T) string
			want  string
		}{
			{"a note that the gate waiting on S5 stopped", false, func(t *testing.T) string {
				return noteLine(t, "S5", gate.NoteActor, gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			}, `more.ndjson line 2: note ` + gate.NoteID("S5", clock) + ` is written as "signoff gate", the name of the approval gate, and a stream appended to incident INC-2046 cannot speak for the gate: its notes say whether it still waits on a suggestion, so only the gate writes them there`},
			{"a note that a gate waits again on S6, whose gate stopped", true, func(t *testing.T) string {
				return noteLine(t, "S6", gate.NoteActor, gate.AskedAgainNote("S6", "triage", gate.LangChainHITL), clock.Add(time.Second))
			}, `more.ndjson line 2: note ` + gate.NoteID("S6", clock.Add(time.Second)) + ` is written as "signoff gate"`},
			{"a note written as a name that reads like the gate's", false, func(t *testing.T) string {
				return noteLine(t, "S5", "Signoff G\u0430te", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			}, `more.ndjson line 2: note ` + gate.NoteID("S5", clock) + ` is written as "Signoff Gаte" (spelt "Signoff G\u0430te"), which reads like "signoff gate", the name of the approval gate, and a stream appended`},
			{"a comms event written as the gate's name in full-width letters", false, func(t *testing.T) string {
				return `{"record": "event", "id": "C1", "at": "2026-03-01T12:00:00Z", "kind": "comms", "actor": "\uff53\uff49\uff47\uff4e\uff4f\uff46\uff46 \uff47\uff41\uff54\uff45", "summary": "x"}` + "\n"
			}, `more.ndjson line 2: comms C1 is written as "ｓｉｇｎｏｆｆ ｇａｔｅ" (spelt "\uff53\uff49\uff47\uff4e\uff4f\uff46\uff46 \uff47\uff41\uff54\uff45"), which reads like "signoff gate"`},
			{"a note written as the gate's name with a tab between its words", false, func(t *testing.T) string {
				return noteLine(t, "S5", "signoff\tgate", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			}, `which reads like "signoff gate", the name of the approval gate, and a stream appended`},
			{"a note written as the gate's name with an underscore between its words", false, func(t *testing.T) string {
				return noteLine(t, "S5", "signoff_gate", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			}, `which reads like "signoff gate", the name of the approval gate, and a stream appended`},
			{"a note written as the gate's name with its words run together", false, func(t *testing.T) string {
				return noteLine(t, "S5", "signoffgate", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			}, `which reads like "signoff gate", the name of the approval gate, and a stream appended`},
			{"a note written as the gate's name with a leading space and a zero-width space", false, func(t *testing.T) string {
				return noteLine(t, "S5", "\u0020signoff gate\u200b", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			}, `which reads like "signoff gate", the name of the approval gate, and a stream appended`},
			{"an execution written as the gate", false, func(t *testing.T) string {
				return `{"record": "event", "id": "X-S5", "at": "2026-03-01T12:00:00Z", "kind": "execution", "suggestion": "S5", "actor": "signoff gate", "result": "succeeded"}` + "\n"
			}, `more.ndjson line 2: execution X-S5 is written as "signoff gate"`},
		}
		for _, c := range cases {
			t.Run(c.name+" is refused", func(t *testing.T) {
				d := openQueue(t)
				if c.ended {
					noteGateEnd(t, d, "S6", gate.StoppedNote("S6", "triage", gate.LangChainHITL))
				}
				before := stateOf(t, d)
				_, err := importStream(t, d, "more.ndjson", storedHeader(t, d, "INC-2046")+c.line(t))
				wantError(t, err, model.EINVALID, c.want)
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
				for sug, ended := range map[string]bool{"S5": false, "S6": c.ended} {
					if got := gateEndedOn(t, d, "INC-2046", sug); (got != nil) != ended {
						t.Errorf("%s reads as gate ended %+v; want %v", sug, got, ended)
					}
				}
			})
		}
		t.Run("a note by another name with the id of the gate's note is appended and says nothing of the gate", func(t *testing.T) {
			d := openQueue(t)
			line := noteLine(t, "S5", "soar-feed", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
			if _, err := importStream(t, d, "more.ndjson", storedHeader(t, d, "INC-2046")+line); err != nil {
				t.Fatal(err)
			}
			if got := gateEndedOn(t, d, "INC-2046", "S5"); got != nil {
				t.Errorf("S5 reads as gate ended %+v after a note by the feed", got)
			}
		})
	})
}

// A new incident has no gate waiting on it in this database: its document,
// or a stream that creates it, is the export of a record, and carries the
// gate's notes as recorded, so an incident whose gate ended reads the same
// after export → import, by either route.
func TestANewIncidentCarriesTheGatesNotesOfItsExport(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		noteGateEnd(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL))
		noteGateAt(t, d, "S6", gate.StoppedNote("S6", "triage", gate.LangChainHITL), clock)
		noteGateAt(t, d, "S6", gate.AskedAgainNote("S6", "triage", gate.LangChainHITL), clock.Add(time.Second))
		exported := exportOf(t, d, "INC-2046")
		for _, route := range []string{"document", "stream"} {
			t.Run("as a "+route, func(t *testing.T) {
				second := openTest(t, samplesClock)
				var err error
				if route == "document" {
					_, err = second.ImportDocument(context.Background(), "export.json", bytes.NewReader(exported), "importer")
				} else {
					_, err = importStream(t, second, "export.ndjson", streamOfExport(t, exported))
				}
				if err != nil {
					t.Fatalf("the export does not import: %v", err)
				}
				if again := exportOf(t, second, "INC-2046"); !bytes.Equal(exported, again) {
					t.Errorf("export → import → export differs")
				}
				if got := gateEndedOn(t, second, "INC-2046", "S5"); got == nil || got.How != model.GateStopped {
					t.Errorf("S5 reads as gate ended %+v; want stopped, as in the source", got)
				}
				if got := gateEndedOn(t, second, "INC-2046", "S6"); got != nil {
					t.Errorf("S6 reads as gate ended %+v; want live, as in the source", got)
				}
			})
		}
	})
}
