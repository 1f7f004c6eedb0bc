package review

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/signoff/signoff/model"
)

// Cells of the hand-made incident in db/metrics_query_test.go (trustDoc),
// one per suggestion: S1 followed and right, S2 modified and wrong, S3
// ignored though right, S4 pending, S5 auto-executed and partly right, S6
// deferred, S7 followed with its earlier verdict superseded and now judged
// unknown, S8 reviewed "none" and judged right.
func trustCells() []model.MetricCell {
	return binned([]int{9, 9, 8, 3, 5, -1, 9, 0}, []model.MetricCell{
		{Agent: "remediator", Action: "lookup", Month: "2026-01", Suggestions: 1, Decided: 1, Followed: 1, DecidedFollowed: 1,
			FollowedJudged: 1, FollowedCorrect: 1, Scored: 1, ConfidenceSum: 0.95, OutcomeSum: 1, SquaredErrorSum: 0.0025},
		{Agent: "remediator", Action: "isolate_host", Month: "2026-01", Suggestions: 1, Decided: 1, Modified: 1, DecidedOverridden: 1,
			Scored: 1, ConfidenceSum: 0.9, OutcomeSum: 0, SquaredErrorSum: 0.81},
		{Agent: "remediator", Action: "isolate_host", Month: "2026-01", Suggestions: 1, Decided: 1, Ignored: 1, DecidedOverridden: 1,
			IgnoredJudged: 1, IgnoredCorrect: 1, Scored: 1, ConfidenceSum: 0.8, OutcomeSum: 1, SquaredErrorSum: 0.04},
		{Agent: "remediator", Action: "lookup", Month: "2026-01", Suggestions: 1, Pending: 1},
		{Agent: "remediator", Action: "enrich", Month: "2026-02", Suggestions: 1, AutoExecuted: 1, Followed: 1,
			Scored: 1, ConfidenceSum: 0.55, OutcomeSum: 0.5, SquaredErrorSum: 0.0025},
		{Agent: "triager", Action: "block_ip", Month: "2026-02", Suggestions: 1},
		{Agent: "triager", Action: "block_ip", Month: "2026-02", Suggestions: 1, Decided: 1, Followed: 1, DecidedFollowed: 1},
		{Agent: "triager", Action: "block_ip", Month: "2026-02", Suggestions: 1, Decided: 1,
			Scored: 1, ConfidenceSum: 0.05, OutcomeSum: 1, SquaredErrorSum: 0.9025},
	})
}

// binned puts each cell's scored suggestions in its confidence bin (-1: it
// stated no confidence).
func binned(bins []int, cells []model.MetricCell) []model.MetricCell {
	for i, b := range bins {
		if b >= 0 {
			c := &cells[i]
			c.Bins[b] = model.BinSums{Scored: c.Scored, ConfidenceSum: c.ConfidenceSum, OutcomeSum: c.OutcomeSum}
		}
	}
	return cells
}

func f(v float64) *float64 { return &v }

// kept is the cells keep accepts (all when nil).
func kept(cells []model.MetricCell, keep func(model.MetricCell) bool) []model.MetricCell {
	var out []model.MetricCell
	for _, c := range cells {
		if keep == nil || keep(c) {
			out = append(out, c)
		}
	}
	return out
}

func TestEveryMetricMatchesTheHandComputedValue(t *testing.T) {
	tests := []struct {
		name string
		keep func(model.MetricCell) bool
		want Metrics
	}{
		{"nothing at all gives zero counts and null rates", func(model.MetricCell) bool { return false }, Metrics{}},
		{"all suggestions: auto-executed ones count as followed but not in the acceptance rate", nil, Metrics{
			Suggestions: 8, Pending: 1, AutoExecuted: 1, Decided: 5, Followed: 3, Modified: 1, Ignored: 1,
			AcceptanceRate: f(0.4), OverrideRate: f(0.4), HindsightPrecision: f(1), MissedValue: f(1), Brier: f(1.7575 / 5)}},
		{"partial hindsight counts in Brier but not in precision", func(c model.MetricCell) bool { return c.Action == "enrich" }, Metrics{
			Suggestions: 1, AutoExecuted: 1, Followed: 1, Brier: f(0.0025)}},
		{"a deferred suggestion is neither pending nor decided", func(c model.MetricCell) bool { return c.Agent == "triager" && c.Decided == 0 }, Metrics{
			Suggestions: 1}},
		{"a followed suggestion judged unknown leaves precision and Brier null", func(c model.MetricCell) bool {
			return c.Agent == "triager" && c.Followed == 1
		}, Metrics{Suggestions: 1, Decided: 1, Followed: 1, AcceptanceRate: f(1), OverrideRate: f(0)}},
		{"a suggestion reviewed none counts as decided but as no verdict", func(c model.MetricCell) bool {
			return c.Agent == "triager" && c.Decided == 1 && c.Followed == 0
		}, Metrics{Suggestions: 1, Decided: 1, AcceptanceRate: f(0), OverrideRate: f(0), Brier: f(0.9025)}},
		{"only ignored suggestions leave hindsight precision null and give missed value", func(c model.MetricCell) bool {
			return c.Ignored > 0
		}, Metrics{Suggestions: 1, Decided: 1, Ignored: 1, AcceptanceRate: f(0), OverrideRate: f(1), MissedValue: f(1), Brier: f(0.04)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarise(kept(trustCells(), tt.keep), nil).Overall
			if len(got.Reliability) != 10 {
				t.Fatalf("the reliability table has %d bins; want 10", len(got.Reliability))
			}
			got.Reliability, got.Sums = nil, model.MetricCell{}
			if msg := diffMetrics(got, tt.want); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// diffMetrics compares two Metrics, treating nil and a value as different
// and values equal within rounding.
func diffMetrics(got, want Metrics) string {
	if !equalInts(counts(got), counts(want)) {
		return "counts are " + ints(counts(got)) + "; want " + ints(counts(want))
	}
	names := []string{"acceptance_rate", "override_rate", "hindsight_precision", "missed_value", "brier"}
	g, w := rates(got), rates(want)
	for i := range g {
		if !sameRate(g[i], w[i]) {
			return names[i] + " is " + jsonNumber(g[i]) + "; want " + jsonNumber(w[i]) + " (empty means null)"
		}
	}
	return ""
}

func sameRate(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) < 1e-9
}

func equalInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func ints(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, strconv.Itoa(x))
	}
	return strings.Join(s, ",")
}

func TestTheReliabilityTableBinsScoredSuggestionsByTenths(t *testing.T) {
	rel := Summarise(trustCells(), nil).Overall.Reliability
	tests := []struct {
		name      string
		bin       int
		count     int
		mean, obs *float64
	}{
		{"an empty bin is null, not zero", 1, 0, nil, nil},
		{"a confidence under 0.1 falls in the first bin", 0, 1, f(0.05), f(1)},
		{"0.9 and 0.95 share the last bin; a suggestion judged unknown is left out", 9, 2, f(0.925), f(0.5)},
		{"a partial judgement counts as half right", 5, 1, f(0.55), f(0.5)},
		{"a pending suggestion is not scored", 3, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := rel[tt.bin]
			if b.Count != tt.count || !sameRate(b.MeanConfidence, tt.mean) || !sameRate(b.Observed, tt.obs) ||
				math.Abs(b.From-float64(tt.bin)/10) > 1e-9 {
				t.Errorf("bin %d is %+v (mean %s, observed %s); want count %d, mean %s, observed %s", tt.bin, b,
					jsonNumber(b.MeanConfidence), jsonNumber(b.Observed), tt.count, jsonNumber(tt.mean), jsonNumber(tt.obs))
			}
		})
	}
}

func TestSummariseBreaksDownByAgentClassActionAndMonth(t *testing.T) {
	r := Summarise(trustCells(), DefaultPolicy())
	tests := []struct {
		name string
		got  Metrics
		want Metrics
	}{
		{"the remediator overall", r.ByAgent[0].Metrics, Metrics{Suggestions: 5, Pending: 1, AutoExecuted: 1, Decided: 3,
			Followed: 2, Modified: 1, Ignored: 1, AcceptanceRate: f(1.0 / 3), OverrideRate: f(2.0 / 3), HindsightPrecision: f(1),
			MissedValue: f(1), Brier: f((0.0025 + 0.81 + 0.04 + 0.0025) / 4)}},
		{"the remediator on containment is mostly overridden", r.ByAgent[0].ByClass[0].Metrics, Metrics{Suggestions: 2, Decided: 2,
			Modified: 1, Ignored: 1, AcceptanceRate: f(0), OverrideRate: f(1), MissedValue: f(1), Brier: f(0.425)}},
		{"the remediator on reads is always accepted", r.ByAgent[0].ByClass[1].Metrics, Metrics{Suggestions: 3, Pending: 1,
			AutoExecuted: 1, Decided: 1, Followed: 2, AcceptanceRate: f(1), OverrideRate: f(0), HindsightPrecision: f(1), Brier: f(0.0025)}},
		{"isolate_host by action", r.ByAction[2].Metrics, Metrics{Suggestions: 2, Decided: 2, Modified: 1, Ignored: 1,
			AcceptanceRate: f(0), OverrideRate: f(1), MissedValue: f(1), Brier: f(0.425)}},
		{"February by month", r.ByMonth[1].Metrics, Metrics{Suggestions: 4, AutoExecuted: 1, Decided: 2, Followed: 2,
			AcceptanceRate: f(0.5), OverrideRate: f(0), Brier: f(0.905 / 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if msg := diffMetrics(tt.got, tt.want); msg != "" {
				t.Error(msg)
			}
		})
	}
	keys := []string{r.ByAgent[0].Agent, r.ByAgent[1].Agent, string(r.ByAgent[0].ByClass[0].Class), string(r.ByAgent[0].ByClass[1].Class),
		r.ByAction[0].Action, string(r.ByAction[0].Class), r.ByAction[2].Action, string(r.ByAction[2].Class), r.ByMonth[0].Month}
	want := []string{"remediator", "triager", "containment", "read", "block_ip", "containment", "isolate_host", "containment", "2026-01"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("keys and classes are %v; want %v", keys, want)
	}
	if got := DefaultPolicy().ClassOf("no_such_action"); got != model.ClassContainment {
		t.Errorf("an unknown action type is %s; want containment", got)
	}
}

// The keys of the real output are held to the docs by
// cmd/signoff's TestMetricsJSONOnTheBundledIncidentsHasTheDocumentedKeys.
func TestAnEmptyReportHasEmptyBreakdownsAndNullRates(t *testing.T) {
	b, err := json.Marshal(Summarise(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range top {
		keys = append(keys, k)
	}
	if len(keys) != 4 || top["overall"] == nil || string(top["by_agent"]) != "[]" || string(top["by_action"]) != "[]" || string(top["by_month"]) != "[]" {
		t.Errorf("an empty report is %s; want overall and three empty lists", b)
	}
	var overall map[string]any
	json.Unmarshal(top["overall"], &overall)
	for _, k := range []string{"acceptance_rate", "override_rate", "hindsight_precision", "missed_value", "brier"} {
		if v, ok := overall[k]; !ok || v != nil {
			t.Errorf("overall %s is %v (present %v); want null", k, v, ok)
		}
	}
}

func TestCSVJSONAndTableAgree(t *testing.T) {
	r := Summarise(trustCells(), nil)
	for _, by := range []string{ByAgent, ByAction, ByMonth} {
		t.Run("by "+by, func(t *testing.T) {
			var cb, tb bytes.Buffer
			jb, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteMetricsCSV(&cb, r, by, func(s string) string { return s }); err != nil {
				t.Fatal(err)
			}
			if err := WriteMetricsTable(&tb, r, by, func(s string) string { return s }); err != nil {
				t.Fatal(err)
			}
			var parsed MetricsReport
			if err := json.Unmarshal(jb, &parsed); err != nil {
				t.Fatal(err)
			}
			want := append([]MetricsRow{{Metrics: parsed.Overall}}, parsed.Rows(by)...)
			recs, err := csv.NewReader(&cb).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(tb.String()), "\n")
			if len(recs) != len(want)+1 || len(lines) < len(want)+1 {
				t.Fatalf("%d csv records and %d table lines for %d rows", len(recs), len(lines), len(want))
			}
			for i, row := range want {
				rec, cols := recs[i+1], strings.Fields(lines[i+1])
				wantCSV := []string{}
				for _, n := range counts(row.Metrics) {
					wantCSV = append(wantCSV, strconv.Itoa(n))
				}
				for _, v := range rates(row.Metrics) {
					wantCSV = append(wantCSV, jsonNumber(v))
				}
				if strings.Join(rec[3:], ",") != strings.Join(wantCSV, ",") || rec[1] != row.Key || rec[2] != string(row.Class) {
					t.Errorf("csv row %d is %v; json says %s %s %v", i, rec, row.Key, row.Class, wantCSV)
				}
				wantTable := []string{}
				for _, n := range counts(row.Metrics) {
					wantTable = append(wantTable, strconv.Itoa(n))
				}
				rs := rates(row.Metrics)
				wantTable = append(wantTable, Percent(rs[0]), Percent(rs[1]), Percent(rs[2]), Percent(rs[3]), Decimal(rs[4]))
				if got := strings.Join(cols[len(cols)-12:], " "); got != strings.Join(wantTable, " ") {
					t.Errorf("table row %d is %q; json says %q", i, got, strings.Join(wantTable, " "))
				}
			}
		})
	}
}

func TestCSVKeepsKeysFromBeingReadAsFormulas(t *testing.T) {
	var buf bytes.Buffer
	r := Summarise([]model.MetricCell{{Agent: "=HYPERLINK(\"x\")", Action: "lookup", Month: "2026-01", Suggestions: 1}}, nil)
	if err := WriteMetricsCSV(&buf, r, ByAgent, func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "'=HYPERLINK") {
		t.Errorf("the csv is %q; want the formula quoted with a leading apostrophe", buf.String())
	}
}

// A terminal gives 代 two cells and a combining accent none; the table
// must line up by those cells, not by counting characters.
func TestTheTableLinesUpKeysOfWideAndCombiningCharacters(t *testing.T) {
	cells := []model.MetricCell{
		{Agent: "remediator", Action: "lookup", Month: "2026-01", Suggestions: 1},
		{Agent: "代理人", Action: "lookup", Month: "2026-01", Suggestions: 1},
		{Agent: "ope\u0301rateur", Action: "lookup", Month: "2026-01", Suggestions: 1},
	}
	var buf bytes.Buffer
	if err := WriteMetricsTable(&buf, Summarise(cells, nil), ByAgent, func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	// The second column (CLASS) starts where the header's does on every
	// line of the first table.
	classAt := func(line string) int {
		key := strings.TrimLeft(line, " ")
		end := strings.Index(key, "  ")
		if end < 0 {
			t.Fatalf("no second column in %q", line)
		}
		rest := key[end:]
		return runewidth.StringWidth(line[:len(line)-len(rest)]) + len(rest) - len(strings.TrimLeft(rest, " "))
	}
	want := classAt(lines[0])
	for _, line := range lines[1:] {
		if line == "" {
			break
		}
		if got := classAt(line); got != want {
			t.Errorf("CLASS starts at cell %d in %q; at %d in the header", got, line, want)
		}
	}
}
