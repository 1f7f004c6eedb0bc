package db

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// allFacts lists every fact of an incident, a page at a time.
func allFacts(t testing.TB, d *DB, incident string) []model.SuggestionFact {
	t.Helper()
	var out []model.SuggestionFact
	var after *model.MetricsCursor
	for {
		page, err := d.MetricSuggestions(context.Background(), model.MetricsFilter{Incident: incident}, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) < 7 {
			return out
		}
		c := page[len(page)-1].Cursor()
		after = &c
	}
}

// checkFactsAgainstSteps holds the SQL-derived fact of every suggestion of
// an incident equal to what review derives from the same step: the proposed
// verdict (review.ProposeVerdict is its one definition), the state and the
// latest verdict.
func checkFactsAgainstSteps(t *testing.T, d *DB, incident string) int {
	t.Helper()
	ctx := context.Background()
	doc, err := d.Document(ctx, incident)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]model.Step{}
	for _, s := range review.Steps(doc) {
		if s.Suggestion != nil {
			want[s.Subject] = s
		}
	}
	facts := allFacts(t, d, incident)
	if len(facts) != len(want) {
		t.Fatalf("%s has %d suggestion facts; want one per suggestion, %d", incident, len(facts), len(want))
	}
	for _, f := range facts {
		step, ok := want[f.Suggestion]
		if !ok {
			t.Fatalf("%s: fact for %s, which is not a suggestion step", incident, f.Suggestion)
		}
		if got, want := f.Proposed, review.ProposeVerdict(step).Verdict; got != want {
			t.Errorf("%s/%s: SQL proposes %q; review.ProposeVerdict proposes %q", incident, f.Suggestion, got, want)
		}
		if got, want := f.State, wantState(step); got != want {
			t.Errorf("%s/%s: state %q; want %q", incident, f.Suggestion, got, want)
		}
		var wantVerdict model.Verdict
		var wantCorrect model.AICorrect
		if r := step.LatestReview(); r != nil {
			wantVerdict, wantCorrect = r.Verdict, r.AICorrect
		}
		if f.Reviewed != wantVerdict || f.AICorrect != wantCorrect {
			t.Errorf("%s/%s: latest review %q/%q; want %q/%q", incident, f.Suggestion, f.Reviewed, f.AICorrect, wantVerdict, wantCorrect)
		}
		if f.Agent != step.Suggestion.Agent || f.Action != step.Suggestion.Action.Type {
			t.Errorf("%s/%s: agent and action %s %s; want %s %s", incident, f.Suggestion, f.Agent, f.Action, step.Suggestion.Agent, step.Suggestion.Action.Type)
		}
	}
	return len(facts)
}

// wantState is SPEC.md's wording of where a suggestion stands, in Go.
func wantState(s model.Step) model.SuggestionState {
	d := s.FinalDecision()
	switch {
	case d != nil && d.Outcome == model.OutcomeDeferred:
		return model.StateDeferred
	case d != nil:
		return model.StateDecided
	case len(s.Executions) > 0:
		return model.StateAutoExecuted
	}
	return model.StatePending
}

func TestSQLFactsAgreeWithReviewOnEveryBundledIncident(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		for _, name := range fixtures.Incidents() {
			r, err := fixtures.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			var res model.ImportResult
			asOfSamples(d, func() { res, err = d.ImportDocument(context.Background(), name, r, "importer") })
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
			t.Run(name, func(t *testing.T) {
				if checkFactsAgainstSteps(t, d, res.Incident) == 0 {
					t.Errorf("%s has no suggestions to check", name)
				}
			})
		}
	})
}

func TestSQLFactsAgreeWithReviewOnGeneratedIncidents(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		o := fixtures.GenOptions{Incidents: 4, Events: 400, Seed: 6}
		seen := map[model.SuggestionState]bool{}
		for n := range o.Incidents {
			var buf bytes.Buffer
			if err := fixtures.GenerateIncident(&buf, o, n); err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("gen-%d.ndjson", n)
			if _, err := d.ImportStream(context.Background(), name, &buf, "importer"); err != nil {
				t.Fatal(err)
			}
			id := fixtures.GenIncidentID(o.Seed, n)
			t.Run(id, func(t *testing.T) {
				checkFactsAgainstSteps(t, d, id)
			})
			for _, f := range allFacts(t, d, id) {
				seen[f.State] = true
			}
		}
		for _, s := range []model.SuggestionState{model.StatePending, model.StateAutoExecuted, model.StateDecided} {
			if !seen[s] {
				t.Errorf("the generated incidents have no %s suggestion, so that case went unchecked", s)
			}
		}
	})
}

func TestFactsFollowNewReviewsAndAppendedDecisions(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		// S2 is pending; a stream appends a rejection, then a reviewer records
		// a verdict on it twice: only the latest counts.
		stream := `{"record":"incident","format":"signoff.incident/v1","id":"INC-1","title":"Leaked deploy token","severity":"sev1","status":"resolved","opened_at":"2026-02-10T09:00:00Z","closed_at":"2026-02-10T11:00:00Z","commander":"alice","summary":"A deploy token was pasted in a public gist."}
{"record":"event","id":"D9","at":"2026-02-10T10:00:00Z","kind":"decision","suggestion":"S2","owner":"alice","outcome":"rejected","rationale":"not needed","evidence_reviewed":["EV-1"]}
`
		if _, err := d.ImportStream(ctx, "more.ndjson", bytes.NewBufferString(stream), "importer"); err != nil {
			t.Fatal(err)
		}
		checkFactsAgainstSteps(t, d, "INC-1")
		for _, v := range []model.Review{
			{Subject: "S2", Reviewer: "mara", Verdict: model.VerdictIgnored, OutcomeChanged: "no", AICorrect: "yes"},
			{Subject: "S2", Reviewer: "mara", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "no"},
		} {
			clock = clock.Add(1)
			if _, err := d.RecordReview(ctx, "INC-1", v); err != nil {
				t.Fatal(err)
			}
		}
		checkFactsAgainstSteps(t, d, "INC-1")
		facts := allFacts(t, d, "INC-1")
		got := facts[len(facts)-1]
		if got.Suggestion != "S2" || got.State != model.StateDecided || got.Proposed != model.VerdictIgnored ||
			got.Counted() != model.VerdictFollowed || got.AICorrect != "no" {
			t.Errorf("after a rejection and two verdicts S2's fact is %+v; want decided, proposed ignored, counted followed (the latest), judged no", got)
		}
	})
}
