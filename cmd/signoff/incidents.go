package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

func (a *app) incidentsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "incidents",
		Short: "List incidents with severity, status, counts and review progress",
		Long: `List every incident in the database, newest first: severity, status, the
number of AI suggestions, human decisions and executions, how many
suggestions are still pending a decision, and review progress (review
subjects with a verdict / all review subjects).

Before listing, it holds the record to the check this machine remembers
of it, as export does: a record cut short or rewritten since is still
listed as it stands, and incidents then exits 1 naming on stderr what the
record no longer holds ("signoff verify --forget" accepts a backup
restored on purpose).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			return a.showHeld(cmd.Context(), s, "", "the incidents above were listed from", func() error {
				return a.incidents(cmd.Context(), s, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	return cmd
}

// incidents writes the list of incidents, a table or JSON.
func (a *app) incidents(ctx context.Context, s database, asJSON bool) error {
	list, err := s.Incidents(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		if list == nil {
			list = []model.IncidentSummary{}
		}
		return writeJSON(a.stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "no incidents yet: import some with \"signoff import FILE\", or try \"signoff demo\"")
		return nil
	}
	// Aligned by terminal cells: an id or status may be wide characters.
	var t review.Columns
	t.Row("ID", "SEV", "STATUS", "SUGGESTIONS", "DECISIONS", "EXECUTIONS", "PENDING", "REVIEWED", "TITLE")
	for _, in := range list {
		t.Row(safetext.Line(in.ID).String(), safetext.Line(string(in.Severity)).String(), safetext.Line(string(in.Status)).String(),
			strconv.Itoa(in.Suggestions), strconv.Itoa(in.Decisions), strconv.Itoa(in.Executions), pendingCell(in),
			fmt.Sprintf("%d/%d", in.Reviewed, in.Subjects), safetext.Truncate(safetext.Line(in.Title), 60).String())
	}
	if _, err := t.WriteTo(a.stdout); err != nil {
		return err
	}
	// Under the table, so its columns stay as they are.
	for _, in := range list {
		if in.ReadsLike != "" {
			fmt.Fprintln(a.stdout, common.AlikeMark(in.ID, in.ReadsLike).String())
		}
	}
	return nil
}

// pendingCell is the PENDING column: the count, and how many of those
// their gate already answered ("3 (2 gate ended)"): a decision on one of
// them runs nothing.
func pendingCell(in model.IncidentSummary) string {
	return strconv.Itoa(in.Pending) + review.GateEndedCount(in.PendingGateEnded)
}
