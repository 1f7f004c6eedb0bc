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
			return a.stopped(s, o, calls)
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
				return a.stopped(s, o, calls)
			case <-changed:
			case <-timer.C:
			}
			changed = changes(s)
			v, err := s.DataVersion(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return a.stopped(s, o, calls)
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
// approval that a stream appended (Resolution.Imported), or one the queue
// would have refused (gated.unfit), answers it too, but is not run: a
// stream can add people with any authority and name them as owner and
// approvers, so only a decision made in signoff lets the agent act.
func (a *app) look(ctx context.Context, s database, p *review.Policy, o gateOptions, calls []*gated) error {
	for _, g := range unresolved(calls) {
		st, err := s.Step(ctx, o.incident, g.id)
		if err != nil {
			return err
		}
		if d := st.FinalDecision(); d != nil {
			imported := false
			if d.Outcome == model.OutcomeApproved || d.Outcome == model.OutcomeModified {
				queued, err := s.DecidedInQueue(ctx, o.incident, d.ID)
				if err != nil {
					return err
				}
				roster, err := s.Roster(ctx, o.incident)
				if err != nil {
					return err
				}
				g.unfit, imported = review.Unfit(st, roster, p, d), !queued
			}
			g.res = &gate.Resolution{Ending: gate.Decided, Decision: d, Ref: g.ref(o.incident), Imported: imported}
			if len(st.Executions) > 0 {
				g.ran = &st.Executions[0]
			}
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
// which case that decision is the answer, judged as look judges one. Past
// the deadline no gate waits on the call, so a note that its wait ran out
// is written once: a framework asking again in a loop after it adds none.
func (a *app) expire(ctx context.Context, s database, p *review.Policy, o gateOptions, waiting []*gated) error {
	now := time.Now()
	for _, g := range waiting {
		if now.Before(g.deadline) {
			continue
		}
		told := gate.ToldNo
		if gate.AsksUser(o.format, g.tier) {
			told = gate.ToldAskUser
		}
		text := gate.TimedOutNote(g.id, o.wait, o.agent, o.format, told)
		at := g.noteTime()
		dec, _, err := s.NoteGate(ctx, o.incident, g.id, a.actor(), func(d *model.Event, notes []model.Event) *model.Event {
			if last := gate.Latest(notes, g.id); d != nil || last != nil && last.How == model.GateTimedOut && last.AskedUser == (told == gate.ToldAskUser) {
				return nil
			}
			return gateNote(g.id, at, text)
		})
		if err == nil && dec == nil {
			g.res = &gate.Resolution{Ending: gate.TimedOut, Ref: g.ref(o.incident), Wait: o.wait, Tier: g.tier}
		}
		if err == nil && dec != nil {
			err = a.look(ctx, s, p, o, []*gated{g})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stopped refuses what the gate has not answered when it is interrupted
// (the framework gave up on the hook): every call but those allowed at
// once, noted already, or carried out by something else. Each gets a
// note, written with what it reads in one transaction: that the agent was
// told no; that a decision landed before it but was not run, when one
// did, whether or not the gate had read it; and that another gate asked
// for the same call still waits, while one does (gate.Waiting), so the
// record does not mark a call answered that a gate will still answer.
func (a *app) stopped(s database, o gateOptions, calls []*gated) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var first, landed *gated
	var dec *model.Event
	for _, g := range calls {
		if g.res != nil && g.res.Ending != gate.Decided {
			continue
		}
		at := g.noteTime()
		// This gate is one gate.Waiting counts once it recorded the
		// call or noted that it waits on it again.
		counted := 0
		if !g.exists || g.askedAgain {
			counted = 1
		}
		d, _, err := s.NoteGate(ctx, o.incident, g.id, a.actor(), func(d *model.Event, notes []model.Event) *model.Event {
			others := at.Before(g.deadline) && gate.Waiting(notes, g.id) > counted
			return gateNote(g.id, at, gate.StoppedNoteFor(g.id, o.agent, o.format, d, others))
		})
		if err != nil {
			return err
		}
		if first == nil {
			first = g
		}
		if d != nil && landed == nil {
			landed, dec = g, d
		}
	}
	switch {
	case landed != nil:
		return model.Errorf(model.EINVALID, "the gate was stopped as %s (%s by %s) on %s landed, before it answered with it; it does not run it",
			dec.ID, dec.Outcome, dec.Owner, landed.ref(o.incident))
	case first == nil:
		return model.Errorf(model.EINVALID, "the gate was stopped before it answered")
	}
	return model.Errorf(model.EINVALID, "the gate was stopped before a decision on %s", first.ref(o.incident))
}

// gateNote is a note of the gate on suggestion, at.
func gateNote(suggestion string, at time.Time, text string) *model.Event {
	return &model.Event{ID: gate.NoteID(suggestion, at), Kind: model.KindNote, Actor: gate.NoteActor, Summary: text}
}
