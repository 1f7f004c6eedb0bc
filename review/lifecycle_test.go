package review

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// statusState is INC-1 (commander alice) open, with S7 and S8 pending,
// changed by person to status.
func statusState(person string, status model.Status) model.StatusState {
	people := decidePeople()
	s := model.StatusState{
		Request:  model.StatusRequest{Incident: "INC-1", Status: status, Person: person, Rationale: "threat removed"},
		Now:      at(30),
		Incident: model.Incident{ID: "INC-1", Status: model.StatusOpen, Commander: "alice"},
		Current:  model.StatusOpen,
		Person:   people[person],
		IsAgent:  person == "remediator",
		Pending: []model.PendingRef{{ID: "S7", Action: model.Action{Type: "isolate_host", Target: "host-1"}},
			{ID: "S8", Action: model.Action{Type: "lookup"}}},
		NextID: "ST-1",
	}
	return s
}

// withDeferrals adds the state a deferral of each pending suggestion by the
// requester would find.
func withDeferrals(s model.StatusState) model.StatusState {
	s.Request.DeferPending = true
	for _, p := range s.Pending {
		ds := decideState(p.Action.Type, p.Action.Target, s.Request.Person, model.OutcomeDeferred)
		ds.Suggestion.ID, ds.Request.Suggestion = p.ID, p.ID
		ds.Incident = s.Incident
		s.Deferrals = append(s.Deferrals, ds)
	}
	return s
}

func TestCheckStatusChangeRefuses(t *testing.T) {
	cases := []struct {
		name  string
		state func() model.StatusState
		code  string
		says  string
	}{
		{"a status outside the four", func() model.StatusState { return statusState("alice", "done") },
			model.EINVALID, `"done" is not a status`},
		{"a change without rationale", func() model.StatusState {
			s := statusState("alice", model.StatusContained)
			s.Request.Rationale = "  "
			return s
		}, model.EINVALID, "a rationale is required to mark INC-1 contained"},
		{"a rationale of invisible characters", func() model.StatusState {
			s := statusState("alice", model.StatusContained)
			s.Request.Rationale = "\u200b\u200e"
			return s
		}, model.EINVALID, "a rationale is required to mark INC-1 contained"},
		{"an agent", func() model.StatusState { return statusState("remediator", model.StatusContained) },
			model.EFORBIDDEN, "remediator is an AI agent of incident INC-1; only a person can change its status"},
		{"a stranger", func() model.StatusState { return statusState("mallory", model.StatusContained) },
			model.EFORBIDDEN, "mallory is not a person of incident INC-1"},
		{"a medium analyst who is not the commander", func() model.StatusState { return statusState("tomas", model.StatusContained) },
			model.EFORBIDDEN, "tomas (authority medium) cannot change the status of INC-1: the policy lets its commander (alice) and people with authority high change it"},
		{"the status in force again", func() model.StatusState { return statusState("alice", model.StatusOpen) },
			model.EINVALID, "INC-1 is already open, as recorded at import"},
		{"a change timed before the change in force", func() model.StatusState {
			s := statusState("alice", model.StatusOpen)
			s.Current = model.StatusContained
			s.Latest = &model.StatusChange{ID: "ST-1", Status: model.StatusContained, By: "dave", At: at(31), Rationale: "gateway isolated"}
			return s
		}, model.ECONFLICT, "INC-1 cannot be marked open now: the status in force, contained (ST-1 by dave), is timed " + Stamp(at(31)) + ", after this machine's clock (" + Stamp(at(30)) + "), so a change made now would not be in force"},
		{"closing with pending suggestions, naming them", func() model.StatusState { return statusState("alice", model.StatusClosed) },
			model.ECONFLICT, "INC-1 cannot be marked closed: 2 suggestions are still pending (S7 isolate_host → host-1, S8 lookup); decide or defer each first"},
		{"closing over a suggestion whose gate ended, which is pending all the same", func() model.StatusState {
			s := statusState("alice", model.StatusClosed)
			s.Pending[0].GateEnded = true
			return s
		}, model.ECONFLICT, "INC-1 cannot be marked closed: 2 suggestions are still pending (S7 isolate_host → host-1 (gate ended), S8 lookup); the gate of 1 of them already answered its agent, so a decision on it runs nothing, but it is pending all the same; decide or defer each first"},
		{"resolving with pending suggestions", func() model.StatusState { return statusState("dave", model.StatusResolved) },
			model.ECONFLICT, "cannot be marked resolved: 2 suggestions are still pending"},
		{"closing over many pending suggestions names the first eight", func() model.StatusState {
			s := statusState("alice", model.StatusClosed)
			for i := 0; i < 10; i++ {
				s.Pending = append(s.Pending, model.PendingRef{ID: fmt.Sprintf("S%d", 10+i), Action: model.Action{Type: "lookup"}})
			}
			return s
		}, model.ECONFLICT, "12 suggestions are still pending (S7 isolate_host → host-1, S8 lookup, S10 lookup, S11 lookup, S12 lookup, S13 lookup, S14 lookup, S15 lookup, and 4 more)"},
		{"deferring more suggestions than the closer was shown", func() model.StatusState {
			s := withDeferrals(statusState("alice", model.StatusClosed))
			s.Request.DeferShown = 1
			return s
		}, model.ECONFLICT, "INC-1 cannot be marked closed: 2 suggestions are pending now (S7 isolate_host → host-1, S8 lookup), not the 1 you chose to defer"},
		{"deferring more than shown, one of them a gate that ended, says so", func() model.StatusState {
			s := withDeferrals(statusState("alice", model.StatusClosed))
			s.Request.DeferShown = 1
			s.Pending[1].GateEnded = true
			return s
		}, model.ECONFLICT, "INC-1 cannot be marked closed: 2 suggestions are pending now (S7 isolate_host → host-1, S8 lookup (gate ended)), not the 1 you chose to defer; the gate of 1 of them already answered its agent, so a decision on it runs nothing, but it is pending all the same; the queue changed since you looked"},
		{"deferring what the closer lacks the authority to defer", func() model.StatusState {
			s := statusState("tomas", model.StatusClosed)
			s.Incident.Commander = "tomas"
			return withDeferrals(s)
		}, model.EFORBIDDEN, "INC-1 cannot be marked closed: deferring S7 was refused: tomas (authority medium) cannot defer"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			plan, err := CheckStatusChange(StatusInput{StatusState: tc.state(), Policy: DefaultPolicy()})
			if err == nil {
				t.Fatalf("allowed: %+v", plan)
			}
			if model.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("error %s %q; want %s saying %q", model.ErrorCode(err), err, tc.code, tc.says)
			}
		})
	}
}

func TestCheckStatusChangeAllows(t *testing.T) {
	cases := []struct {
		name      string
		state     func() model.StatusState
		status    model.Status
		deferrals []string
	}{
		{"the commander contains the incident with work pending", func() model.StatusState { return statusState("alice", model.StatusContained) },
			model.StatusContained, nil},
		{"a person with authority high who is not the commander", func() model.StatusState { return statusState("dave", model.StatusContained) },
			model.StatusContained, nil},
		{"closing once nothing is pending", func() model.StatusState {
			s := statusState("alice", model.StatusClosed)
			s.Pending = nil
			return s
		}, model.StatusClosed, nil},
		{"closing that defers every pending suggestion as the closer", func() model.StatusState {
			return withDeferrals(statusState("alice", model.StatusClosed))
		}, model.StatusClosed, []string{"D-S7", "D-S8"}},
		{"closing that defers as many suggestions as the closer was shown", func() model.StatusState {
			s := withDeferrals(statusState("alice", model.StatusClosed))
			s.Request.DeferShown = 2
			return s
		}, model.StatusClosed, []string{"D-S7", "D-S8"}},
		{"a change at the very instant of the change in force", func() model.StatusState {
			s := statusState("alice", model.StatusOpen)
			s.Current = model.StatusContained
			s.Latest = &model.StatusChange{ID: "ST-1", Status: model.StatusContained, By: "dave", At: at(30), Rationale: "gateway isolated"}
			return s
		}, model.StatusOpen, nil},
		{"reopening a closed incident", func() model.StatusState {
			s := statusState("alice", model.StatusOpen)
			s.Current, s.Pending = model.StatusClosed, nil
			return s
		}, model.StatusOpen, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is allowed", func(t *testing.T) {
			state := tc.state()
			plan, err := CheckStatusChange(StatusInput{StatusState: state, Policy: DefaultPolicy()})
			if err != nil {
				t.Fatal(err)
			}
			c := plan.Change
			if c.ID != "ST-1" || c.Status != tc.status || c.By != state.Request.Person || !c.At.Equal(at(30)) || c.Rationale != "threat removed" {
				t.Errorf("change %+v", c)
			}
			var ids []string
			for _, d := range plan.Deferrals {
				ids = append(ids, d.ID)
				if d.Outcome != model.OutcomeDeferred || d.Owner != "alice" || !strings.Contains(d.Rationale, "marked the incident closed: threat removed") {
					t.Errorf("deferral %+v", d)
				}
			}
			if strings.Join(ids, " ") != strings.Join(tc.deferrals, " ") {
				t.Errorf("deferrals %v; want %v", ids, tc.deferrals)
			}
		})
	}
}

func TestThePolicyFileSaysWhoMayChangeStatus(t *testing.T) {
	const actions = "[actions]\nenrich = { class = \"read\", tier = \"low\" }\n"
	cases := []struct {
		name, file string
		person     string
		may        bool
	}{
		{"without [status] the commander may", actions, "bob", true},
		{"without [status] authority high may", actions, "dave", true},
		{"without [status] authority medium may not", actions, "carl", false},
		{"authority medium lets medium in", actions + "[status]\nauthority = \"medium\"\n", "carl", true},
		{"commander = false shuts the commander out", actions + "[status]\ncommander = false\n", "bob", false},
	}
	people := map[string]*model.Person{
		"bob":  {ID: "bob", Authority: model.AuthorityLow},
		"dave": {ID: "dave", Authority: model.AuthorityHigh},
		"carl": {ID: "carl", Authority: model.AuthorityMedium},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := LoadPolicy(strings.NewReader(tc.file), "p.toml")
			if err != nil {
				t.Fatal(err)
			}
			if got := p.StatusRule().MayChangeStatus(people[tc.person], "bob"); got != tc.may {
				t.Errorf("%s may change status: %v; want %v", tc.person, got, tc.may)
			}
		})
	}
	_, err := LoadPolicy(strings.NewReader(actions+"[status]\nauthority = \"boss\"\n"), "p.toml")
	if err == nil || err.Error() != `policy file p.toml, line 4: [status] authority "boss" is not none, low, medium or high` {
		t.Errorf("a bad authority: %v", err)
	}
}

// lifecycleDoc is the clean incident, open, with S2 suggested at 20 and
// never answered.
func lifecycleDoc() model.Document {
	d := cleanDoc()
	d.Incident.Status = model.StatusOpen
	d.Events = append(d.Events, model.Event{ID: "S2", At: at(20), Kind: model.KindSuggestion, Agent: "remediator",
		Action: &model.Action{Type: "lookup", Target: "host-1"}, Confidence: ptr(0.5), ConfidenceCue: "weak"})
	return d
}

func change(id string, status model.Status, by string, min int) model.StatusChange {
	return model.StatusChange{ID: id, Status: status, By: by, At: at(min), Rationale: "because"}
}

func TestLifecycleFindings(t *testing.T) {
	cases := []struct {
		name string
		code string
		edit func(t *testing.T, d *model.Document)
		want []string
	}{
		{"closing over a pending suggestion", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 40)}
			},
			[]string{"S2"}},
		{"containing over a pending suggestion is fine", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusContained, "alice", 40)}
			}, nil},
		{"a suggestion deferred at the instant of closing was not pending", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.Events = append(d.Events, model.Event{ID: "D-S2", At: at(40), Kind: model.KindDecision, Suggestion: "S2", Owner: "alice",
					Outcome: model.OutcomeDeferred, Rationale: "closing"})
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 40)}
			}, nil},
		{"a suggestion decided after a close was pending at the close", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.Events = append(d.Events, model.Event{ID: "D-S2", At: at(50), Kind: model.KindDecision, Suggestion: "S2", Owner: "alice",
					Outcome: model.OutcomeRejected, Rationale: "late", EvidenceReviewed: []string{"EV-1"}})
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusResolved, "alice", 40), change("ST-2", model.StatusOpen, "alice", 45)}
			}, []string{"S2"}},
		{"an incident imported resolved with a suggestion pending", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) { d.Incident.Status = model.StatusResolved }, []string{"S2"}},
		{"a suggestion decided only after the imported closed_at was pending at the close", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.Incident.Status, d.Incident.ClosedAt = model.StatusResolved, ptr(at(40))
				d.Events = append(d.Events, model.Event{ID: "D-S2", At: at(50), Kind: model.KindDecision, Suggestion: "S2", Owner: "alice",
					Outcome: model.OutcomeRejected, Rationale: "late", EvidenceReviewed: []string{"EV-1"}})
			}, []string{"S2"}},
		{"a suggestion decided before the imported closed_at was not", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.Incident.Status, d.Incident.ClosedAt = model.StatusResolved, ptr(at(40))
				d.Events = append(d.Events, model.Event{ID: "D-S2", At: at(40), Kind: model.KindDecision, Suggestion: "S2", Owner: "alice",
					Outcome: model.OutcomeRejected, Rationale: "in time", EvidenceReviewed: []string{"EV-1"}})
			}, nil},
		{"an imported close that a change reopened before the suggestion", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				d.Incident.Status, d.Incident.ClosedAt = model.StatusResolved, ptr(at(15))
				d.Events = append(d.Events, model.Event{ID: "D-S2", At: at(50), Kind: model.KindDecision, Suggestion: "S2", Owner: "alice",
					Outcome: model.OutcomeRejected, Rationale: "late", EvidenceReviewed: []string{"EV-1"}})
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusOpen, "alice", 18)}
			}, nil},
		{"an incident reopened after a close before the suggestion", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				event(t, d, "S2").At = at(60)
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 40), change("ST-2", model.StatusOpen, "alice", 50)}
			}, nil},
		{"a suggestion fed in after the close, still pending", CodeClosedWithPending,
			func(t *testing.T, d *model.Document) {
				event(t, d, "S2").At = at(60)
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 40)}
			}, []string{"S2"}},

		{"an execution after the close", CodeActionAfterClose,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusResolved, "alice", 14)}
			},
			[]string{"X1"}},
		{"a decision and execution after the close", CodeActionAfterClose,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 11)}
			},
			[]string{"D1", "X1"}},
		{"an execution at the very instant of the close is part of it", CodeActionAfterClose,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 15)}
			},
			nil},
		{"actions after a reopening", CodeActionAfterClose,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusClosed, "alice", 5), change("ST-2", model.StatusOpen, "alice", 8)}
			}, nil},
		{"an execution after the imported closed_at", CodeActionAfterClose,
			func(t *testing.T, d *model.Document) {
				d.Incident.Status, d.Incident.ClosedAt = model.StatusClosed, ptr(at(14))
				event(t, d, "S2").Kind = model.KindNote // nothing pending
				event(t, d, "S2").Agent, event(t, d, "S2").Action, event(t, d, "S2").Confidence = "", nil, nil
				event(t, d, "S2").ConfidenceCue, event(t, d, "S2").Actor, event(t, d, "S2").Summary = "", "alice", "note"
			}, []string{"X1"}},

		{"a status change by an agent", CodeStatusAuthority,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusContained, "remediator", 40)}
			}, []string{"ST-1"}},
		{"a status change by a medium analyst", CodeStatusAuthority,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusContained, "bob", 40)}
			},
			[]string{"ST-1"}},
		{"a status change by the commander or authority high", CodeStatusAuthority,
			func(t *testing.T, d *model.Document) {
				d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusContained, "alice", 40), change("ST-2", model.StatusOpen, "dave", 41)}
			}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := lifecycleDoc()
			tc.edit(t, &d)
			mustValid(t, d)
			var got []string
			for _, f := range Findings(d, DefaultPolicy()) {
				if f.Code == tc.code {
					got = append(got, f.Subject)
					if f.Level != Level(tc.code) {
						t.Errorf("%s has level %s", f.Code, f.Level)
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("%s on %v; want %v", tc.code, got, tc.want)
			}
		})
	}
}

func TestTheReportShowsTheStatusInForceAndItsHistory(t *testing.T) {
	d := lifecycleDoc()
	d.Events = d.Events[:len(d.Events)-1]
	d.StatusChanges = []model.StatusChange{change("ST-1", model.StatusContained, "alice", 40), change("ST-2", model.StatusClosed, "dave", 50)}
	r := BuildReport(d, DefaultPolicy(), ChainStatus{Verified: true})
	if r.Incident.Status != model.StatusClosed || len(r.StatusHistory) != 2 {
		t.Fatalf("report incident status %s, history %d", r.Incident.Status, len(r.StatusHistory))
	}
	md := r.Markdown()
	if r.Incident.ClosedAt == nil || !r.Incident.ClosedAt.Equal(at(50)) {
		t.Errorf("closed_at %v; want the time of ST-2, which closed it", r.Incident.ClosedAt)
	}
	for _, want := range []string{"Status: closed", "Closed at 2026-03-02 09:50 UTC", "## Status history", "Imported as open; then:",
		"| 2026-03-02 09:40 UTC | contained | Alice Moreau (alice) | because | ST-1 |",
		"| 2026-03-02 09:50 UTC | closed | Dave Chen (dave) | because | ST-2 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown report lacks %q:\n%s", want, md)
		}
	}
}
