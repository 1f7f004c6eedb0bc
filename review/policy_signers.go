package review

import (
	"fmt"
	"path/filepath"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// A policy may name the team's allowed-signers roster (signers = "FILE").
// Then a signature is worth keeping only when the roster lists its key for
// the person it signs for, in namespace signoff, valid at the record's
// time: the rule of signoff verify --signers, applied when the record is
// made (the queue, status changes, verdicts) and when it is judged
// (findings, so the gate too). Without one, a signature proves only that
// some key signed, and verify --signers is what ties the key to a person.

// SignersFile is the roster the policy names, as a path to open: relative
// paths are read from the policy file's folder. "" when it names none.
func (p *Policy) SignersFile() string {
	if p.signers == "" || filepath.IsAbs(p.signers) {
		return p.signers
	}
	return filepath.Join(filepath.Dir(p.name), p.signers)
}

// WithRoster is the policy judging signatures by roster r, the file
// SignersFile names as read by the caller (review reads no files).
func (p *Policy) WithRoster(r *signing.Roster) *Policy {
	q := *p
	q.roster = r
	return &q
}

// Roster is the roster the policy judges signatures by; nil when it names
// none.
func (p *Policy) Roster() *signing.Roster { return p.roster }

// signerFits says why the key of sig may not sign for person at time at
// under the policy's roster: nil when it may, when the policy names no
// roster, or when there is no signature. A roster named and not read
// fails closed. A signature that does not verify
// is the record checks' to refuse.
func (p *Policy) signerFits(person string, sig *model.Signature, at time.Time) error {
	if sig == nil || !p.judgesSigners() {
		return nil
	}
	key, err := signing.Check(sig)
	if err != nil {
		return err
	}
	return p.keyFits(person, key, at)
}

// judgesSigners reports whether the policy names a roster (read or not).
func (p *Policy) judgesSigners() bool { return p.signers != "" || p.roster != nil }

// keyFits is signerFits for a signature already checked (signing's
// ...Key functions): key made it, nil when there is no signature.
func (p *Policy) keyFits(person string, key ssh.PublicKey, at time.Time) error {
	switch {
	case key == nil || !p.judgesSigners():
		return nil
	case p.roster == nil: // a caller that loaded the policy and not its roster: judge nothing as proven
		return fmt.Errorf("policy %s names the roster %s, which was not read", p.Name(), p.SignersFile())
	}
	return p.roster.Allows(person, key, at)
}

// CheckSigner refuses a signature made for person whose key the policy's
// roster does not give them at time at, with a sentence naming the key
// and the person and saying what to do; what is the record, for the
// sentence ("the decision to approve S1 of INC-9"). The roster's word
// comes first, so a narrow footer still shows whose key it is.
func (p *Policy) CheckSigner(what, person string, sig *model.Signature, at time.Time) error {
	if err := p.signerFits(person, sig, at); err != nil {
		return model.Errorf(model.EFORBIDDEN, "%v, so %s was not recorded: policy %s takes only signatures by a key its roster lists for %s; sign with yours, or ask whoever keeps %s to list it",
			err, what, p.Name(), person, p.SignersFile())
	}
	return nil
}

// decisionSigners says which signature on decision d (its owner's, or an
// approver's) has a key the roster does not give its person at the time
// of their record; nil when each fits. keys are the signatures' keys as
// signing.DecisionKeys returns them.
func (p *Policy) decisionSigners(d *model.Event, keys []ssh.PublicKey) error {
	if err := p.keyFits(d.Owner, keys[0], d.At); err != nil {
		return fmt.Errorf("the owner's signature (%s): %w", d.Owner, err)
	}
	for i, ap := range d.Approvals {
		if err := p.keyFits(ap.By, keys[1+i], ap.At); err != nil {
			return fmt.Errorf("the approval by %s: %w", ap.By, err)
		}
	}
	return nil
}
