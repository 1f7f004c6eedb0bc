package main

import (
	"context"
	"fmt"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

func (a *app) findingsCommand() *cobra.Command {
	var asJSON bool
	var checkpoint string
	cmd := &cobra.Command{
		Use:   "findings INCIDENT",
		Short: "List the accountability findings of an incident",
		Long: `Check an incident against the policy and list every accountability gap found:
actions without an owner or approval, approvals by agents, evidence collected
after the remediation, an incident closed over pending AI suggestions, and the
rest of the finding codes: docs/findings.md lists each with its level,
subject and rule. A message names every time with its date, in UTC
("at 2026-03-10 23:55 UTC"), so an incident that runs past midnight
reads in the order it happened.

Exit status 1 when any finding is an error; when an entry read does not
verify, or a step's row points at an entry that is not its record (moved
outside signoff: the row is left out, the findings are listed, and stderr
names the first such entry); or when the record no longer holds the check
this machine remembers of it (cut short or rewritten since: the findings
are listed, and stderr names what is missing); 0 when there are none or
only warnings, 2 on bad input.

--checkpoint FILE holds the record instead to a checkpoint kept elsewhere
("signoff checkpoint"), checking it whole as "signoff verify --checkpoint"
does, as export --checkpoint does: on a machine that never checked the
record (an auditor's), that is what shows entries cut off since it was
taken.`,
		Example: `  signoff findings INC-2041
  signoff findings INC-2041 --json --checkpoint audit-2026-11-25.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, p, err := a.openWithPolicy(cmd.Context())
			if err != nil {
				return err
			}
			var fs []review.Finding
			// Findings of a record cut short miss what was cut off.
			err = a.showHeld(cmd.Context(), s, checkpoint, "the findings above were found in", func() error {
				id, found, err := walkFindings(cmd.Context(), s, args[0], p)
				if err != nil {
					return err
				}
				fs = found
				if asJSON {
					return writeJSON(a.stdout, fs)
				}
				writeFindings(a.stdout, id, fs)
				return nil
			})
			if err == nil && review.HasErrors(fs) {
				return problemsError{}
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as a JSON array")
	cmd.Flags().StringVar(&checkpoint, "checkpoint", "", "hold the record to this checkpoint file, checking it whole, before listing")
	return cmd
}

// walkFindings checks an incident one step at a time, as the store walks
// it, so only the findings are held, never the incident: the same findings
// in the same order as review.Findings over the whole document.
func walkFindings(ctx context.Context, s model.StepWalker, incident string, p *review.Policy) (string, []review.Finding, error) {
	var chk *review.StepChecker
	var id string
	fs := []review.Finding{}
	err := s.EachStep(ctx, incident, func(ws model.WalkStart) error {
		id, chk = ws.Incident.ID, review.NewStepChecker(ws, p)
		return nil
	}, func(st *model.Step) error {
		fs = append(fs, chk.Step(st)...)
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return id, append(fs, chk.Finish()...), nil
}

func writeFindings(w io.Writer, incident string, fs []review.Finding) {
	if len(fs) == 0 {
		fmt.Fprintf(w, "%s: no findings\n", safetext.Line(incident))
		return
	}
	// Aligned by terminal cells: a subject id may be wide characters.
	var t review.Columns
	t.Row("LEVEL", "CODE", "SUBJECT", "MESSAGE")
	for _, f := range fs {
		t.Row(f.Level, f.Code, safetext.Line(f.Subject).String(), safetext.Line(f.Message).String())
	}
	t.WriteTo(w)
}
