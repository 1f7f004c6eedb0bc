package review

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// closingState is alice closing INC-1 over S7 (isolate_host, high) and S8
// (lookup, low), deferring both, as the store reads it: a deferral's
// request carries no evidence.
func closingState() model.StatusState {
	s := withDeferrals(statusState("alice", model.StatusClosed))
	for i := range s.Deferrals {
		s.Deferrals[i].Request.Incident, s.Deferrals[i].Request.Evidence = "INC-1", nil
	}
	return s
}

// signStatusState signs s's request with k as the person would, deferring
// pending.
func signStatusState(t *testing.T, k ssh.Signer, s model.StatusState, pending ...string) model.StatusState {
	t.Helper()
	if err := SignStatus(&s.Request, pending, func(text string) (model.Signature, error) { return signing.Sign(k, text) }); err != nil {
		t.Fatal(err)
	}
	return s
}

func checkStatus(s model.StatusState, p *Policy) (model.StatusPlan, error) {
	return CheckStatusChange(StatusInput{StatusState: s, Policy: p})
}

func TestASignedStatusChangeIsRecordedWithItsSignatureAndSessionKey(t *testing.T) {
	k := signingtest.NewSigner(t)
	fp := signing.Fingerprint(k.PublicKey())
	s := signStatusState(t, k, statusState("alice", model.StatusContained))
	s.Request.SessionKey = fp
	plan, err := checkStatus(s, DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	c := plan.Change
	if c.Signature == nil || c.Signature.Key != fp || c.SessionKey != fp {
		t.Fatalf("change recorded with signature %+v and session key %q", c.Signature, c.SessionKey)
	}
	if err := signing.StatusRecord("INC-1", &c, signing.Place{}); err != nil {
		t.Errorf("the recorded change does not check: %v", err)
	}
	if got := c.Signature.Statement; got != `{"signoff":"status/v2","incident":"INC-1","by":"alice","status":"contained","rationale":"threat removed","after":""}` {
		t.Errorf("signed %s", got)
	}
}

// A signed change names the change it follows, as the person read the
// incident: one recorded between their reading and the write refuses it.
func TestASignedChangeIsRefusedWhenAnotherWasRecordedMeanwhile(t *testing.T) {
	k := signingtest.NewSigner(t)
	s := signStatusState(t, k, statusState("alice", model.StatusContained))
	s.LastID, s.LastBy = "ST-1", "dave" // recorded after alice signed
	_, err := checkStatus(s, DefaultPolicy())
	if err == nil || !strings.Contains(err.Error(), "dave changed the status of INC-1 meanwhile (ST-1); look at it and sign again") {
		t.Fatalf("got %v", err)
	}
	s = statusState("alice", model.StatusContained)
	s.Request.After = "ST-1"
	s = signStatusState(t, k, s)
	s.LastID, s.LastBy = "ST-1", "dave"
	plan, err := checkStatus(s, DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if c := plan.Change; signing.StatusRecord("INC-1", &c, signing.Place{After: "ST-1"}) != nil || !strings.HasSuffix(c.Signature.Statement, `,"after":"ST-1"}`) {
		t.Errorf("change %+v", c)
	}
}

func TestAClosingSignsEachDeferralItRecords(t *testing.T) {
	k := signingtest.NewSigner(t)
	fp := signing.Fingerprint(k.PublicKey())
	s := signStatusState(t, k, closingState(), "S7", "S8")
	s.Request.SessionKey = fp
	if !strings.Contains(s.Request.Signature.Statement, `"defer_pending":true`) {
		t.Errorf("the change's statement does not say it defers: %s", s.Request.Signature.Statement)
	}
	plan, err := checkStatus(s, signingPolicy(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Deferrals) != 2 {
		t.Fatalf("deferrals %+v", plan.Deferrals)
	}
	for _, d := range plan.Deferrals {
		if d.Signature == nil || d.SessionKey != fp {
			t.Errorf("deferral %s recorded with signature %+v and session key %q", d.ID, d.Signature, d.SessionKey)
			continue
		}
		if err := signing.DecisionRecord("INC-1", &d); err != nil {
			t.Errorf("deferral %s does not check: %v", d.ID, err)
		}
	}
	if c := plan.Change; c.Signature == nil || signing.StatusRecord("INC-1", &c, signing.Place{}) != nil {
		t.Errorf("change %+v", c)
	}
}

func TestASessionsKeyIsRecordedOnAnUnsignedChangeAndItsDeferrals(t *testing.T) {
	fp := signing.Fingerprint(signingtest.NewSigner(t).PublicKey())
	s := closingState()
	s.Request.SessionKey = fp
	plan, err := checkStatus(s, DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if plan.Change.SessionKey != fp || plan.Change.Signature != nil {
		t.Errorf("change %+v", plan.Change)
	}
	for _, d := range plan.Deferrals {
		if d.SessionKey != fp || d.Signature != nil {
			t.Errorf("deferral %s has session key %q and signature %+v", d.ID, d.SessionKey, d.Signature)
		}
	}
}

func TestASignatureThatIsNotThisStatusChangeIsRefused(t *testing.T) {
	k := signingtest.NewSigner(t)
	cases := []struct {
		name   string
		state  func() model.StatusState
		change func(s *model.StatusState)
		says   string
	}{
		{"a signature of another rationale", func() model.StatusState { return statusState("alice", model.StatusContained) },
			func(s *model.StatusState) { s.Request.Rationale = "changed after signing" },
			"the signature given for marking INC-1 contained does not prove the change as it would be recorded: its statement's rationale differs"},
		{"a signature of another status", func() model.StatusState { return statusState("alice", model.StatusContained) },
			func(s *model.StatusState) { s.Request.Status = model.StatusResolved; s.Pending = nil },
			"its statement says contained, the record resolved"},
		{"a signature by someone else", func() model.StatusState { return statusState("alice", model.StatusContained) },
			func(s *model.StatusState) { s.Request.Person, s.Person = "dave", decidePeople()["dave"] },
			"its statement is by alice, not dave"},
		{"a signature that did not defer, on a change that does", func() model.StatusState {
			s := closingState()
			s.Request.DeferPending = false
			return s
		}, func(s *model.StatusState) { s.Request.DeferPending = true },
			"does not say whether pending work is deferred with the change as the request does"},
		{"a signed closing over a suggestion whose deferral was not signed", closingState,
			func(s *model.StatusState) { s.Request.DeferralSignatures = s.Request.DeferralSignatures[:1] },
			"INC-1 cannot be marked closed: S8 is pending but you did not sign its deferral (it may have arrived since you signed); sign again"},
		{"a deferral signed over another rationale", closingState,
			func(s *model.StatusState) {
				other := s.Request
				other.Rationale = "something else"
				if err := SignStatus(&other, []string{"S7"}, func(text string) (model.Signature, error) { return signing.Sign(k, text) }); err != nil {
					t.Fatal(err)
				}
				s.Request.DeferralSignatures[0] = other.DeferralSignatures[0]
			},
			"INC-1 cannot be marked closed: deferring S7 was refused: the signature given for S7 of INC-1 does not prove the decision"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			s := signStatusState(t, k, tc.state(), "S7", "S8")
			tc.change(&s)
			_, err := checkStatus(s, DefaultPolicy())
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("got %v; want EINVALID saying %q", err, tc.says)
			}
		})
	}
}

func TestAPolicyRequiringSignaturesRefusesAnUnsignedClosingThatDefersSignedWork(t *testing.T) {
	_, err := checkStatus(closingState(), signingPolicy(t))
	if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), "deferring S7 was refused") || !strings.Contains(err.Error(), "--sign-key PATH") {
		t.Fatalf("got %v", err)
	}
	if _, err := checkStatus(signStatusState(t, signingtest.NewSigner(t), closingState(), "S7", "S8"), signingPolicy(t)); err != nil {
		t.Errorf("the signed closing was refused: %v", err)
	}
}

func TestListPendingReadsWhatToSignAndRefusesToWrite(t *testing.T) {
	var ids []string
	plan, err := ListPending(&ids)(closingState())
	if Listed(err) != nil || strings.Join(ids, " ") != "S7 S8" || len(plan.Deferrals) != 0 || plan.Change.ID != "" {
		t.Fatalf("listed %v with plan %+v, %v", ids, plan, err)
	}
	refused := model.Errorf(model.ENOTFOUND, "no incident INC-404")
	if got := Listed(refused); got != refused {
		t.Errorf("a store's own refusal became %v", got)
	}
	if got := Listed(nil); model.ErrorCode(got) != model.EINTERNAL {
		t.Errorf("a store that never asked the check: %v", got)
	}
}
