package signing

import (
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
)

// Claim is one signature a record carries: what it is about, who it says
// signed and when the record was made (the time the roster's validity is
// judged at, as ssh-keygen -Y verify's verify-time).
type Claim struct {
	What      string
	Person    string
	At        time.Time
	Signature *model.Signature
	// Problem says why the signature does not prove its record (its
	// statement differs, or it does not verify); nil when it does.
	Problem error
	// Key is the key that made the signature, when it proves its record:
	// what the roster judges, so the signature is checked only once.
	Key ssh.PublicKey
}

// held is the claim with what holding its signature to its record found.
func held(c Claim, key ssh.PublicKey, problem error) Claim {
	c.Key, c.Problem = key, problem
	return c
}

// Claims lists the signatures of one audit-chain entry's record, each
// already held to its record. Entries of other kinds have none. places
// follows the entries: give it every verdict and status change, signed or
// not, in chain order, so each is held to its place.
func Claims(e model.ChainEntry, places *Places) ([]Claim, error) {
	var out []Claim
	switch e.Kind {
	case "event", "queue-decision": // a decision made in the queue has a kind of its own

		var d model.Event
		if err := json.Unmarshal([]byte(e.Payload), &d); err != nil {
			return nil, fmt.Errorf("entry %d: its payload is not an event: %w", e.Seq, err)
		}
		what := fmt.Sprintf("decision %s of %s", d.ID, e.Incident)
		if d.Signature != nil {
			key, problem := decisionBy(e.Incident, &d, d.Owner, d.Signature, true)
			out = append(out, held(Claim{What: what + ", signed by its owner " + d.Owner, Person: d.Owner, At: d.At,
				Signature: d.Signature}, key, problem))
		}
		for _, ap := range d.Approvals {
			if ap.Signature != nil {
				key, problem := decisionBy(e.Incident, &d, ap.By, ap.Signature, false)
				out = append(out, held(Claim{What: what + ", approval by " + ap.By, Person: ap.By, At: ap.At,
					Signature: ap.Signature}, key, problem))
			}
		}
	case "approval":
		var pa model.PendingApproval
		if err := json.Unmarshal([]byte(e.Payload), &pa); err != nil {
			return nil, fmt.Errorf("entry %d: its payload is not a first approval: %w", e.Seq, err)
		}
		if pa.Signature != nil {
			key, problem := ApprovalKey(&pa)
			out = append(out, held(Claim{What: fmt.Sprintf("first approval of %s of %s by %s", pa.Suggestion, pa.Incident, pa.By),
				Person: pa.By, At: pa.At, Signature: pa.Signature}, key, problem))
		}
	case "status":
		var c model.StatusChange
		if err := json.Unmarshal([]byte(e.Payload), &c); err != nil {
			return nil, fmt.Errorf("entry %d: its payload is not a status change: %w", e.Seq, err)
		}
		pl := places.Status(e.Incident, &c)
		if c.Signature != nil {
			key, problem := StatusKey(e.Incident, &c, pl)
			out = append(out, held(Claim{What: fmt.Sprintf("status change %s of %s to %s by %s", c.ID, e.Incident, c.Status, c.By),
				Person: c.By, At: c.At, Signature: c.Signature}, key, problem))
		}
	case "review":
		var r model.Review
		if err := json.Unmarshal([]byte(e.Payload), &r); err != nil {
			return nil, fmt.Errorf("entry %d: its payload is not a review verdict: %w", e.Seq, err)
		}
		pl := places.Verdict(e.Incident, &r)
		if r.Signature != nil {
			key, problem := VerdictKey(e.Incident, &r, pl)
			out = append(out, held(Claim{What: fmt.Sprintf("verdict by %s on %s of %s", r.Reviewer, r.Subject, e.Incident),
				Person: r.Reviewer, At: r.At, Signature: r.Signature}, key, problem))
		}
	}
	return out, nil
}

// Verify says whether the claim holds under the roster: the signature
// proves its record, and its key spoke for the person when the record was
// made. The error is one sentence naming the record.
func (r *Roster) Verify(c Claim) error {
	if c.Problem != nil {
		return fmt.Errorf("%s: the signature does not prove it: %v", c.What, c.Problem)
	}
	key := c.Key
	if key == nil { // a claim made by hand, not by Claims
		var err error
		if key, err = Check(c.Signature); err != nil {
			return fmt.Errorf("%s: %v", c.What, err)
		}
	}
	if err := r.Allows(c.Person, key, c.At); err != nil {
		return fmt.Errorf("%s: %v", c.What, err)
	}
	return nil
}
