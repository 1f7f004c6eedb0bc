package statusform

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// HistoryMsg brings an incident's status changes, each with its proof
// judged by the policy (Proofs[i] is History[i]'s).
type HistoryMsg struct {
	Incident string
	History  []model.StatusChange
	Proofs   []review.Proof
	Err      error
}

// SavedMsg says what a change recorded, or why it was refused. A refused
// resolve or close counts the pending work again (Counted, Pending): a
// suggestion may have arrived since the form counted it, which is what
// refuses deferring them all.
type SavedMsg struct {
	Result  model.StatusResult
	Err     error
	Counted bool
	Pending int
	// GateEnded counts those of Pending whose gate already answered.
	GateEnded int
}

// CountedMsg brings an incident's pending work counted afresh.
type CountedMsg struct {
	Incident  string
	Pending   int
	GateEnded int // of Pending, those whose gate already answered
	Err       error
}

// Counter is what counts an incident's pending work.
type Counter interface {
	IncidentSummary(ctx context.Context, id string) (model.IncidentSummary, error)
}

// Count counts an incident's pending suggestions: the form's count when
// it opened may be a header read before another process decided.
func Count(ctx context.Context, store Counter, incident string) tea.Cmd {
	return func() tea.Msg {
		sum, err := store.IncidentSummary(ctx, incident)
		return CountedMsg{Incident: incident, Pending: sum.Pending, GateEnded: sum.PendingGateEnded, Err: err}
	}
}

// LoadHistory reads an incident's status changes and judges their
// signatures by the policy's roster, so the form says "signed" only of
// one that holds.
func LoadHistory(c common.Common, incident string) tea.Cmd {
	ctx, store, p := c.Ctx, c.Store, c.Policy
	return func() tea.Msg {
		h, err := store.StatusHistory(ctx, incident)
		proofs := make([]review.Proof, len(h))
		for i := range h {
			proofs[i] = p.StatusProof(incident, h, i)
		}
		return HistoryMsg{Incident: incident, History: h, Proofs: proofs, Err: err}
	}
}

// Save records a change under the policy's rules, signed with the
// person's key when the context has one (c.Sign).
func Save(c common.Common, req model.StatusRequest) tea.Cmd {
	ctx, store, p, sign := c.Ctx, c.Store, c.Policy, c.Sign
	return func() tea.Msg {
		if sign != nil {
			if err := signRequest(ctx, store, &req, sign); err != nil {
				return SavedMsg{Result: model.StatusResult{Incident: req.Incident}, Err: err}
			}
		}
		res, err := store.ChangeStatus(ctx, req, review.StatusChecker(p))
		msg := SavedMsg{Result: res, Err: err}
		if err != nil && req.Status.Closes() {
			// The store reads the pending work as the change would and
			// writes nothing (review.ListPending).
			var pending []model.PendingRef
			unsigned := req
			unsigned.Signature, unsigned.DeferralSignatures = nil, nil
			_, err := store.ChangeStatus(ctx, unsigned, review.ListPendingRefs(&pending))
			if review.Listed(err) == nil {
				msg.Counted, msg.Pending = true, len(pending)
				for _, p := range pending {
					if p.GateEnded {
						msg.GateEnded++
					}
				}
			}
		}
		return msg
	}
}

// signRequest signs the change and, when it defers pending work, each
// deferral, as the store reads that work inside its write.
func signRequest(ctx context.Context, store model.StatusStore, req *model.StatusRequest, sign func(string) (model.Signature, error)) error {
	var pending []string
	list := &pending
	if !req.DeferPending || !req.Status.Closes() {
		list = nil
	}
	_, err := store.ChangeStatus(ctx, *req, review.ListToSign(&req.After, list))
	if err := review.Listed(err); err != nil {
		return err
	}
	if err := review.SignStatus(req, pending, sign); err != nil {
		return model.Errorf(model.EINVALID, "your key could not sign the status change, so nothing was recorded: %v", err)
	}
	return nil
}

// Recorded is the footer's sentence for a change recorded.
func Recorded(res model.StatusResult) string {
	s := "Recorded " + res.Change.ID + ": " + res.Incident + " is now " + string(res.Change.Status) + " (was " + string(res.Previous) + ")"
	if n := len(res.Deferred); n > 0 {
		s += "; " + suggestions(n) + " deferred as " + res.Change.By
		s += review.GateEndedCount(len(res.DeferredGateEnded))
	}
	return s + "."
}
