package review

import (
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// ProofState is how far a record's key proves who made it, judged as the
// findings judge it: a screen or report says "signed" only for a signature
// that holds.
type ProofState int

const (
	// ProofNone: neither a session key nor a signature.
	ProofNone ProofState = iota
	// ProofLoggedIn: the key a signoff serve session logged in with, the
	// server's word.
	ProofLoggedIn
	// ProofSigned: a signature that verifies over a statement saying what
	// the record says, by a key the policy's roster lists for the person
	// at the record's time.
	ProofSigned
	// ProofUnlisted: a signature that verifies over a statement of the
	// record, under a policy that names no roster: nothing says whose key
	// it is (signoff verify --signers does).
	ProofUnlisted
	// ProofBroken: a signature that does not verify, does not say what the
	// record says, or whose key the policy's roster does not list for the
	// person (the signature-mismatch finding).
	ProofBroken
)

// Proof is what a record's key and signature amount to.
type Proof struct {
	State ProofState
	// Key is the key shown: the one the signature names, else the
	// session's; "" for ProofNone.
	Key string
	// Problem says why a ProofBroken signature does not hold.
	Problem string
}

// Check is the proof's signature as the machine-readable outputs name
// it: SignatureVerified only for ProofSigned, "" when there is no
// signature (ProofNone, ProofLoggedIn).
func (pr Proof) Check() model.SignatureCheck {
	switch pr.State {
	case ProofSigned:
		return model.SignatureVerified
	case ProofUnlisted:
		return model.SignatureKeyNotChecked
	case ProofBroken:
		return model.SignatureDoesNotVerify
	}
	return ""
}

// DecisionProofs judges the proof of decision d of incident: the owner's
// first, then each approval's in order.
func (p *Policy) DecisionProofs(incident string, d *model.Event) []Proof {
	out := make([]Proof, 1+len(d.Approvals))
	for i := range out {
		person, at, session, sig := d.Owner, d.At, d.SessionKey, d.Signature
		if i > 0 {
			ap := &d.Approvals[i-1]
			person, at, session, sig = ap.By, ap.At, ap.SessionKey, ap.Signature
		}
		out[i] = p.proof(person, at, session, sig, func() (ssh.PublicKey, error) { return signing.DecisionSignerKey(incident, d, i) })
	}
	return out
}

// VerdictProof judges the proof of review verdict reviews[i] of incident,
// reviews being the incident's (or the subject's) verdicts in record
// order: a signature proves the verdict in its place, not a copy.
func (p *Policy) VerdictProof(incident string, reviews []model.Review, i int) Proof {
	r := &reviews[i]
	return p.proof(r.Reviewer, r.At, r.SessionKey, r.Signature, func() (ssh.PublicKey, error) {
		return signing.VerdictKey(incident, r, signing.VerdictPlace(reviews, i))
	})
}

// StatusProof judges the proof of status change changes[i] of incident,
// changes being the incident's status changes in record order.
func (p *Policy) StatusProof(incident string, changes []model.StatusChange, i int) Proof {
	c := &changes[i]
	return p.proof(c.By, c.At, c.SessionKey, c.Signature, func() (ssh.PublicKey, error) {
		return signing.StatusKey(incident, c, signing.StatusPlace(changes, i))
	})
}

// proof judges one record's proof: check verifies its signature against
// the record and returns the key that made it.
func (p *Policy) proof(person string, at time.Time, session string, sig *model.Signature, check func() (ssh.PublicKey, error)) Proof {
	if sig == nil {
		if session == "" {
			return Proof{}
		}
		return Proof{State: ProofLoggedIn, Key: session}
	}
	pr := Proof{Key: sig.Key}
	key, err := check()
	if err == nil {
		err = p.keyFits(person, key, at)
	}
	switch {
	case err != nil:
		pr.State, pr.Problem = ProofBroken, err.Error()
	case !p.judgesSigners():
		pr.State = ProofUnlisted
	default:
		pr.State = ProofSigned
	}
	return pr
}
