package serve

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
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
	closed, err := st.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-LOAD", Status: model.StatusClosed, Person: "p02", Rationale: "r", DeferPending: true},
		review.StatusChecker(review.DefaultPolicy()))
	if err != nil || closed.Change.By != "p01" || closed.Change.SessionKey != ss.fp || len(closed.Deferred) != 1 {
		t.Fatalf("status change %+v, %d deferred, %v", closed.Change, len(closed.Deferred), err)
	}
	if d := closed.Deferred[0]; d.Owner != "p01" || d.SessionKey != ss.fp {
		t.Errorf("the deferral of %s was recorded by %s with key %q", d.Suggestion, d.Owner, d.SessionKey)
	}
	history, err := f.store.StatusHistory(ctx, "INC-LOAD")
	if err != nil || len(history) != 1 || history[0].SessionKey != ss.fp {
		t.Errorf("the status change was stored as %+v, %v", history, err)
	}
}

// Claims, hand-off notes and status changes made in a session are the
// session's person's too, and a revoked key makes none of them.
func TestASessionsShiftWritesAreItsPersonsAndStopWithTheKey(t *testing.T) {
	ctx := context.Background()
	f := start(t, 2, 2, nil)
	key := f.keys["p01"]
	ss := &session{person: "p01", key: key.PublicKey(), fp: signing.Fingerprint(key.PublicKey())}
	st := sessionStore{Store: f.store, s: ss, allowed: func() error { return nil }}

	c, err := st.Claim(ctx, "INC-LOAD", "S01", "p02", time.Minute)
	if err != nil || c.Person != "p01" {
		t.Errorf("claim %+v, %v; want it held by p01", c, err)
	}
	n, err := st.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-LOAD", By: "p02", Text: "watch S02"})
	if err != nil || n.By != "p01" {
		t.Errorf("note %+v, %v; want it by p01", n, err)
	}
	if err := st.Release(ctx, "INC-LOAD", "S01", "p02"); err != nil {
		t.Errorf("p01 could not release their own claim: %v", err)
	}

	revoked := sessionStore{Store: f.store, s: ss, allowed: func() error { return model.Errorf(model.EFORBIDDEN, "revoked") }}
	if _, err := revoked.Claim(ctx, "INC-LOAD", "S02", "p01", time.Minute); err == nil {
		t.Error("a revoked key claimed an item")
	}
	if _, err := revoked.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-LOAD", By: "p01", Text: "x"}); err == nil {
		t.Error("a revoked key wrote a hand-off note")
	}
	if _, err := revoked.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-LOAD", Status: model.StatusContained, Person: "p01", Rationale: "r"},
		review.StatusChecker(review.DefaultPolicy())); err == nil {
		t.Error("a revoked key changed the incident's status")
	}
}

// A session's store is the shared store as one person sees it: what the
// session's reads find wrong with the record (model.Store.ReadFault) passes
// through it to the session's router, which shows it over the queue.
func TestASessionShowsWhatItsReadsFoundWrongWithTheRecord(t *testing.T) {
	f := start(t, 3, 2, nil)
	raw, err := sql.Open("sqlite", filepath.Join(f.dir, "signoff.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// The asset the queue shows beside S01, edited outside signoff.
	for _, stmt := range []string{"DROP TRIGGER chain_no_update",
		`UPDATE chain SET payload = replace(payload, '"kind":"ip"', '"kind":"host"') WHERE kind = 'asset' AND subject = 'ip-01'`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	tm := f.open("p01", 160, 48)
	tm.must(wait, "signoff · p01 (SHA256:")
	tm.send("P")
	tm.must(wait, "deciding as p01")
	tm.must(wait, "AUDIT CHAIN BROKEN: the record was changed outside signoff: entry")
	tm.must(wait, "(assets ip-01)")
	st := sessionStore{Store: f.store}
	if got := st.ReadFault(); !strings.Contains(got, "(assets ip-01)") {
		t.Errorf("the session's store says %q", got)
	}
}
