package db

import (
	"context"
	"database/sql"
	"strings"

	"github.com/signoff/signoff/model"
)

// MetricCells returns the trust-metric sums of the suggestions the filter
// keeps, grouped by agent, action type, month and confidence bin. The
// aggregation runs in SQL over suggestion_facts; what counts as followed,
// decided or judged is written here once, and review only divides.
func (d *DB) MetricCells(ctx context.Context, f model.MetricsFilter) ([]model.MetricCell, error) {
	tx, err := d.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	where, args, err := d.factFilter(ctx, tx, f)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, metricCellsSQL+where+" GROUP BY agent, action, month, bin", args...)
	if err != nil {
		return nil, d.fail(err)
	}
	defer rows.Close()
	var cells []model.MetricCell
	for rows.Next() {
		var c model.MetricCell
		err := rows.Scan(&c.Agent, &c.Action, &c.Month, &c.Bin,
			&c.Suggestions, &c.Pending, &c.AutoExecuted, &c.Decided,
			&c.Followed, &c.Modified, &c.Ignored, &c.DecidedFollowed, &c.DecidedOverridden,
			&c.FollowedJudged, &c.FollowedCorrect, &c.IgnoredJudged, &c.IgnoredCorrect,
			&c.Scored, &c.ConfidenceSum, &c.OutcomeSum, &c.SquaredErrorSum)
		if err != nil {
			return nil, d.fail(err)
		}
		cells = append(cells, c)
	}
	return cells, d.fail(rows.Err())
}

// metricCellsSQL is SPEC.md "Trust metrics" as sums: counted is the latest
// review verdict, else the proposed one; judged is ai_correct yes or no;
// scored suggestions have a confidence and an outcome (yes 1, no 0,
// partial 0.5; unknown and unreviewed are NULL).
const metricCellsSQL = `SELECT agent, action, month, bin, count(*),
	count(*) FILTER (WHERE state = 'pending'),
	count(*) FILTER (WHERE state = 'auto_executed'),
	count(*) FILTER (WHERE state = 'decided'),
	count(*) FILTER (WHERE counted = 'followed'),
	count(*) FILTER (WHERE counted = 'modified'),
	count(*) FILTER (WHERE counted = 'ignored'),
	count(*) FILTER (WHERE state = 'decided' AND counted = 'followed'),
	count(*) FILTER (WHERE state = 'decided' AND counted IN ('modified', 'ignored')),
	count(*) FILTER (WHERE counted = 'followed' AND ai_correct IN ('yes', 'no')),
	count(*) FILTER (WHERE counted = 'followed' AND ai_correct = 'yes'),
	count(*) FILTER (WHERE counted = 'ignored' AND ai_correct IN ('yes', 'no')),
	count(*) FILTER (WHERE counted = 'ignored' AND ai_correct = 'yes'),
	count(confidence - outcome),
	total(CASE WHEN outcome IS NOT NULL THEN confidence END),
	total(CASE WHEN confidence IS NOT NULL THEN outcome END),
	total((confidence - outcome) * (confidence - outcome))
	FROM suggestion_facts WHERE 1`

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
		if !storable(f.Since) {
			return "", nil, model.Errorf(model.EINVALID, "the date %s is outside the years 1678 to 2262 that signoff can store", f.Since.Format("2006-01-02"))
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
		FROM (SELECT * FROM suggestion_facts WHERE 1`+where+` ORDER BY at, seq LIMIT ?) f
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
