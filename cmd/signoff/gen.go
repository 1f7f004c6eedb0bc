package main

import (
	"bufio"
	"io"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/spf13/cobra"
)

func (a *app) genCommand() *cobra.Command {
	var o fixtures.GenOptions
	var output string
	var force bool
	cmd := &cobra.Command{
		Use:   "gen --incidents N --events M [--seed S] [-o FILE [--force]]",
		Short: "Write synthetic incidents as an NDJSON record stream for scale tests",
		Long: `Write N synthetic incidents of M events each as one NDJSON record stream
(each incident starts with its own "incident" record; the format is in
docs/import-format.md) to FILE, or to standard output when that is a pipe
or a file. It refuses to pour the stream onto a terminal. The output
depends only on the flags: the same seed gives the same bytes. Memory
stays flat however large M is.

-o FILE makes a new file, mode 0600, and gives it its name only once the
stream is whole, so an interrupted gen leaves nothing under that name. It
refuses a FILE that already exists unless --force is given, and refuses,
even with --force, the database --db or $SIGNOFF_DB names, any SQLite
database and its side files (-wal, -shm, -journal), and anything that is
not a regular file.`,
		Example: `  signoff gen --incidents 1 --events 1000000 -o big.ndjson
  signoff gen --incidents 1 --events 1000000 > big.ndjson
  signoff gen --incidents 2 --events 5000 | signoff --db scale.db import -`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Incidents < 1 || o.Events < 1 {
				return model.Errorf(model.EINVALID, "--incidents and --events must each be at least 1")
			}
			var out io.Writer = a.stdout
			var file *genFile
			if output != "" {
				if err := a.refuseGenOutput(output, force); err != nil {
					return err
				}
				f, err := createGenFile(output, force)
				if err != nil {
					return err
				}
				defer f.discard()
				out, file = f, f
			} else if terminalWriter(a.stdout) {
				return model.Errorf(model.EINVALID, "gen writes an NDJSON stream, not text to read; give -o FILE, or send it to a file or a pipe (signoff gen … > big.ndjson, or | signoff import -)")
			}
			w := bufio.NewWriterSize(out, 1<<20)
			if err := fixtures.Generate(w, o); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return model.Errorf(model.EINVALID, "cannot write the stream: %v", pathError(err))
			}
			if file != nil {
				return file.place(a.refuseGenOutput)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&o.Incidents, "incidents", 1, "how many incidents")
	cmd.Flags().IntVar(&o.Events, "events", 1000, "how many events per incident")
	cmd.Flags().Int64Var(&o.Seed, "seed", 1, "seed of the generator")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the stream to this new file instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "with -o, replace FILE if it exists (never a database)")
	return cmd
}
