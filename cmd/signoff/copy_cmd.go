package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
)

func (a *app) copyCommand() *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "copy --from ADDRESS --to ADDRESS",
		Short: "Copy a whole record to another database (SQLite file or PostgreSQL server)",
		Long: `Copy the whole record from one database to another: a SQLite file onto a
PostgreSQL server when a team outgrows one host, or a server's record into a
file. An address is a file path or a postgres:// URL.

The audit chain is copied entry for entry, with each entry's time, author and
hash, so the copy verifies with the same head and the same number of entries
(compare them with "signoff verify" on both, or with a checkpoint taken
before). Training runs come along; claims on queue items do not (they lapse).

The source must verify: a record changed outside signoff, or cut short or
rewritten since this machine last checked it, is not copied, and copy exits
1 naming the fault, as verify does. The destination must hold no record
yet; on a server, run "signoff init" there first as the schema's owner
(copy makes nothing in a schema that holds no record). The copy is one
transaction, all or nothing, and is verified once written; this machine
remembers that check, as it does verify's, so the copy is held to it from
the first. A copy refused or stopped part way leaves the destination as it
was: a file it made is removed, an empty record stays empty. A new file is
built beside --to as FILE.incomplete-copy-PID and takes its name only once
whole, so even a copy killed outright leaves no file at --to; the next copy
into it removes what such a copy left, and says so. No command opens such a
file as a database: it says it is an unfinished copy. Writes to the source
while it runs are not copied: stop the writers first.`,
		Example: `  signoff copy --from ~/.local/share/signoff/signoff.db --to postgres://signoff_owner@db.example/signoff
  signoff copy --from postgres://auditor@db.example/signoff --to audit-2026-11.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if from == "" || to == "" {
				return model.Errorf(model.EINVALID, "copy needs both --from and --to")
			}
			if from == to {
				return model.Errorf(model.EINVALID, "--from and --to are the same database; copy between two different databases")
			}
			a.checksAll = true
			if mustExist(from) != nil {
				return model.Errorf(model.ENOTFOUND, "there is no signoff database at %s to copy from: check the path --from gives", from)
			}
			a.warnPasswordFile(from)
			if db.PasswordFileWarning(to) != db.PasswordFileWarning(from) {
				a.warnPasswordFile(to)
			}
			src, err := db.OpenExisting(ctx, from)
			if err != nil {
				return err
			}
			defer src.Close()
			holdToMemory(src)
			// The source is checked before the destination is opened, so
			// a source refused leaves nothing there.
			before, err := db.CopySource(ctx, src)
			if err != nil {
				return err
			}
			dst, err := openCopyTarget(ctx, to, a.stderr)
			if err != nil {
				return err
			}
			res, err := db.CopyChecked(ctx, src, dst.DB, before, func(done, total int64) {
				fmt.Fprintf(a.stderr, "signoff: copied %d of %d entries\n", done, total)
			})
			if err != nil {
				dst.refused()
				return err
			}
			address, err := dst.finish()
			if err != nil {
				return err
			}
			// The copy was verified whole in its new place: remembered as
			// verify's check is, so the copy is held to it from the first.
			rememberWhole(memoryFor(address), address, res.Verified, time.Now())
			fmt.Fprintf(a.stdout, "%s → %s: %s\n", safetext.Line(src.Address()), safetext.Line(address), res)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the database to copy from: a file path or a postgres:// URL")
	cmd.Flags().StringVar(&to, "to", "", "the empty database to copy into: a file path or a postgres:// URL")
	return cmd
}
