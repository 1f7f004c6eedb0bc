package serve

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
)

// sessionStore is the store as one session sees it. Every write is made
// as the session's person, carries the fingerprint of the key they logged
// in with, and is refused once the roster no longer lets that key speak
// for them: ending a revoked session takes a moment, refusing its next
// write does not. Reads pass through.
type sessionStore struct {
	model.Store
	s       *session
	allowed func() error
}

func (st sessionStore) Decide(ctx context.Context, req model.DecideRequest, check model.DecisionCheck) (model.DecideResult, error) {
	if err := st.allowed(); err != nil {
		return model.DecideResult{Incident: req.Incident, Suggestion: req.Suggestion}, err
	}
	req.Person, req.SessionKey = st.s.person, st.s.fp
	return st.Store.Decide(ctx, req, check)
}

func (st sessionStore) RecordReview(ctx context.Context, incident string, r model.Review) (model.Review, error) {
	if err := st.allowed(); err != nil {
		return r, err
	}
	r.Reviewer, r.SessionKey = st.s.person, st.s.fp
	return st.Store.RecordReview(ctx, incident, r)
}

func (st sessionStore) StartTrainingRun(ctx context.Context, r model.TrainingRun) (model.TrainingRun, error) {
	if err := st.allowed(); err != nil {
		return r, err
	}
	r.Trainee, r.SessionKey = st.s.person, st.s.fp
	return st.Store.StartTrainingRun(ctx, r)
}

func (st sessionStore) RecordTrainingChoice(ctx context.Context, run int64, c model.TrainingChoice) error {
	if err := st.allowed(); err != nil {
		return err
	}
	return st.Store.RecordTrainingChoice(ctx, run, c)
}

func (st sessionStore) EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error {
	if err := st.allowed(); err != nil {
		return err
	}
	return st.Store.EndTrainingRun(ctx, run, at, finished)
}

// ResumeTrainingRun is not reached from a session's screens (the picker
// starts new runs); it is guarded all the same, so no write of a revoked
// key's session gets through.
func (st sessionStore) ResumeTrainingRun(ctx context.Context, run int64, at time.Time) (model.TrainingRun, error) {
	if err := st.allowed(); err != nil {
		return model.TrainingRun{}, err
	}
	return st.Store.ResumeTrainingRun(ctx, run, at)
}

// NoteUnanswered is the approval gate's, never a session's; guarded as
// every write is.
func (st sessionStore) NoteUnanswered(ctx context.Context, incident, suggestion, actor string, note model.Event) (*model.Event, error) {
	if err := st.allowed(); err != nil {
		return nil, err
	}
	return st.Store.NoteUnanswered(ctx, incident, suggestion, actor, note)
}

// ChangeStatus is recorded as the session's person, with the session's
// key on the change and on every deferral it records.
func (st sessionStore) ChangeStatus(ctx context.Context, req model.StatusRequest, check model.StatusCheck) (model.StatusResult, error) {
	if err := st.allowed(); err != nil {
		return model.StatusResult{Incident: req.Incident}, err
	}
	req.Person, req.SessionKey = st.s.person, st.s.fp
	return st.Store.ChangeStatus(ctx, req, check)
}

// Claim holds an item for the session's person only.
func (st sessionStore) Claim(ctx context.Context, incident, suggestion, _ string, ttl time.Duration) (model.Claim, error) {
	if err := st.allowed(); err != nil {
		return model.Claim{}, err
	}
	return st.Store.Claim(ctx, incident, suggestion, st.s.person, ttl)
}

// Release ends the session's person's own claim only.
func (st sessionStore) Release(ctx context.Context, incident, suggestion, _ string) error {
	if err := st.allowed(); err != nil {
		return err
	}
	return st.Store.Release(ctx, incident, suggestion, st.s.person)
}

// AddHandoffNote is written as the session's person.
func (st sessionStore) AddHandoffNote(ctx context.Context, n model.HandoffNote) (model.HandoffNote, error) {
	if err := st.allowed(); err != nil {
		return n, err
	}
	n.By = st.s.person
	return st.Store.AddHandoffNote(ctx, n)
}

// Changed passes on the store's word of writes as they happen, so a
// session's screens refresh as a local workstation's do.
func (st sessionStore) Changed() <-chan struct{} {
	if w, ok := st.Store.(model.ChangeWatcher); ok {
		return w.Changed()
	}
	return nil
}
