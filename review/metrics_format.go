package review

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/signoff/signoff/model"
)

// Breakdowns `metrics --by` accepts.
const (
	ByAgent  = "agent"
	ByAction = "action"
	ByMonth  = "month"
)

// ValidBreakdown reports whether by names a breakdown.
func ValidBreakdown(by string) bool { return by == ByAgent || by == ByAction || by == ByMonth }

// MetricsRow is one line of a breakdown: its key, its class when it has one,
// and its metrics. Agents come with one extra row per action class.
type MetricsRow struct {
	Key   string
	Class model.ActionClass
	Metrics
}

// Rows lists the breakdown by names, in report order: an agent is followed
// by its per-class rows.
func (r MetricsReport) Rows(by string) []MetricsRow {
	var rows []MetricsRow
	switch by {
	case ByAgent:
		for _, a := range r.ByAgent {
			rows = append(rows, MetricsRow{Key: a.Agent, Metrics: a.Metrics})
			for _, c := range a.ByClass {
				rows = append(rows, MetricsRow{Key: a.Agent, Class: c.Class, Metrics: c.Metrics})
			}
		}
	case ByAction:
		for _, a := range r.ByAction {
			rows = append(rows, MetricsRow{Key: a.Action, Class: a.Class, Metrics: a.Metrics})
		}
	case ByMonth:
		for _, m := range r.ByMonth {
			rows = append(rows, MetricsRow{Key: m.Month, Metrics: m.Metrics})
		}
	}
	return rows
}

var csvHeader = []string{"scope", "key", "class", "suggestions", "pending", "auto_executed", "decided",
	"followed", "modified", "ignored", "acceptance_rate", "override_rate", "hindsight_precision", "missed_value", "brier"}

// WriteMetricsCSV writes the overall row (scope "overall") and the rows of
// one breakdown (scope agent, action or month). A null rate is an empty
// field; numbers are written as the JSON writes them. Keys come from the
// record (an attacker can name an action type), so each passes through
// escape, which makes it safe for a terminal, before csvSafe makes it
// safe for a spreadsheet.
func WriteMetricsCSV(w io.Writer, r MetricsReport, by string, escape func(string) string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	rows := append([]MetricsRow{{Metrics: r.Overall}}, r.Rows(by)...)
	for i, row := range rows {
		scope := by
		if i == 0 {
			scope = "overall"
		}
		rec := []string{scope, csvSafe(escape(row.Key)), escape(string(row.Class))}
		for _, n := range counts(row.Metrics) {
			rec = append(rec, strconv.Itoa(n))
		}
		for _, v := range rates(row.Metrics) {
			rec = append(rec, jsonNumber(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a key as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

func counts(m Metrics) []int {
	return []int{m.Suggestions, m.Pending, m.AutoExecuted, m.Decided, m.Followed, m.Modified, m.Ignored}
}

func rates(m Metrics) []*float64 {
	return []*float64{m.AcceptanceRate, m.OverrideRate, m.HindsightPrecision, m.MissedValue, m.Brier}
}

func jsonNumber(v *float64) string {
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(*v)
	return string(b)
}

// Dash stands for a null metric in tables and on screen.
const Dash = "—"

// Percent formats a rate as a percentage with one decimal, or Dash. A
// rate halfway between two tenths rounds to the even one, so a share and
// the rest of it (acceptance and override) always add up to 100.0%: the
// float's last bit used to decide, and 31/80 and 49/80 showed as 38.8% and
// 61.3%. A rate is a count over a count d, so one that is not halfway is
// at least 1/(2d) of a tenth from it: more than the 1e-9 allowed for the
// float's error (about 1e-13) below 500 million suggestions.
func Percent(v *float64) string {
	if v == nil {
		return Dash
	}
	tenths := *v * 1000
	n := math.Floor(tenths)
	switch f := tenths - n; {
	case math.Abs(f-0.5) < 1e-9:
		if math.Mod(n, 2) != 0 {
			n++
		}
	case f > 0.5:
		n++
	}
	return strconv.FormatFloat(n/10, 'f', 1, 64) + "%"
}

// Decimal formats a score with three decimals, or Dash.
func Decimal(v *float64) string {
	if v == nil {
		return Dash
	}
	return strconv.FormatFloat(*v, 'f', 3, 64)
}

// WriteMetricsTable writes the overall row and one breakdown as a table for
// people, then the overall reliability table. clean makes keys that came
// from the record safe for a terminal.
func WriteMetricsTable(w io.Writer, r MetricsReport, by string, clean func(string) string) error {
	var t Columns
	t.Row(headerOf(by), "CLASS", "SUGG", "PEND", "AUTO", "DECIDED", "FOLLOW", "MODIFY", "IGNORE",
		"ACCEPT", "OVERRIDE", "HINDSIGHT", "MISSED", "BRIER")
	t.Row(tableRow(MetricsRow{Key: "(all suggestions)", Metrics: r.Overall}, "")...)
	for _, row := range r.Rows(by) {
		key := clean(row.Key)
		if by == ByAgent && row.Class != "" {
			key = "  └"
		}
		t.Row(tableRow(row, key)...)
	}
	if _, err := t.WriteTo(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Reliability of stated confidence (all suggestions judged yes, no or partial):")
	var rel Columns
	rel.Row("CONFIDENCE", "COUNT", "MEAN CONFIDENCE", "OBSERVED")
	for _, b := range r.Overall.Reliability {
		rel.Row(fmt.Sprintf("%.1f–%.1f", b.From, b.To), strconv.Itoa(b.Count), Decimal(b.MeanConfidence), Decimal(b.Observed))
	}
	_, err := rel.WriteTo(w)
	return err
}

func headerOf(by string) string {
	switch by {
	case ByAction:
		return "ACTION"
	case ByMonth:
		return "MONTH"
	}
	return "AGENT"
}

func tableRow(row MetricsRow, key string) []string {
	if key == "" {
		key = row.Key
	}
	class := string(row.Class)
	if class == "" {
		class = Dash
	}
	m := row.Metrics
	cells := []string{key, class}
	for _, n := range counts(m) {
		cells = append(cells, strconv.Itoa(n))
	}
	return append(cells, Percent(m.AcceptanceRate), Percent(m.OverrideRate), Percent(m.HindsightPrecision),
		Percent(m.MissedValue), Decimal(m.Brier))
}
