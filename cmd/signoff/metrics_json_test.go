package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// The keys `metrics --format json` prints: SPEC.md's, plus the ones
// docs/DECISIONS.md ("Trust metrics") lists.
var metricsKeys = []string{"suggestions", "pending", "auto_executed", "decided", "followed", "modified", "ignored",
	"acceptance_rate", "override_rate", "hindsight_precision", "missed_value", "brier", "reliability"}

func keysOf(t *testing.T, where string, raw json.RawMessage) []string {
	t.Helper()
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatalf("%s is not an object: %v", where, err)
	}
	var keys []string
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func wantKeys(t *testing.T, where string, raw json.RawMessage, extra ...string) {
	t.Helper()
	want := slices.Sorted(slices.Values(append(slices.Clone(metricsKeys), extra...)))
	if got := keysOf(t, where, raw); !slices.Equal(got, want) {
		t.Errorf("%s has keys %v\nwant %v", where, got, want)
	}
}

func TestMetricsJSONOnTheBundledIncidentsHasTheDocumentedKeys(t *testing.T) {
	r := signoff(t, demoDB(t), "", "metrics", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var top struct {
		Overall  json.RawMessage   `json:"overall"`
		ByAgent  []json.RawMessage `json:"by_agent"`
		ByAction []json.RawMessage `json:"by_action"`
		ByMonth  []json.RawMessage `json:"by_month"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &top); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(keysOf(t, "the report", json.RawMessage(r.stdout)), " "); got != "by_action by_agent by_month overall" {
		t.Errorf("the report has keys %s", got)
	}
	if len(top.ByAgent) == 0 || len(top.ByAction) == 0 || len(top.ByMonth) == 0 {
		t.Fatalf("the bundled incidents gave an empty breakdown: %d agents, %d actions, %d months", len(top.ByAgent), len(top.ByAction), len(top.ByMonth))
	}
	wantKeys(t, "overall", top.Overall)
	for _, a := range top.ByAgent {
		wantKeys(t, "a by_agent item", a, "agent", "by_class")
		var classes struct {
			ByClass []json.RawMessage `json:"by_class"`
		}
		json.Unmarshal(a, &classes)
		if len(classes.ByClass) == 0 {
			t.Errorf("an agent has no by_class items: %s", a)
		}
		for _, c := range classes.ByClass {
			wantKeys(t, "a by_class item", c, "class")
		}
	}
	for _, a := range top.ByAction {
		wantKeys(t, "a by_action item", a, "action", "class")
	}
	for _, m := range top.ByMonth {
		wantKeys(t, "a by_month item", m, "month")
	}
	var rel struct {
		Reliability []json.RawMessage `json:"reliability"`
	}
	json.Unmarshal(top.Overall, &rel)
	if len(rel.Reliability) != 10 {
		t.Fatalf("the reliability table has %d bins; want 10", len(rel.Reliability))
	}
	for _, b := range rel.Reliability {
		if got := strings.Join(keysOf(t, "a reliability bin", b), " "); got != "count from mean_confidence observed to" {
			t.Errorf("a reliability bin has keys %s", got)
		}
	}
}
