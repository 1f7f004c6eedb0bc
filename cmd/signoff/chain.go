package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// verifyChain is the workstation's check of the audit chain: the sentence
// for its red banner when the chain does not verify, "" when it does.
// It goes through what was appended since the check this machine
// remembers (checkChain), so its cost follows what changed, not the size
// of the record.
func verifyChain(s database) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		res, _, err := checkChain(ctx, s, time.Now())
		if err != nil || res.Intact {
			return "", err
		}
		return res.String(), nil
	}
}

func (a *app) verifyCommand() *cobra.Command {
	var checkpoint, signers string
	var all bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Recompute the audit chain and check every record, derived table and the file against it",
		Long: `Recompute the audit chain that every write appends to, and check that each
incident, decision, approval, execution, review verdict, status change and
hand-off note row still matches the entry written with it; that what the
queue, the trust metrics and the incident list read instead of the record
(pending_items, suggestion_facts, suggestion_cells, incident_counts) still
follows from it; with SQLite's own integrity check, that the file is not
damaged; and, on either engine, that the triggers (the append-only guards,
the upkeep of the derived tables) are the ones signoff made: one dropped,
disabled, replaced or added outside signoff is a fault, though every entry
verifies. Claims on queue items are not part of the record and are not
checked. On a PostgreSQL server, verify also says when the role it connects
as could disable the triggers that keep the record append-only (it owns the
schema or its tables, or is a superuser): right for the schema's owner, a
mistake for the role signoff connects as day to day (docs/postgres.md). Of
any other role it warns of rights held on the schema's tables beyond what
the grants of docs/postgres.md give (GRANT ALL, UPDATE, DELETE, TRUNCATE,
TRIGGER), with the REVOKE that takes them back.

Exit 0 with the number of entries and the chain head when everything holds.
Otherwise exit 1 naming the first fault (entry sequence number, table,
record, what is wrong) and counting the rest: a broken chain cannot be
repaired, so every fault is reported, and --all lists each on its own line.
A file that is damaged, cut short, empty or no SQLite database at all fails
the check too: exit 1, with the sentence that says what is wrong with it.

A hash chain alone cannot show that its newest entries were cut off or that
the chain was recomputed. Keep a checkpoint outside the database ("signoff
checkpoint > FILE", pasted into a ticket or committed to a repository) and
verify against it with --checkpoint FILE: a recomputed chain is named at the
first entry it marks that differs. A checkpoint of another record (its
first entry is not this record's) is said to be one, and nothing is
compared with it (exit 1).

verify always checks the whole record. This machine remembers a check that
found it intact (in $XDG_STATE_HOME/signoff/verified), and the workstation's
and metrics' checks go through only what was appended since; they catch a
chain rewritten since, but an older entry edited in place is verify's to
find (docs/workstation.md). verify, checkpoint and copy hold the chain to
that memory too, as to a checkpoint: a chain rewritten or cut short since
this machine's last check is a fault, and the memory is kept. After
restoring an older backup on purpose, --forget checks the record whole on
its own and remembers it as it is now.

Every signature in the record (decisions, approvals, review verdicts,
status changes) is then checked against the allowed-signers roster the
policy in force names (signers in the --policy file), or against the file
--signers FILE names instead; the format is that of ssh-keygen -Y verify and
of git's SSH commit signing. Each must verify over its statement, the
statement must say what its record says, and the key must be listed for the
person it signs for, valid at the record's time. verify says which roster it
used, or that none was named (the bundled policy names none). Exit 1 names
the first signature that fails (docs/IDENTITY.md).`,
		Example: `  signoff verify
  signoff verify --all
  signoff checkpoint > audit-2026-11-25.txt
  signoff verify --checkpoint audit-2026-11-25.txt
  signoff verify --signers /etc/signoff/allowed_signers
  signoff --policy team.toml verify`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a.checksAll = true
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			roster, against, err := a.verifyRoster(signers)
			if err != nil {
				return err
			}
			var res chain.VerifyResult
			var cp *chain.Checkpoint
			if checkpoint != "" {
				text, rerr := readCheckpoint(checkpoint)
				if rerr != nil {
					return rerr
				}
				parsed, perr := chain.ParseCheckpoint(checkpoint, string(text))
				if perr != nil {
					return perr
				}
				cp = &parsed
				res, err = s.VerifyCheckpoint(ctx, parsed)
			} else {
				res, err = s.Verify(ctx)
			}
			if err != nil {
				return err
			}
			// Held to a checkpoint or not, a whole check that finds the
			// record intact is remembered: the checks since, and the
			// next verify, then see a backup restored over it.
			rememberWhole(memoryFor(s.Address()), s.Address(), res, time.Now())
			if !res.Intact {
				if all {
					printFaults(a, res)
				}
				if err := a.sayLiftableGuards(ctx, s); err != nil {
					return err
				}
				return problemsError{safetext.Line(res.String()).String()}
			}
			fmt.Fprintln(a.stdout, res.String())
			fmt.Fprintln(a.stdout, comparedWith(cp))
			if err := a.sayLiftableGuards(ctx, s); err != nil {
				return err
			}
			if roster == nil {
				fmt.Fprintln(a.stdout, safetext.Line(against))
				return nil
			}
			return a.verifySignatures(ctx, s, roster, against)
		},
	}
	cmd.Flags().StringVar(&checkpoint, "checkpoint", "", "also check the chain against a checkpoint file taken earlier")
	cmd.Flags().BoolVar(&all, "all", false, "list every fault found, one a line, first first")
	cmd.Flags().StringVar(&signers, "signers", "", "check every signature against this allowed-signers file, not the policy's roster")
	cmd.Flags().BoolVar(&a.forget, "forget", false, "do not hold the chain to what this machine remembers of it (after restoring a backup on purpose); remember it as it is now")
	return cmd
}

// sayLiftableGuards says when the role verify runs as could lift the
// record's guards (a server's schema owner or superuser): run as the
// application role, it says that role was made the owner by mistake. Of a
// role that could not, it warns when it holds rights on the record's
// tables beyond what signoff's grants give (GRANT ALL), with the REVOKE.
func (a *app) sayLiftableGuards(ctx context.Context, s database) error {
	var says []func(context.Context) (string, error)
	if g, ok := s.(interface {
		LiftableGuards(context.Context) (string, error)
	}); ok {
		says = append(says, g.LiftableGuards)
	}
	if g, ok := s.(interface {
		ExcessRights(context.Context) (string, error)
	}); ok {
		says = append(says, g.ExcessRights)
	}
	for _, say := range says {
		note, err := say(ctx)
		if note != "" {
			fmt.Fprintln(a.stdout, safetext.Line(note))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// comparedWith says what an intact chain was held to besides itself: a
// chain recomputed from an entry on, or cut short, verifies on its own.
func comparedWith(cp *chain.Checkpoint) string {
	if cp == nil {
		return "no checkpoint compared: a chain recomputed from an entry to its end, or cut short, verifies too (unless since this machine last checked it); keep \"signoff checkpoint\" outside the database and run signoff verify --checkpoint FILE"
	}
	return fmt.Sprintf("it holds the checkpoint taken %s: the chain still begins with the %d entries it recorded, unchanged at its head and at each of the %d entries it marks",
		cp.Taken.UTC().Format("2006-01-02 15:04:05 UTC"), cp.Entries, len(cp.Marks))
}

// readCheckpoint reads a checkpoint file, at most a little more than any
// checkpoint is.
func readCheckpoint(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the checkpoint %s: %v", path, pathError(err))
	}
	defer f.Close()
	text, err := io.ReadAll(io.LimitReader(f, chain.MaxCheckpointBytes+1))
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the checkpoint %s: %v", path, pathError(err))
	}
	if len(text) > chain.MaxCheckpointBytes {
		return nil, model.Errorf(model.EINVALID, "%s is larger than any checkpoint (more than %d KB; signoff writes about 5 KB), so it is not one", path, chain.MaxCheckpointBytes>>10)
	}
	return text, nil
}

// printFaults lists what verify found, one a line: the file's damage, then
// the faults in the order they are reported.
func printFaults(a *app, res chain.VerifyResult) {
	for _, d := range res.Damage {
		fmt.Fprintln(a.stdout, safetext.Line("the database file is damaged: "+d))
	}
	for _, f := range res.Faults {
		fmt.Fprintln(a.stdout, safetext.Line(f.String()))
	}
	if res.Count > len(res.Faults) {
		fmt.Fprintf(a.stdout, "… and %d more faults not listed\n", res.Count-len(res.Faults))
	}
}

func (a *app) checkpointCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "checkpoint",
		Short: "Verify the record and print a checkpoint to keep outside the database",
		Long: `Verify the audit chain and print a small text checkpoint: the entry count,
the hash of the first entry (which names the record), the head hash, and the
hashes of 63 entries spread evenly over the chain (about 5 KB). Keep it
outside the database, in a ticket or a repository; later,
"signoff verify --checkpoint FILE" detects entries cut off the end or a chain
recomputed from scratch, and the marks say from about where it was
recomputed. No checkpoint is printed for a record that does not verify, nor
for one rewritten or cut short since this machine last checked it:
checkpoint then exits 1 naming the fault, as verify does. The check is
remembered, as verify's is.`,
		Example: `  signoff checkpoint > audit-2026-11-25.txt`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.checksAll = true
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			cp, res, err := s.CheckpointChecked(cmd.Context())
			if err != nil {
				return err
			}
			// Remembered like verify's check, so the next checkpoint taken
			// here is held to this one (a daily job sees a restore between).
			rememberWhole(memoryFor(s.Address()), s.Address(), res, time.Now())
			fmt.Fprint(a.stdout, cp.String())
			return nil
		},
	}
}

func (a *app) reportCommand() *cobra.Command {
	var format, checkpoint string
	var all bool
	cmd := &cobra.Command{
		Use:   "report INCIDENT",
		Short: "Write the accountability report of an incident",
		Long: `Write the accountability report: for each review step in time order, the AI
suggestion, the human decision, the executions, the policy tier, the proposed
and recorded review verdicts with their history, and the findings; then all
findings, review coverage, each AI agent's trust metrics over the incident
(those of signoff metrics) and the audit-chain status. --format md (the
default) is for people and maps each finding, and the trust metrics, to
NIST AI RMF, the OWASP Top 10 for agentic applications and CSA MAESTRO;
--format json is the same content for tools, written as it is computed.
The same database gives the same bytes. docs/report.md describes both, the
JSON field by field.

An incident of more than 200 review steps gets a Markdown report a person
can read: the owners of each kind of action, each agent's trust metrics,
every finding, and one line for each step that needs a person's eye
(findings, the AI overridden, the outcome changed, high or critical and not
reviewed), with how many routine steps were left out. --all lists every
step in full, whatever the size (it reads the incident twice).

The report ends with the audit chain's status and says which check it
made. It checks every entry of the incident as it reads them, and the rest
of the record as the workstation does: what was appended since the last
check this machine remembers, and that the chain still holds the hashes
that check kept; with no such memory, the whole record. --verify-all checks
the whole record (as signoff verify does) whatever is remembered.
--checkpoint FILE checks the whole record and holds it to a checkpoint kept
elsewhere ("signoff checkpoint"), as "signoff verify --checkpoint" and
export --checkpoint do: on a machine that never checked the record (an
auditor's), that is what shows entries cut off since it was taken. A
record that does not verify still gets its report, and report exits 1.`,
		Example: `  signoff report INC-2042 > INC-2042-report.md
  signoff report INC-2042 --all > INC-2042-every-step.md
  signoff report INC-2042 --format json | jq .coverage
  signoff report INC-2042 --checkpoint audit-2026-11-25.txt > INC-2042-report.md`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if format != "md" && format != "json" {
				return model.Errorf(model.EINVALID, "--format is %q; expected md or json", format)
			}
			if all && format != "md" {
				return model.Errorf(model.EINVALID, "--all is for the Markdown report; the JSON report always has every step")
			}
			s, p, err := a.openWithPolicy(ctx)
			if err != nil {
				return err
			}
			if checkpoint != "" {
				// Read before a byte is written: a checkpoint that cannot
				// be read leaves no report.
				cp, err := loadCheckpoint(checkpoint)
				if err != nil {
					return err
				}
				a.heldTo = &cp
			}
			keepHeapSmall()
			var chain review.ChainStatus
			switch {
			case format == "json":
				chain, err = a.reportJSON(ctx, s, args[0], p)
			case all:
				chain, err = a.reportAll(ctx, s, args[0], p)
			default:
				chain, err = a.reportMarkdown(ctx, s, args[0], p)
			}
			if err == nil && !chain.Verified {
				// The report says so too; the exit status says it to scripts.
				return problemsError{"the report above was written from a record that does not verify: " + chain.Problem}
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "md", "md or json")
	cmd.Flags().BoolVar(&all, "all", false, "list every step in full in the Markdown report, however many there are")
	cmd.Flags().BoolVar(&a.verifyAll, "verify-all", false, "check the whole record for the chain status, as signoff verify does, not only what was appended since this machine's last check")
	cmd.Flags().StringVar(&checkpoint, "checkpoint", "", "check the whole record for the chain status and hold it to this checkpoint file, as signoff verify --checkpoint does")
	return cmd
}

// reportHeap is the heap the report asks the collector to keep to. The
// walk holds little; a check of the whole chain beside it (with no
// remembered check, or --verify-all) holds about 100 bytes a suggestion,
// and left to the default the collector let the process grow to 230 MB
// at a million events (BENCHMARKS.md).
const reportHeap = 100 << 20

// keepHeapSmall sets reportHeap as a soft limit, unless GOMEMLIMIT says
// otherwise: the collector runs more often instead of letting garbage
// pile up, and never stops the report (a larger live heap is still had).
func keepHeapSmall() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(reportHeap)
	}
}

// reportJSON writes the JSON report, each step as the walk reaches it.
func (a *app) reportJSON(ctx context.Context, s database, incident string, p *review.Policy) (review.ChainStatus, error) {
	sw := newSafeJSONWriter(a.stdout)
	out := bufio.NewWriterSize(sw, 64<<10)
	var j *review.ReportJSON
	status, err := reportChain(ctx, s, a.reportCheck(ctx, s), func() (chain.Pass, error) {
		return s.EachStepChecked(ctx, incident, func(ws model.WalkStart) error {
			j = review.NewReportJSON(out, ws, p)
			return nil
		}, func(st *model.Step) error { return j.Step(st) })
	})
	if err != nil {
		return status, err
	}
	if err := j.Close(status); err != nil {
		return status, err
	}
	if err := out.Flush(); err != nil {
		return status, err
	}
	return status, sw.Flush()
}

// reportMarkdown writes the Markdown report: whole for an incident of a
// few hundred steps, else the summary.
func (a *app) reportMarkdown(ctx context.Context, s database, incident string, p *review.Policy) (review.ChainStatus, error) {
	out := &safeBlockWriter{w: a.stdout}
	var m *review.MarkdownReport
	status, err := reportChain(ctx, s, a.reportCheck(ctx, s), func() (chain.Pass, error) {
		return s.EachStepChecked(ctx, incident, func(ws model.WalkStart) error {
			m = review.NewMarkdownReport(out, ws, p)
			return nil
		}, func(st *model.Step) error { return m.Step(st) })
	})
	if err != nil {
		return status, err
	}
	if err := m.Close(status); err != nil {
		return status, err
	}
	return status, out.Flush()
}

// reportAll writes the Markdown report with every step in full, walking
// the incident twice: once for the summary, once for the steps. The two
// walks read two states of the record; a write between them (every write
// appends to the status) is refused with the report, not passed off as one.
func (a *app) reportAll(ctx context.Context, s database, incident string, p *review.Policy) (review.ChainStatus, error) {
	out := &safeBlockWriter{w: a.stdout}
	var m *review.MarkdownAll
	entries, _, err := s.ChainHead(ctx)
	if err != nil {
		return review.ChainStatus{}, err
	}
	status, err := reportChain(ctx, s, a.reportCheck(ctx, s), func() (chain.Pass, error) {
		return s.EachStepChecked(ctx, incident, func(ws model.WalkStart) error {
			m = review.NewMarkdownAll(out, ws, p)
			return nil
		}, func(st *model.Step) error {
			m.Tally(st)
			return nil
		})
	})
	if err != nil {
		return status, err
	}
	if err := m.Begin(status); err != nil {
		return status, err
	}
	err = s.EachStep(ctx, incident, func(model.WalkStart) error { return nil }, m.Step)
	if err != nil {
		return status, err
	}
	if after, _, err := s.ChainHead(ctx); err != nil {
		return status, err
	} else if after != entries {
		out.Flush()
		return status, model.Errorf(model.ECONFLICT, "the record changed while the report was written (%d status entries, then %d): the steps listed may not match the summary above; run the report again", entries, after)
	}
	if err := m.Close(); err != nil {
		return status, err
	}
	return status, out.Flush()
}

// verifyRoster is the roster verify checks signatures against: the file
// --signers names, else the one the policy in force names, with what to
// call it; nil, with the sentence saying so, when neither names one.
func (a *app) verifyRoster(signers string) (*signing.Roster, string, error) {
	if signers != "" {
		r, err := readRoster(signers, func(err error) error {
			return model.Errorf(model.EINVALID, "cannot read the allowed signers file %s: %v", signers, pathError(err))
		})
		return r, signers, err
	}
	p, err := a.policy()
	if err != nil {
		return nil, "", err
	}
	if p.Roster() == nil {
		policy := "the bundled policy"
		if a.policyPath != "" {
			policy = "policy " + p.Name()
		}
		return nil, "signatures not checked against a roster: " + policy + " names none (give --signers FILE, or signers in the policy)", nil
	}
	return p.Roster(), p.SignersFile() + " (named by policy " + p.Name() + ")", nil
}

// verifySignatures checks every signed record against roster (against
// names it for the sentence), in the order they were written, and stops
// at the first that fails.
func (a *app) verifySignatures(ctx context.Context, s database, roster *signing.Roster, against string) error {
	checked := 0
	var bad error
	var places signing.Places // where each verdict and status change stands
	err := s.SignedEntries(ctx, func(e model.ChainEntry) error {
		claims, err := signing.Claims(e, &places)
		if err != nil {
			return err
		}
		for _, c := range claims {
			if bad = roster.Verify(c); bad != nil {
				return errStop
			}
			checked++
		}
		return nil
	})
	switch {
	case bad != nil:
		return problemsError{safetext.Line(fmt.Sprintf("signature %d does not hold: %v", checked+1, bad)).String()}
	case err != nil:
		return err
	}
	if checked == 0 {
		fmt.Fprintf(a.stdout, "no signature in the record to check against %s\n", safetext.Line(against))
		return nil
	}
	what := fmt.Sprintf("%d signatures", checked)
	if checked == 1 {
		what = "1 signature"
	}
	fmt.Fprintf(a.stdout, "%s checked against %s: every one holds\n", what, safetext.Line(against))
	return nil
}

// errStop ends a walk early; it is never reported.
var errStop = errors.New("stop")
