package db

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// trustDoc is a hand-made incident with one suggestion per case the trust
// metrics distinguish (see the comments); the expected sums in the tests
// below were worked out by hand from it.
func trustDoc() model.Document {
	doc := sampleDoc()
	doc.Incident.ID = "INC-T"
	doc.Agents = append(doc.Agents, model.Agent{ID: "triager", Name: "Triage assistant", Model: "m", Version: "1", Role: model.RoleTriage, Operator: "alice"})
	doc.Assets = append(doc.Assets, model.Asset{ID: "host-1", Kind: "host", Owner: "alice"})
	doc.Events = doc.Events[:1] // keep the alert
	doc.Reviews = nil
	jan := ts("2026-01-20T10:00:00Z")
	feb := ts("2026-02-10T10:00:00Z")
	min := func(base time.Time, m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	sug := func(id, agent, action string, at time.Time, conf *float64) model.Event {
		return model.Event{ID: id, At: at, Kind: model.KindSuggestion, Agent: agent,
			Action: &model.Action{Type: action, Target: "host-1"}, Confidence: conf, ConfidenceCue: "cue", Rationale: "r"}
	}
	dec := func(id, s string, at time.Time, o model.Outcome, action *model.Action) model.Event {
		return model.Event{ID: id, At: at, Kind: model.KindDecision, Suggestion: s, Owner: "alice", Outcome: o,
			Action: action, Rationale: "r", EvidenceReviewed: []string{"EV-1"}}
	}
	same := func(t string) *model.Action { return &model.Action{Type: t, Target: "host-1"} }
	rev := func(s string, at time.Time, v model.Verdict, c model.AICorrect) model.Review {
		return model.Review{Subject: s, Reviewer: "mara", At: at, Verdict: v, OutcomeChanged: "unknown", AICorrect: c}
	}
	doc.Events = append(doc.Events,
		// S1: approved unchanged (followed), judged yes.
		sug("S1", "remediator", "lookup", min(jan, 1), ptr(0.95)),
		dec("D1", "S1", min(jan, 2), model.OutcomeApproved, same("lookup")),
		// S2: approved with another action (modified), judged no.
		sug("S2", "remediator", "isolate_host", min(jan, 3), ptr(0.9)),
		dec("D2", "S2", min(jan, 4), model.OutcomeApproved, same("block_ip")),
		// S3: rejected (ignored), judged yes: missed value.
		sug("S3", "remediator", "isolate_host", min(jan, 5), ptr(0.8)),
		dec("D3", "S3", min(jan, 6), model.OutcomeRejected, nil),
		// S4: pending.
		sug("S4", "remediator", "lookup", min(jan, 7), ptr(0.3)),
		// S5: executed by an automation with no decision, judged partial.
		sug("S5", "remediator", "enrich", min(feb, 1), ptr(0.55)),
		model.Event{ID: "X5", At: min(feb, 2), Kind: model.KindExecution, Suggestion: "S5", Actor: "soar", Automated: true, Result: "succeeded"},
		// S6: deferred and never decided, no confidence.
		sug("S6", "triager", "block_ip", min(feb, 3), nil),
		dec("D6", "S6", min(feb, 4), model.OutcomeDeferred, nil),
		// S7: deferred, then approved unchanged; reviewed twice, the
		// latest (followed, unknown) supersedes (ignored, no).
		sug("S7", "triager", "block_ip", min(feb, 5), ptr(1.0)),
		dec("D7a", "S7", min(feb, 6), model.OutcomeDeferred, nil),
		dec("D7b", "S7", min(feb, 7), model.OutcomeApproved, same("block_ip")),
		// S8: marked modified with the same action; the reviewer says no
		// AI was involved (none) yet judges it correct.
		sug("S8", "triager", "block_ip", min(feb, 8), ptr(0.05)),
		dec("D8", "S8", min(feb, 9), model.OutcomeModified, same("block_ip")),
	)
	doc.Reviews = []model.Review{
		rev("S1", min(feb, 60), model.VerdictFollowed, "yes"),
		rev("S2", min(feb, 61), model.VerdictModified, "no"),
		rev("S3", min(feb, 62), model.VerdictIgnored, "yes"),
		rev("S5", min(feb, 63), model.VerdictFollowed, "partial"),
		rev("S7", min(feb, 64), model.VerdictIgnored, "no"),
		rev("S7", min(feb, 65), model.VerdictFollowed, "unknown"),
		rev("S8", min(feb, 66), model.VerdictNone, "yes"),
	}
	return doc
}

func sumCells(cells []model.MetricCell) model.MetricCell {
	var s model.MetricCell
	for _, c := range cells {
		s.Add(c)
	}
	return s
}

// sameSums compares two cells, real sums within rounding.
func sameSums(a, b model.MetricCell) bool {
	close := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	fa, fb := a, b
	fa.ConfidenceSum, fa.OutcomeSum, fa.SquaredErrorSum = 0, 0, 0
	fb.ConfidenceSum, fb.OutcomeSum, fb.SquaredErrorSum = 0, 0, 0
	for i := range a.Bins {
		if !close(a.Bins[i].ConfidenceSum, b.Bins[i].ConfidenceSum) || !close(a.Bins[i].OutcomeSum, b.Bins[i].OutcomeSum) {
			return false
		}
		fa.Bins[i].ConfidenceSum, fa.Bins[i].OutcomeSum = 0, 0
		fb.Bins[i].ConfidenceSum, fb.Bins[i].OutcomeSum = 0, 0
	}
	return fa == fb && close(a.ConfidenceSum, b.ConfidenceSum) && close(a.OutcomeSum, b.OutcomeSum) &&
		close(a.SquaredErrorSum, b.SquaredErrorSum)
}

// withoutBins is a cell's sums with the per-bin sums left out.
func withoutBins(c model.MetricCell) model.MetricCell {
	c.Bins = [model.Bins]model.BinSums{}
	return c
}

func TestMetricCellsCountEveryCaseAsWorkedOutByHand(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, trustDoc())
		importDoc(t, d, sampleDoc()) // another incident, filtered out below
		checkFactsAgainstSteps(t, d, "INC-T")
		tests := []struct {
			name   string
			filter model.MetricsFilter
			want   model.MetricCell
		}{
			{"the whole incident counts each case once", model.MetricsFilter{Incident: "INC-T"}, model.MetricCell{
				Suggestions: 8, Pending: 1, AutoExecuted: 1, Decided: 5,
				Followed: 3, Modified: 1, Ignored: 1, DecidedFollowed: 2, DecidedOverridden: 2,
				FollowedJudged: 1, FollowedCorrect: 1, IgnoredJudged: 1, IgnoredCorrect: 1,
				Scored: 5, ConfidenceSum: 3.25, OutcomeSum: 3.5, SquaredErrorSum: 1.7575}},
			{"one agent keeps only its suggestions", model.MetricsFilter{Incident: "INC-T", Agent: "triager"}, model.MetricCell{
				Suggestions: 3, Decided: 2, Followed: 1, DecidedFollowed: 1,
				Scored: 1, ConfidenceSum: 0.05, OutcomeSum: 1, SquaredErrorSum: 0.9025}},
			{"one action type keeps only its suggestions", model.MetricsFilter{Incident: "INC-T", Action: "isolate_host"}, model.MetricCell{
				Suggestions: 2, Decided: 2, Modified: 1, Ignored: 1, DecidedOverridden: 2, IgnoredJudged: 1, IgnoredCorrect: 1,
				Scored: 2, ConfidenceSum: 1.7, OutcomeSum: 1, SquaredErrorSum: 0.85}},
			{"since keeps suggestions made at or after the date", model.MetricsFilter{Incident: "INC-T", Since: ts("2026-02-10T10:05:00Z")}, model.MetricCell{
				Suggestions: 2, Decided: 2, Followed: 1, DecidedFollowed: 1,
				Scored: 1, ConfidenceSum: 0.05, OutcomeSum: 1, SquaredErrorSum: 0.9025}},
			{"no filter adds the other incident", model.MetricsFilter{}, model.MetricCell{
				Suggestions: 10, Pending: 2, AutoExecuted: 1, Decided: 6,
				Followed: 3, Modified: 2, Ignored: 1, DecidedFollowed: 2, DecidedOverridden: 3,
				FollowedJudged: 1, FollowedCorrect: 1, IgnoredJudged: 1, IgnoredCorrect: 1,
				Scored: 6, ConfidenceSum: 4.11, OutcomeSum: 4, SquaredErrorSum: 1.7575 + 0.36*0.36}},
		}
		t.Run("scored suggestions land in the bin of their confidence", func(t *testing.T) {
			cells, err := d.MetricCells(context.Background(), model.MetricsFilter{Incident: "INC-T"})
			if err != nil {
				t.Fatal(err)
			}
			bin := func(n int, c, o float64) model.BinSums {
				return model.BinSums{Scored: n, ConfidenceSum: c, OutcomeSum: o}
			}
			want := [model.Bins]model.BinSums{0: bin(1, 0.05, 1), 5: bin(1, 0.55, 0.5), 8: bin(1, 0.8, 1), 9: bin(2, 1.85, 1)}
			got := sumCells(cells).Bins
			if !sameSums(model.MetricCell{Bins: got}, model.MetricCell{Bins: want}) {
				t.Errorf("bins are %+v; want %+v (S7 at 1.0 is judged unknown, so not scored)", got, want)
			}
		})
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cells, err := d.MetricCells(context.Background(), tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if got := withoutBins(sumCells(cells)); !sameSums(got, tt.want) {
					t.Errorf("sums are\n%+v\nwant\n%+v", got, tt.want)
				}
			})
		}
	})
}

func TestTheMaintainedCellsEqualAFreshAggregationAfterEveryKindOfWrite(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		check := func(when string) {
			t.Helper()
			kept, err := d.MetricCells(ctx, model.MetricsFilter{})
			if err != nil {
				t.Fatal(err)
			}
			aggregateFacts = true
			fresh, err := d.MetricCells(ctx, model.MetricsFilter{})
			aggregateFacts = false
			if err != nil {
				t.Fatal(err)
			}
			byKey := func(cs []model.MetricCell) map[[4]string]model.MetricCell {
				m := map[[4]string]model.MetricCell{}
				for _, c := range cs {
					m[[4]string{c.Agent, c.Action, c.Month}] = c
				}
				return m
			}
			k, f := byKey(kept), byKey(fresh)
			if len(k) != len(f) {
				t.Fatalf("%s: %d maintained cells; %d from the facts", when, len(k), len(f))
			}
			for key, c := range f {
				if !sameSums(k[key], c) {
					t.Errorf("%s: cell %v is\n%+v\nfrom the facts\n%+v", when, key, k[key], c)
				}
			}
		}
		importDoc(t, d, trustDoc())
		check("after a document import")
		stream := `{"record":"incident","format":"signoff.incident/v1","id":"INC-T","title":"Leaked deploy token","severity":"sev1","status":"resolved","opened_at":"2026-02-10T09:00:00Z","closed_at":"2026-02-10T11:00:00Z","commander":"alice","summary":"A deploy token was pasted in a public gist."}
{"record":"event","id":"D4","at":"2026-01-20T11:00:00Z","kind":"decision","suggestion":"S4","owner":"alice","outcome":"approved","action":{"type":"lookup","target":"host-1"},"rationale":"r","evidence_reviewed":["EV-1"]}
`
		if _, err := d.ImportStream(ctx, "more.ndjson", strings.NewReader(stream), "importer"); err != nil {
			t.Fatal(err)
		}
		check("after a stream decides a pending suggestion")
		for _, r := range []model.Review{
			{Subject: "S4", Reviewer: "mara", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"},
			{Subject: "S1", Reviewer: "mara", Verdict: model.VerdictIgnored, OutcomeChanged: "no", AICorrect: "unknown"},
			{Subject: "S2", Reviewer: "mara", Verdict: model.VerdictModified, OutcomeChanged: "no", AICorrect: "partial"},
		} {
			clock = clock.Add(1)
			if _, err := d.RecordReview(ctx, "INC-T", r); err != nil {
				t.Fatal(err)
			}
			check("after a review of " + r.Subject)
		}
	})
}

// testdata/metrics_cells.sql is what BENCHMARKS.md runs in the sqlite3 tool
// to compare with MetricCells; it must stay the query MetricCells sends.
func TestTheBenchmarkQueryIsTheQueryMetricCellsSends(t *testing.T) {
	b, err := os.ReadFile("testdata/metrics_cells.sql")
	if err != nil {
		t.Fatal(err)
	}
	want := maintainedCells(&sqliteDialect) + cellsGrouped + inKeyOrder
	if got := strings.TrimSpace(string(b)); got != want+";" {
		t.Errorf("testdata/metrics_cells.sql is\n%s\nwant\n%s;", got, want)
	}
}
