package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// approvedByAgentFirst imports an approval owned by an agent (one the
// queue would refuse) just before the gate's note: a decision landing
// between the gate's last look and its wait running out.
type approvedByAgentFirst struct{ *db.DB }

func (s approvedByAgentFirst) NoteGate(ctx context.Context, incident, suggestion, actor string, choose func(*model.Event, []model.Event) *model.Event) (*model.Event, bool, error) {
	sug, err := s.Event(ctx, incident, suggestion)
	if err != nil {
		return nil, false, err
	}
	sum, err := s.IncidentSummary(ctx, incident)
	if err != nil {
		return nil, false, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.Encode(format.IncidentLine{Record: format.RecordIncident, Format: model.FormatV1, Incident: sum.Recorded()})
	enc.Encode(format.EventLine{Record: format.RecordEvent, Event: model.Event{ID: "D-" + suggestion, At: time.Now().UTC(),
		Kind: model.KindDecision, Suggestion: suggestion, Owner: "claude", Outcome: model.OutcomeApproved, Action: sug.Action,
		Rationale: "the agent approves itself", EvidenceReviewed: []string{"EV-1"}}})
	if _, err := s.ImportStream(ctx, "feed", &b, "feed"); err != nil {
		return nil, false, err
	}
	return s.DB.NoteGate(ctx, incident, suggestion, actor, choose)
}

// An approval the queue would refuse that lands as the wait runs out is
// not run: the gate answers with it only once it has judged it, as it
// judges one it finds while it waits.
func TestAnUnfitApprovalLandingAsTheWaitRunsOutIsNotRun(t *testing.T) {
	path := gateDB(t)
	ctx := context.Background()
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	src := approvedByAgentFirst{store}
	var out, errb syncBuffer
	a := &app{stdout: &out, stderr: &errb}
	req, err := gate.Decode(gate.ClaudeCode, []byte(golden(t, "claude-code/pretooluse-bash.json")))
	if err != nil {
		t.Fatal(err)
	}
	o := gateOptions{incident: "INC-7", agent: "claude", format: gate.ClaudeCode, wait: time.Millisecond}
	p := review.DefaultPolicy()
	calls, err := a.recordCalls(ctx, src, p, &gate.Mapping{}, o, req, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.await(ctx, src, p, o, calls); err != nil {
		t.Fatal(err)
	}
	g := calls[0]
	if g.res == nil || g.res.Ending != gate.Decided || len(g.unfit) == 0 {
		t.Errorf("the gate ended with %+v, unfit %v; want the agent's approval, judged unfit", g.res, g.unfit)
	}
}
