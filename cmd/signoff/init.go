package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/tui/safetext"
)

func (a *app) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Create or migrate the database",
		Long: `Create the database (mode 0600) when it does not exist, or bring an existing
signoff database up to this version's schema. A file that is not a signoff
database, or one written by a newer signoff, is refused and left untouched.
A new database is built beside the path (FILE.incomplete-new-PID-N) and
appears there only whole: init stopped part way leaves nothing at the path,
and two made at once end with one database, which both open.

With --db postgres://… the record lives on a PostgreSQL server: init, run
once as the role that owns the schema, creates signoff's tables there
(docs/postgres.md sets up the roles).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openNew(cmd.Context())
			if err != nil {
				return err
			}
			entries, head, err := s.ChainHead(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "database ready: %s (%d audit entries, head %s)\n", safetext.Line(s.Address()), entries, short(head))
			return nil
		},
	}
}

// short abbreviates a hash for people; the full value is in --json outputs.
func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}
