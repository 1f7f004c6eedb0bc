package dbtest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// GatedCalls fills d, as signoff gate would, with incidents open
// incidents (INC-G0, INC-G1, …) holding per pending calls each:
// OpenAI MCP approval requests for block_ip, medium, suggestions
// S-mcpr_<incident>_<n> whose raw output is the gate's envelope around
// the whole call (an address and a note of noteBytes characters). The
// benchmarks of what reads gated calls back (signoff pending) use it.
func GatedCalls(d *db.DB, incidents, per, noteBytes int) error {
	at := time.Date(2026, 11, 1, 1, 0, 0, 0, time.UTC)
	ctx := context.Background()
	note := strings.Repeat("n", noteBytes)
	for i := 0; i < incidents; i++ {
		inc := fmt.Sprintf("INC-G%d", i)
		head := `{"record":"incident","format":"signoff.incident/v1","id":"` + inc + `","title":"gated calls","severity":"sev2","status":"open","opened_at":"2026-11-01T00:00:00Z","commander":"priya"}` + "\n" +
			`{"record":"person","id":"priya","name":"Priya","authority":"high"}` + "\n" +
			`{"record":"agent","id":"responder","name":"Responder","role":"remediation"}` + "\n"
		if _, err := d.ImportStream(ctx, inc, strings.NewReader(head), "bench"); err != nil {
			return err
		}
		var s strings.Builder
		s.WriteString(`{"record":"incident","format":"signoff.incident/v1","id":"` + inc + `","title":"gated calls","severity":"sev2","status":"open","opened_at":"2026-11-01T00:00:00Z","commander":"priya"}` + "\n")
		for n := 0; n < per; n++ {
			id := fmt.Sprintf("mcpr_%d_%d", i, n)
			args, _ := json.Marshal(map[string]string{"ip": fmt.Sprintf("198.51.%d.%d", n/250, n%250), "note": note})
			quoted, _ := json.Marshal(string(args))
			req, err := gate.Decode(gate.OpenAIMCP, []byte(`{"id":"`+id+`","type":"mcp_approval_request","name":"block_ip","server_label":"edr","arguments":`+string(quoted)+`}`))
			if err != nil {
				return err
			}
			mapped := gate.Mapped{Action: model.Action{Type: "block_ip", Detail: "block " + id}, Rule: 1}
			action := mapped.Action
			ev, err := json.Marshal(model.Event{ID: gate.SuggestionPrefix + id, At: at, Kind: model.KindSuggestion, Agent: "responder",
				Action: &action, Summary: "OpenAI Responses asks to run block_ip", RawOutput: gate.NewEnvelope(gate.OpenAIMCP, req.Calls[0], mapped).String()})
			if err != nil {
				return err
			}
			s.WriteString(`{"record": "event", ` + string(ev[1:]) + "\n")
		}
		if _, err := d.ImportGateStream(ctx, "gate", strings.NewReader(s.String()), "gate"); err != nil {
			return err
		}
	}
	return nil
}
