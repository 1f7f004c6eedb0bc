package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// gateResult records what ran after a gated Claude Code call: an execution
// by the agent, against the decision when there is one. A call that ran
// without an approval (the agent's user allowed it after "ask") is
// recorded too, naming the suggestion alone, which the findings then
// report: the record shows what actually happened.
func (a *app) gateResult(cmd *cobra.Command, o gateOptions, data []byte) error {
	if o.format != gate.ClaudeCode {
		return model.Errorf(model.EINVALID, "--result reads Claude Code's PostToolUse input; for %s, record what ran with an execution line through signoff import", o.format.Framework())
	}
	r, err := gate.DecodeClaudeResult(data)
	if err != nil {
		return err
	}
	if o.incident == "" {
		return errNoIncident
	}
	ctx := cmd.Context()
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	sum, err := s.IncidentSummary(ctx, o.incident)
	if err != nil {
		return err
	}
	id := suggestionID(o.format, r.Call, "", 0)
	st, err := s.Step(ctx, o.incident, id)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return model.Errorf(model.ENOTFOUND, "incident %s has no gated call %s: the PreToolUse hook did not record tool_use_id %s", o.incident, id, r.Call.ID)
	}
	if err != nil {
		return err
	}
	x := model.Event{ID: gate.ResultID(id), At: time.Now().UTC(), Kind: model.KindExecution, Actor: o.agent, Automated: true,
		Result: "succeeded", Summary: fmt.Sprintf("%s reported that %s ran", o.format.Framework(), callWhere(r.Call))}
	if r.Failed {
		x.Result = "failed"
		x.Summary = fmt.Sprintf("%s reported that %s failed", o.format.Framework(), callWhere(r.Call))
		x.Detail = r.Error
	}
	if sug := st.Suggestion; sug == nil || sug.Agent != o.agent {
		by := "no agent"
		if sug != nil {
			by = "agent " + sug.Agent
		}
		return model.Errorf(model.EINVALID, "%s/%s was suggested by %s, not %s: --agent must name the agent whose call ran; nothing was recorded", o.incident, id, by, model.Quote(o.agent))
	}
	switch d := st.FinalDecision(); {
	case d != nil && (d.Outcome == model.OutcomeApproved || d.Outcome == model.OutcomeModified):
		why, err := a.notRunBy(ctx, s, o, st, d, r.Call)
		if err != nil {
			return err
		}
		if why == "" {
			x.Decision = d.ID
			break
		}
		// What ran is not what the decision let run: it is recorded
		// as a run of the suggestion alone, which the findings report.
		x.Suggestion = id
		x.Summary += ", " + why
	case d != nil:
		x.Suggestion = id
		x.Summary += fmt.Sprintf(", although %s %s it", d.Owner, d.Outcome)
	case len(st.Executions) > 0:
		x.Suggestion = id // pre-authorised: the result of the run the gate allowed
	default:
		x.Suggestion = id
		x.Summary += ", with no decision in signoff"
	}
	// A call's result is recorded once: a second run for the same call,
	// or a record a stream wrote before streams were kept out of the
	// gate's ids, holds the id, and this result is not recorded.
	held, err := heldGateID(ctx, s, o.incident, x.ID)
	if err != nil {
		return err
	}
	if held != nil {
		return gateIDHeld(o.incident, held, fmt.Sprintf("the result of %s/%s is recorded once, under that id, so this one (%s) was not recorded", o.incident, id, x.Result))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(format.IncidentLine{Record: format.RecordIncident, Format: model.FormatV1, Incident: sum.Recorded()})
	enc.Encode(format.EventLine{Record: format.RecordEvent, Event: x})
	if _, err := s.ImportGateStream(ctx, "the gate's result for "+o.incident, &b, a.actor()); err != nil {
		return err
	}
	fmt.Fprintln(a.stderr, "signoff: "+safetext.Line(fmt.Sprintf("recorded %s/%s: %s", o.incident, x.ID, x.Result)).String())
	return nil
}

// notRunBy says why the call that ran (ran, from PostToolUse) is not the
// run approved decision d let happen, or "" when it is: the gate's
// answer, worked out again from the record as the gate works it out (the
// decision's policy and queue checks, and the mapping's reading of a
// changed call), must be allow, and ran must be the tool and input that
// answer allowed: the suggested call, or the changed input of a
// modification. The policy and mapping are this command's --policy and
// --map, which must be the gate's.
func (a *app) notRunBy(ctx context.Context, s database, o gateOptions, st model.Step, d *model.Event, ran gate.Call) (string, error) {
	env, ok := gate.EnvelopeOf(st.Suggestion.RawOutput)
	if !ok || env.Gate != gate.ClaudeCode || st.Suggestion.Action == nil {
		return fmt.Sprintf("but %s holds no call the gate recorded, so nothing shows that %s let it run", st.Suggestion.ID, d.ID), nil
	}
	asked, err := gate.Decode(env.Gate, env.Request)
	if err != nil || len(asked.Calls) != 1 {
		return fmt.Sprintf("but the call %s recorded cannot be read again, so nothing shows that %s let it run", st.Suggestion.ID, d.ID), nil
	}
	p, err := a.policy()
	if err != nil {
		return "", err
	}
	if env.Policy != "" && env.Policy != p.Fingerprint() {
		return fmt.Sprintf("but --result was given policy %s, not %s that its gate ran with, so it cannot tell whether the gate let %s run", model.Quote(p.Name()), model.Quote(env.PolicyName), d.ID), nil
	}
	mapping, err := a.loadMap(o.mapPath)
	if err != nil {
		return "", err
	}
	queued, err := s.DecidedInQueue(ctx, o.incident, d.ID)
	if err != nil {
		return "", err
	}
	roster, err := s.Roster(ctx, o.incident)
	if err != nil {
		return "", err
	}
	assets := roster.Index().Assets
	g := &gated{call: asked.Calls[0], id: st.Suggestion.ID,
		mapped: gate.Mapped{Action: *st.Suggestion.Action, DetailArg: env.DetailArgument},
		res:    &gate.Resolution{Ending: gate.Decided, Decision: d, Ref: o.incident + "/" + st.Suggestion.ID, Imported: !queued},
		unfit:  review.Unfit(st, roster, p, d)}
	var target *model.Asset
	if t, ok := assets[g.mapped.Action.Target]; ok {
		target = &t
	}
	g.class, g.tier = p.Classify(g.mapped.Action, target)
	answer := confine(refuseUnfit(gate.AnswerFor(env.Gate, g.call, g.mapped, *g.res), g, p), g.asRead(mapping), mapping, p, assets)
	if answer.Verdict != gate.Allow {
		return fmt.Sprintf("but its gate does not run %s (%s), so nothing approved what ran", d.ID, answer.Reason), nil
	}
	allowed := g.call.Input
	if answer.Input != nil {
		allowed = answer.Input
	}
	if ran.Tool != g.call.Tool || !sameInput(ran.Input, allowed) {
		return fmt.Sprintf("but what ran is not the call %s let run (%s with %s), so nothing approved it", d.ID, g.call.Tool, inputText(allowed)), nil
	}
	return "", nil
}

// sameInput reports whether two tool inputs are the same JSON value.
func sameInput(a, b map[string]any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

func inputText(in map[string]any) string {
	b, err := json.Marshal(in)
	if err != nil {
		return "an input that cannot be written"
	}
	return string(b)
}
