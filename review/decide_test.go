package review

import (
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

var decideNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func decidePeople() map[string]*model.Person {
	return map[string]*model.Person{
		"alice": {ID: "alice", Name: "Alice", Authority: model.AuthorityHigh},
		"dave":  {ID: "dave", Name: "Dave", Authority: model.AuthorityHigh},
		"tomas": {ID: "tomas", Name: "Tomás", Authority: model.AuthorityMedium},
		"bob":   {ID: "bob", Name: "Bob", Authority: model.AuthorityLow},
	}
}

// decideState is a pending suggestion of an open incident: actionType on
// target (privileged when the name says so), asked of person.
func decideState(actionType, target, person string, outcome model.Outcome) model.DecisionState {
	conf := 0.9
	s := model.DecisionState{
		Request: model.DecideRequest{Incident: "INC-9", Suggestion: "S1", Person: person, Outcome: outcome,
			Rationale: "seen the audit log", Evidence: []string{"EV-1"}},
		Now:      decideNow,
		Incident: model.Incident{ID: "INC-9", Status: model.StatusOpen},
		Suggestion: model.Event{ID: "S1", Kind: model.KindSuggestion, At: decideNow.Add(-time.Hour), Agent: "remediator",
			Action: &model.Action{Type: actionType, Target: target, Detail: "as suggested"}, Confidence: &conf},
		Target: &model.Asset{ID: target, Kind: "host", Privileged: strings.HasPrefix(target, "priv-")},
	}
	s.Person = decidePeople()[person]
	s.IsAgent = person == "remediator"
	return s
}

func check(s model.DecisionState) (model.DecisionPlan, error) {
	return CheckDecision(DecisionInput{DecisionState: s, Policy: DefaultPolicy()})
}

func TestCheckDecisionRefuses(t *testing.T) {
	detail := func(s string) *string { return &s }
	tests := []struct {
		name     string
		state    func() model.DecisionState
		code     string
		contains []string
	}{
		{"a suggestion already decided names who decided it and when", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Decision = &model.Event{ID: "D-S1", Owner: "alice", At: decideNow.Add(-time.Minute), Outcome: model.OutcomeRejected}
			return s
		}, model.ECONFLICT, []string{"already decided by alice at 2026-11-25 08:59:00 UTC"}},
		{"a suggestion the person decided already says so, not who else", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Decision = &model.Event{ID: "D-S1", Owner: "tomas", At: decideNow.Add(-time.Minute), Outcome: model.OutcomeApproved}
			return s
		}, model.ECONFLICT, []string{"already decided by you (tomas) at 2026-11-25 08:59:00 UTC (approved as D-S1)", "that was this decision"}},
		{"the person's own decision of days ago is not taken for this attempt", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeDeferred)
			s.Decision = &model.Event{ID: "D-S1", Owner: "tomas", At: decideNow.Add(-72 * time.Hour), Outcome: model.OutcomeDeferred}
			return s
		}, model.ECONFLICT, []string{"already decided by you (tomas) at 2026-11-22 09:00:00 UTC (deferred as D-S1): nothing more is recorded"}},
		{"a suggestion an automation carried out is not pending", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Execution = &model.Event{ID: "X1", Actor: "soar-runner", At: decideNow}
			return s
		}, model.ECONFLICT, []string{"already carried out by soar-runner"}},
		{"an event that is not a suggestion cannot be decided", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Suggestion.Kind, s.Suggestion.Action = model.KindAlert, nil
			return s
		}, model.EINVALID, []string{"S1 of INC-9 is an alert"}},
		{"a resolved incident's suggestion is not in the queue", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Incident.Status = model.StatusResolved
			return s
		}, model.EINVALID, []string{"incident INC-9 is resolved"}},
		{"an agent can never decide", func() model.DecisionState {
			return decideState("block_ip", "ip-1", "remediator", model.OutcomeApproved)
		}, model.EFORBIDDEN, []string{"remediator is an AI agent"}},
		{"someone who is not a person of the incident cannot decide", func() model.DecisionState {
			return decideState("block_ip", "ip-1", "mallory", model.OutcomeApproved)
		}, model.EFORBIDDEN, []string{"mallory is not a person of incident INC-9"}},
		{"a decision without a rationale is refused", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Request.Rationale = "  \n"
			return s
		}, model.EINVALID, []string{"a rationale is required to approve S1 of INC-9"}},
		{"a rationale of invisible characters is no rationale", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Request.Rationale = "\u200b\x01\u2060\ufeff\u00a0"
			return s
		}, model.EINVALID, []string{"a rationale is required to approve S1 of INC-9"}},
		{"an action detail of invisible characters says nothing", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Request.ActionDetail = detail("\u200b")
			return s
		}, model.EINVALID, []string{"the changed action detail for S1 of INC-9 is empty"}},
		{"evidence the incident lacks is refused", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.UnknownEvidence = []string{"EV-9"}
			return s
		}, model.EINVALID, []string{"has no evidence EV-9"}},
		{"an outcome that is not a decision is refused", func() model.DecisionState {
			return decideState("block_ip", "ip-1", "tomas", "maybe")
		}, model.EINVALID, []string{`"maybe" is not a decision`}},
		{"a rejection cannot change the action", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeRejected)
			s.Request.ActionDetail = detail("something else")
			return s
		}, model.EINVALID, []string{"only an approval can change the action"}},
		{"an action detail equal to the suggestion's is no modification", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Request.ActionDetail = detail("as suggested")
			return s
		}, model.EINVALID, []string{"is the one the AI suggested"}},
		{"medium authority cannot approve a high action and the refusal names person, authority and tier", func() model.DecisionState {
			return decideState("isolate_host", "web-1", "tomas", model.OutcomeApproved)
		}, model.EFORBIDDEN, []string{"tomas (authority medium) cannot approve S1 of INC-9", "a high action", "needs a person with authority high"}},
		{"low authority cannot reject a medium action", func() model.DecisionState {
			return decideState("block_ip", "ip-1", "bob", model.OutcomeRejected)
		}, model.EFORBIDDEN, []string{"bob (authority low) cannot reject", "a medium action", "authority medium or more"}},
		{"medium authority cannot give the first approval of a critical action", func() model.DecisionState {
			return decideState("delete_resource", "vm-1", "tomas", model.OutcomeApproved)
		}, model.EFORBIDDEN, []string{"a critical action, which needs two distinct people with authority high"}},
		{"medium authority cannot defer a critical action, and one person with high authority may", func() model.DecisionState {
			return decideState("delete_resource", "vm-1", "tomas", model.OutcomeDeferred)
		}, model.EFORBIDDEN, []string{"tomas (authority medium) cannot defer", "a critical action, and deferring one needs a person with authority high (approving one needs two)"}},
		{"medium authority cannot reject a critical action, and one person with high authority may", func() model.DecisionState {
			return decideState("delete_resource", "vm-1", "tomas", model.OutcomeRejected)
		}, model.EFORBIDDEN, []string{"tomas (authority medium) cannot reject", "a critical action, and rejecting one needs a person with authority high (approving one needs two)"}},
		{"an expired suggestion cannot be approved", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			exp := decideNow.Add(-time.Second)
			s.Suggestion.ExpiresAt = &exp
			return s
		}, model.EINVALID, []string{"expired at 2026-11-25 08:59:59 UTC", "the AI must suggest it again"}},
		{"a suggestion expiring exactly now cannot be approved", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			exp := decideNow
			s.Suggestion.ExpiresAt = &exp
			return s
		}, model.EINVALID, []string{"expired"}},
		{"the same person cannot give both approvals of a critical action", func() model.DecisionState {
			s := decideState("delete_resource", "vm-1", "alice", model.OutcomeApproved)
			s.FirstApproval = &model.PendingApproval{By: "alice", At: decideNow.Add(-time.Minute), Action: *s.Suggestion.Action}
			return s
		}, model.EFORBIDDEN, []string{"alice already gave the first approval", "second, different person"}},
		{"the second approval cannot approve a different action from the first", func() model.DecisionState {
			s := decideState("delete_resource", "vm-1", "dave", model.OutcomeApproved)
			s.FirstApproval = &model.PendingApproval{By: "alice", At: decideNow.Add(-time.Minute), Action: *s.Suggestion.Action}
			s.Request.ActionDetail = detail("snapshot first")
			return s
		}, model.EINVALID, []string{"first approved by alice", "the same action"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := check(tt.state())
			if err == nil {
				t.Fatalf("got plan %+v; want a refusal", plan)
			}
			if got := model.ErrorCode(err); got != tt.code {
				t.Errorf("code %s; want %s (%v)", got, tt.code, err)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("refusal %q does not say %q", err, c)
				}
			}
		})
	}
}

func TestCheckDecisionAllows(t *testing.T) {
	detail := "block at the edge only"
	tests := []struct {
		name      string
		state     func() model.DecisionState
		tier      model.Tier
		outcome   model.Outcome // of the final decision; "" when a first approval is recorded
		approvers []string
		action    string // detail of the decided action, "" for none
	}{
		{"medium authority approves a medium action alone", func() model.DecisionState {
			return decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
		}, model.TierMedium, model.OutcomeApproved, []string{"tomas"}, "as suggested"},
		{"an action detail turns the approval into a modification", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved)
			s.Request.ActionDetail = &detail
			return s
		}, model.TierMedium, model.OutcomeModified, []string{"tomas"}, detail},
		{"anyone known may approve a pre-authorised low action", func() model.DecisionState {
			return decideState("collect_evidence", "ip-1", "bob", model.OutcomeApproved)
		}, model.TierLow, model.OutcomeApproved, []string{"bob"}, "as suggested"},
		{"containment on a privileged asset needs the higher tier and high authority approves it", func() model.DecisionState {
			return decideState("block_ip", "priv-ip", "alice", model.OutcomeApproved)
		}, model.TierHigh, model.OutcomeApproved, []string{"alice"}, "as suggested"},
		{"the first approval of a critical action is recorded, awaiting a second", func() model.DecisionState {
			return decideState("delete_resource", "vm-1", "alice", model.OutcomeApproved)
		}, model.TierCritical, "", nil, ""},
		{"a second person completes a critical approval with both approvals", func() model.DecisionState {
			s := decideState("delete_resource", "vm-1", "dave", model.OutcomeApproved)
			s.FirstApproval = &model.PendingApproval{By: "alice", At: decideNow.Add(-time.Minute), Action: *s.Suggestion.Action, Rationale: "burning money"}
			return s
		}, model.TierCritical, model.OutcomeApproved, []string{"alice", "dave"}, "as suggested"},
		{"the second approval keeps the first approver's modification", func() model.DecisionState {
			s := decideState("delete_resource", "vm-1", "dave", model.OutcomeApproved)
			a := *s.Suggestion.Action
			a.Detail = "snapshot, then delete"
			s.FirstApproval = &model.PendingApproval{By: "alice", At: decideNow.Add(-time.Minute), Action: a, Outcome: model.OutcomeModified}
			return s
		}, model.TierCritical, model.OutcomeModified, []string{"alice", "dave"}, "snapshot, then delete"},
		{"a rejection of a critical action by one authorised person is final", func() model.DecisionState {
			return decideState("delete_resource", "vm-1", "alice", model.OutcomeRejected)
		}, model.TierCritical, model.OutcomeRejected, nil, ""},
		{"a rejection after a first approval is final and says what it overrides", func() model.DecisionState {
			s := decideState("delete_resource", "vm-1", "dave", model.OutcomeRejected)
			s.FirstApproval = &model.PendingApproval{By: "alice", At: decideNow.Add(-time.Minute), Action: *s.Suggestion.Action}
			return s
		}, model.TierCritical, model.OutcomeRejected, nil, ""},
		{"an expired suggestion can still be deferred", func() model.DecisionState {
			s := decideState("block_ip", "ip-1", "tomas", model.OutcomeDeferred)
			exp := decideNow.Add(-time.Hour)
			s.Suggestion.ExpiresAt = &exp
			return s
		}, model.TierMedium, model.OutcomeDeferred, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.state()
			plan, err := check(s)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Tier != tt.tier {
				t.Errorf("tier %s; want %s", plan.Tier, tt.tier)
			}
			if tt.outcome == "" {
				if plan.Decision != nil || plan.FirstApproval == nil {
					t.Fatalf("plan %+v; want a first approval only", plan)
				}
				if fa := plan.FirstApproval; fa.By != s.Request.Person || !fa.At.Equal(decideNow) || fa.Rationale != s.Request.Rationale {
					t.Errorf("first approval %+v", fa)
				}
				return
			}
			d := plan.Decision
			if d == nil || plan.FirstApproval != nil {
				t.Fatalf("plan %+v; want a final decision only", plan)
			}
			if d.ID != "D-S1" || d.Suggestion != "S1" || d.Owner != s.Request.Person || d.Outcome != tt.outcome || !d.At.Equal(decideNow) {
				t.Errorf("decision %+v", d)
			}
			var by []string
			for _, a := range d.Approvals {
				by = append(by, a.By)
			}
			if strings.Join(by, ",") != strings.Join(tt.approvers, ",") {
				t.Errorf("approvals by %v; want %v", by, tt.approvers)
			}
			if got := ""; d.Action != nil {
				if got = d.Action.Detail; got != tt.action {
					t.Errorf("action detail %q; want %q", got, tt.action)
				}
			} else if tt.action != "" {
				t.Errorf("no action; want detail %q", tt.action)
			}
			if err := d.Validate(); err != nil {
				t.Errorf("the decision would not import: %v", err)
			}
			if s.FirstApproval != nil && !strings.Contains(d.Detail, "first approval by alice") && !strings.Contains(d.Detail, "First approval by alice") {
				t.Errorf("detail %q does not record the first approval", d.Detail)
			}
		})
	}
}

func TestSortQueueOrdersLiveGatesFirstThenByTierRankAge(t *testing.T) {
	at := func(m int) time.Time { return decideNow.Add(time.Duration(m) * time.Minute) }
	items := []model.PendingItem{
		{Incident: "A", Suggestion: "low", Action: model.Action{Type: "lookup"}, Rank: 1, At: at(0)},
		{Incident: "A", Suggestion: "med-old-rank2", Action: model.Action{Type: "block_ip"}, Rank: 2, At: at(0)},
		{Incident: "A", Suggestion: "med-unranked", Action: model.Action{Type: "block_ip"}, At: at(-50)},
		{Incident: "B", Suggestion: "med-rank1-new", Action: model.Action{Type: "block_ip"}, Rank: 1, At: at(5)},
		{Incident: "B", Suggestion: "med-rank1-old", Action: model.Action{Type: "block_ip"}, Rank: 1, At: at(1)},
		{Incident: "B", Suggestion: "crit", Action: model.Action{Type: "wipe_host"}, Rank: 9, At: at(9)},
		{Incident: "B", Suggestion: "high-priv", Action: model.Action{Type: "block_ip", Target: "p"}, Target: &model.Asset{ID: "p", Privileged: true}, Rank: 3},
		{Incident: "A", Suggestion: "crit-gate-stopped", Action: model.Action{Type: "wipe_host"}, Rank: 1, At: at(-90),
			GateEnded: &model.GateEnd{How: model.GateStopped, At: at(-1)}},
		{Incident: "B", Suggestion: "low-gate-timed-out", Action: model.Action{Type: "lookup"}, Rank: 1, At: at(-90),
			GateEnded: &model.GateEnd{How: model.GateTimedOut, At: at(-1)}},
	}
	SortQueue(DefaultPolicy(), items)
	var got []string
	for _, it := range items {
		got = append(got, it.Suggestion+":"+string(it.Tier))
	}
	// An item whose gate stopped waiting comes after every live one.
	want := "crit:critical high-priv:high med-rank1-old:medium med-rank1-new:medium med-old-rank2:medium med-unranked:medium low:low " +
		"crit-gate-stopped:critical low-gate-timed-out:low"
	if strings.Join(got, " ") != want {
		t.Errorf("order\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

// lookAlikePeople are decidePeople with a Cyrillic "аlice" (authority
// high) stored beside alice before such ids were refused, and the twins
// the store finds.
func lookAlikePeople() (map[string]*model.Person, model.Twins) {
	people := decidePeople()
	people["\u0430lice"] = &model.Person{ID: "\u0430lice", Name: "Alice", Authority: model.AuthorityHigh}
	return people, model.Twins{"alice": "alice", "\u0430lice": "alice"}
}

func TestStandingSaysWhatThePersonMayDo(t *testing.T) {
	people, twins := lookAlikePeople()
	item := func(tier model.Tier, first string) model.PendingItem {
		it := model.PendingItem{Incident: "INC-9", Suggestion: "S1", Tier: tier}
		if first != "" {
			it.FirstApproval = &model.PendingApproval{By: first}
		}
		return it
	}
	tests := []struct {
		name, who string
		agent     bool
		item      model.PendingItem
		want      string
	}{
		{"a medium analyst on a high action", "tomas", false, item(model.TierHigh, ""), "you (tomas, medium) cannot approve this alone"},
		{"a medium analyst on a critical action", "tomas", false, item(model.TierCritical, ""), "you (tomas, medium) cannot approve or reject this"},
		{"a lead on a medium action", "alice", false, item(model.TierMedium, ""), "you (alice, high) can approve this alone"},
		{"a lead on a fresh critical action", "alice", false, item(model.TierCritical, ""), "first of the two approvals"},
		{"the first approver", "alice", false, item(model.TierCritical, "alice"), "gave the first approval"},
		{"a second lead", "dave", false, item(model.TierCritical, "alice"), "second approval"},
		{"a look-alike of the first approver", "\u0430lice", false, item(model.TierCritical, "alice"),
			`you ("аlice" (spelt "\u0430lice"), high) read like alice, who gave the first approval; a second person whose id reads differently must approve`},
		{"an agent", "remediator", true, item(model.TierLow, ""), "are an AI agent"},
		{"a stranger", "mallory", false, item(model.TierLow, ""), "not a person of INC-9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Standing(tt.who, people[tt.who], tt.agent, tt.item, twins, decideNow)
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q; want it to say %q", got, tt.want)
			}
		})
	}
}

func TestAllowedDisablesWhatWouldBeRefused(t *testing.T) {
	people, twins := lookAlikePeople()
	past := decideNow.Add(-time.Minute)
	tests := []struct {
		name            string
		who             string
		item            model.PendingItem
		approve, reject bool
	}{
		{"a lead may do anything with a high action", "alice", model.PendingItem{Tier: model.TierHigh}, true, true},
		{"a medium analyst may do nothing with a high action", "tomas", model.PendingItem{Tier: model.TierHigh}, false, false},
		{"nobody approves an expired suggestion", "alice", model.PendingItem{Tier: model.TierMedium, ExpiresAt: &past}, false, true},
		{"the first approver may only reject", "alice", model.PendingItem{Tier: model.TierCritical, FirstApproval: &model.PendingApproval{By: "alice"}}, false, true},
		{"a second lead may approve", "dave", model.PendingItem{Tier: model.TierCritical, FirstApproval: &model.PendingApproval{By: "alice"}}, true, true},
		{"a look-alike of the first approver may only reject", "\u0430lice", model.PendingItem{Tier: model.TierCritical, FirstApproval: &model.PendingApproval{By: "alice"}}, false, true},
		{"a stranger may do nothing", "mallory", model.PendingItem{Tier: model.TierLow}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, r := Allowed(people[tt.who], false, tt.item, twins, decideNow)
			if a != tt.approve || r != tt.reject {
				t.Errorf("approve %v reject %v; want %v %v", a, r, tt.approve, tt.reject)
			}
		})
	}
}

func TestGateEndedSaysWhatTheAgentWasToldAndWhy(t *testing.T) {
	at := time.Date(2026, 12, 2, 6, 40, 5, 0, time.UTC)
	for _, c := range []struct {
		name string
		end  model.GateEnd
		want string
	}{
		{"a stopped gate told its agent no", model.GateEnd{How: model.GateStopped, At: at},
			"The agent was told no at 2026-12-02 06:40:05 UTC (its gate stopped): a decision now records your call but runs nothing, unless the agent asks again under the same call id."},
		{"a wait that ran out told its agent no", model.GateEnd{How: model.GateTimedOut, At: at},
			"The agent was told no at 2026-12-02 06:40:05 UTC (its wait ran out): a decision now records your call but runs nothing, unless the agent asks again under the same call id."},
		{"Claude Code's agent was told to ask its user", model.GateEnd{How: model.GateTimedOut, At: at, AskedUser: true},
			"The agent was told to ask its user at 2026-12-02 06:40:05 UTC (its wait ran out): a decision now records your call but runs nothing, unless the agent asks again under the same call id."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := GateEnded(c.end); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
