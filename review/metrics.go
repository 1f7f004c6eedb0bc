package review

import (
	"math"
	"sort"

	"github.com/signoff/signoff/model"
)

// Trust metrics (SPEC.md "Trust metrics"). The store sums suggestions into
// model.MetricCell groups; this file divides. Where SPEC.md leaves a case
// open:
//
//   - followed, modified and ignored count the verdict in force (the latest
//     review, else the proposed one) over all suggestions, auto-executed ones
//     included; acceptance_rate and override_rate divide only the decided
//     suggestions among them by decided, so a rate stays between 0 and 1 (an
//     automation's run is not a human accepting anything).
//   - A suggestion whose last decision is a deferral is neither pending nor
//     decided; it shows in suggestions only.
//   - hindsight_precision and missed_value use the latest review's
//     ai_correct; partial and unknown are in neither numerator nor
//     denominator.
//   - brier and the reliability table use the same suggestions: those with
//     a confidence whose latest review judged them yes (1), no (0) or partial
//     (0.5). Bins are tenths of confidence; 1.0 falls in the last bin.
//   - Every rate with nothing to divide by is nil (JSON null), never 0.

// ReliabilityBin is one row of the reliability table: how right the agent
// was when it stated a confidence in [From, To).
type ReliabilityBin struct {
	From           float64  `json:"from"`
	To             float64  `json:"to"`
	Count          int      `json:"count"`
	MeanConfidence *float64 `json:"mean_confidence"`
	Observed       *float64 `json:"observed"`
}

// Metrics are the trust metrics of a set of suggestions.
type Metrics struct {
	Suggestions        int              `json:"suggestions"`
	Pending            int              `json:"pending"`
	AutoExecuted       int              `json:"auto_executed"`
	Decided            int              `json:"decided"`
	Followed           int              `json:"followed"`
	Modified           int              `json:"modified"`
	Ignored            int              `json:"ignored"`
	AcceptanceRate     *float64         `json:"acceptance_rate"`
	OverrideRate       *float64         `json:"override_rate"`
	HindsightPrecision *float64         `json:"hindsight_precision"`
	MissedValue        *float64         `json:"missed_value"`
	Brier              *float64         `json:"brier"`
	Reliability        []ReliabilityBin `json:"reliability"`

	// Sums are the counts behind the rates, for screens that show "2/3".
	Sums model.MetricCell `json:"-"`
}

// ClassMetrics are the metrics of one action class.
type ClassMetrics struct {
	Class model.ActionClass `json:"class"`
	Metrics
}

// AgentMetrics are one agent's metrics, overall and per action class.
type AgentMetrics struct {
	Agent string `json:"agent"`
	Metrics
	ByClass []ClassMetrics `json:"by_class"`
}

// ActionMetrics are the metrics of one suggested action type.
type ActionMetrics struct {
	Action string            `json:"action"`
	Class  model.ActionClass `json:"class"`
	Metrics
}

// MonthMetrics are the metrics of suggestions made in one month (YYYY-MM).
type MonthMetrics struct {
	Month string `json:"month"`
	Metrics
}

// MetricsReport is what `signoff metrics --format json` prints.
type MetricsReport struct {
	Overall  Metrics         `json:"overall"`
	ByAgent  []AgentMetrics  `json:"by_agent"`
	ByAction []ActionMetrics `json:"by_action"`
	ByMonth  []MonthMetrics  `json:"by_month"`
}

// ClassOf is the policy's class for an action type (unknown types are
// containment, as SPEC.md says).
func (p *Policy) ClassOf(actionType string) model.ActionClass {
	if r, ok := p.rules[actionType]; ok {
		return r.Class
	}
	return unknownRule.Class
}

// Summarise turns the store's cells into the report; classes come from the
// policy (the default policy when nil). Breakdowns are sorted by key.
func Summarise(cells []model.MetricCell, p *Policy) MetricsReport {
	if p == nil {
		p = DefaultPolicy()
	}
	var overall acc
	agents, actions, months := groups{}, groups{}, groups{}
	agentClass := map[string]groups{}
	for _, c := range cells {
		overall.add(c)
		agents.at(c.Agent).add(c)
		actions.at(c.Action).add(c)
		months.at(c.Month).add(c)
		if agentClass[c.Agent] == nil {
			agentClass[c.Agent] = groups{}
		}
		agentClass[c.Agent].at(string(p.ClassOf(c.Action))).add(c)
	}
	r := MetricsReport{Overall: overall.metrics(),
		ByAgent: []AgentMetrics{}, ByAction: []ActionMetrics{}, ByMonth: []MonthMetrics{}}
	for _, k := range agents.keys() {
		a := AgentMetrics{Agent: k, Metrics: agents[k].metrics(), ByClass: []ClassMetrics{}}
		for _, cl := range agentClass[k].keys() {
			a.ByClass = append(a.ByClass, ClassMetrics{Class: model.ActionClass(cl), Metrics: agentClass[k][cl].metrics()})
		}
		r.ByAgent = append(r.ByAgent, a)
	}
	for _, k := range actions.keys() {
		r.ByAction = append(r.ByAction, ActionMetrics{Action: k, Class: p.ClassOf(k), Metrics: actions[k].metrics()})
	}
	for _, k := range months.keys() {
		r.ByMonth = append(r.ByMonth, MonthMetrics{Month: k, Metrics: months[k].metrics()})
	}
	return r
}

// Finite reports whether every rate of the report is a finite number.
// Counts of suggestions with confidences from 0 to 1 give nothing else, so
// a rate that is not finite comes from sums changed outside signoff; JSON
// cannot carry it and CSV would show it as null.
func (r MetricsReport) Finite() bool {
	all := []Metrics{r.Overall}
	for _, a := range r.ByAgent {
		all = append(all, a.Metrics)
		for _, c := range a.ByClass {
			all = append(all, c.Metrics)
		}
	}
	for _, a := range r.ByAction {
		all = append(all, a.Metrics)
	}
	for _, m := range r.ByMonth {
		all = append(all, m.Metrics)
	}
	for _, m := range all {
		vals := rates(m)
		for _, b := range m.Reliability {
			vals = append(vals, b.MeanConfidence, b.Observed)
		}
		for _, v := range vals {
			if v != nil && (math.IsInf(*v, 0) || math.IsNaN(*v)) {
				return false
			}
		}
	}
	return true
}

// MonthsOf computes month-by-month metrics of the cells keep accepts, in
// month order.
func MonthsOf(cells []model.MetricCell, keep func(model.MetricCell) bool) []MonthMetrics {
	months := groups{}
	for _, c := range cells {
		if keep == nil || keep(c) {
			months.at(c.Month).add(c)
		}
	}
	out := []MonthMetrics{}
	for _, k := range months.keys() {
		out = append(out, MonthMetrics{Month: k, Metrics: months[k].metrics()})
	}
	return out
}

// acc accumulates cells.
type acc struct{ sums model.MetricCell }

func (a *acc) add(c model.MetricCell) { a.sums.Add(c) }

func (a *acc) metrics() Metrics {
	s := a.sums
	m := Metrics{
		Suggestions: s.Suggestions, Pending: s.Pending, AutoExecuted: s.AutoExecuted, Decided: s.Decided,
		Followed: s.Followed, Modified: s.Modified, Ignored: s.Ignored,
		AcceptanceRate:     rateOf(float64(s.DecidedFollowed), s.Decided),
		OverrideRate:       rateOf(float64(s.DecidedOverridden), s.Decided),
		HindsightPrecision: rateOf(float64(s.FollowedCorrect), s.FollowedJudged),
		MissedValue:        rateOf(float64(s.IgnoredCorrect), s.IgnoredJudged),
		Brier:              rateOf(s.SquaredErrorSum, s.Scored),
		Reliability:        make([]ReliabilityBin, len(s.Bins)),
		Sums:               s,
	}
	for i, b := range s.Bins {
		m.Reliability[i] = ReliabilityBin{
			From: float64(i) / 10, To: float64(i+1) / 10, Count: b.Scored,
			MeanConfidence: rateOf(b.ConfidenceSum, b.Scored),
			Observed:       rateOf(b.OutcomeSum, b.Scored),
		}
	}
	return m
}

// rateOf is n/d, or nil when there is nothing to divide by.
func rateOf(n float64, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := n / float64(d)
	return &v
}

type groups map[string]*acc

func (g groups) at(k string) *acc {
	a := g[k]
	if a == nil {
		a = &acc{}
		g[k] = a
	}
	return a
}

func (g groups) keys() []string {
	ks := make([]string, 0, len(g))
	for k := range g {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
