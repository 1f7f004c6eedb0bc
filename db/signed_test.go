package db

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
)

func newKey(t *testing.T) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// decideSigned decides as the command line does with --sign-key: it reads
// the item, signs the statement of the decision and sends both.
func decideSigned(t *testing.T, d *DB, k ssh.Signer, req model.DecideRequest) model.DecideResult {
	t.Helper()
	ctx := context.Background()
	det, err := d.PendingDetail(ctx, req.Incident, req.Suggestion)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signing.Sign(k, review.DecisionStatement(req.Incident, &det.Suggestion, det.Item.FirstApproval, req).Text())
	if err != nil {
		t.Fatal(err)
	}
	req.Signature = &sig
	res, err := d.Decide(ctx, req, rules)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSignedDecisionsAndVerdictsTravelWithTheRecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueue(t)
		alice, dave, mara := newKey(t), newKey(t), newKey(t)
		daveSession := signing.Fingerprint(dave.PublicKey())
		req := func(person string) model.DecideRequest {
			return model.DecideRequest{Incident: "INC-2046", Suggestion: "S3", Person: person, Outcome: model.OutcomeApproved,
				Rationale: "the exposure is confirmed", Evidence: []string{"EV-2"}}
		}
		if res := decideSigned(t, d, alice, req("alice")); !res.Awaiting || res.FirstApproval.Signature == nil {
			t.Fatalf("first approval %+v", res.FirstApproval)
		}
		second := req("dave")
		second.SessionKey = daveSession
		res := decideSigned(t, d, dave, second)
		dec := res.Decision
		if dec == nil || dec.Signature == nil || dec.SessionKey != daveSession || dec.Approvals[0].Signature == nil {
			t.Fatalf("final decision %+v", dec)
		}
		r := model.Review{Subject: "S3", Reviewer: "mara", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes", Note: "as planned"}
		sig, err := signing.Sign(mara, signing.VerdictOf("INC-2046", &r).Text())
		if err != nil {
			t.Fatal(err)
		}
		r.Signature = &sig
		if _, err := d.RecordReview(ctx, "INC-2046", r); err != nil {
			t.Fatal(err)
		}
		if v, err := d.Verify(ctx); err != nil || !v.Intact {
			t.Fatalf("verify after signed writes: %+v, %v", v, err)
		}
		var kinds []string
		err = d.SignedEntries(ctx, func(e model.ChainEntry) error {
			kinds = append(kinds, e.Kind+" "+e.Subject)
			return nil
		})
		if got := strings.Join(kinds, ", "); err != nil || got != "approval S3, queue-decision D-S3, review S3" {
			t.Errorf("signed entries: %s, %v", got, err)
		}

		exported := exportOf(t, d, "INC-2046")
		for _, want := range [][]byte{[]byte(`"sshsig": "-----BEGIN SSH SIGNATURE-----\n`), []byte(`"key": "` + dec.Signature.Key + `"`), []byte(`"session_key": "` + daveSession + `"`), []byte(`"statement": "{\"signoff\":\"verdict/v1\"`)} {
			if !bytes.Contains(exported, want) {
				t.Errorf("the export lacks %s", want)
			}
		}
		other := openTest(t)
		if _, err := other.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer"); err != nil {
			t.Fatalf("the signed export does not import: %v", err)
		}
		if again := exportOf(t, other, "INC-2046"); !bytes.Equal(exported, again) {
			t.Errorf("export → import → export differs")
		}
		doc, err := other.Document(ctx, "INC-2046")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range review.Findings(doc, review.DefaultPolicy()) {
			if f.Code == review.CodeSignatureMismatch {
				t.Errorf("an imported signed record does not check: %+v", f)
			}
		}
	})
}
