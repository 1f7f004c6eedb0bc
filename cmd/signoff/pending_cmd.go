package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// pendingLine is one pending suggestion for scripts.
type pendingLine struct {
	Incident  string            `json:"incident"`
	ID        string            `json:"id"`
	Agent     string            `json:"agent"`
	Action    model.Action      `json:"action"`
	Class     model.ActionClass `json:"class"`
	Tier      model.Tier        `json:"tier"`
	At        time.Time         `json:"at"`
	Age       int64             `json:"age"` // seconds since the suggestion
	ExpiresAt *time.Time        `json:"expires_at,omitempty"`
	// Expired: it can no longer be approved (its gate's --wait ran out).
	Expired bool `json:"expired"`
	// GateEnded says the gate that waited on it answered its agent without
	// a decision ("stopped", "timed_out"), at GateEndedAt: a decision now
	// records the person's call but runs nothing. Null while live.
	GateEnded   *model.GateEnding `json:"gate_ended"`
	GateEndedAt *time.Time        `json:"gate_ended_at,omitempty"`
	// FirstApprovalBy names who gave the first of two approvals.
	FirstApprovalBy string `json:"first_approval_by,omitempty"`
	// ClaimedBy names who said "I'm on it" (signoff claim), until when.
	ClaimedBy    string     `json:"claimed_by,omitempty"`
	ClaimedUntil *time.Time `json:"claimed_until,omitempty"`
	// Call and Arguments are, for a call an agent asked for through
	// signoff gate, what an approval lets run, as the queue's detail pane
	// shows it (review.GatedCall): the framework, the MCP server and the
	// tool, and every argument, not only the one the mapping made the
	// action's detail. Absent for any other suggestion.
	Call      string          `json:"call,omitempty"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
	gated     *review.GatedCall
}

func (a *app) pendingCommand() *cobra.Command {
	var asJSON bool
	var incident string
	cmd := &cobra.Command{
		Use:   "pending",
		Short: "List the pending AI suggestions, for scripts",
		Long: `List the suggestions waiting for a decision in open and contained incidents,
in the queue's order (highest tier first): incident, id, agent, action, tier
and age. A containment action that names no target (a gated call whose
target its mapping could not read) shows as "→ target unknown", as in
the queue. --json prints an array of objects with those fields (age in
seconds), plus class, at, expires_at, expired (it can no longer be
approved: its gate's --wait ran out), gate_ended ("stopped" or "timed_out"
when the gate that waited on it answered its agent without a decision, so
a decision now runs nothing; null while it waits) with gate_ended_at, and,
for a critical action with one approval of two, who gave it
(first_approval_by), and who holds a live claim on it ("signoff claim":
claimed_by, claimed_until). A script, or a test, sees here what a gate is
waiting on; the next shift, what is taken.

For a call an agent asked for through signoff gate, an approval lets the
whole call run, so pending shows it whole, as the queue's detail pane
does: under its row, "call:" names the framework, the MCP server and the
tool, and "arguments:" every argument (compact JSON, keys sorted), not
only the one the mapping made the action's detail, wrapped to 80
columns with control and invisible characters shown, not acted on. An
argument past 40 lines is cut, with a line counting the characters not
shown; --json gives call and arguments (an object) whole.

Before listing, it holds the record to the check this machine remembers
of it, as export does: a record cut short or rewritten since is still
listed as it stands, and pending then exits 1 naming on stderr what the
record no longer holds ("signoff verify --forget" accepts a backup
restored on purpose).`,
		Example: `  signoff pending
  signoff pending --incident INC-7 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, p, err := a.openWithPolicy(ctx)
			if err != nil {
				return err
			}
			if incident != "" {
				// A mistyped id is said, not answered with an empty queue.
				if _, err := s.IncidentSummary(ctx, incident); err != nil {
					return err
				}
			}
			return a.showHeld(ctx, s, "", "the pending suggestions above were listed from", func() error {
				return a.pending(ctx, s, p, incident, asJSON)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.Flags().StringVar(&incident, "incident", "", "only this incident's suggestions")
	return cmd
}

// pending writes the pending suggestions, of incident when one is named.
func (a *app) pending(ctx context.Context, s database, p *review.Policy, incident string, asJSON bool) error {
	q, err := s.PendingQueue(ctx)
	if err != nil {
		return err
	}
	review.SortQueue(p, q.Items)
	now := time.Now()
	claims := map[string]model.Claim{}
	for _, c := range q.Claims {
		if c.Live(now) {
			claims[c.Key()] = c
		}
	}
	lines := []pendingLine{}
	// gated are the lines of the gate's suggestions, refs those
	// suggestions: their calls are read together, after.
	var gated []int
	var refs []model.EventRef
	for _, it := range q.Items {
		if incident != "" && it.Incident != incident {
			continue
		}
		l := pendingLine{Incident: it.Incident, ID: it.Suggestion, Agent: it.Agent, Action: it.Action,
			Class: it.Class, Tier: it.Tier, At: it.At.UTC(), Age: int64(now.Sub(it.At) / time.Second), ExpiresAt: it.ExpiresAt,
			Expired: it.Expired(now)}
		if fa := it.FirstApproval; fa != nil {
			l.FirstApprovalBy = fa.By
		}
		if e := it.GateEnded; e != nil {
			how, at := e.How, e.At.UTC()
			l.GateEnded, l.GateEndedAt = &how, &at
		}
		// Only the gate's suggestions (S-…) can hold a gated call: the
		// others are not read again, so a queue of imported suggestions
		// costs what it did.
		if strings.HasPrefix(it.Suggestion, gate.SuggestionPrefix) {
			gated = append(gated, len(lines))
			refs = append(refs, model.EventRef{Incident: it.Incident, ID: it.Suggestion})
		}
		if c, ok := claims[model.Claim{Incident: it.Incident, Suggestion: it.Suggestion}.Key()]; ok {
			until := c.Until.UTC()
			l.ClaimedBy, l.ClaimedUntil = c.Person, &until
		}
		lines = append(lines, l)
	}
	// One read for them all, a page at a time, not one a gated item.
	err = s.SuggestionOutputs(ctx, refs, func(i int, raw string) error {
		if c, ok := review.ReadGatedCall(raw); ok {
			l := &lines[gated[i]]
			l.Call, l.Arguments, l.gated = c.Call, json.RawMessage(c.Arguments), &c
		}
		return nil
	})
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(a.stdout, lines)
	}
	return a.pendingTable(lines)
}

func (a *app) pendingTable(lines []pendingLine) error {
	if len(lines) == 0 {
		fmt.Fprintln(a.stdout, "No pending suggestions.")
		return nil
	}
	// Aligned by terminal cells: an id, agent or target may be wide characters.
	var t review.Columns
	t.Row("INCIDENT", "ID", "AGENT", "ACTION", "TIER", "AGE", "CLAIMED")
	for _, l := range lines {
		// As the queue's rows: "→ target unknown" where a containment
		// action names none.
		action := review.PendingAction(l.Action, l.Class)
		tier := string(l.Tier)
		if l.FirstApprovalBy != "" {
			tier += " (1 of 2)"
		}
		switch {
		case l.GateEnded != nil && *l.GateEnded == model.GateStopped:
			tier += " (gate stopped)"
		case l.GateEnded != nil:
			tier += " (wait ran out)" // and so expired
		case l.Expired:
			tier += " (expired)"
		}
		t.Row(safetext.Line(l.Incident).String(), safetext.Line(l.ID).String(), safetext.Line(l.Agent).String(),
			safetext.LineWidth(action, 48).String(), tier, age(time.Duration(l.Age)*time.Second), claimed(l))
		if l.gated != nil {
			// One cell a row: lines outside the columns, under the row.
			// The table shows no detail, so the arguments always show.
			for _, cl := range callLines(*l.gated, "") {
				t.Row(cl)
			}
		}
	}
	_, err := t.WriteTo(a.stdout)
	return err
}

// claimed says who holds a live claim on the item, until when (UTC), or
// nothing.
func claimed(l pendingLine) string {
	if l.ClaimedBy == "" {
		return ""
	}
	return safetext.Line(l.ClaimedBy).String() + " until " + l.ClaimedUntil.Format("01-02 15:04") + " UTC"
}

// age writes a wait in its two largest units: 9s, 4m10s, 3h12m, 5d22h.
func age(d time.Duration) string {
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	case s < 86400:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd%02dh", s/86400, s%86400/3600)
}
