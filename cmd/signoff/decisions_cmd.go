package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/spf13/cobra"
)

// followPoll is how often --follow asks whether another process wrote.
const followPoll = 500 * time.Millisecond

// decisionsBatch bounds one read, so a long backlog streams in pieces.
const decisionsBatch = 500

func (a *app) decisionsCommand() *cobra.Command {
	var since int64
	var follow bool
	cmd := &cobra.Command{
		Use:   "decisions",
		Short: "Stream the decisions made in the queue as NDJSON, for the system that carries them out",
		Long: `Print one JSON line per final decision made in the queue (approve, reject,
defer, or the workstation):

  {"seq", "incident", "suggestion", "decision", "owner", "outcome", "action", "approvals", "at", "gated"}

gated is true for a call an agent asked for through signoff gate: the agent
runs it, and only when its gate answers allow (which it may not: a decision
made after the gate told its agent no, or one the gate's policy or mapping
refuses), so an executor must not carry out a line with "gated": true.

seq increases; an executor remembers the last seq it handled and resumes with
--since SEQ (0, the default, or more; a SEQ past the record's last entry is
refused, exit 1). Only approved and modified decisions carry an action to run.
First approvals awaiting a second person are not decisions and do not appear.
--follow keeps streaming new decisions until interrupted; while the
database cannot be reached (a server restarting) it says so once, waits,
and carries on from the last seq printed when it answers again.

A record that no longer holds the check this machine remembers of it (cut
short, or rewritten since) is not handed on: decisions prints no further
line and exits 1 naming what is missing, checked before each batch. After
restoring an older backup on purpose, "signoff verify --forget" accepts it;
an executor's --since may then name seqs the restored record reuses.`,
		Example: `  signoff decisions --since 1042 --follow`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if since < 0 {
				return model.Errorf(model.EINVALID, "--since is %d; a seq is 0 (from the first decision) or more", since)
			}
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			if err := sinceWithin(ctx, s, since); err != nil {
				return err
			}
			return a.streamDecisions(ctx, s, since, follow, heldDecisions(s))
		},
	}
	cmd.Flags().Int64Var(&since, "since", 0, "print decisions with a seq greater than SEQ")
	cmd.Flags().BoolVar(&follow, "follow", false, "keep printing new decisions until interrupted")
	return cmd
}

// decisionSource is what decisions reads: the queue's decisions, and the
// data version that moves when another process writes.
type decisionSource interface {
	DecisionsSince(ctx context.Context, since int64, limit int) ([]model.DecisionLine, error)
	DataVersion(ctx context.Context) (int64, error)
}

// streamDecisions prints the backlog, then with follow waits for the data
// version to move (a ticker, not a busy loop) and prints what is new. The
// version is read before each drain: a decision committed after the read
// moves it again, so it is printed by the next drain at the latest. Read
// after the drain, a decision committed in between would wait for some
// unrelated write.
//
// held, when not nil, is asked before each drain whether the record may
// be handed on; its error stops the stream before the drain prints.
func (a *app) streamDecisions(ctx context.Context, s decisionSource, since int64, follow bool, held func(context.Context) error) error {
	enc := json.NewEncoder(newSafeJSONWriter(a.stdout))
	enc.SetEscapeHTML(false)
	drain := func() error {
		if held != nil {
			if err := held(ctx); err != nil {
				return err
			}
		}
		for {
			lines, err := s.DecisionsSince(ctx, since, decisionsBatch)
			if err != nil {
				return err
			}
			for _, l := range lines {
				if err := enc.Encode(l); err != nil {
					return err
				}
				since = l.Seq
			}
			if len(lines) < decisionsBatch {
				return nil
			}
		}
	}
	if !follow {
		return drain()
	}
	version, err := s.DataVersion(ctx)
	if err != nil {
		return err
	}
	if err := drain(); err != nil {
		return err
	}
	// A store that cannot see later writes would print nothing more.
	if f, ok := s.(interface{ Frozen() string }); ok && f.Frozen() != "" {
		return model.Errorf(model.EFORBIDDEN, "cannot follow: %s", f.Frozen())
	}
	t := time.NewTicker(followPoll)
	defer t.Stop()
	away := &outage{w: a.stderr}
	for watching := false; ; watching = true {
		// A store that says when another process wrote (both engines do)
		// is heard at once; the ticker backs it up.
		var changed <-chan struct{}
		if w, ok := s.(model.ChangeWatcher); ok {
			changed = w.Changed()
			if !watching {
				a.noteUnheard(s)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-changed:
		}
		v, err := s.DataVersion(ctx)
		if err != nil {
			if ctx.Err() != nil || away.tolerate(err) {
				continue
			}
			return err
		}
		if v == version && !away.over() {
			continue
		}
		version = v
		if err := drain(); err != nil {
			if ctx.Err() != nil || away.tolerate(err) {
				continue
			}
			return err
		}
	}
}

// heldDecisions refuses to hand on the decisions of a record that does not
// hold what this machine last checked of it: cut short, an executor that
// resumes with --since would wait for seqs it already handled and take the
// decisions recorded over them for new; rewritten, what it carries out is
// not what was decided. Checked again before each drain of --follow, at
// the cost of what was appended since (memoryProblem).
func heldDecisions(s database) func(context.Context) error {
	return func(ctx context.Context) error {
		problem, err := memoryProblem(ctx, s, time.Now())
		if err != nil || problem == "" {
			return err
		}
		return model.Errorf(model.ETAMPERED, "no further decision is printed: %s", problem)
	}
}

// sinceWithin refuses a --since past the record's last entry: the
// executor handled a seq this record does not hold (it was cut short, or
// an older backup put in its place), and every decision recorded from now
// on up to that seq would be skipped without a word.
func sinceWithin(ctx context.Context, s database, since int64) error {
	entries, _, err := s.ChainHead(ctx)
	if err != nil || since <= entries {
		return err
	}
	return problemsError{fmt.Sprintf("--since %d is past the record's last entry, %d: the decisions recorded next would be skipped until one passes %d, so none is printed. Check the seq given; if it is one the executor handled, the record was cut short, or an older backup restored, since: signoff verify says which (signoff verify --forget accepts a backup restored on purpose), and the executor resumes from the last seq it handled that this record holds", since, entries, since)}
}
