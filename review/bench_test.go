package review

import (
	"fmt"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// synthDoc builds an incident of about n events: steps of alert, suggestion,
// decision and execution over 200 assets, with one evidence record per step
// (some collected after the action) and a review on every third step, so
// every rule has work to do.
func synthDoc(n int) model.Document {
	d := cleanDoc()
	d.Events, d.Evidence = nil, nil
	types := []string{"isolate_host", "block_ip", "revoke_token", "enrich", "wipe_host", "notify_internal"}
	for i := 0; i < 200; i++ {
		d.Assets = append(d.Assets, model.Asset{ID: fmt.Sprintf("asset-%d", i), Kind: "host", Privileged: i%10 == 0})
	}
	owners := []string{"alice", "dave", "bob", "carl"}
	for i := 0; len(d.Events) < n; i++ {
		base := t0.Add(time.Duration(i) * time.Minute)
		asset := fmt.Sprintf("asset-%d", i%200)
		act := &model.Action{Type: types[i%len(types)], Target: asset, Detail: fmt.Sprintf("step %d of the synthetic incident", i)}
		final := act
		if i%4 == 0 {
			final = &model.Action{Type: act.Type, Target: asset, Detail: fmt.Sprintf("step %d, narrowed by the owner", i)}
		}
		ev := fmt.Sprintf("EV-%d", i)
		d.Evidence = append(d.Evidence, model.Evidence{ID: ev, Kind: "log", Asset: asset,
			CollectedAt: base.Add(time.Duration(i%3-1) * 30 * time.Second), CollectedBy: "alice"})
		s, dec, x := fmt.Sprintf("S%d", i), fmt.Sprintf("D%d", i), fmt.Sprintf("X%d", i)
		d.Events = append(d.Events,
			model.Event{ID: fmt.Sprintf("A%d", i), At: base, Kind: model.KindAlert, Source: "edr", Summary: "beacon", Evidence: []string{ev}},
			model.Event{ID: s, At: base.Add(5 * time.Second), Kind: model.KindSuggestion, Agent: "remediator", Action: act,
				Confidence: ptr(0.8), ConfidenceCue: "pattern match", Evidence: []string{ev}},
			model.Event{ID: dec, At: base.Add(10 * time.Second), Kind: model.KindDecision, Suggestion: s, Owner: owners[i%len(owners)],
				Outcome: model.OutcomeApproved, Action: final, Rationale: "checked", EvidenceReviewed: []string{ev}},
			model.Event{ID: x, At: base.Add(20 * time.Second), Kind: model.KindExecution, Decision: dec, Actor: "soar", Automated: true, Result: "succeeded"},
		)
		if i%3 == 0 {
			d.Reviews = append(d.Reviews, model.Review{Subject: s, Reviewer: "mara", At: base.Add(time.Hour),
				Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"})
		}
	}
	return d
}

func TestSynthDocIsValid(t *testing.T) {
	d := synthDoc(400)
	mustValid(t, d)
	if len(Findings(d, DefaultPolicy())) == 0 {
		t.Fatal("the benchmark incident gives no findings, so it measures nothing")
	}
}

func BenchmarkFindings100k(b *testing.B) {
	d := synthDoc(100_000)
	p := DefaultPolicy()
	b.ResetTimer()
	for b.Loop() {
		Findings(d, p)
	}
}

func BenchmarkReportMarkdown100k(b *testing.B) {
	d := synthDoc(100_000)
	p := DefaultPolicy()
	chain := ChainStatus{Verified: true, Head: "abc", Entries: 100_000}
	b.ResetTimer()
	for b.Loop() {
		_ = BuildReport(d, p, chain).Markdown()
	}
}
