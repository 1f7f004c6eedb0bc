package signing

import (
	"crypto/sha256"
	"fmt"

	"github.com/signoff/signoff/model"
)

// A v2 verdict or status statement names the record it follows, so its
// signature proves the record in that place and no copy of it appended
// later (a copy follows at least the original). Checking one rebuilds the
// statement with the record's actual predecessor in the stored record.

// Place is where a verdict or status change stands in its incident's
// record.
type Place struct {
	// After is the record it follows: for a verdict the previous verdict
	// on its subject (VerdictRef), for a status change the previous
	// change's id; "" for the first.
	After string
	// Copy names the earlier record on the same subject (a verdict) or
	// incident (a status change) whose signature has this one's statement,
	// word for word; "" when there is none. A v1 statement does not name
	// its place, so such a signature proves that earlier record, not this.
	Copy string
}

// Places follows verdicts and status changes in the order they were
// recorded and says where each stands. The zero value is ready to use.
type Places struct {
	lines map[string]*line
}

type line struct {
	n    int
	last string
	said map[[sha256.Size]byte]string // statement → the first record signed with it
}

func (p *Places) line(key string) *line {
	if p.lines == nil {
		p.lines = map[string]*line{}
	}
	l := p.lines[key]
	if l == nil {
		l = &line{said: map[[sha256.Size]byte]string{}}
		p.lines[key] = l
	}
	return l
}

// Verdict is the place of r, the next verdict of incident in record
// order, and counts it.
func (p *Places) Verdict(incident string, r *model.Review) Place {
	l := p.line("verdict\x00" + incident + "\x00" + r.Subject)
	pl := Place{After: l.last}
	l.n++
	l.last = model.VerdictRef(r.Subject, l.n)
	pl.Copy = l.said1(r.Signature, l.last)
	return pl
}

// Status is the place of c, the next status change of incident in record
// order, and counts it.
func (p *Places) Status(incident string, c *model.StatusChange) Place {
	l := p.line("status\x00" + incident)
	pl := Place{After: l.last}
	l.last = c.ID
	pl.Copy = l.said1(c.Signature, c.ID)
	return pl
}

// said1 notes the signature's statement as said by record ref and returns
// the earlier record that said it first, "" when none did.
func (l *line) said1(sig *model.Signature, ref string) string {
	if sig == nil {
		return ""
	}
	h := sha256.Sum256([]byte(sig.Statement))
	if first, ok := l.said[h]; ok {
		return first
	}
	l.said[h] = ref
	return ""
}

// VerdictPlace is the place of reviews[i] among reviews, the verdicts of
// one incident (or of one subject) in record order.
func VerdictPlace(reviews []model.Review, i int) Place {
	var p Places
	var pl Place
	for j := 0; j <= i; j++ {
		if reviews[j].Subject == reviews[i].Subject {
			pl = p.Verdict("", &reviews[j])
		}
	}
	return pl
}

// StatusPlace is the place of changes[i] among changes, the status
// changes of one incident in record order.
func StatusPlace(changes []model.StatusChange, i int) Place {
	var p Places
	var pl Place
	for j := 0; j <= i; j++ {
		pl = p.Status("", &changes[j])
	}
	return pl
}

// misplaced says why a v2 statement signed to follow signed does not
// prove a record that follows actual.
func misplaced(signed, actual, what string) error {
	return fmt.Errorf("it was signed to follow %s, but follows %s: a copy of another record's signature?", named(signed, what), named(actual, what))
}

// copied says why a v1 statement does not prove a record: an earlier one
// has it word for word.
func copied(first string) error {
	return fmt.Errorf("its v1 statement is word for word that of %s, which recorded it first: a copy of that record's signature (a v1 statement does not name its place)", first)
}

func named(ref, what string) string {
	if ref == "" {
		return "nothing (the first " + what + ")"
	}
	return ref
}
