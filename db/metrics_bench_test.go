package db

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/review"
)

// The metrics benchmarks read a database of 1,000,000 decided suggestions
// across 10,000 incidents. Building it takes minutes, so it is built once,
// outside the test tree, by
//
//	SIGNOFF_METRICS_DB=/tmp/metrics-1m.db go test ./db -run TestBuildMetricsBenchDB -timeout 3h
//
// and the benchmarks use it when SIGNOFF_METRICS_DB names it:
//
//	SIGNOFF_METRICS_DB=/tmp/metrics-1m.db go test ./db -run '^$' -bench Metric -benchtime 10x

const (
	benchIncidents   = 10_000
	benchSuggestions = 100 // per incident, every one decided
)

func TestBuildMetricsBenchDB(t *testing.T) {
	path := os.Getenv("SIGNOFF_METRICS_DB")
	if path == "" {
		t.Skip("set SIGNOFF_METRICS_DB to the path of the benchmark database to build it")
	}
	if _, err := os.Stat(path); err == nil {
		t.Skipf("%s exists; remove it to build it again", path)
	}
	d, err := Open(context.Background(), path, benchBuildClock)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	start := time.Now()
	var buf bytes.Buffer
	for n := range benchIncidents {
		buf.Reset()
		writeBenchIncident(&buf, n)
		if _, err := d.ImportStream(context.Background(), fmt.Sprintf("bench-%d.ndjson", n), &buf, "bench"); err != nil {
			t.Fatal(err)
		}
		if n%500 == 499 {
			t.Logf("%d incidents in %s", n+1, time.Since(start).Round(time.Second))
		}
	}
}

// writeBenchIncident writes incident n as a record stream: three agents,
// benchSuggestions suggestions each answered by one decision (mostly
// approved unchanged, some modified, approved differently or rejected),
// and a review on every third suggestion with a hindsight judgement.
func writeBenchIncident(w *bytes.Buffer, n int) {
	rng := rand.New(rand.NewPCG(uint64(n), 6))
	enc := json.NewEncoder(w)
	put := func(v any) {
		if err := enc.Encode(v); err != nil {
			panic(err)
		}
	}
	opened := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * 63 * time.Minute * 10)
	inc := model.Incident{ID: fmt.Sprintf("BENCH-%05d", n), Title: "benchmark incident", Severity: model.Sev3,
		Status: model.StatusClosed, OpenedAt: opened, Commander: "alice"}
	put(format.IncidentLine{Record: format.RecordIncident, Format: model.FormatV1, Incident: inc})
	put(format.PersonLine{Record: format.RecordPerson, Person: model.Person{ID: "alice", Name: "Alice", Authority: model.AuthorityHigh}})
	put(format.PersonLine{Record: format.RecordPerson, Person: model.Person{ID: "mara", Name: "Mara", Authority: model.AuthorityMedium}})
	agents := []string{"triager", "remediator", "communicator"}
	for _, a := range agents {
		put(format.AgentLine{Record: format.RecordAgent, Agent: model.Agent{ID: a, Name: a, Model: "m", Version: "1", Role: model.RoleOther}})
	}
	put(format.AssetLine{Record: format.RecordAsset, Asset: model.Asset{ID: "host-1", Kind: "host"}})
	put(format.EvidenceLine{Record: format.RecordEvidence, Evidence: model.Evidence{ID: "EV-1", Kind: "log", Asset: "host-1",
		CollectedAt: opened, CollectedBy: "alice", Summary: "log"}})
	actions := []string{"lookup", "enrich", "block_ip", "isolate_host", "disable_account", "notify_internal", "external_comms"}
	for i := range benchSuggestions {
		at := opened.Add(time.Duration(i+1) * time.Minute)
		act := &model.Action{Type: actions[rng.IntN(len(actions))], Target: "host-1"}
		conf := float64(rng.IntN(101)) / 100
		sid, did := fmt.Sprintf("S%d", i+1), fmt.Sprintf("D%d", i+1)
		put(format.EventLine{Record: format.RecordEvent, Event: model.Event{ID: sid, At: at, Kind: model.KindSuggestion,
			Agent: agents[rng.IntN(len(agents))], Action: act, Confidence: &conf, ConfidenceCue: "cue", Rationale: "r"}})
		d := model.Event{ID: did, At: at.Add(time.Second), Kind: model.KindDecision, Suggestion: sid, Owner: "alice",
			Outcome: model.OutcomeApproved, Action: act, Rationale: "r", EvidenceReviewed: []string{"EV-1"}}
		switch r := rng.IntN(10); {
		case r < 1:
			d.Outcome, d.Action = model.OutcomeModified, &model.Action{Type: act.Type, Target: "host-1", Detail: "narrower"}
		case r < 2:
			d.Action = &model.Action{Type: "lookup", Target: "host-1"}
		case r < 4:
			d.Outcome, d.Action = model.OutcomeRejected, nil
		}
		put(format.EventLine{Record: format.RecordEvent, Event: d})
		if i%3 == 0 {
			put(format.ReviewLine{Record: format.RecordReview, Review: model.Review{Subject: sid, Reviewer: "mara", At: at.Add(time.Hour),
				Verdict: model.VerdictFollowed, OutcomeChanged: "unknown",
				AICorrect: []model.AICorrect{"yes", "yes", "no", "partial", "unknown"}[rng.IntN(5)]}})
		}
	}
}

// metricsBenchDB opens the database TestBuildMetricsBenchDB built.
func metricsBenchDB(b *testing.B) *DB {
	b.Helper()
	path := os.Getenv("SIGNOFF_METRICS_DB")
	if path == "" {
		b.Skip("set SIGNOFF_METRICS_DB to a database built by TestBuildMetricsBenchDB")
	}
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

// BenchmarkMetricCells is the store's aggregation alone.
func BenchmarkMetricCells(b *testing.B) {
	d := metricsBenchDB(b)
	for b.Loop() {
		if _, err := d.MetricCells(context.Background(), model.MetricsFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMetricsJSON is what `signoff metrics --format json` does after
// opening the database: aggregate, summarise, encode.
func BenchmarkMetricsJSON(b *testing.B) {
	d := metricsBenchDB(b)
	for b.Loop() {
		cells, err := d.MetricCells(context.Background(), model.MetricsFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewEncoder(io.Discard).Encode(review.Summarise(cells, nil)); err != nil {
			b.Fatal(err)
		}
	}
}
