package db

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
)

// cellOf reads one row of metricCells or maintainedCells.
func cellOf(v []any) (model.MetricCell, error) {
	var c model.MetricCell
	var bad error
	str := func(x any) string {
		s, ok := x.(string)
		if !ok {
			bad = fmt.Errorf("metric cell: expected text, got %T", x)
		}
		return s
	}
	num := func(x any) int {
		n, ok := x.(int64)
		if !ok {
			bad = fmt.Errorf("metric cell: expected an integer, got %T", x)
		}
		return int(n)
	}
	float := func(x any) float64 {
		switch f := x.(type) {
		case float64:
			return f
		case int64:
			return float64(f)
		}
		bad = fmt.Errorf("metric cell: expected a number, got %T", x)
		return 0
	}
	c.Agent, c.Action, c.Month = str(v[0]), str(v[1]), str(v[2])
	counts := []*int{&c.Suggestions, &c.Pending, &c.AutoExecuted, &c.Decided, &c.Followed, &c.Modified, &c.Ignored,
		&c.DecidedFollowed, &c.DecidedOverridden, &c.FollowedJudged, &c.FollowedCorrect, &c.IgnoredJudged, &c.IgnoredCorrect, &c.Scored}
	for i, p := range counts {
		*p = num(v[3+i])
	}
	c.ConfidenceSum, c.OutcomeSum, c.SquaredErrorSum = float(v[17]), float(v[18]), float(v[19])
	for i := range c.Bins {
		b := v[20+3*i:]
		c.Bins[i] = model.BinSums{Scored: int(float(b[0])), ConfidenceSum: float(b[1]), OutcomeSum: float(b[2])}
	}
	return c, bad
}

// aggregateFacts makes MetricCells sum the facts even without a filter;
// tests set it to hold the maintained cells equal to a fresh aggregation.
var aggregateFacts = false

// MetricCells returns the trust-metric sums of the suggestions the filter
// keeps, grouped by agent, action type, month and confidence bin. Without a
// filter it reads the sums the store maintains (suggestion_cells); with one
// it aggregates suggestion_facts over its indexes. Review only divides.
func (d *DB) MetricCells(ctx context.Context, f model.MetricsFilter) ([]model.MetricCell, error) {
	f = boundedSince(f)
	tx, err := d.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	where, args, err := d.factFilter(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	// In key order on every engine: PostgreSQL may group by hashing.
	query := d.sq.metricCells + where + " GROUP BY agent, action, month" + inKeyOrder
	switch {
	case aggregateFacts:
	case where == "":
		query = d.sq.maintainedCells + cellsGrouped + inKeyOrder
	case f.Incident == "" && !f.Since.IsZero():
		query, args = d.sinceCells(f)
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.fail(err)
	}
	defer rows.Close()
	var cells []model.MetricCell
	// Scanning into any skips database/sql's reflection, which at tens of
	// thousands of cells costs more than the query.
	vals := make([]any, cellColumns)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, d.fail(err)
		}
		c, err := cellOf(vals)
		if err != nil {
			return nil, d.fail(err)
		}
		cells = append(cells, c)
	}
	return cells, d.fail(rows.Err())
}

// metricCells sums the per-suggestion terms of suggestion_facts, whose
// generated columns say what one suggestion adds to each sum (SPEC.md
// "Trust metrics", written once in migration 0003).
func metricCells(q *engine.Dialect) string {
	return `SELECT agent, action, month, count(*),
	sum(n_pending), sum(n_auto), sum(n_decided), sum(n_followed), sum(n_modified), sum(n_ignored),
	sum(n_decided_followed), sum(n_decided_overridden),
	sum(n_followed_judged), sum(n_followed_correct), sum(n_ignored_judged), sum(n_ignored_correct),
	sum(n_scored), ` + q.Total("scored_confidence", "") + `, ` + q.Total("scored_outcome", "") + `, ` + q.Total("squared_error", "") +
		binColumns(q, "n_scored", "scored_confidence", "scored_outcome") + `
	FROM suggestion_facts WHERE true`
}

// maintainedCells reads the same sums from the cells the triggers keep,
// folding their confidence bins into columns; conditions follow it, then
// cellsGrouped.
func maintainedCells(q *engine.Dialect) string {
	return `SELECT agent, action, month, sum(suggestions),
	sum(pending), sum(auto_executed), sum(decided), sum(followed), sum(modified), sum(ignored),
	sum(decided_followed), sum(decided_overridden),
	sum(followed_judged), sum(followed_correct), sum(ignored_judged), sum(ignored_correct),
	sum(scored), ` + q.Total("confidence_sum", "") + `, ` + q.Total("outcome_sum", "") + `, ` + q.Total("squared_error_sum", "") +
		binColumns(q, "scored", "confidence_sum", "outcome_sum") + `
	FROM suggestion_cells WHERE true`
}

const (
	cellsGrouped = " GROUP BY agent, action, month HAVING sum(suggestions) > 0"
	inKeyOrder   = "\n\tORDER BY agent, action, month"
)

// sinceCells answers a filter from a date on (and perhaps by agent and
// action) without summing every suggestion since: the months after the
// date's own come whole from the maintained cells, and only the date's
// own month, from the date on, is summed from the facts. The two parts
// hold different months, so their rows never need adding together.
func (d *DB) sinceCells(f model.MetricsFilter) (string, []any) {
	since := f.Since.UTC()
	next := time.Date(since.Year(), since.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	var tail string
	var tailArgs []any
	if f.Agent != "" {
		tail += " AND agent = ?"
		tailArgs = append(tailArgs, f.Agent)
	}
	if f.Action != "" {
		tail += " AND action = ?"
		tailArgs = append(tailArgs, f.Action)
	}
	// One ORDER BY, after both: it orders the whole compound.
	facts := d.sq.metricCells + " AND at >= ? AND at <= ?" + tail + " GROUP BY agent, action, month"
	cells := d.sq.maintainedCells + " AND month >= ?" + tail + cellsGrouped
	// The last nanosecond of the date's month; in the last month signoff
	// can store, the next month's UnixNano would wrap around.
	last := int64(math.MaxInt64)
	if model.TimeInRange(next) {
		last = next.UnixNano() - 1
	}
	args := append([]any{since.UnixNano(), last}, tailArgs...)
	args = append(append(args, next.Format("2006-01")), tailArgs...)
	return facts + " UNION ALL " + cells + inKeyOrder, args
}

// binColumns sums the scored columns once per confidence bin. Only
// column names of ours and bin numbers go into the text.
func binColumns(q *engine.Dialect, scored, confidence, outcome string) string {
	var b strings.Builder
	for i := range model.Bins {
		bin := fmt.Sprintf("bin = %d", i)
		fmt.Fprintf(&b, ",\n\t%s, %s, %s", q.Total(scored, bin), q.Total(confidence, bin), q.Total(outcome, bin))
	}
	return b.String()
}

// cellColumns is how many columns both queries return.
const cellColumns = 3 + 17 + 3*model.Bins

// boundedSince drops a date before the first time signoff can store
// (1677-09-21T00:12:43Z, so the first day's midnight too): no suggestion
// is earlier, and such a date has no nanosecond count to compare with.
func boundedSince(f model.MetricsFilter) model.MetricsFilter {
	if f.Since.Before(model.EarliestTime) {
		f.Since = time.Time{}
	}
	return f
}

// factFilter turns a filter into a WHERE tail of fixed text and its
// arguments; values are always bound, never written into the SQL.
func (d *DB) factFilter(ctx context.Context, q querier, f model.MetricsFilter) (string, []any, error) {
	var b strings.Builder
	var args []any
	if f.Incident != "" {
		inc, err := d.mustIncident(ctx, q, f.Incident)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(" AND inc = ?")
		args = append(args, inc)
	}
	if !f.Since.IsZero() {
		if !model.TimeInRange(f.Since) {
			return "", nil, model.Errorf(model.EINVALID, "the date %s is outside the times signoff can store: %s", f.Since.Format("2006-01-02"), model.TimeRange)
		}
		b.WriteString(" AND at >= ?")
		args = append(args, f.Since.UnixNano())
	}
	if f.Agent != "" {
		b.WriteString(" AND agent = ?")
		args = append(args, f.Agent)
	}
	if f.Action != "" {
		b.WriteString(" AND action = ?")
		args = append(args, f.Action)
	}
	return b.String(), args, nil
}

// MetricSuggestions lists, in time order, up to limit suggestions the
// filter keeps, after the cursor (from the start when nil): the rows behind
// a metric.
func (d *DB) MetricSuggestions(ctx context.Context, f model.MetricsFilter, after *model.MetricsCursor, limit int) ([]model.SuggestionFact, error) {
	f = boundedSince(f)
	tx, err := d.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	where, args, err := d.factFilter(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	if after != nil {
		where += " AND (at, seq) > (?, ?)"
		args = append(args, after.At.UnixNano(), after.Key)
	}
	args = append(args, limit)
	rows, err := tx.QueryContext(ctx, `SELECT i.id, e.id, f.at, f.agent, f.action, coalesce(e.target, ''),
		f.confidence, f.state, coalesce(f.proposed, ''), coalesce(f.reviewed, ''), coalesce(f.ai_correct, ''), f.seq
		FROM (SELECT * FROM suggestion_facts WHERE true`+where+` ORDER BY at, seq LIMIT ?) f
		JOIN events e ON e.seq = f.seq JOIN incidents i ON i.seq = f.inc
		ORDER BY f.at, f.seq`, args...)
	if err != nil {
		return nil, d.fail(err)
	}
	defer rows.Close()
	var out []model.SuggestionFact
	for rows.Next() {
		var s model.SuggestionFact
		var at int64
		var conf sql.NullFloat64
		var state, proposed, reviewed, correct string
		if err := rows.Scan(&s.Incident, &s.Suggestion, &at, &s.Agent, &s.Action, &s.Target,
			&conf, &state, &proposed, &reviewed, &correct, &s.Key); err != nil {
			return nil, d.fail(err)
		}
		s.At = fromNanos(at)
		if conf.Valid {
			s.Confidence = &conf.Float64
		}
		s.State, s.Proposed = model.SuggestionState(state), model.Verdict(proposed)
		s.Reviewed, s.AICorrect = model.Verdict(reviewed), model.AICorrect(correct)
		out = append(out, s)
	}
	return out, d.fail(rows.Err())
}
