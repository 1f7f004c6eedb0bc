package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
	"github.com/spf13/cobra"
)

// gated is one call of a request on its way through the gate.
type gated struct {
	call   gate.Call
	mapped gate.Mapped
	id     string // the suggestion's id
	class  model.ActionClass
	tier   model.Tier
	// preAuthorised: a mapped low-tier action the agent may run at once.
	preAuthorised bool
	// exists: the suggestion was recorded by an earlier run (a retried hook).
	exists bool
	// unknownTarget is the target the mapping read that is no asset of
	// the incident; the action then names none.
	unknownTarget string
	// askedAgain: this run noted that it waits on that suggestion again,
	// at noted.
	askedAgain bool
	noted      time.Time
	// deadline is when the gate stops waiting: the suggestion's expiry.
	deadline time.Time
	res      *gate.Resolution
	// unfit: what makes the decision in res one the queue would have
	// refused under the policy; such a decision is not run.
	unfit []review.Finding
	// ran is a run the record already holds of the decided call (its
	// --result, or an executor that ran it): the decision is not run again.
	ran *model.Event
}

func (g *gated) ref(incident string) string { return incident + "/" + g.id }

// noteTime is when a note this run writes on the call is made: now, but
// past the millisecond of its earlier note, whose id it would take.
func (g *gated) noteTime() time.Time {
	now := time.Now()
	if !g.noted.IsZero() && now.UnixMilli() <= g.noted.UnixMilli() {
		now = g.noted.Add(time.Millisecond)
	}
	return now
}

// gateRequest records the request's calls and waits for their answers.
func (a *app) gateRequest(cmd *cobra.Command, o gateOptions, req gate.Request) ([]gate.Answer, error) {
	ctx := cmd.Context()
	if o.incident == "" {
		return nil, errNoIncident
	}
	s, p, err := a.openWithPolicy(ctx)
	if err != nil {
		return nil, err
	}
	mapping, err := a.loadMap(o.mapPath)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	calls, err := a.recordCalls(ctx, s, p, mapping, o, req, now)
	if err != nil {
		return nil, err
	}
	if err := a.await(ctx, s, p, o, calls); err != nil {
		return allowedAtOnce(req, calls), err
	}
	// Every call is answered: a stop from now on changes no answer, so
	// an approval read before it is run, and never noted as refused.
	ctx = context.WithoutCancel(ctx)
	roster, err := s.Roster(ctx, o.incident)
	if err != nil {
		return nil, err
	}
	assets := roster.Index().Assets
	answers := make([]gate.Answer, len(calls))
	for i, g := range calls {
		answers[i] = refuseRun(confine(refuseUnfit(gate.AnswerFor(req.Format, g.call, g.mapped, *g.res), g, p), g.asRead(mapping), mapping, p, assets), g)
	}
	return answers, nil
}

// errNoIncident is what an empty --incident most likely means.
var errNoIncident = model.Errorf(model.EINVALID, `--incident is empty; a hook that names it as "$SIGNOFF_INCIDENT" (docs/GATE.md) needs SIGNOFF_INCIDENT set where the agent starts`)

// allowedAtOnce answers the calls the policy pre-authorised, which the
// record says were allowed at once, and leaves the others unanswered
// (the zero Answer) for a wait that failed to refuse.
func allowedAtOnce(req gate.Request, calls []*gated) []gate.Answer {
	answers := make([]gate.Answer, len(calls))
	for i, g := range calls {
		if g.res != nil && g.res.Ending == gate.PreAuthorised {
			answers[i] = gate.AnswerFor(req.Format, g.call, g.mapped, *g.res)
		}
	}
	return answers
}

// recordCalls maps the calls and appends what is new in one import: the
// suggestions, and the executions of pre-authorised ones. Two gates
// recording the same call at once collide; the one that loses reads the
// record again and retries.
func (a *app) recordCalls(ctx context.Context, s database, p *review.Policy, mapping *gate.Mapping, o gateOptions, req gate.Request, now time.Time) ([]*gated, error) {
	for attempt := 0; ; attempt++ {
		calls, stream, err := a.planCalls(ctx, s, p, mapping, o, req, now)
		if err == nil {
			// Nothing is recorded, an execution of a pre-authorised
			// call least of all, where the call will not be answered.
			err = a.unsound()
		}
		if err != nil || stream == nil {
			return calls, err
		}
		_, err = s.ImportGateStream(ctx, "the gate's request for "+o.incident, bytes.NewReader(stream), a.actor())
		if err == nil || model.ErrorCode(err) != model.ECONFLICT || attempt == 2 {
			return calls, err
		}
	}
}

// planCalls maps each call and writes the stream that records them; the
// stream is nil when every call was recorded by an earlier run.
func (a *app) planCalls(ctx context.Context, s database, p *review.Policy, mapping *gate.Mapping, o gateOptions, req gate.Request, now time.Time) ([]*gated, []byte, error) {
	sum, err := s.IncidentSummary(ctx, o.incident)
	if err != nil {
		return nil, nil, err
	}
	if st := sum.Status; st != model.StatusOpen && st != model.StatusContained {
		return nil, nil, model.Errorf(model.EINVALID, "incident %s is %s; the gate records calls only in open or contained incidents", o.incident, st)
	}
	roster, err := s.Roster(ctx, o.incident)
	if err != nil {
		return nil, nil, err
	}
	idx := roster.Index()
	if _, ok := idx.Agents[o.agent]; !ok {
		return nil, nil, model.Errorf(model.EINVALID, "%s is not an agent of incident %s; record the agent first (an agent line imported with signoff import, see docs/GATE.md)", o.agent, o.incident)
	}
	var calls []*gated
	var lines []any
	batch, err := newBatchID()
	if err != nil {
		return nil, nil, err
	}
	for i, c := range req.Calls {
		g := &gated{call: c, mapped: mapping.Map(c), id: suggestionID(req.Format, c, batch, i), deadline: now.Add(o.wait)}
		// The gate adds no assets: an asset is the team's to record,
		// privileged or not, and assets are append-only, so one the agent's
		// call made would fix that id as unprivileged for good. A target
		// the incident does not hold is named in the suggestion's summary
		// and detail, and its action has none.
		var target *model.Asset
		if t := g.mapped.Action.Target; t != "" {
			if asset, ok := idx.Assets[t]; ok {
				target = &asset
			} else {
				g.unknownTarget, g.mapped.Action.Target = t, ""
			}
		}
		g.class, g.tier = p.Classify(g.mapped.Action, target)
		g.preAuthorised = g.mapped.PreAuthorisable() && g.tier == model.TierLow
		run, err := heldRun(ctx, s, o, g)
		if err != nil {
			return nil, nil, err
		}
		old, err := s.Event(ctx, o.incident, g.id)
		switch {
		case err == nil:
			if err := sameCall(old, g, o); err != nil {
				return nil, nil, err
			}
			g.exists = true
		case model.ErrorCode(err) != model.ENOTFOUND:
			return nil, nil, err
		case run != nil:
			return nil, nil, gateIDHeld(o.incident, run, fmt.Sprintf("the gate cannot record that it allowed %s, which the policy pre-authorises, so it does not allow it; nothing was recorded", g.ref(o.incident)))
		default:
			for _, e := range g.events(req.Format, o, p, now) {
				lines = append(lines, format.EventLine{Record: format.RecordEvent, Event: e})
			}
		}
		calls = append(calls, g)
	}
	if len(lines) == 0 {
		return calls, nil, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	head := format.IncidentLine{Record: format.RecordIncident, Format: model.FormatV1, Incident: sum.Recorded()}
	for _, l := range append([]any{head}, lines...) {
		before := b.Len()
		if err := enc.Encode(l); err != nil {
			return nil, nil, err
		}
		// A call's input is kept in its suggestion twice (the action's
		// detail and the raw output), escaped: a request well under
		// maxRequest can make a record no stream line may hold.
		if n := b.Len() - before - 1; n > format.MaxLine {
			return nil, nil, model.Errorf(model.EINVALID, "the request is too large to record: one of its calls would take a record of %d MiB, over the %d MiB a record may hold; nothing was recorded", n>>20, format.MaxLine>>20)
		}
	}
	return calls, b.Bytes(), nil
}

// events are the records of a new call: its suggestion and, when the
// policy pre-authorises it, its execution by the agent.
func (g *gated) events(f gate.Format, o gateOptions, p *review.Policy, now time.Time) []model.Event {
	action := g.mapped.Action
	env := gate.NewEnvelope(f, g.call, g.mapped)
	env.Policy, env.PolicyName = p.Fingerprint(), p.Name()
	sug := model.Event{ID: g.id, At: now, Kind: model.KindSuggestion, Agent: o.agent, Action: &action,
		Summary:   fmt.Sprintf("%s asks to run %s%s", f.Framework(), callWhere(g.call), g.onUnknown()),
		Rationale: g.mapped.Rationale, RawOutput: env.String()}
	if sug.Rationale == "" {
		sug.Rationale = g.call.Description
	}
	if !g.preAuthorised {
		sug.ExpiresAt = &g.deadline
		return []model.Event{sug}
	}
	run := model.Event{ID: gate.RunID(g.id), At: now, Kind: model.KindExecution, Suggestion: g.id, Actor: o.agent,
		Automated: true, Result: "unknown",
		Summary: fmt.Sprintf("allowed at once: pre-authorised by policy %s (%s is a %s-tier %s action); the agent runs it",
			p.Name(), action.Type, g.tier, g.class)}
	return []model.Event{sug, run}
}

// asRead is g with the target the mapping reads in the call, where the
// recorded action names none (a target that is no asset of the incident):
// a modification is judged against the call as asked, so one that moves
// the target where the mapping does not read it is still refused.
func (g *gated) asRead(mapping *gate.Mapping) *gated {
	if g.mapped.Action.Target != "" {
		return g
	}
	c := *g
	c.mapped.Action.Target = mapping.Map(g.call).Action.Target
	return &c
}

// onUnknown names, for the suggestion's summary, a target that is no
// asset of the incident.
func (g *gated) onUnknown() string {
	if g.unknownTarget == "" {
		return ""
	}
	return fmt.Sprintf(" on %s, not an asset of the incident", g.unknownTarget)
}

// heldRun is the record that holds the id of the run of a call the policy
// pre-authorises, nil when none does or the call is not pre-authorised.
// It is read before the call's suggestion: a gate recording the same call
// at once writes both in one transaction, so a run read here has its
// suggestion there when that is read next, and only a run with no
// suggestion is one the gate did not write (a stream wrote it before
// streams were kept out of the gate's ids).
func heldRun(ctx context.Context, s database, o gateOptions, g *gated) (*model.Event, error) {
	if !g.preAuthorised {
		return nil, nil
	}
	return heldGateID(ctx, s, o.incident, gate.RunID(g.id))
}

// heldGateID is the record of incident that holds id, one the gate gives
// its own records; nil when none does.
func heldGateID(ctx context.Context, s database, incident, id string) (*model.Event, error) {
	e, err := s.Event(ctx, incident, id)
	switch {
	case model.ErrorCode(err) == model.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &e, nil
}

// gateIDHeld says, as a conflict, that a record of incident holds held's
// id, which the gate gives one of its own records, and what follows
// (then): the gate writes nothing over it, and does not answer as if it
// had written.
func gateIDHeld(incident string, held *model.Event, then string) error {
	by := "naming nobody"
	for _, who := range []string{held.Actor, held.Agent, held.Owner, held.Source} {
		if who != "" {
			by = "by " + model.Quote(who)
			break
		}
	}
	return model.Errorf(model.ECONFLICT, "incident %s already holds %s (%s %s, at %s), the id the gate gives %s: %s",
		incident, held.ID, held.Kind, by, held.At.UTC().Format(time.RFC3339), gate.Reserved(held.ID), then)
}

// sameCall accepts a suggestion an earlier run of the gate recorded for
// this very call (a hook run again for the same tool_use_id) and refuses
// any other event that has the id.
func sameCall(old model.Event, g *gated, o gateOptions) error {
	env, ok := gate.EnvelopeOf(old.RawOutput)
	if old.Kind != model.KindSuggestion || old.Agent != o.agent || !ok || !bytes.Equal(env.Request, g.call.Raw) {
		return model.Errorf(model.ECONFLICT, "%s already exists and is not this call of agent %s; the framework reused a call id", g.ref(o.incident), o.agent)
	}
	// The first run decided how the call is answered: a suggestion
	// recorded with an expiry waits for a person even if the mapping has
	// changed since. One recorded without was allowed under the policy,
	// but a stream can record one too, so it is allowed again only when
	// the mapping and policy pre-authorise the call now as well.
	g.preAuthorised = g.preAuthorised && old.ExpiresAt == nil
	// The action is the one recorded: an asset recorded since may name
	// the target this run read, but decisions were made on the record's.
	if old.Action != nil {
		g.mapped.Action = *old.Action
	}
	if old.ExpiresAt != nil {
		g.deadline = *old.ExpiresAt
	}
	return nil
}

// suggestionID is the id a call's suggestion gets: S- and the framework's
// own id where it has a usable one, so a hook run again for the same call
// finds it; otherwise S-, a random batch id and the call's place. Usable
// means the ids made from it are valid too, the longest being the note of
// a wait that ran out: else the call would be recorded, then neither
// noted nor decided.
func suggestionID(f gate.Format, c gate.Call, batch string, i int) string {
	if id := "S-" + c.ID; c.ID != "" && model.ValidID(gate.NoteID(id, lastNoteTime)) && f != gate.LangChainHITL {
		return id
	}
	return fmt.Sprintf("S-%s-%d", batch, i+1)
}

// lastNoteTime has as many digits of milliseconds as any note's time
// will have (until the year 2286).
var lastNoteTime = time.UnixMilli(9999999999999)

func newBatchID() (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}
