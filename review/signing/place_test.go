package signing

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// A signed verdict or status change proves one record: appended again (a
// feed replaying an export), its signature does not prove the copy.

func signedVerdict(t *testing.T, k ssh.Signer, v model.Verdict, note string, after *string) model.Review {
	t.Helper()
	r := model.Review{Subject: "S1", Reviewer: "mara", At: t0, Verdict: v, OutcomeChanged: "no", AICorrect: "yes", Note: note}
	st := VerdictOf("INC-1", &r, "")
	st.After = after // nil: a v1 statement, as signed before v2
	sig, err := Sign(k, st.Text())
	if err != nil {
		t.Fatal(err)
	}
	r.Signature = &sig
	return r
}

func ref(s string) *string { return &s }

func TestAVerdictSignatureProvesItsPlaceNotACopy(t *testing.T) {
	k := signingtest.NewSigner(t)
	good := signedVerdict(t, k, model.VerdictFollowed, "good call", ref(""))
	changed := signedVerdict(t, k, model.VerdictIgnored, "changed my mind", ref("S1#1"))
	again := signedVerdict(t, k, model.VerdictFollowed, "good call", ref("S1#2")) // said again, later, on purpose
	other := model.Review{Subject: "S2", Reviewer: "mara", At: t0, Verdict: model.VerdictFollowed}
	// The replay: mara's first verdict appended again after her second.
	reviews := []model.Review{good, other, changed, good}
	for i, want := range []string{"", "", "", "signed to follow nothing (the first verdict on S1), but follows S1#2: a copy"} {
		err := VerdictRecord("INC-1", &reviews[i], VerdictPlace(reviews, i))
		switch {
		case want == "" && err != nil:
			t.Errorf("verdict %d: %v", i, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("verdict %d: got %v, want %q", i, err, want)
		}
	}
	// The same verdict stated again by mara, signed in its own place.
	reviews = []model.Review{good, other, changed, again}
	if err := VerdictRecord("INC-1", &reviews[3], VerdictPlace(reviews, 3)); err != nil {
		t.Errorf("a verdict re-stated later: %v", err)
	}
	if got := good.Signature.Statement; !strings.HasPrefix(got, `{"signoff":"verdict/v2",`) || !strings.HasSuffix(got, `,"note":"good call","after":""}`) {
		t.Errorf("a new verdict statement: %s", got)
	}
}

func TestAV1VerdictHoldsUnlessAnEarlierVerdictSaidItWordForWord(t *testing.T) {
	k := signingtest.NewSigner(t)
	old := signedVerdict(t, k, model.VerdictFollowed, "good call", nil)
	later := signedVerdict(t, k, model.VerdictIgnored, "changed my mind", nil)
	if !strings.HasPrefix(old.Signature.Statement, `{"signoff":"verdict/v1",`) || strings.Contains(old.Signature.Statement, "after") {
		t.Fatalf("not a v1 statement: %s", old.Signature.Statement)
	}
	reviews := []model.Review{old, later, old}
	for i, want := range []string{"", "", "word for word that of verdict S1#1"} {
		err := VerdictRecord("INC-1", &reviews[i], VerdictPlace(reviews, i))
		switch {
		case want == "" && err != nil:
			t.Errorf("verdict %d: %v", i, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("verdict %d: got %v, want %q", i, err, want)
		}
	}
}

func TestAStatusSignatureProvesItsPlaceNotACopy(t *testing.T) {
	k := signingtest.NewSigner(t)
	sign := func(id string, s model.Status, by string, after *string) model.StatusChange {
		c := model.StatusChange{ID: id, Status: s, By: by, At: t0, Rationale: "because " + string(s)}
		st := StatusOf("INC-1", &c, "")
		st.After = after
		sig, err := Sign(k, st.Text())
		if err != nil {
			t.Fatal(err)
		}
		c.Signature = &sig
		return c
	}
	contained := sign("ST-1", model.StatusContained, "alice", ref(""))
	reopened := sign("ST-2", model.StatusOpen, "dave", ref("ST-1"))
	replay := contained
	replay.ID = "SOAR-7"
	changes := []model.StatusChange{contained, reopened, replay}
	for i, want := range []string{"", "", "signed to follow nothing (the first status change of INC-1), but follows ST-2"} {
		err := StatusRecord("INC-1", &changes[i], StatusPlace(changes, i))
		switch {
		case want == "" && err != nil:
			t.Errorf("change %d: %v", i, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("change %d: got %v, want %q", i, err, want)
		}
	}
	v1 := sign("ST-1", model.StatusContained, "alice", nil)
	v1copy := v1
	v1copy.ID = "SOAR-7"
	changes = []model.StatusChange{v1, reopened, v1copy}
	if err := StatusRecord("INC-1", &changes[0], StatusPlace(changes, 0)); err != nil {
		t.Errorf("a v1 change that is no copy: %v", err)
	}
	if err := StatusRecord("INC-1", &changes[2], StatusPlace(changes, 2)); err == nil || !strings.Contains(err.Error(), "word for word that of status change ST-1") {
		t.Errorf("a v1 copy: %v", err)
	}
}
