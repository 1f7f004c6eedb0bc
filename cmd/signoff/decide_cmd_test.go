package main

import (
	"strings"
	"testing"
)

// approve states an action: the AI's as suggested, or with --action-detail.
// A critical action's second approval approves the first approver's
// action, so when the first approval changed the detail, an approve that
// did not state that detail is refused, naming it, rather than recording
// two people behind an action the second never saw.
func TestASecondApprovalOnTheCommandLineApprovesOnlyWhatItStates(t *testing.T) {
	path := demoDB(t)
	changed := "Delete the GPU instance, its boot disk and every snapshot of the project"
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"alice gives the first approval with a changed detail", []string{"--as", "alice", "approve", "INC-2046/S4", "--rationale", "snapshot first", "--action-detail", changed},
			0, "first approval of INC-2046/S4 recorded by alice", ""},
		{"dave approving the action as the AI suggested it is refused", []string{"--as", "dave", "approve", "INC-2046/S4", "--rationale", "delete the miner"},
			2, "", `S4 of INC-2046 was first approved by alice at 2`},
		{"no decision was recorded", []string{"decisions"},
			0, "", ""},
		{"dave approving the changed detail, stated, makes it final", []string{"--as", "dave", "approve", "INC-2046/S4", "--rationale", "snapshots too", "--action-detail", changed},
			0, "recorded D-S4: modified INC-2046/S4 delete_resource → mining-vm (critical tier), owner dave, approved by alice and dave", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := signoff(t, path, "", s.args...)
			if r.code != s.code || !strings.Contains(r.stdout, s.stdout) || !strings.Contains(r.stderr, s.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", r.code, r.stdout, r.stderr, s.code, s.stdout, s.stderr)
			}
			if s.args[0] == "decisions" && strings.Contains(r.stdout, `"D-S4"`) {
				t.Fatalf("a refused approval was streamed: %s", r.stdout)
			}
		})
	}
}
