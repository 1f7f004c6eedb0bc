package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
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
	switch d := st.FinalDecision(); {
	case d != nil && (d.Outcome == model.OutcomeApproved || d.Outcome == model.OutcomeModified):
		x.Decision = d.ID
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
