package queue

import (
	"context"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// Messages: every store call runs in a tea.Cmd and comes back as one of
// these; commands never touch the model.

// loadedMsg is a fresh queue, sorted, and the queue decisions recorded since
// the previous load (to say who took the items that left).
type loadedMsg struct {
	queue   model.Queue
	settled []model.DecisionLine
	err     error
}

type detailMsg struct {
	key    string
	detail model.PendingDetail
	call   wholeCall
	err    error
}

// wholeCall is what an approval of a gated call lets run
// (review.ReadGatedCall); ok is false for a suggestion that did not come
// through the gate.
type wholeCall struct {
	review.GatedCall
	ok bool
	// chars is each field's length in characters once sanitised, by
	// label, read once: the detail says how much of a long one it cuts.
	chars map[string]int
	// pinned says the call's gate runs with another policy than the
	// queue's (review.PinnedElsewhere): no decision on it is offered.
	pinned string
}

type decidedMsg struct {
	key string
	res model.DecideResult
	err error
}

// cmds builds the commands that talk to the store.
type cmds struct {
	ctx    context.Context
	store  model.QueueStore
	policy *review.Policy
	sign   func(string) (model.Signature, error) // nil: decisions go unsigned
}

// load reads the queue and sorts it; since > 0 also fetches the decisions
// recorded after that chain seq.
func (c cmds) load(since int64) tea.Cmd {
	return func() tea.Msg {
		q, err := c.store.PendingQueue(c.ctx)
		if err != nil {
			return loadedMsg{err: err}
		}
		review.SortQueue(c.policy, q.Items)
		var settled []model.DecisionLine
		if since > 0 {
			settled, err = c.store.DecisionsSince(c.ctx, since, 1000)
		}
		return loadedMsg{queue: q, settled: settled, err: err}
	}
}

func (c cmds) detail(it model.PendingItem) tea.Cmd {
	return func() tea.Msg {
		d, err := c.store.PendingDetail(c.ctx, it.Incident, it.Suggestion)
		d.Item.Class, d.Item.Tier = c.policy.Classify(d.Item.Action, d.Item.Target)
		// Read here, once, not at every frame: the call can be megabytes.
		var call wholeCall
		call.GatedCall, call.ok = review.ReadGatedCall(d.Suggestion.RawOutput)
		if call.ok {
			call.chars = map[string]int{}
			for _, f := range call.Fields("") {
				call.chars[f.Label] = utf8.RuneCountInString(safetext.Line(f.Text).String())
			}
		}
		call.pinned = review.PinnedElsewhere(d.Suggestion.RawOutput, c.policy)
		return detailMsg{key: it.Key(), detail: d, call: call, err: err}
	}
}

func (c cmds) decide(key string, req model.DecideRequest) tea.Cmd {
	return func() tea.Msg {
		if c.sign != nil {
			sig, err := c.signDecision(req)
			if err != nil {
				return decidedMsg{key: key, err: err}
			}
			req.Signature = &sig
		}
		res, err := c.store.Decide(c.ctx, req, c.checker())
		return decidedMsg{key: key, res: res, err: err}
	}
}

// signDecision signs the decision as the store will record it, read
// afresh; an approval of an action other than the one the form showed
// (a first approval given meanwhile) is refused by the store (Confirmed).
func (c cmds) signDecision(req model.DecideRequest) (model.Signature, error) {
	d, err := c.store.PendingDetail(c.ctx, req.Incident, req.Suggestion)
	if err != nil {
		return model.Signature{}, err
	}
	sig, err := c.sign(review.DecisionStatement(req.Incident, &d.Suggestion, d.Item.FirstApproval, req).Text())
	if err != nil {
		return sig, model.Errorf(model.EINVALID, "your key could not sign the decision, so nothing was recorded: %v", err)
	}
	return sig, nil
}

func (c cmds) checker() model.DecisionCheck { return review.DecisionChecker(c.policy) }

func (c cmds) claim(it model.PendingItem, person string, hold time.Duration, release bool) tea.Cmd {
	return func() tea.Msg {
		if release {
			err := c.store.Release(c.ctx, it.Incident, it.Suggestion, person)
			return claimedMsg{key: it.Key(), released: true, err: err}
		}
		cl, err := c.store.Claim(c.ctx, it.Incident, it.Suggestion, person, hold)
		return claimedMsg{key: it.Key(), claim: cl, err: err}
	}
}

// notes reads an incident's latest hand-off notes.
func (c cmds) notes(incident string) tea.Cmd {
	return func() tea.Msg {
		ns, err := c.store.HandoffNotes(c.ctx, incident, maxNotesShown)
		return notesMsg{incident: incident, notes: ns, err: err}
	}
}

func (c cmds) addNote(n model.HandoffNote) tea.Cmd {
	return func() tea.Msg {
		saved, err := c.store.AddHandoffNote(c.ctx, n)
		return noteSavedMsg{note: saved, err: err}
	}
}
