package signing

import (
	"encoding/json"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// The roster judges the key a record's check returned, so each signature
// is checked once: the keys must be the signers', each in its place.
func TestADecisionsKeysAreItsSignersInPlace(t *testing.T) {
	first, second := signingtest.NewSigner(t), signingtest.NewSigner(t)
	d := decision()
	d.Owner = "bob"
	fa := Decision{Incident: "INC-1", Suggestion: "S3", By: "alice", Outcome: d.Outcome, Action: d.Action, Rationale: "first", Evidence: []string{"EV-1"}}
	fsig, err := Sign(first, fa.Text())
	if err != nil {
		t.Fatal(err)
	}
	d.Approvals = []model.Approval{{By: "bob", At: t0}, {By: "alice", At: t0, Signature: &fsig}}
	signDecision(t, second, &d)
	keys, err := DecisionKeys("INC-1", &d)
	if err != nil {
		t.Fatal(err)
	}
	want := []ssh.PublicKey{second.PublicKey(), nil, first.PublicKey()}
	if len(keys) != len(want) {
		t.Fatalf("%d keys, want %d", len(keys), len(want))
	}
	for i := range want {
		if (keys[i] == nil) != (want[i] == nil) || keys[i] != nil && Fingerprint(keys[i]) != Fingerprint(want[i]) {
			t.Errorf("key %d is %v, want %v", i, keys[i], want[i])
		}
	}
	if _, err := DecisionKeys("INC-2", &d); err == nil {
		t.Error("a decision of another incident gave keys")
	}
}

// Claims carries the key verify --signers judges, and none for a
// signature that does not prove its record.
func TestAClaimCarriesItsKeyOnlyWhenItProvesItsRecord(t *testing.T) {
	k := signingtest.NewSigner(t)
	r := model.Review{Subject: "S3", Reviewer: "mara", At: t0, Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"}
	sig, err := Sign(k, VerdictOf("INC-1", &r, "").Text())
	if err != nil {
		t.Fatal(err)
	}
	r.Signature = &sig
	for _, c := range []struct {
		name  string
		note  string
		proof bool
	}{{"as signed", "", true}, {"its note changed", "added later", false}} {
		t.Run(c.name, func(t *testing.T) {
			r := r
			r.Note = c.note
			claims, err := Claims(model.ChainEntry{Seq: 3, Kind: "review", Incident: "INC-1", Payload: payload(t, r)}, &Places{})
			if err != nil || len(claims) != 1 {
				t.Fatalf("claims %v, %v", claims, err)
			}
			got := claims[0]
			switch {
			case c.proof && (got.Problem != nil || got.Key == nil || Fingerprint(got.Key) != Fingerprint(k.PublicKey())):
				t.Errorf("the claim has key %v and problem %v; want the signer's key", got.Key, got.Problem)
			case !c.proof && (got.Problem == nil || got.Key != nil):
				t.Errorf("the claim has key %v and problem %v; want a problem and no key", got.Key, got.Problem)
			}
		})
	}
}

func payload(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
