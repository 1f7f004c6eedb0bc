package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui"
	"github.com/signoff/signoff/tui/safetext"
)

func (a *app) metricsCommand() *cobra.Command {
	var by, incident, since, format string
	var dashboard bool
	cmd := &cobra.Command{
		Use:   "metrics",
		Short: "Show how far each AI agent can be trusted: acceptance, overrides, hindsight, calibration",
		Long: `Compute the AI trust metrics over suggestions: counts (suggestions, pending,
auto_executed, decided, followed, modified, ignored) and rates
(acceptance_rate, override_rate, hindsight_precision, missed_value, brier),
with a reliability table of stated confidence against observed correctness.
A rate with nothing to divide by is null (— in the table, empty in CSV).
docs/metrics.md defines each one in full.

Columns of the table:
  SUGG       suggestions the AI made
  PEND       pending: nobody has decided them and no automation ran them
  AUTO       auto-executed: an automation ran them with no human decision
  DECIDED    with a final decision other than deferred
  FOLLOW     followed: the verdict in force (the latest review, else the one
             signoff proposes) is followed; counts automated executions too
  MODIFY     modified, likewise
  IGNORE     ignored, likewise
  ACCEPT     acceptance_rate: decided suggestions followed ÷ DECIDED (an
             automation's run is not a person accepting, so AUTO is left out)
  OVERRIDE   override_rate: decided suggestions modified or ignored ÷ DECIDED
  HINDSIGHT  hindsight_precision: followed ones judged right ÷ followed ones
             judged right or wrong (the latest review's "AI correct"; partial
             and unknown left out)
  MISSED     missed_value: ignored ones judged right ÷ ignored ones judged
             right or wrong (partial and unknown left out, as for HINDSIGHT)
  BRIER      mean of (confidence − outcome)² over reviewed suggestions with a
             confidence; outcome 1 right, 0 wrong, 0.5 partial; lower is better

--format json prints every breakdown: {"overall", "by_agent" (each with
"by_class"), "by_action" (each with "class"), "by_month"}; every metrics
object carries its "reliability" table (ten bins of 0.1: count,
mean_confidence, observed). --by chooses the breakdown that table and csv
show; agents come with one row per action class of the policy.

--tui opens the dashboard: per-agent and per-action numbers, a month-by-month
chart, the reliability diagram, and the suggestions behind every number;
enter on a suggestion opens its step in the review workstation, and q there
comes back to the numbers.

The numbers sum every suggestion through tables derived from the record, so
after printing them metrics checks the record (the dashboard does the same in
the background): on a record that does not verify it says so on stderr and
exits 1. The check goes through what was appended since the last check this
machine remembers, as the workstation's does; only a whole check, which
metrics runs when it remembers none and signoff verify always runs, compares
the derived tables with the record (docs/workstation.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !review.ValidBreakdown(by) {
				return model.Errorf(model.EINVALID, "--by %q is not a breakdown; use agent, action or month", by)
			}
			if format != "table" && format != "json" && format != "csv" {
				return model.Errorf(model.EINVALID, "--format %q is not a format; use table, json or csv", format)
			}
			f := model.MetricsFilter{Incident: incident}
			if since != "" {
				t, err := time.Parse("2006-01-02", since)
				if err != nil {
					return model.Errorf(model.EINVALID, "--since %q is not a date; write it as YYYY-MM-DD", since)
				}
				f.Since = t
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			p, err := a.policy()
			if err != nil {
				return err
			}
			if dashboard {
				// The workstation opened on the dashboard: enter on a
				// suggestion opens its step, q there comes back to the
				// numbers, q on the numbers quits.
				_, err := a.workstation(cmd.Context(), s, tui.Options{Start: tui.StartMetrics, MetricsFilter: f}, true)
				return err
			}
			cells, err := s.MetricCells(cmd.Context(), f)
			if err != nil {
				return err
			}
			r := review.Summarise(cells, p)
			if !r.Finite() {
				return notFinite(cmd.Context(), s)
			}
			line := func(s string) string { return safetext.Line(s).String() }
			switch format {
			case "json":
				err = writeJSON(a.stdout, r)
			case "csv":
				err = review.WriteMetricsCSV(a.stdout, r, by, line)
			default:
				err = review.WriteMetricsTable(a.stdout, r, by, line)
			}
			if err != nil {
				return err
			}
			// The numbers sum every suggestion through tables derived from
			// the record, so the record they summarise is checked, with the
			// check the workstation runs (whole when none is remembered).
			problem, err := verifyChain(s)(cmd.Context())
			if err != nil {
				return err
			}
			if problem != "" {
				return problemsError{"the numbers above were counted from a record that does not verify: " + problem}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "by", review.ByAgent, "breakdown the table and csv show: agent, action or month")
	cmd.Flags().StringVar(&incident, "incident", "", "count only this incident's suggestions")
	cmd.Flags().StringVar(&since, "since", "", "count only suggestions made on or after this date (YYYY-MM-DD, UTC)")
	cmd.Flags().StringVar(&format, "format", "table", "table, json or csv")
	cmd.Flags().BoolVar(&dashboard, "tui", false, "open the metrics dashboard")
	return cmd
}

// notFinite is the answer when the sums give a number that is not finite:
// they were changed outside signoff, so no number is printed. The check
// names the row when it compares the derived tables (a whole check); one
// that goes only through what was appended since does not.
func notFinite(ctx context.Context, s database) error {
	problem, err := verifyChain(s)(ctx)
	if err != nil {
		return err
	}
	if problem == "" {
		problem = "the record was changed outside signoff: the tables the metrics are summed from give a number that is not finite, which no record can; signoff verify names the rows"
	}
	return problemsError{"no metrics were printed: " + problem}
}
