package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui"
)

func (a *app) reviewCommand() *cobra.Command {
	var at string
	cmd := &cobra.Command{
		Use:   "review [INCIDENT | INCIDENT/ID]",
		Short: "Open the review workstation (the incident picker when no id is given)",
		Long: `Open the review workstation in the terminal. Walk an incident's timeline, read
each AI suggestion beside the human decision and the evidence, and record
where the AI was followed, modified or ignored. Verdicts are recorded as the
--as person, who must be a known person of the incident.

INCIDENT/ID (or INCIDENT --at ID) opens the timeline at that event, however
deep in the incident it lies. M opens the AI trust dashboard; enter on one of
its suggestions opens that step. q (or esc, with nothing to close) goes back
one screen the way you came, and quits only on the first screen: the picker,
or the incident named here.

Press ? inside the workstation for every key; docs/workstation.md describes
the screens, the filters (F) and the search (/).`,
		Example: `  signoff review
  signoff review INC-2041
  signoff review INC-2041/S3
  signoff review INC-2041 --at S3`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			incident, focus := "", at
			if len(args) == 1 {
				incident = args[0]
				if strings.Contains(incident, "/") {
					if at != "" {
						return model.Errorf(model.EINVALID, "%s already names an event; drop --at %s or the /ID", args[0], at)
					}
					ref, err := model.ParseEventRef(args[0])
					if err != nil {
						return err
					}
					incident, focus = ref.Incident, ref.ID
				}
			}
			if focus != "" && incident == "" {
				return model.Errorf(model.EINVALID, "--at %s needs the incident it belongs to: signoff review INCIDENT --at %s", at, at)
			}
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			if incident != "" {
				if _, err := s.IncidentSummary(ctx, incident); err != nil {
					return err
				}
			}
			if focus != "" {
				if err := checkFocus(ctx, s, incident, focus); err != nil {
					return err
				}
			}
			_, err = a.workstation(ctx, s, tui.Options{Incident: incident, Focus: focus}, true)
			return err
		},
	}
	cmd.Flags().StringVar(&at, "at", "", "open the timeline at this event (or evidence) id of INCIDENT")
	a.signKeyFlag(cmd)
	return cmd
}

// checkFocus refuses an event the incident does not have before the
// screen opens, saying where its ids are: the store's "incident INC-2041
// has no event ZZ" left the reader with nothing to try.
func checkFocus(ctx context.Context, s database, incident, id string) error {
	_, err := s.Event(ctx, incident, id)
	if model.ErrorCode(err) == model.ENOTFOUND {
		if _, eerr := s.Evidence(ctx, incident, id); eerr == nil {
			return nil
		}
		return model.Errorf(model.ENOTFOUND, "incident %s has no event or evidence %s: \"signoff review %s\" opens its timeline, which shows every id", incident, id, incident)
	}
	return err
}

// runWorkstation opens the review workstation on the alternate screen, on
// an incident or, when incident is "", at the picker.
func (a *app) runWorkstation(ctx context.Context, s database, incident, person string) error {
	o := tui.Options{Incident: incident}
	o.Person = person
	_, err := a.workstation(ctx, s, o, true)
	return err
}

// workstation fills in what every run shares (store, policy, the --as
// person unless o names one, and with verify the audit chain's check)
// and runs the workstation until it quits. The check runs after the first
// frame; its context ends with the run, so quitting does not wait for it.
func (a *app) workstation(ctx context.Context, s database, o tui.Options, verify bool) (*tui.App, error) {
	p, err := a.policy()
	if err != nil {
		return nil, err
	}
	if err := a.needTerminal(insteadOf(o)); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if o.Person == "" {
		o.Person = a.actor()
	}
	k, err := a.signer()
	if err != nil {
		return nil, err
	}
	if k != nil {
		defer k.Close()
		o.Sign = k.Sign
	}
	o.Store, o.Policy, o.Ctx = s, p, ctx
	// The clipboard's OSC 52 goes to the terminal the program draws on.
	o.Terminal = a.stdout
	if verify {
		o.VerifyChain = verifyChain(s)
	}
	app := tui.New(o)
	if err := a.runScreen(ctx, app); err != nil {
		return nil, err
	}
	// A write the person did not wait for (ctrl+c while training closes
	// its run) gets a moment to land before the store is let go.
	settle, stop := context.WithTimeout(ctx, settleFor)
	app.Settle(settle)
	stop()
	return app, app.Err()
}

// settleFor is how long the workstation waits, once left, for a write
// still on its way.
const settleFor = 2 * time.Second
