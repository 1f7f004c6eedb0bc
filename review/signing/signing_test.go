package signing

import (
	"strings"
	"testing"
	"time"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing/signingtest"
)

func authorized(k ssh.PublicKey) string {
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
}

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func decision() model.Event {
	return model.Event{ID: "D-S3", At: t0, Kind: model.KindDecision, Suggestion: "S3", Owner: "alice",
		Outcome: model.OutcomeApproved, Action: &model.Action{Type: "revoke_token", Target: "bot"},
		Rationale: "token seen in the wild", EvidenceReviewed: []string{"EV-1"}}
}

func signDecision(t *testing.T, k ssh.Signer, d *model.Event) {
	t.Helper()
	st := Decision{Incident: "INC-1", Suggestion: d.Suggestion, By: d.Owner, Outcome: d.Outcome, Action: d.Action,
		Rationale: d.Rationale, Evidence: d.EvidenceReviewed}
	sig, err := Sign(k, st.Text())
	if err != nil {
		t.Fatal(err)
	}
	d.Signature = &sig
}

func TestAStatementIsCanonicalJSONInAFixedOrder(t *testing.T) {
	d := decision()
	st := Decision{Incident: "INC-1", Suggestion: "S3", By: "alice", Outcome: d.Outcome, Action: d.Action, Rationale: "a <b> & c", Evidence: []string{"EV-1"}}
	want := `{"signoff":"decision/v1","incident":"INC-1","suggestion":"S3","by":"alice","outcome":"approved","action":{"type":"revoke_token","target":"bot"},"rationale":"a \u003cb\u003e \u0026 c","evidence_reviewed":["EV-1"]}`
	if got := st.Text(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	v := Verdict{Incident: "INC-1", Subject: "S3", By: "mara", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"}
	if got := v.Text(); got != `{"signoff":"verdict/v1","incident":"INC-1","subject":"S3","by":"mara","verdict":"followed","outcome_changed":"no","ai_correct":"yes"}` {
		t.Errorf("verdict: got %s", got)
	}
}

func TestASignedDecisionChecksAndATamperedOneDoesNot(t *testing.T) {
	k := signingtest.NewSigner(t)
	cases := []struct {
		name   string
		tamper func(d *model.Event)
		want   string
	}{
		{"the record as signed checks", func(d *model.Event) {}, ""},
		{"a changed rationale is caught", func(d *model.Event) { d.Rationale = "because" }, "rationale differs"},
		{"another owner is caught", func(d *model.Event) { d.Owner = "bob" }, "is by alice, not bob"},
		{"another outcome is caught", func(d *model.Event) { d.Outcome = model.OutcomeRejected }, "says approved, the record rejected"},
		{"another action is caught", func(d *model.Event) { d.Action = &model.Action{Type: "disable_account", Target: "bot"} }, "another action"},
		{"dropped evidence is caught", func(d *model.Event) { d.EvidenceReviewed = nil }, "evidence reviewed differs"},
		{"another suggestion is caught", func(d *model.Event) { d.Suggestion = "S4" }, "about INC-1/S3, not INC-1/S4"},
		{"an edited statement is caught", func(d *model.Event) {
			d.Signature.Statement = strings.Replace(d.Signature.Statement, "in the wild", "in the wilds", 1)
			d.Rationale = "token seen in the wilds"
		}, "does not verify over its statement"},
		{"a statement with a space added is caught", func(d *model.Event) { d.Signature.Statement += " " }, "canonical form"},
		{"a key that is not the signer's is caught", func(d *model.Event) { d.Signature.Key = Fingerprint(signingtest.NewSigner(t).PublicKey()) }, "not the SHA256:"},
		{"a garbled signature is caught", func(d *model.Event) {
			d.Signature.SSHSig = "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"
		}, "not a readable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := decision()
			signDecision(t, k, &d)
			c.tamper(&d)
			err := DecisionRecord("INC-1", &d)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, c.want)
			}
		})
	}
}

func TestASignatureFromAnotherNamespaceIsRefused(t *testing.T) {
	k := signingtest.NewSigner(t)
	d := decision()
	signDecision(t, k, &d)
	s, err := sshsig.Sign(strings.NewReader(d.Signature.Statement), k, sshsig.HashSHA512, "git")
	if err != nil {
		t.Fatal(err)
	}
	d.Signature.SSHSig = string(sshsig.Armor(s))
	if err := DecisionRecord("INC-1", &d); err == nil || !strings.Contains(err.Error(), `namespace "git"`) {
		t.Fatalf("a git signature passed as signoff's: %v", err)
	}
}

func TestASecondApproverNeedNotNameTheFirstApproversEvidence(t *testing.T) {
	first, second := signingtest.NewSigner(t), signingtest.NewSigner(t)
	d := decision()
	d.Owner = "bob"
	d.EvidenceReviewed = []string{"EV-1", "EV-2"}
	fa := Decision{Incident: "INC-1", Suggestion: "S3", By: "alice", Outcome: d.Outcome, Action: d.Action, Rationale: "first", Evidence: []string{"EV-1"}}
	fsig, err := Sign(first, fa.Text())
	if err != nil {
		t.Fatal(err)
	}
	d.Approvals = []model.Approval{{By: "alice", At: t0, Signature: &fsig}, {By: "bob", At: t0}}
	own := Decision{Incident: "INC-1", Suggestion: "S3", By: "bob", Outcome: d.Outcome, Action: d.Action, Rationale: d.Rationale, Evidence: []string{"EV-2"}}
	osig, err := Sign(second, own.Text())
	if err != nil {
		t.Fatal(err)
	}
	d.Signature = &osig
	if err := DecisionRecord("INC-1", &d); err != nil {
		t.Fatal(err)
	}
	d.Approvals[0].By = "carol"
	if err := DecisionRecord("INC-1", &d); err == nil || !strings.Contains(err.Error(), "approval by carol") {
		t.Fatalf("an approval moved to another person passed: %v", err)
	}
}

func TestVerdictAndFirstApprovalRecordsCheckExactly(t *testing.T) {
	k := signingtest.NewSigner(t)
	r := model.Review{Subject: "S3", Reviewer: "mara", At: t0, Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes", Note: "fine"}
	sig, err := Sign(k, VerdictOf("INC-1", &r, "").Text())
	if err != nil {
		t.Fatal(err)
	}
	r.Signature = &sig
	if err := VerdictRecord("INC-1", &r, Place{}); err != nil {
		t.Fatal(err)
	}
	r.AICorrect = "no"
	if err := VerdictRecord("INC-1", &r, Place{}); err == nil || !strings.Contains(err.Error(), "differs from the verdict") {
		t.Fatalf("a changed verdict passed: %v", err)
	}
	pa := model.PendingApproval{Incident: "INC-1", Suggestion: "S4", By: "alice", At: t0, Outcome: model.OutcomeApproved,
		Action: model.Action{Type: "wipe_host", Target: "h1"}, Rationale: "r"}
	psig, err := Sign(k, DecisionOfApproval(&pa).Text())
	if err != nil {
		t.Fatal(err)
	}
	pa.Signature = &psig
	if err := ApprovalRecord(&pa); err != nil {
		t.Fatal(err)
	}
	pa.Action.Detail = "everything"
	if err := ApprovalRecord(&pa); err == nil {
		t.Fatal("a changed first approval passed")
	}
}

func statusChange() model.StatusChange {
	return model.StatusChange{ID: "ST-2", Status: model.StatusClosed, By: "alice", At: t0, Rationale: "miner gone, token rotated"}
}

func signStatus(t *testing.T, k ssh.Signer, c *model.StatusChange, deferPending bool) {
	t.Helper()
	st := StatusOf("INC-1", c, "")
	st.DeferPending = deferPending
	sig, err := Sign(k, st.Text())
	if err != nil {
		t.Fatal(err)
	}
	c.Signature = &sig
}

func TestAStatusStatementSaysWhatThePersonChose(t *testing.T) {
	c := statusChange()
	st := StatusOf("INC-1", &c, "")
	if got, want := st.Text(), `{"signoff":"status/v2","incident":"INC-1","by":"alice","status":"closed","rationale":"miner gone, token rotated","after":""}`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	st.DeferPending = true
	if got := st.Text(); !strings.HasSuffix(got, `,"defer_pending":true,"after":""}`) {
		t.Errorf("a change that defers pending work: %s", got)
	}
}

func TestASignedStatusChangeChecksAndATamperedOneDoesNot(t *testing.T) {
	k := signingtest.NewSigner(t)
	cases := []struct {
		name   string
		tamper func(c *model.StatusChange)
		want   string
	}{
		{"the record as signed checks", func(c *model.StatusChange) {}, ""},
		{"another status is caught", func(c *model.StatusChange) { c.Status = model.StatusOpen }, "says closed, the record open"},
		{"another person is caught", func(c *model.StatusChange) { c.By = "bob" }, "is by alice, not bob"},
		{"a changed rationale is caught", func(c *model.StatusChange) { c.Rationale = "because" }, "rationale differs"},
		{"an edited statement is caught", func(c *model.StatusChange) {
			c.Signature.Statement = strings.Replace(c.Signature.Statement, "rotated", "revoked", 1)
			c.Rationale = "miner gone, token revoked"
		}, "does not verify over its statement"},
		{"a decision's statement is caught", func(c *model.StatusChange) {
			d := decision()
			signDecision(t, k, &d)
			c.Signature = d.Signature
		}, "not a signoff status statement"},
		{"a statement with a space added is caught", func(c *model.StatusChange) { c.Signature.Statement += " " }, "canonical form"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := statusChange()
			signStatus(t, k, &c, false)
			tc.tamper(&c)
			err := StatusRecord("INC-1", &c, Place{})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, tc.want)
			}
		})
	}
	t.Run("a change signed in another incident is caught", func(t *testing.T) {
		c := statusChange()
		signStatus(t, k, &c, false)
		if err := StatusRecord("INC-2", &c, Place{}); err == nil || !strings.Contains(err.Error(), "about INC-1, not INC-2") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a change that deferred pending work checks", func(t *testing.T) {
		c := statusChange()
		signStatus(t, k, &c, true)
		if err := StatusRecord("INC-1", &c, Place{}); err != nil {
			t.Fatal(err)
		}
	})
}
