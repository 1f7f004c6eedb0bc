package main

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// gatePoll is how often a waiting gate reads the store's data version
// when the store cannot say when another connection wrote (it is no
// model.ChangeWatcher, or it is away): a decision reaches its gate
// within one interval.
const gatePoll = 50 * time.Millisecond

// gateRecheck is how often a gate whose store says when it was written
// reads the data version all the same. Each wake-up of a process costs
// about half a millisecond of CPU on a virtual machine (the threads the
// Go runtime wakes and puts back to sleep), whatever it then reads, so
// fifty gates polling every gatePoll took half a core doing nothing. A
// variable so a test can show a decision is heard without it.
var gateRecheck = 2 * time.Second

// await resolves every call: pre-authorised ones at once, the others when
// a decision lands or their deadline passes. The step is read only when
// another connection has written since the last look.
func (a *app) await(ctx context.Context, s database, p *review.Policy, o gateOptions, calls []*gated) error {
	for _, g := range calls {
		if g.preAuthorised {
			g.res = &gate.Resolution{Ending: gate.PreAuthorised, Ref: g.ref(o.incident), Policy: p.Name(), Class: g.class, Tier: g.tier}
		}
	}
	// The channel is taken before each read of the version, so a write
	// after the read closes it.
	changed := changes(s)
	a.noteUnheard(s)
	version, err := s.DataVersion(ctx)
	if err != nil {
		return err
	}
	timer := time.NewTimer(gatePoll)
	defer timer.Stop()
	// While the database cannot be reached the gate waits on, as its
	// agent does; it looks again once the database answers.
	away := &outage{w: a.stderr}
	for {
		err := a.look(ctx, s, p, o, calls)
		if err == nil {
			err = a.askAgain(ctx, s, p, o, calls)
		}
		if err != nil && ctx.Err() != nil {
			return a.stopped(s, o, unresolved(calls))
		}
		if err == nil {
			if len(unresolved(calls)) == 0 {
				return nil
			}
			err = a.expire(ctx, s, p, o, unresolved(calls))
			if err == nil && len(unresolved(calls)) == 0 {
				return nil
			}
		}
		if err != nil && !away.tolerate(err) {
			return err
		}
		if err != nil {
			if late := overdue(o, calls, err); late != nil {
				return late
			}
		}
		for {
			timer.Reset(pause(changed, away, calls))
			select {
			case <-ctx.Done():
				return a.stopped(s, o, unresolved(calls))
			case <-changed:
			case <-timer.C:
			}
			changed = changes(s)
			v, err := s.DataVersion(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return a.stopped(s, o, unresolved(calls))
				}
				if away.tolerate(err) {
					if late := overdue(o, calls, err); late != nil {
						return late
					}
					continue
				}
				return err
			}
			if away.over() || v != version || !soonest(calls).After(time.Now()) {
				version = v
				break
			}
		}
	}
}

// changes is the store's channel closed at its next write by another
// connection, nil when it has none.
func changes(s database) <-chan struct{} {
	if w, ok := s.(model.ChangeWatcher); ok {
		return w.Changed()
	}
	return nil
}

// pause is how long a gate sleeps before it reads the version again,
// unless the store says it was written sooner: the next deadline, at the
// latest.
func pause(changed <-chan struct{}, away *outage, calls []*gated) time.Duration {
	if changed == nil || away.away {
		return gatePoll
	}
	return max(0, min(gateRecheck, time.Until(soonest(calls))))
}

// overdue ends a wait whose deadline passed while the database could not
// be reached (err): the gate cannot note what the agent was told, but it
// does not outlive --wait, which would leave the answer to the framework's
// own timeout and permission rules. The call is refused; the suggestion
// has expired, so no approval can land after that.
func overdue(o gateOptions, calls []*gated, err error) error {
	now := time.Now()
	for _, g := range unresolved(calls) {
		if !now.Before(g.deadline) {
			return model.Errorf(model.EUNAVAILABLE, "no decision on %s could be read within %s: %s",
				g.ref(o.incident), gate.Duration(o.wait), model.ErrorMessage(err))
		}
	}
	return nil
}

func unresolved(calls []*gated) []*gated {
	var out []*gated
	for _, g := range calls {
		if g.res == nil {
			out = append(out, g)
		}
	}
	return out
}

func soonest(calls []*gated) time.Time {
	var t time.Time
	for _, g := range unresolved(calls) {
		if t.IsZero() || g.deadline.Before(t) {
			t = g.deadline
		}
	}
	return t
}

// look reads the step of each waiting call: a final decision answers it,
// as does an execution without one (something ran it already). A first
// approval of a critical action is not a decision; the gate waits on. An
// approval the queue would have refused (one imported, say, by an agent)
// answers it too, but is not run (gated.unfit).
func (a *app) look(ctx context.Context, s database, p *review.Policy, o gateOptions, calls []*gated) error {
	for _, g := range unresolved(calls) {
		st, err := s.Step(ctx, o.incident, g.id)
		if err != nil {
			return err
		}
		if d := st.FinalDecision(); d != nil {
			if d.Outcome == model.OutcomeApproved || d.Outcome == model.OutcomeModified {
				roster, err := s.Roster(ctx, o.incident)
				if err != nil {
					return err
				}
				g.unfit = review.Unfit(st, roster, p, d)
			}
			g.res = &gate.Resolution{Ending: gate.Decided, Decision: d, Ref: g.ref(o.incident)}
		} else if len(st.Executions) > 0 {
			g.res = &gate.Resolution{Ending: gate.CarriedOut, Execution: &st.Executions[0], Ref: g.ref(o.incident)}
		}
	}
	return nil
}

// askAgain notes, on each waiting call an earlier run recorded (the
// agent asks again under the same call id), that a gate waits on it
// again, so the queue shows it live whatever an earlier gate told the
// agent. A call whose deadline has passed is left to expire, which notes
// what it is told. A decision that landed first is read, and answers.
func (a *app) askAgain(ctx context.Context, s database, p *review.Policy, o gateOptions, calls []*gated) error {
	now, decided := time.Now(), false
	for _, g := range unresolved(calls) {
		if !g.exists || g.askedAgain || !now.Before(g.deadline) {
			continue
		}
		note := model.Event{ID: gate.NoteID(g.id, now), Kind: model.KindNote,
			Actor: gate.NoteActor, Summary: gate.AskedAgainNote(g.id, o.agent, o.format)}
		d, err := s.NoteUnanswered(ctx, o.incident, g.id, a.actor(), note)
		if err != nil {
			return err
		}
		g.askedAgain, g.noted = true, now
		decided = decided || d != nil
	}
	if decided {
		return a.look(ctx, s, p, o, calls)
	}
	return nil
}

// expire answers the calls whose deadline has passed: the record gets a
// note saying what the agent was told, unless a decision landed first, in
// which case that decision is the answer, judged as look judges one.
func (a *app) expire(ctx context.Context, s database, p *review.Policy, o gateOptions, waiting []*gated) error {
	now := time.Now()
	for _, g := range waiting {
		if now.Before(g.deadline) {
			continue
		}
		told := gate.ToldAskUser
		if o.format != gate.ClaudeCode {
			told = gate.ToldNo
		}
		note := gate.TimedOutNote(g.id, o.wait, o.agent, o.format, told)
		decided, err := a.noteUnanswered(ctx, s, o, g, note, gate.Resolution{Ending: gate.TimedOut, Ref: g.ref(o.incident), Wait: o.wait})
		if err == nil && decided {
			err = a.look(ctx, s, p, o, []*gated{g})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stopped answers what is still waiting when the gate is interrupted (the
// framework gave up on the hook): the record says the gate stopped, and
// the calls are refused.
func (a *app) stopped(s database, o gateOptions, waiting []*gated) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, g := range waiting {
		// A decision that landed first is not the answer either: the
		// gate was stopped, and refuses every call it has not answered.
		note := gate.StoppedNote(g.id, o.agent, o.format)
		if _, err := a.noteUnanswered(ctx, s, o, g, note, gate.Resolution{Ending: gate.TimedOut, Ref: g.ref(o.incident), Wait: o.wait}); err != nil {
			return err
		}
	}
	return model.Errorf(model.EINVALID, "the gate was stopped before a decision on %s", waiting[0].ref(o.incident))
}

// noteUnanswered notes what the agent is told and answers g with res,
// unless a decision landed first: then nothing is noted or answered, and
// decided is true.
func (a *app) noteUnanswered(ctx context.Context, s database, o gateOptions, g *gated, text string, res gate.Resolution) (decided bool, err error) {
	note := model.Event{ID: gate.NoteID(g.id, g.noteTime()), Kind: model.KindNote,
		Actor: gate.NoteActor, Summary: text}
	d, err := s.NoteUnanswered(ctx, o.incident, g.id, a.actor(), note)
	if err != nil || d != nil {
		return d != nil, err
	}
	g.res = &res
	return false, nil
}
