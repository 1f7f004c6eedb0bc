package db

import (
	"testing"

	"github.com/signoff/signoff/model"
)

// Refusals a hostile file drew that did not name its line, or named it
// badly.
func TestAStreamRefusalNamesTheLineAtFault(t *testing.T) {
	agents := `{"record": "agent", "id": "a1", "name": "A1", "role": "triage", "parent": "a2"}
{"record": "agent", "id": "a2", "name": "A2", "role": "triage", "parent": "a1"}
`
	cases := []struct{ name, text, want string }{
		{"agents whose parents loop name the first agent's line", feed + agents,
			"feed.ndjson line 10: agent a1: its parent chain loops back through a1"},
		{"a decision that answers an alert says an alert", feed +
			`{"record": "event", "id": "A1", "at": "2026-02-12T08:00:00Z", "kind": "alert", "summary": "s"}
{"record": "event", "id": "D8", "at": "2026-02-12T08:20:00Z", "kind": "decision", "suggestion": "A1", "owner": "bob", "outcome": "rejected"}
`, "feed.ndjson line 11: event D8: field \"suggestion\" names A1, which is an alert, not a suggestion"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				wantStreamRefused(t, "feed.ndjson", c.text, model.EINVALID, c.want)
			})
		})
	}
}
