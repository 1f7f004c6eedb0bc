package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// recordPinnedCall records, as the gate does, a medium block_ip call
// S-mcpr_pin of INC-2046 whose gate runs with policy fingerprint fp.
func recordPinnedCall(t *testing.T, store *db.DB, fp string) {
	t.Helper()
	req, err := gate.Decode(gate.OpenAIMCP, []byte(`{"id":"mcpr_pin","type":"mcp_approval_request","arguments":"{\"ip\":\"198.51.100.9\"}","name":"block_ip","server_label":"edr"}`))
	if err != nil {
		t.Fatal(err)
	}
	mapped := gate.Mapped{Action: model.Action{Type: "block_ip", Target: "198.51.100.9", Detail: "198.51.100.9"}, Rule: 1, DetailArg: "ip"}
	env := gate.NewEnvelope(gate.OpenAIMCP, req.Calls[0], mapped)
	env.Policy, env.PolicyName = fp, "/srv/ir/team.toml"
	doc, err := store.Document(context.Background(), "INC-2046")
	if err != nil {
		t.Fatal(err)
	}
	head, _ := json.Marshal(doc.Incident)
	sug, _ := json.Marshal(model.Event{ID: "S-mcpr_pin", At: clock, Kind: model.KindSuggestion, Agent: "triage",
		Action: &mapped.Action, Summary: "OpenAI Responses asks to run block_ip", RawOutput: env.String()})
	stream := `{"record": "incident", "format": "signoff.incident/v1", ` + string(head[1:]) + "\n" +
		`{"record": "asset", "id": "198.51.100.9", "kind": "ip", "summary": "the scanner"}` + "\n" +
		`{"record": "event", ` + string(sug[1:]) + "\n"
	if _, err := store.ImportGateStream(context.Background(), "gate", strings.NewReader(stream), "gate"); err != nil {
		t.Fatal(err)
	}
}

// A gated call is decided under its gate's policy only, so a queue
// running under another does not tell the person they can approve it
// alone (the decision would be refused): the detail names both policies,
// as the refusal does, and no decision key is offered.
func TestAGatedCallPinnedToAnotherPolicyIsNotOfferedForDecision(t *testing.T) {
	const other = "sha256:9f3c00000000000000000000000000000000000000000000000000000000abcd"
	mine := review.DefaultPolicy().Fingerprint()
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("under another policy at %dx%d", size[0], size[1]), func(t *testing.T) {
			store := openStore(t)
			recordPinnedCall(t, store, other)
			m := newTestModel(t, store, "tomas", size[0], size[1])
			selectKey(t, m, "INC-2046/S-mcpr_pin")
			checkFrame(t, m.View(), size[0], size[1])
			got := detailText(m)
			for _, want := range []string{
				`this came through the gate under policy "/srv/ir/team.toml" (sha256:9f3c00000000), so it is decided under that policy only`,
				`this queue runs under policy "default_policy.toml" (` + review.ShortFingerprint(mine) + `)`,
			} {
				if !strings.Contains(got, want) {
					t.Errorf("%dx%d: the detail lacks %q:\n%s", size[0], size[1], want, screen(m))
				}
			}
			if strings.Contains(got, "can approve this alone") {
				t.Errorf("%dx%d: the detail offers an approval the gate's policy pin refuses:\n%s", size[0], size[1], screen(m))
			}
			k := m.activeKeys()
			if k.Approve.Enabled() || k.Modify.Enabled() || k.Reject.Enabled() || k.Defer.Enabled() {
				t.Errorf("%dx%d: decision keys offered: approve %t modify %t reject %t defer %t", size[0], size[1],
					k.Approve.Enabled(), k.Modify.Enabled(), k.Reject.Enabled(), k.Defer.Enabled())
			}
			press(t, m, "a")
			if m.form != nil || !strings.Contains(m.status, "You cannot decide this: this came through the gate under policy") {
				t.Errorf("%dx%d: a pressed: form %v, footer %q", size[0], size[1], m.form != nil, m.status)
			}
		})
	}
	t.Run("under the gate's own policy the person's standing is shown", func(t *testing.T) {
		store := openStore(t)
		recordPinnedCall(t, store, mine)
		m := newTestModel(t, store, "tomas", 160, 48)
		selectKey(t, m, "INC-2046/S-mcpr_pin")
		if got := detailText(m); !strings.Contains(got, "you (tomas, medium) can approve this alone") || strings.Contains(got, "came through the gate under policy") {
			t.Errorf("the detail:\n%s", screen(m))
		}
		if !m.activeKeys().Approve.Enabled() {
			t.Error("approve is not offered under the gate's own policy")
		}
	})
}
