package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// demoReviewer is the sample reviewer of the bundled incidents.
const demoReviewer = "mara"

func (a *app) demoCommand() *cobra.Command {
	var noOpen bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Load the bundled sample incidents and open the workstation",
		Long: `Load the bundled sample incidents into a database of their own (demo.db beside
the default database, unless --db is given), so samples never mix with a
team's real record, and open the review workstation as the sample reviewer
"mara" (unless --as is given). Running it again does not duplicate anything.

A database that holds any other incident is refused, file or server. When
$SIGNOFF_DB names a PostgreSQL server there is no file to put demo.db
beside: demo is refused, and --db gives it one ("signoff --db demo.db demo").
--db postgres://… loads the samples into that server's record when it holds
nothing but them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.dbPath == "" {
				demo, err := a.demoPath()
				if err != nil {
					return err
				}
				a.dbPath = demo
			}
			if !noOpen {
				if err := a.needTerminal("signoff demo", "\"signoff demo --no-open\" loads the samples and says where, without opening the workstation"); err != nil {
					return err
				}
			}
			if a.person == "" {
				a.person = demoReviewer
			}
			s, err := a.openNew(cmd.Context())
			if err != nil {
				return err
			}
			if err := a.onlySamples(cmd.Context(), s); err != nil {
				return err
			}
			loaded, err := a.loadSamples(cmd.Context(), s)
			if err != nil {
				return err
			}
			if noOpen {
				fmt.Fprintf(a.stdout, "%s: %s loaded now, %d already there\n", safetext.Line(s.Address()), countWord(loaded, "sample incident"), len(fixtures.Incidents())-loaded)
				return nil
			}
			if err := a.runWorkstation(cmd.Context(), s, "", a.actor()); err != nil {
				return err
			}
			// Once the screen is gone, say where the samples are: the
			// workstation never showed the path.
			fmt.Fprintln(a.stdout, demoAgain(string(safetext.Line(s.Address()))))
			return nil
		},
	}
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "load the samples and exit without opening the workstation")
	return cmd
}

// onlySamples refuses a database that holds an incident other than the
// bundled samples: --db naming a team's record (a file, or a PostgreSQL
// server's) must not get the samples mixed into it.
func (a *app) onlySamples(ctx context.Context, s database) error {
	list, err := s.Incidents(ctx)
	if err != nil {
		return err
	}
	for _, inc := range list {
		if !isSample(inc.ID) {
			where := s.Address()
			if db.IsServer(where) {
				where = "the PostgreSQL server " + db.ServerPlace(where)
			}
			return model.Errorf(model.EINVALID, "%s holds incidents other than the bundled samples (%s, and %d in all), and signoff demo loads the samples only into a database of their own, so they never mix with a team's record: give --db a new file, as \"signoff --db demo.db demo\"", where, model.Quote(inc.ID), len(list))
		}
	}
	return nil
}

// loadSamples imports each bundled incident that the database lacks.
func (a *app) loadSamples(ctx context.Context, s database) (int, error) {
	loaded := 0
	for _, name := range fixtures.Incidents() {
		doc, err := fixtures.Load(name)
		if err != nil {
			return loaded, err
		}
		_, err = s.IncidentSummary(ctx, doc.Incident.ID)
		if err == nil {
			continue
		}
		if model.ErrorCode(err) != model.ENOTFOUND {
			return loaded, err
		}
		r, err := fixtures.Open(name)
		if err != nil {
			return loaded, err
		}
		_, err = s.ImportDocument(ctx, name, r, "signoff-demo")
		r.Close()
		if model.ErrorCode(err) == model.ECONFLICT {
			continue // another demo loaded it a moment ago
		}
		if err != nil {
			return loaded, err
		}
		loaded++
	}
	return loaded, nil
}

// demoAgain says where the demo's samples are kept and how to open them
// again, the path quoted for a shell when it needs to be.
func demoAgain(address string) string {
	return fmt.Sprintf("The samples are in %s; signoff --db %s review opens them again.", address, shellWord(address))
}

// shellWord is s as one word a POSIX shell reads back as s.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:@,=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
