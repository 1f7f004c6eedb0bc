package main

import (
	"encoding/json"
	"math"
	"testing"
)

// trustOf is the "trust" array of a JSON report, each agent's item by key.
func trustOf(t *testing.T, db, incident string) map[string]map[string]any {
	t.Helper()
	r := signoff(t, db, "", "report", incident, "--format", "json")
	if r.code != 0 {
		t.Fatalf("report %s: exit %d: %s", incident, r.code, r.stderr)
	}
	var rep struct {
		Trust []map[string]any `json:"trust"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	return byAgent(rep.Trust)
}

// metricsOf is `metrics --format json --incident`'s by_agent, without the
// breakdowns the report leaves out.
func metricsOf(t *testing.T, db, incident string) map[string]map[string]any {
	t.Helper()
	r := signoff(t, db, "", "metrics", "--format", "json", "--incident", incident)
	if r.code != 0 {
		t.Fatalf("metrics --incident %s: exit %d: %s", incident, r.code, r.stderr)
	}
	var m struct {
		ByAgent []map[string]any `json:"by_agent"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatal(err)
	}
	for _, a := range m.ByAgent {
		delete(a, "by_class")
		delete(a, "reliability")
	}
	return byAgent(m.ByAgent)
}

func byAgent(items []map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, it := range items {
		out[it["agent"].(string)] = it
	}
	return out
}

// sameNumbers compares two items key by key: nulls and counts exactly,
// rates to the last few bits (the store sums per group, the report per
// suggestion, so a float sum may round differently).
func sameNumbers(t *testing.T, where string, got, want map[string]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: the report has keys %v; metrics %v", where, got, want)
	}
	for k, w := range want {
		g, ok := got[k]
		gf, gnum := g.(float64)
		wf, wnum := w.(float64)
		switch {
		case !ok:
			t.Errorf("%s: the report has no %s", where, k)
		case gnum && wnum:
			if math.Abs(gf-wf) > 1e-12 {
				t.Errorf("%s: %s is %v in the report, %v in metrics", where, k, gf, wf)
			}
		case g != w:
			t.Errorf("%s: %s is %v in the report, %v in metrics", where, k, g, w)
		}
	}
}

func TestTheReportsTrustIsMetricsRestrictedToTheIncident(t *testing.T) {
	db := demoDB(t)
	// A generated incident too: hundreds of steps (the report's summary)
	// with reviews of every kind.
	gen := signoff(t, tempDB(t), "", "gen", "--incidents", "1", "--events", "1500", "--seed", "11")
	if gen.code != 0 {
		t.Fatalf("gen: %s", gen.stderr)
	}
	if r := signoff(t, db, gen.stdout, "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	var incidents []struct {
		ID string `json:"id"`
	}
	list := signoff(t, db, "", "incidents", "--json")
	if err := json.Unmarshal([]byte(list.stdout), &incidents); err != nil || len(incidents) < 2 {
		t.Fatalf("incidents --json: %v, %q", err, list.stdout)
	}
	rates := 0
	for _, inc := range incidents {
		t.Run(inc.ID, func(t *testing.T) {
			got, want := trustOf(t, db, inc.ID), metricsOf(t, db, inc.ID)
			if len(got) != len(want) || len(want) == 0 {
				t.Errorf("the report has %d agents, metrics %d", len(got), len(want))
			}
			for agent, w := range want {
				sameNumbers(t, inc.ID+" "+agent, got[agent], w)
				if w["hindsight_precision"] != nil && w["brier"] != nil {
					rates++
				}
			}
		})
	}
	if rates == 0 {
		t.Error("no agent has a hindsight precision and a Brier score: the comparison never saw a judged suggestion")
	}
}
