package main

import (
	"context"
	"fmt"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

func (a *app) exportCommand() *cobra.Command {
	var formatName, checkpoint string
	cmd := &cobra.Command{
		Use:   "export INCIDENT",
		Short: "Write an incident out in the import format, or for Timesketch or OCSF pipelines",
		Long: `Write the incident as a signoff.incident/v1 JSON document on standard output,
including its review verdicts. Importing the export into another database and
exporting it again gives the same bytes. An incident stored with people or
agents whose ids read alike, from before import refused them, is exported as
stored, and export names those ids on stderr: import will refuse the document,
and "signoff copy" is the route that carries such a record. The document's
later lists wait, indented, in a temporary file in $TMPDIR (its owner's,
removed from the folder as soon as it is made) until their turn; without
room there, the export reads the lists one by one instead, slower.

--format timesketch writes JSONL that Timesketch imports as a timeline: one
line per event, evidence record, review verdict and status change, each with
message, datetime, timestamp_desc, the record's fields as attributes and tags
(signoff, decision:approved, verdict:modified, finding:evidence-after-action…).

--format ocsf writes NDJSON of OCSF 1.8.0 events: each suggestion a Detection
Finding (2004), each decision and verdict an update of it, each execution a
Remediation Activity (7001), the incident an Incident Finding (2005) that each
status change updates; what OCSF has no attribute for is under
unmapped.signoff.

Both stream the incident in time order, so an incident of any size is written
in bounded memory. How the fields map: docs/EXPORTS.md.

Before writing, export holds the record to the check this machine remembers
of it, as the workstation does: a record cut short or rewritten since is
still exported as it stands, the same bytes, and export then exits 1 naming
on stderr the entries it no longer holds. After restoring an older backup on
purpose, "signoff verify --forget" accepts the record as it is now.

--checkpoint FILE holds the record instead to a checkpoint kept elsewhere
("signoff checkpoint"), checking it whole as "signoff verify --checkpoint"
does: on a machine that never checked the record (an auditor's), that is
what shows entries cut off since it was taken.`,
		Example: `  signoff export INC-2041 > INC-2041.json
  signoff export INC-2041 --format timesketch > INC-2041.jsonl
  signoff export INC-2041 --format ocsf | your-ocsf-pipeline
  signoff export INC-2041 --checkpoint audit-2026-11-25.txt > INC-2041.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if formatName != "signoff" && formatName != "timesketch" && formatName != "ocsf" {
				return model.Errorf(model.EINVALID, "--format %q is not an export format; expected signoff, timesketch or ocsf", formatName)
			}
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			return a.showHeld(cmd.Context(), s, checkpoint, args[0]+" was exported from", func() error {
				return a.export(cmd.Context(), s, args[0], formatName)
			})
		},
	}
	cmd.Flags().StringVar(&checkpoint, "checkpoint", "", "hold the record to this checkpoint file, checking it whole, before writing")
	cmd.Flags().StringVar(&formatName, "format", "signoff", "signoff (the import format), timesketch (JSONL) or ocsf (NDJSON, OCSF 1.8.0)")
	return cmd
}

// export writes the incident in the format named, then, for the import
// format, names the ids that read alike.
func (a *app) export(ctx context.Context, s database, incident, formatName string) error {
	w := newSafeJSONWriter(a.stdout)
	var err error
	if formatName == "signoff" {
		err = s.Export(ctx, incident, w)
	} else {
		err = a.exportFor(ctx, s, incident, formatName, w)
	}
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil || formatName != "signoff" {
		return err
	}
	return a.noteLookAlikes(ctx, s, incident)
}

// noteLookAlikes writes lookAlikeNote to stderr, through the sanitiser
// like every sentence from the record.
func (a *app) noteLookAlikes(ctx context.Context, s database, incident string) error {
	r, err := s.Roster(ctx, incident)
	if err != nil {
		return err
	}
	if note := lookAlikeNote(incident, r); note != "" {
		fmt.Fprintln(a.stderr, "signoff: "+safetext.Line(note).String())
	}
	if note := namesAlikeNote(incident, r); note != "" {
		fmt.Fprintln(a.stderr, "signoff: "+safetext.Line(note).String())
	}
	if twin := r.IncidentReadsLike; twin != "" {
		fmt.Fprintln(a.stderr, "signoff: "+safetext.Line(incidentAlikeNote(incident, twin)).String())
	}
	return nil
}
