package main

import (
	"bufio"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/spf13/cobra"
)

func (a *app) genCommand() *cobra.Command {
	var o fixtures.GenOptions
	cmd := &cobra.Command{
		Use:   "gen --incidents N --events M [--seed S]",
		Short: "Write synthetic incidents as an NDJSON record stream for scale tests",
		Long: `Write N synthetic incidents of M events each to standard output as one NDJSON
record stream (each incident starts with its own "incident" record). The
output depends only on the flags: the same seed gives the same bytes. Memory
stays flat however large M is.`,
		Example: `  signoff gen --incidents 1 --events 1000000 > big.ndjson
  signoff --db scale.db import big.ndjson`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Incidents < 1 || o.Events < 1 {
				return model.Errorf(model.EINVALID, "--incidents and --events must each be at least 1")
			}
			w := bufio.NewWriterSize(a.stdout, 1<<20)
			if err := fixtures.Generate(w, o); err != nil {
				return err
			}
			return w.Flush()
		},
	}
	cmd.Flags().IntVar(&o.Incidents, "incidents", 1, "how many incidents")
	cmd.Flags().IntVar(&o.Events, "events", 1000, "how many events per incident")
	cmd.Flags().Int64Var(&o.Seed, "seed", 1, "seed of the generator")
	return cmd
}
