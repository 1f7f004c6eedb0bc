package review

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// trainDoc is an incident built for scoring: four decision points (S1, S2,
// S3, S6) and three steps that are not (S4 only deferred, S5 never decided,
// D7 without a suggestion).
func trainDoc() model.Document {
	d := cleanDoc()
	d.Assets = append(d.Assets, model.Asset{ID: "ip-1", Kind: "ip"})
	d.Evidence = append(d.Evidence,
		model.Evidence{ID: "EV-3", Kind: "log", Asset: "ip-1", CollectedAt: at(30), CollectedBy: "alice"})
	sug := func(id string, min int, typ, target, detail string) model.Event {
		return model.Event{ID: id, At: at(min), Kind: model.KindSuggestion, Agent: "remediator",
			Action: &model.Action{Type: typ, Target: target, Detail: detail}, Confidence: ptr(0.5), ConfidenceCue: "cue"}
	}
	dec := func(id string, min int, sug string, o model.Outcome, a *model.Action) model.Event {
		return model.Event{ID: id, At: at(min), Kind: model.KindDecision, Suggestion: sug, Owner: "alice",
			Outcome: o, Action: a, Rationale: "because " + id}
	}
	d.Events = append(d.Events,
		sug("S2", 15, "revoke_token", "deploy-bot", "revoke all"),
		dec("D2", 16, "S2", model.OutcomeModified, &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke token only"}),
		sug("S3", 20, "block_ip", "ip-1", ""),
		dec("D3", 21, "S3", model.OutcomeRejected, nil),
		sug("S4", 25, "enrich", "host-1", ""),
		dec("D4", 25, "S4", model.OutcomeDeferred, nil),
		sug("S5", 26, "lookup", "host-1", ""),
		sug("S6", 27, "block_ip", "ip-1", ""),
		dec("D6", 28, "S6", model.OutcomeDeferred, nil),
		dec("D6b", 29, "S6", model.OutcomeApproved, &model.Action{Type: "block_ip", Target: "ip-1"}),
		dec("D7", 40, "", model.OutcomeApproved, &model.Action{Type: "notify_internal"}),
	)
	d.Reviews = []model.Review{
		{Subject: "S1", Reviewer: "mara", At: at(100), Verdict: "followed", OutcomeChanged: "yes", AICorrect: "no"},
		{Subject: "S2", Reviewer: "mara", At: at(100), Verdict: "modified", OutcomeChanged: "yes", AICorrect: "yes"},
		// A changed mind: the latest verdict on S2 is the one that counts.
		{Subject: "S2", Reviewer: "mara", At: at(101), Verdict: "modified", OutcomeChanged: "yes", AICorrect: "partial"},
		{Subject: "S3", Reviewer: "mara", At: at(100), Verdict: "ignored", OutcomeChanged: "no", AICorrect: "yes"},
		{Subject: "S4", Reviewer: "mara", At: at(100), Verdict: "none", OutcomeChanged: "no", AICorrect: "unknown"},
	}
	return d
}

func choice(subject string, o model.Outcome, a *model.Action, took time.Duration) model.TrainingChoice {
	return model.TrainingChoice{Subject: subject, Outcome: o, Action: a, Rationale: "my reason", At: at(200), Took: took}
}

var (
	isolateHost1  = &model.Action{Type: "isolate_host", Target: "host-1"}
	revokeAll     = &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke all"}
	revokeOnly    = &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke token only"}
	blockIP1      = &model.Action{Type: "block_ip", Target: "ip-1"}
	blockIP1Wider = &model.Action{Type: "block_ip", Target: "ip-1", Detail: "and its /24"}
)

func TestDecisionPoints(t *testing.T) {
	mustValid(t, trainDoc())
	t.Run("only suggestions whose final real decision is not a deferral are decision points", func(t *testing.T) {
		var got []string
		for _, s := range Steps(trainDoc()) {
			if IsDecisionPoint(s) {
				got = append(got, s.Subject)
			}
		}
		if want := []string{"S1", "S2", "S3", "S6"}; !reflect.DeepEqual(got, want) {
			t.Errorf("decision points %v, want %v", got, want)
		}
	})
	t.Run("INC-2044's decision points are the three suggestions a person decided, not the auto-blocked one", func(t *testing.T) {
		doc, err := fixtures.Load("inc-2044-ai-orchestrated-intrusion.json")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range Steps(doc) {
			if IsDecisionPoint(s) {
				got = append(got, s.Subject)
			}
		}
		if want := []string{"S2", "S3", "S4"}; !reflect.DeepEqual(got, want) {
			t.Errorf("decision points %v, want %v", got, want)
		}
	})
}

func TestHindsightScore(t *testing.T) {
	cases := []struct {
		outcome model.Outcome
		correct model.AICorrect
		score   float64
		judged  bool
	}{
		{"approved", "yes", 1, true},
		{"approved", "partial", 0.5, true},
		{"approved", "no", 0, true},
		{"modified", "yes", 0.5, true},
		{"modified", "partial", 1, true},
		{"modified", "no", 0.5, true},
		{"rejected", "yes", 0, true},
		{"rejected", "partial", 0.5, true},
		{"rejected", "no", 1, true},
		{"deferred", "yes", 0, true},
		{"deferred", "partial", 0.5, true},
		{"deferred", "no", 0.5, true},
		{"approved", "unknown", 0, false},
		{"rejected", "unknown", 0, false},
		{"rejected", "", 0, false},
	}
	for _, c := range cases {
		name := "a trainee who " + string(c.outcome) + " a suggestion judged " + string(c.correct) + " scores as the rules say"
		if c.correct == "" {
			name = "a trainee who " + string(c.outcome) + " an unreviewed suggestion is not judged"
		}
		t.Run(name, func(t *testing.T) {
			score, judged := HindsightScore(c.outcome, c.correct)
			if score != c.score || judged != c.judged {
				t.Errorf("got %v (judged %v), want %v (judged %v)", score, judged, c.score, c.judged)
			}
		})
	}
}

func TestScoreRun(t *testing.T) {
	doc := trainDoc()
	run := func(auth model.Authority, cs ...model.TrainingChoice) model.TrainingRun {
		return model.TrainingRun{ID: 1, Trainee: "tomas", Incident: "INC-1", Authority: auth, Choices: cs}
	}
	type want struct {
		points, answered, agree, exact, judged int
		hindsight                              float64
		noEvidence, noAuthority                []string
		authorityJudged                        bool
		total                                  time.Duration
	}
	cases := []struct {
		name string
		run  model.TrainingRun
		want want
	}{
		{
			// S1: reject vs real approve, AI judged wrong: disagrees, hindsight 1.
			// S2: approve vs real modify: agrees (both act), not exact; partial: ½;
			//     critical (privileged target) beyond medium authority.
			// S3: approve vs real reject: disagrees; AI right: 1; no evidence on
			//     ip-1 until minute 30.
			// S6: defer vs real approve: disagrees; no review: not judged.
			"a mixed run counts agreement, hindsight and the approvals that lacked evidence or authority",
			run(model.AuthorityMedium,
				choice("S1", model.OutcomeRejected, nil, 10*time.Second),
				choice("S2", model.OutcomeApproved, revokeAll, 20*time.Second),
				choice("S3", model.OutcomeApproved, blockIP1, 30*time.Second),
				choice("S6", model.OutcomeDeferred, nil, 40*time.Second)),
			want{4, 4, 1, 0, 3, 2.5, []string{"S3"}, []string{"S2"}, true, 100 * time.Second},
		},
		{
			"a run that matches every real decision exactly agrees everywhere, though hindsight faults following a wrong AI",
			run(model.AuthorityHigh,
				choice("S1", model.OutcomeApproved, isolateHost1, time.Second),
				choice("S2", model.OutcomeModified, revokeOnly, time.Second),
				choice("S3", model.OutcomeRejected, nil, time.Second),
				choice("S6", model.OutcomeApproved, blockIP1, time.Second)),
			// S1 approve vs no: 0; S2 modify vs partial: 1; S3 reject vs yes: 0.
			// S6 approves block_ip on ip-1 at minute 27, before EV-3: no evidence.
			want{4, 4, 4, 4, 3, 1, []string{"S6"}, nil, true, 4 * time.Second},
		},
		{
			"the same outcome with a different action agrees but is not exact",
			run(model.AuthorityHigh, choice("S6", model.OutcomeApproved, blockIP1Wider, time.Second)),
			want{4, 1, 1, 0, 0, 0, []string{"S6"}, nil, true, time.Second},
		},
		{
			"an unfinished run is scored over the points it answered",
			run(model.AuthorityMedium, choice("S1", model.OutcomeRejected, nil, time.Second)),
			want{4, 1, 0, 0, 1, 1, nil, nil, true, time.Second},
		},
		{
			"a run without an authority to judge flags no approval for authority",
			run("", choice("S2", model.OutcomeApproved, revokeAll, time.Second)),
			want{4, 1, 1, 0, 1, 0.5, nil, nil, false, time.Second},
		},
		{
			"a trainee with no authority lacks it for anything above low",
			run(model.AuthorityNone, choice("S1", model.OutcomeApproved, isolateHost1, time.Second)),
			want{4, 1, 1, 1, 1, 0, nil, []string{"S1"}, true, time.Second},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := scoreDoc(doc, c.run)
			got := want{sc.Points, sc.Answered, sc.Agree, sc.Exact, sc.HindsightJudged, sc.Hindsight,
				sc.NoEvidence, sc.NoAuthority, sc.AuthorityJudged, sc.TotalTime}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
	t.Run("a run with nothing answered has no rates rather than zero ones", func(t *testing.T) {
		sc := scoreDoc(doc, run(model.AuthorityHigh))
		if sc.AgreeRate() != nil || sc.HindsightRate() != nil {
			t.Errorf("rates %v %v; want nil", sc.AgreeRate(), sc.HindsightRate())
		}
	})
}

// scoreDoc scores a run with a RunScorer fed the document's evidence and
// steps in timeline order, as a walk over the stored incident hands them.
func scoreDoc(doc model.Document, run model.TrainingRun) Scorecard {
	sc := NewRunScorer(doc.Assets, DefaultPolicy())
	sc.Add(run)
	evidence := slices.Clone(doc.Evidence)
	model.SortEvidence(evidence)
	steps := Steps(doc)
	for i := range steps {
		if s := steps[i].Suggestion; s != nil {
			for len(evidence) > 0 && timelineBefore(evidence[0].CollectedAt, evidence[0].ID, s.At, s.ID) {
				sc.Evidence(evidence[0])
				evidence = evidence[1:]
			}
		}
		sc.Step(&steps[i])
	}
	return sc.Scorecards()[0]
}

func timelineBefore(a time.Time, aID string, b time.Time, bID string) bool {
	return a.Before(b) || a.Equal(b) && aID < bID
}

func TestScoreChoice(t *testing.T) {
	doc := trainDoc()
	steps := map[string]model.Step{}
	for _, s := range Steps(doc) {
		steps[s.Subject] = s
	}
	host := &doc.Assets[0]
	t.Run("a changed action comes with a word diff against the real one", func(t *testing.T) {
		c := choice("S2", model.OutcomeApproved, revokeAll, 0)
		ts := ScoreChoice(steps["S2"], &c, doc.Evidence, model.AuthorityHigh, &doc.Assets[1], DefaultPolicy())
		if len(ts.Diff) == 0 || ts.Tier != model.TierCritical {
			t.Errorf("diff %v tier %s; want a diff and tier critical", ts.Diff, ts.Tier)
		}
	})
	t.Run("a rejection has no diff and no flags", func(t *testing.T) {
		c := choice("S2", model.OutcomeRejected, nil, 0)
		ts := ScoreChoice(steps["S2"], &c, nil, model.AuthorityNone, &doc.Assets[1], DefaultPolicy())
		if ts.Diff != nil || ts.NoEvidence || ts.NoAuthority {
			t.Errorf("got %+v", ts)
		}
	})
	sameInstant := func(id string) []model.Evidence {
		return []model.Evidence{{ID: id, Kind: "log", Asset: "host-1", CollectedAt: at(10), CollectedBy: "alice"}}
	}
	t.Run("evidence stamped at the suggestion's instant counts when the timeline shows it first", func(t *testing.T) {
		c := choice("S1", model.OutcomeApproved, isolateHost1, 0)
		if ts := ScoreChoice(steps["S1"], &c, sameInstant("EV-0"), model.AuthorityHigh, host, DefaultPolicy()); ts.NoEvidence {
			t.Errorf("EV-0 at 09:10 sorts before S1 at 09:10, yet the approval is flagged")
		}
	})
	t.Run("evidence stamped at the suggestion's instant does not count when the timeline shows it after", func(t *testing.T) {
		c := choice("S1", model.OutcomeApproved, isolateHost1, 0)
		if ts := ScoreChoice(steps["S1"], &c, sameInstant("S9"), model.AuthorityHigh, host, DefaultPolicy()); !ts.NoEvidence {
			t.Errorf("S9 at 09:10 sorts after S1 at 09:10, yet the approval is not flagged")
		}
	})
	t.Run("a read-only approval needs no evidence", func(t *testing.T) {
		s := steps["S1"]
		sug := *s.Suggestion
		sug.Action = &model.Action{Type: "enrich", Target: "host-1"}
		s.Suggestion = &sug
		c := choice("S1", model.OutcomeApproved, sug.Action, 0)
		if ts := ScoreChoice(s, &c, nil, model.AuthorityNone, host, DefaultPolicy()); ts.NoEvidence || ts.NoAuthority {
			t.Errorf("an enrich approval was flagged: %+v", ts)
		}
	})
}
