package serve

import (
	"context"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
)

// Whatever a screen puts in a request, a session's store records it as
// the session's person, with the session's key.
func TestASessionsStoreStampsEveryWriteWithItsPersonAndKey(t *testing.T) {
	ctx := context.Background()
	f := start(t, 2, 2, nil)
	key := f.keys["p01"]
	ss := &session{person: "p01", key: key.PublicKey(), fp: signing.Fingerprint(key.PublicKey())}
	st := sessionStore{Store: f.store, s: ss, allowed: func() error { return nil }}

	res, err := st.Decide(ctx, model.DecideRequest{Incident: "INC-LOAD", Suggestion: "S01", Person: "p02", Outcome: model.OutcomeApproved, Rationale: "r"},
		review.DecisionChecker(review.DefaultPolicy()))
	if err != nil || res.Decision.Owner != "p01" || res.Decision.SessionKey != ss.fp {
		t.Errorf("decision %+v, %v", res.Decision, err)
	}
	r, err := st.RecordReview(ctx, "INC-LOAD", model.Review{Subject: "S01", Reviewer: "p02", Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes"})
	if err != nil || r.Reviewer != "p01" || r.SessionKey != ss.fp {
		t.Errorf("verdict %+v, %v", r, err)
	}
	run, err := st.StartTrainingRun(ctx, model.TrainingRun{Trainee: "p02", Incident: "INC-LOAD", StartedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if run.Trainee != "p01" || run.SessionKey != ss.fp {
		t.Errorf("training run %+v", run)
	}
	if saved, err := f.store.TrainingRun(ctx, run.ID); err != nil || saved.SessionKey != ss.fp {
		t.Errorf("the training run was stored with key %q, %v", saved.SessionKey, err)
	}
}
