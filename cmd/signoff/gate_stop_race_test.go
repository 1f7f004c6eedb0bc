package main

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/spf13/cobra"
)

// stopAsItLands is a store where the gate is stopped (its context
// cancelled, as SIGTERM cancels it) at the moment a person's approval,
// made in another process, lands: after its first read of the call's step
// when readFirst is set (the gate read the approval), else during that
// read (the approval landed after its last look).
type stopAsItLands struct {
	*db.DB
	t         *testing.T
	path      string
	stop      context.CancelFunc
	readFirst bool
	fired     atomic.Bool
	read      atomic.Bool // the gate read the step; the stop comes after
}

func (s *stopAsItLands) Step(ctx context.Context, incident, id string) (model.Step, error) {
	if s.fired.Swap(true) {
		return s.DB.Step(ctx, incident, id)
	}
	decideIn(s.t, s.path, "--as", "priya", "approve", incident+"/"+id, "--rationale", "block it")
	if s.readFirst {
		st, err := s.DB.Step(ctx, incident, id)
		s.read.Store(true)
		return st, err
	}
	s.stop()
	return model.Step{}, ctx.Err()
}

// Roster is what the gate reads once it has the approval (to judge it):
// the stop comes after that read.
func (s *stopAsItLands) Roster(ctx context.Context, incident string) (model.Roster, error) {
	r, err := s.DB.Roster(ctx, incident)
	if s.read.Swap(false) {
		s.stop()
	}
	return r, err
}

// A gate stopped just as an approval lands answers as the record says:
// one that read the approval before the stop runs it, and nothing notes
// that its agent was told no; one stopped before it read it refuses the
// call, exits 2, says why, and notes that the approval was not run, so it
// never looks like one that ran or will run.
func TestAGateStoppedAsAnApprovalLandsAnswersAsTheRecordSays(t *testing.T) {
	cases := []struct {
		name      string
		readFirst bool
		refused   bool
		answer    string
		notes     []string
	}{
		{"the gate read the approval before the stop: it runs it", true, false,
			`"permissionDecision":"allow","permissionDecisionReason":"approved by priya: block it"`, nil},
		{"the approval landed after the gate's last look: not run, and noted", false, true,
			`"permissionDecision":"deny","permissionDecisionReason":"signoff could not record or decide this call: the gate was stopped as D-S-toolu_01Bash (approved by priya) on INC-7/S-toolu_01Bash landed, before it answered with it; it does not run it"`,
			[]string{"The gate waiting on S-toolu_01Bash was stopped as D-S-toolu_01Bash (approved by priya) landed, before it answered with it; agent claude (Claude Code) was told no, and D-S-toolu_01Bash was not run by this gate"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := gateDB(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			store, err := db.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			var out, errb syncBuffer
			a := &app{stdout: &out, stderr: &errb, person: "claude-hook",
				store: &stopAsItLands{DB: store, t: t, path: path, stop: cancel, readFirst: c.readFirst}}
			cmd := &cobra.Command{}
			cmd.SetContext(ctx)
			o := gateOptions{incident: "INC-7", agent: "claude", format: gate.ClaudeCode, mapPath: gateMap, wait: defaultWait}
			err = a.gate(cmd, o, []byte(golden(t, "claude-code/pretooluse-bash.json")))
			if refused := err != nil; refused != c.refused {
				t.Errorf("the gate ended with %v; want refused %v", err, c.refused)
			}
			if !strings.Contains(out.String(), c.answer) {
				t.Errorf("the gate answered %s\nwant it to contain %s", out.String(), c.answer)
			}
			if notes := gateNotes(t, path); strings.Join(notes, "\n") != strings.Join(c.notes, "\n") {
				t.Errorf("the gate's notes %q\nwant %q", notes, c.notes)
			}
			if r := signoff(t, path, "", "verify"); r.code != 0 {
				t.Errorf("verify: %s", r.stderr)
			}
		})
	}
}
