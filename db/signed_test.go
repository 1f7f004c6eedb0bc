package db

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

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
		d := openQueueOnItsDay(t)
		alice, dave, mara := signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t)
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
		sig, err := signing.Sign(mara, signing.VerdictOf("INC-2046", &r, "").Text())
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
		if got := strings.Join(kinds, ", "); err != nil || got != "review S1, review S2, approval S3, queue-decision D-S3, review S3" {
			t.Errorf("signed entries: %s, %v", got, err)
		}

		exported := exportOf(t, d, "INC-2046")
		for _, want := range [][]byte{[]byte(`"sshsig": "-----BEGIN SSH SIGNATURE-----\n`), []byte(`"key": "` + dec.Signature.Key + `"`), []byte(`"session_key": "` + daveSession + `"`), []byte(`"statement": "{\"signoff\":\"verdict/v2\"`)} {
			if !bytes.Contains(exported, want) {
				t.Errorf("the export lacks %s", want)
			}
		}
		// Its session keys are the server's word, which an import refuses
		// (import_session.go); without them it imports, and every signature
		// still holds.
		other := openTest(t, onQueueDay)
		if _, err := other.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer"); err == nil || !strings.Contains(err.Error(), `field "session_key" is refused`) {
			t.Fatalf("the export with session keys imports: %v", err)
		}
		exported = withoutSessionKeys(t, exported)
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

func chainHead(t *testing.T, d *DB) int64 {
	t.Helper()
	var seq int64
	if err := d.sql.QueryRowContext(context.Background(), "SELECT coalesce(max(seq), 0) FROM chain").Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// A closing signed as the command line signs it (--sign-key): the change
// and each deferral it records carry the person's signature and session
// key, verify --signers finds them all, and their signatures travel in the
// export and in a feed's status line (a session key does not: an import
// refuses it).

func TestSignedStatusChangesTravelWithTheRecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueueOnItsDay(t)
		alice := signingtest.NewSigner(t)
		session := signing.Fingerprint(alice.PublicKey())
		// A feed reported the incident resolved with its work still pending:
		// the queue no longer lists it, the closing must still defer it.
		// The feed's change is timed before the store's clock, so the
		// closing made now is the change in force.
		if _, err := statusStream(t, d, `{"record": "status", "id": "SOAR-0", "status": "resolved", "by": "alice", "at": "2026-11-25T09:00:00Z", "rationale": "reimaged"}`); err != nil {
			t.Fatal(err)
		}
		req := model.StatusRequest{Incident: "INC-2046", Status: model.StatusClosed, Person: "alice", Rationale: "miner gone, token rotated",
			DeferPending: true, SessionKey: session}
		head := chainHead(t, d)
		var pending []string
		_, err := d.ChangeStatus(ctx, req, review.ListToSign(&req.After, &pending))
		if err := review.Listed(err); err != nil || strings.Join(pending, " ") != "S3 S4 S5 S6 S8" {
			t.Fatalf("the store listed %v to sign, %v; want S3 S4 S5 S6 S8", pending, err)
		}
		if chainHead(t, d) != head {
			t.Fatal("listing what to sign wrote to the record")
		}
		if err := review.SignStatus(&req, pending, func(s string) (model.Signature, error) { return signing.Sign(alice, s) }); err != nil {
			t.Fatal(err)
		}
		res, err := d.ChangeStatus(ctx, req, statusRules)
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Change; c.Signature == nil || c.SessionKey != session || len(res.Deferred) != len(pending) {
			t.Fatalf("change %+v with %d deferrals; want it signed, with %d", c, len(res.Deferred), len(pending))
		}
		for _, dec := range res.Deferred {
			if dec.Signature == nil || dec.SessionKey != session {
				t.Errorf("deferral %s: signature %v, session key %q", dec.ID, dec.Signature, dec.SessionKey)
			}
		}
		// Timed as the closing, recorded after it: the change in force.
		line := model.StatusChange{ID: "SOAR-1", Status: model.StatusOpen, By: "dave", At: queueDay, Rationale: "seen again"}
		sig, err := signing.Sign(signingtest.NewSigner(t), signing.StatusOf("INC-2046", &line, res.Change.ID).Text())
		if err != nil {
			t.Fatal(err)
		}
		signedLine, _ := json.Marshal(map[string]any{"record": "status", "id": line.ID, "status": line.Status, "by": line.By,
			"at": line.At, "rationale": line.Rationale, "signature": sig})
		if _, err := statusStream(t, d, string(signedLine)); err != nil {
			t.Fatalf("a feed's signed status line: %v", err)
		}
		mustVerify(t, d)
		var kinds []string
		err = d.SignedEntries(ctx, func(e model.ChainEntry) error {
			kinds = append(kinds, e.Kind+" "+e.Subject)
			return nil
		})
		want := "review S1, review S2, status SOAR-0, queue-decision D-S3, queue-decision D-S4, queue-decision D-S5, queue-decision D-S6, queue-decision D-S8, status ST-2, status SOAR-1"
		if got := strings.Join(kinds, ", "); err != nil || got != want {
			t.Errorf("signed entries: %s, %v; want %s", got, err, want)
		}

		exported := exportOf(t, d, "INC-2046")
		for _, want := range [][]byte{[]byte(`"statement": "{\"signoff\":\"status/v2\",\"incident\":\"INC-2046\",\"by\":\"alice\",\"status\":\"closed\"`),
			[]byte(`"session_key": "` + session + `"`), []byte(`"statement": "{\"signoff\":\"decision/v1\",\"incident\":\"INC-2046\",\"suggestion\":\"S8\",\"by\":\"alice\",\"outcome\":\"deferred\"`)} {
			if !bytes.Contains(exported, want) {
				t.Errorf("the export lacks %s", want)
			}
		}
		// Its session keys are the server's word, which an import refuses
		// (import_session.go); without them it imports, and every signature
		// still holds.
		other := openTest(t, onQueueDay)
		if _, err := other.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer"); err == nil || !strings.Contains(err.Error(), `field "session_key" is refused`) {
			t.Fatalf("the export with session keys imports: %v", err)
		}
		exported = withoutSessionKeys(t, exported)
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

// A signed verdict names the verdict it follows as the reviewer read the
// record; one recorded meanwhile refuses it, and nothing is written.
func TestASignedVerdictIsRefusedWhenAnotherWasRecordedMeanwhile(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueueOnItsDay(t)
		mara := signingtest.NewSigner(t)
		step, err := d.Step(ctx, "INC-2046", "S3")
		if err != nil {
			t.Fatal(err)
		}
		read := model.VerdictRef("S3", len(step.Reviews)) // what mara read before signing
		if _, err := d.RecordReview(ctx, "INC-2046", model.Review{Subject: "S3", Reviewer: "dave", Verdict: model.VerdictIgnored,
			OutcomeChanged: "no", AICorrect: "no"}); err != nil {
			t.Fatal(err)
		}
		r := model.Review{Subject: "S3", Reviewer: "mara", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes", After: read}
		sig, err := signing.Sign(mara, signing.VerdictOf("INC-2046", &r, read).Text())
		if err != nil {
			t.Fatal(err)
		}
		r.Signature = &sig
		_, err = d.RecordReview(ctx, "INC-2046", r)
		if err == nil || !strings.Contains(err.Error(), "dave recorded a verdict on S3 meanwhile; look at it and sign again") {
			t.Fatalf("got %v", err)
		}
		if after, _ := d.Step(ctx, "INC-2046", "S3"); len(after.Reviews) != len(step.Reviews)+1 {
			t.Fatalf("%d verdicts on S3, want %d", len(after.Reviews), len(step.Reviews)+1)
		}
		r.After = model.VerdictRef("S3", len(step.Reviews)+1) // read again, signed again
		sig, err = signing.Sign(mara, signing.VerdictOf("INC-2046", &r, r.After).Text())
		if err != nil {
			t.Fatal(err)
		}
		r.Signature = &sig
		if _, err := d.RecordReview(ctx, "INC-2046", r); err != nil {
			t.Fatal(err)
		}
	})
}
