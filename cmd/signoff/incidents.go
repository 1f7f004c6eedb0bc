package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/signoff/signoff/model"
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
subjects with a verdict / all review subjects).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			list, err := s.Incidents(cmd.Context())
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
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSEV\tSTATUS\tSUGGESTIONS\tDECISIONS\tEXECUTIONS\tPENDING\tREVIEWED\tTITLE")
			for _, in := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d/%d\t%s\n",
					safetext.Line(in.ID), safetext.Line(string(in.Severity)), safetext.Line(string(in.Status)), in.Suggestions, in.Decisions,
					in.Executions, in.Pending, in.Reviewed, in.Subjects, safetext.Truncate(safetext.Line(in.Title), 60))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	return cmd
}
