package main

import (
	"github.com/spf13/cobra"
)

func (a *app) exportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "export INCIDENT",
		Short: "Write an incident out in the import format",
		Long: `Write the incident as a signoff.incident/v1 JSON document on standard output,
including its review verdicts. Importing the export into another database and
exporting it again gives the same bytes.`,
		Example: `  signoff export INC-2041 > INC-2041.json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			w := newSafeJSONWriter(a.stdout)
			if err := s.Export(cmd.Context(), args[0], w); err != nil {
				return err
			}
			return w.Flush()
		},
	}
}
