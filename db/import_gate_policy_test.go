package db

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// gatedSuggestion is a suggestion line with id id whose raw output is a
// gate envelope carrying the fingerprint fp of policy file name.
func gatedSuggestion(t *testing.T, id, at, fp, name string) string {
	t.Helper()
	env := gate.Envelope{Gate: gate.ClaudeCode, Outcomes: []model.Outcome{model.OutcomeApproved, model.OutcomeRejected},
		Policy: fp, PolicyName: name, Request: json.RawMessage(`{"tool_name":"Bash"}`)}
	line, err := json.Marshal(map[string]any{"record": "event", "id": id, "at": at, "kind": "suggestion", "agent": "triage",
		"action":    map[string]string{"type": "lookup", "target": "attacker-ip", "detail": "whois 198.51.100.23"},
		"rationale": "who owns it", "raw_output": env.String()})
	if err != nil {
		t.Fatal(err)
	}
	return string(line) + "\n"
}

// gatePinOf is the policy fingerprint a status change of INC-2046 is held
// to, as the check is handed it; the check refuses, so nothing is written.
func gatePinOf(t *testing.T, d *DB) string {
	t.Helper()
	var pin string
	_, err := d.ChangeStatus(context.Background(), model.StatusRequest{Incident: "INC-2046", Status: model.StatusContained, Person: "alice", Rationale: "x"},
		func(s model.StatusState) (model.StatusPlan, error) {
			pin = s.GatePolicy
			return model.StatusPlan{}, model.Errorf(model.EFORBIDDEN, "only looking")
		})
	if err == nil || !strings.Contains(err.Error(), "only looking") {
		t.Fatalf("status check: %v", err)
	}
	return pin
}

const (
	teamPrint = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
	weakPrint = "sha256:2222222222222222222222222222222222222222222222222222222222222222"
)

// The gate's fingerprint in a suggestion's envelope says which policy
// decides the incident's gated calls and status changes. A feed appending
// to a stored incident could otherwise pin a weak policy of its choosing
// (or one nobody holds, so no status change is ever allowed), or lift the
// gate's pin with a later S- suggestion of its own that carries none.
func TestOnlyTheGateWritesAPolicyFingerprintIntoAStoredIncident(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueue(t)
		if got := gatePinOf(t, d); got != "" {
			t.Fatalf("an incident the gate never served is pinned to %q", got)
		}
		if _, err := d.ImportGateStream(ctx, "the gate's request", strings.NewReader(storedHeader(t, d, "INC-2046")+
			gatedSuggestion(t, "S-toolu_g", "2026-03-01T11:00:00Z", teamPrint, "team.toml")), "gate"); err != nil {
			t.Fatal(err)
		}
		if got := gatePinOf(t, d); got != teamPrint {
			t.Fatalf("the gate's call pins %q; want its fingerprint", got)
		}

		t.Run("a feed's suggestion carrying a fingerprint is refused, and nothing of the file lands", func(t *testing.T) {
			before := stateOf(t, d)
			_, err := importStream(t, d, "feed.ndjson", storedHeader(t, d, "INC-2046")+
				gatedSuggestion(t, "S-toolu_x", "2026-03-01T11:05:00Z", weakPrint, "weak.toml"))
			wantError(t, err, model.EINVALID, "feed.ndjson line 2: suggestion S-toolu_x carries the approval gate's envelope with the fingerprint of a policy, and a stream appended to incident INC-2046 cannot write one")
			if after := stateOf(t, d); after != before {
				t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
			}
			if got := gatePinOf(t, d); got != teamPrint {
				t.Errorf("after the feed, the pin is %q; want the gate's", got)
			}
		})
		t.Run("a feed's later S- suggestion without one is appended, and the gate's pin holds", func(t *testing.T) {
			if _, err := importStream(t, d, "feed.ndjson", storedHeader(t, d, "INC-2046")+
				gatedSuggestion(t, "S-toolu_y", "2026-03-01T11:06:00Z", "", "")+
				strings.Replace(gatedCall, "S-toolu_1", "S-toolu_z", 1)); err != nil {
				t.Fatal(err)
			}
			if got := gatePinOf(t, d); got != teamPrint {
				t.Errorf("after the feed's suggestions, the pin is %q; want the gate's", got)
			}
		})
		t.Run("an incident imported whole keeps the fingerprints of its export", func(t *testing.T) {
			d.clock = func() time.Time { return queueDay }
			stream := strings.Replace(storedHeader(t, d, "INC-2046"), `"INC-2046"`, `"INC-9046"`, 1) +
				`{"record":"person","id":"alice","name":"Alice Moreau","role":"IR lead","team":"SecOps","authority":"high"}` + "\n" +
				`{"record":"agent","id":"triage","name":"Triage","model":"claude","version":"2026-11","role":"triage","operator":"alice"}` + "\n" +
				strings.Replace(gatedSuggestion(t, "S-toolu_g", "2026-11-25T09:00:00Z", teamPrint, "team.toml"), `"target":"attacker-ip",`, "", 1)
			if _, err := importStream(t, d, "whole.ndjson", stream); err != nil {
				t.Fatal(err)
			}
		})
	})
}
