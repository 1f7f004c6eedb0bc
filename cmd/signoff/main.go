// Command signoff is the terminal review workstation for AI-assisted
// incident response. This package only parses flags, opens the store and
// hands over to db, review and tui.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// Exit statuses (SPEC.md "Command line").
const (
	exitOK       = 0
	exitProblems = 1 // a check found problems (findings, verify, a record that does not verify)
	exitUsage    = 2 // usage or input error, or a refused write
)

// interrupted is what a command stopped by ctrl+c or SIGTERM says.
const interrupted = "stopped before it finished (interrupted); nothing is half-written: each write is one transaction, recorded whole or not at all"

// interruptedOutput is what it says once it had printed part of its
// output (an export, a report): that output is incomplete, though the
// database is not.
const interruptedOutput = "stopped before it finished (interrupted); what it printed is incomplete. Nothing is half-written in the database: each write is one transaction, recorded whole or not at all"

// problemsError makes a command exit 1 after it has printed its result.
type problemsError struct{ msg string }

func (e problemsError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns its exit status; tests call it
// directly with their own streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &outputWriter{w: stdout}
	a := &app{stdin: stdin, stdout: out, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(stderr)
	// After SetOut: cobra's completion scripts write to the writer the
	// root had when the completion command was made.
	refuseUnknownShells(root)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		if r := requiredFlagError(cmd, err); r != nil {
			err = r
		}
	}
	err = out.failed(err)
	warnings := a.recordWarnings(err)
	a.close()
	code := exitOK
	var p problemsError
	switch {
	case err == nil:
	case errors.As(err, &p):
		if p.msg != "" {
			fmt.Fprintln(stderr, "signoff: "+safetext.Line(p.msg).String())
		}
		code = exitProblems
	case model.ErrorCode(err) == model.ETAMPERED:
		a.printError(err)
		code = exitProblems
	case a.checksAll && db.IsDamaged(err):
		// verify and checkpoint check the file: one damaged, cut short
		// or no database at all is what the check found, not a usage
		// error.
		a.printError(err)
		code = exitProblems
	case ctx.Err() != nil && (errors.Is(err, context.Canceled) || model.ErrorCode(err) == model.EINTERNAL):
		// ctrl+c or SIGTERM: what stopped it was the person, not a fault.
		// A read cut short can also end in database/sql's own word that
		// its statement was closed under it, which is no fault either.
		if out.wrote {
			fmt.Fprintln(stderr, "signoff: "+interruptedOutput)
		} else {
			fmt.Fprintln(stderr, "signoff: "+interrupted)
		}
		code = exitUsage
	default:
		a.printError(err)
		code = exitUsage
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "signoff: warning: "+safetext.Line(w).String())
	}
	if code == exitOK && len(warnings) > 0 {
		code = exitProblems
	}
	if errors.As(err, new(gateRefusal)) {
		code = exitUsage
	}
	return code
}

// recordWarnings is what the command's reads found wrong with the record
// or the file and err does not already say: a command that read a
// tampered or damaged record still prints what it read, then says so, and
// exits 1, so a script cannot take it for a clean answer.
func (a *app) recordWarnings(err error) []string {
	if a.store == nil || a.checksAll {
		return nil
	}
	said := model.ErrorMessage(err)
	if p := (problemsError{}); errors.As(err, &p) {
		said = p.msg
	}
	var out []string
	if f := a.store.ReadFault(); f != "" && !strings.Contains(said, "the record was changed outside signoff") {
		out = append(out, f)
	}
	if dmg := a.store.Damage(); dmg != "" && !strings.Contains(said, "is damaged") {
		out = append(out, fmt.Sprintf("the database file %s is damaged (%s); what was read may be incomplete: restore it from a copy, then run `signoff verify`", a.store.Address(), dmg))
	}
	return out
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "signoff",
		Short: "Review workstation for AI-assisted incident response",
		Long: `signoff keeps one named human owner for every material action taken during an
incident, even when an AI triaged, ranked or recommended it. It shows what the
AI said, what the human chose and what evidence stood behind each step, and
lets reviewers record where the AI was followed, modified or ignored.

Start with "signoff demo" to explore the bundled sample incidents.

The docs/ folder of signoff's source holds what a user needs: the import
format (docs/import-format.md), the policy (docs/policy.md), every finding
code and its rule (docs/findings.md), the report and its JSON
(docs/report.md), the trust metrics (docs/metrics.md), the screens and their
keys (docs/workstation.md), training (docs/training.md), proving who decided
with SSH keys (docs/IDENTITY.md), the approval gate agent frameworks call
(docs/GATE.md) and the Timesketch and OCSF exports (docs/EXPORTS.md).

The record is a SQLite file unless --db (or $SIGNOFF_DB) names a PostgreSQL
server, postgres://…, that a team's hosts share: setting one up, moving a
record there with "signoff copy", and backing it up are in
docs/postgres.md.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// A bare "signoff" is a usage error, not a silent success.
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.Help()
			return model.Errorf(model.EINVALID, "name a command; see the list above")
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "the database: a SQLite file, or a postgres:// URL of a PostgreSQL server (default $SIGNOFF_DB, else signoff.db in the user data directory)")
	root.PersistentFlags().StringVar(&a.person, "as", "", "the person acting (default $SIGNOFF_USER, else the OS user name)")
	root.PersistentPreRunE = a.checkActingAs
	root.PersistentFlags().StringVar(&a.policyPath, "policy", "", "policy file (TOML) replacing the bundled default policy")
	root.PersistentFlags().BoolVar(&a.debug, "debug", false, "on an internal error, print its detail (the driver's or the system's text)")
	root.SetFlagErrorFunc(flagError)
	for _, c := range a.commands() {
		root.AddCommand(c)
	}
	addSuggestions(root)
	a.markRuns(root)
	return root
}
