package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What import says it stored reads as English: one agent, not "1 agents".
func TestImportCountsReadInTheSingularAndPlural(t *testing.T) {
	path := tempDB(t)
	doc := filepath.Join(t.TempDir(), "one.json")
	os.WriteFile(doc, []byte(`{"format": "signoff.incident/v1",
  "incident": {"id": "INC-1", "title": "t", "severity": "sev2", "status": "open", "opened_at": "2026-03-10T09:00:00Z", "commander": "alice"},
  "people": [{"id": "alice", "name": "Alice", "authority": "high"}],
  "agents": [{"id": "triage", "name": "Triage", "model": "m", "version": "1", "role": "triage"}],
  "assets": [{"id": "host-1", "kind": "host"}, {"id": "host-2", "kind": "host"}],
  "events": [{"id": "S1", "at": "2026-03-10T09:01:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "lookup", "target": "host-1"}}],
  "reviews": [{"subject": "S1", "reviewer": "alice", "at": "2026-03-10T10:00:00Z", "verdict": "none", "outcome_changed": "no", "ai_correct": "unknown"}]}`), 0o600)
	r := signoff(t, path, "", "import", doc)
	want := doc + ": imported INC-1 (1 agent, 2 assets, 1 event, 1 person, 1 review)\n"
	if r.stdout != want {
		t.Errorf("import printed\n%q\nwant\n%q (stderr %q)", r.stdout, want, r.stderr)
	}
	r = signoff(t, path, "", "import", doc, "../../fixtures/incidents/inc-2041-ide-extension-token-theft.json")
	if !strings.Contains(r.stderr, "signoff: 1 of 2 files was refused; nothing from it was imported\n") {
		t.Errorf("one file of two refused reads %q", r.stderr)
	}
}
