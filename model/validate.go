package model

import (
	"strings"
	"time"
	"unicode"
)

// Refs answers whether the ids a record refers to exist. A document answers
// from itself (DocRefs); the store answers from the database plus the stream
// being imported, so both paths share one set of rules.
type Refs interface {
	HasPerson(id string) bool
	HasAgent(id string) bool
	HasAsset(id string) bool
	HasEvidence(id string) bool
	// EventKind returns the kind of event id, or false when there is none.
	EventKind(id string) (EventKind, bool)
	// Answers returns the suggestion decision id answers, "" when it answers
	// none (a human-originated action) or is not a decision.
	Answers(id string) string
}

func invalid(format string, args ...any) *Error { return Errorf(EINVALID, format, args...) }

// ValidID refuses empty ids, ids with "/" (reserved for INCIDENT/ID), spaces
// and control or format characters, so an id is always safe to show and type.
func ValidID(id string) bool {
	if id == "" || len(id) > 200 || strings.Contains(id, "/") {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}

func checkID(what, id string) error {
	if !ValidID(id) {
		return invalid("%s has a bad id %s: ids are non-empty, at most 200 characters, without spaces, control characters or \"/\"", what, Quote(id))
	}
	return nil
}

func (i *Incident) Validate() error {
	if err := checkID("the incident", i.ID); err != nil {
		return err
	}
	if err := badText("incident "+i.ID, i); err != nil {
		return err
	}
	if err := checkTime("incident "+i.ID, "opened_at", i.OpenedAt); err != nil {
		return err
	}
	if err := checkTimePtr("incident "+i.ID, "closed_at", i.ClosedAt); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(i.Title) == "":
		return invalid("incident %s: field \"title\" is required", i.ID)
	case !i.Severity.Valid():
		return invalid("incident %s: field \"severity\" is %s; expected sev1, sev2, sev3 or sev4", i.ID, Quote(string(i.Severity)))
	case !i.Status.Valid():
		return invalid("incident %s: field \"status\" is %s; expected open, contained, resolved or closed", i.ID, Quote(string(i.Status)))
	case i.OpenedAt.IsZero():
		return invalid("incident %s: field \"opened_at\" is required", i.ID)
	case i.ClosedAt != nil && i.ClosedAt.Before(i.OpenedAt):
		return invalid("incident %s: field \"closed_at\" is before \"opened_at\"", i.ID)
	}
	return nil
}

func (p *Person) Validate() error {
	if err := checkID("a person", p.ID); err != nil {
		return err
	}
	if err := badText("person "+p.ID, p); err != nil {
		return err
	}
	if strings.TrimSpace(p.Name) == "" {
		return invalid("person %s: field \"name\" is required", p.ID)
	}
	if !p.Authority.Valid() {
		return invalid("person %s: field \"authority\" is %s; expected none, low, medium or high", p.ID, Quote(string(p.Authority)))
	}
	return nil
}

func (a *Agent) Validate() error {
	if err := checkID("an agent", a.ID); err != nil {
		return err
	}
	if err := badText("agent "+a.ID, a); err != nil {
		return err
	}
	if strings.TrimSpace(a.Name) == "" {
		return invalid("agent %s: field \"name\" is required", a.ID)
	}
	if !a.Role.Valid() {
		return invalid("agent %s: field \"role\" is %s; expected triage, remediation, communications, summarisation or other", a.ID, Quote(string(a.Role)))
	}
	if a.Parent == a.ID {
		return invalid("agent %s: field \"parent\" names the agent itself", a.ID)
	}
	return nil
}

func (a *Asset) Validate() error {
	if err := checkID("an asset", a.ID); err != nil {
		return err
	}
	if err := badText("asset "+a.ID, a); err != nil {
		return err
	}
	if !a.Kind.Valid() {
		return invalid("asset %s: field \"kind\" is %s; expected service_account, user, host, token, key, ip, domain, file, service or other", a.ID, Quote(string(a.Kind)))
	}
	return nil
}

func (e *Evidence) Validate() error {
	if err := checkID("an evidence record", e.ID); err != nil {
		return err
	}
	if err := badText("evidence "+e.ID, e); err != nil {
		return err
	}
	if err := checkTime("evidence "+e.ID, "collected_at", e.CollectedAt); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(e.Kind) == "":
		return invalid("evidence %s: field \"kind\" is required", e.ID)
	case e.CollectedAt.IsZero():
		return invalid("evidence %s: field \"collected_at\" is required", e.ID)
	case strings.TrimSpace(e.CollectedBy) == "":
		return invalid("evidence %s: field \"collected_by\" is required", e.ID)
	case e.SHA256 != "" && !isHex(e.SHA256, 64):
		return invalid("evidence %s: field \"sha256\" is not 64 hexadecimal digits", e.ID)
	}
	return nil
}

func (r *Review) Validate() error {
	if err := checkID("a review's subject", r.Subject); err != nil {
		return err
	}
	if err := badText("review of "+r.Subject, r); err != nil {
		return err
	}
	if err := checkTime("review of "+r.Subject, "at", r.At); err != nil {
		return err
	}
	switch {
	case r.Reviewer == "":
		return invalid("review of %s: field \"reviewer\" is required", r.Subject)
	case r.At.IsZero():
		return invalid("review of %s: field \"at\" is required", r.Subject)
	case !r.Verdict.Valid():
		return invalid("review of %s: field \"verdict\" is %s; expected followed, modified, ignored or none", r.Subject, Quote(string(r.Verdict)))
	case !r.OutcomeChanged.Valid():
		return invalid("review of %s: field \"outcome_changed\" is %s; expected yes, no or unknown", r.Subject, Quote(string(r.OutcomeChanged)))
	case !r.AICorrect.Valid():
		return invalid("review of %s: field \"ai_correct\" is %s; expected yes, no, partial or unknown", r.Subject, Quote(string(r.AICorrect)))
	}
	return validateProof("review of "+r.Subject, r.SessionKey, r.Signature)
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// CheckRefs checks that every id the incident header names exists.
func (i *Incident) CheckRefs(r Refs) error {
	if i.Commander != "" && !r.HasPerson(i.Commander) {
		return invalid("incident %s: field \"commander\" names %s, who is not among the people", i.ID, Quote(i.Commander))
	}
	return nil
}

func (a *Agent) CheckRefs(r Refs) error {
	if a.Parent != "" && !r.HasAgent(a.Parent) {
		return invalid("agent %s: field \"parent\" names unknown agent %s", a.ID, Quote(a.Parent))
	}
	if a.Operator != "" && !r.HasPerson(a.Operator) {
		return invalid("agent %s: field \"operator\" names %s, who is not among the people", a.ID, Quote(a.Operator))
	}
	return nil
}

func (a *Asset) CheckRefs(r Refs) error {
	if a.Owner != "" && !r.HasPerson(a.Owner) {
		return invalid("asset %s: field \"owner\" names %s, who is not among the people", a.ID, Quote(a.Owner))
	}
	return nil
}

func (e *Evidence) CheckRefs(r Refs) error {
	if e.Asset != "" && !r.HasAsset(e.Asset) {
		return invalid("evidence %s: field \"asset\" names unknown asset %s", e.ID, Quote(e.Asset))
	}
	return nil
}

// CheckRefs checks the review's subject and reviewer. The reviewer must be a
// known person: an agent can never review.
func (rv *Review) CheckRefs(r Refs) error {
	kind, ok := r.EventKind(rv.Subject)
	if !ok || (kind != KindSuggestion && kind != KindDecision) {
		return invalid("review of %s: field \"subject\" must name a suggestion or decision of the incident", rv.Subject)
	}
	// SPEC: a step that began with a suggestion is reviewed as the suggestion.
	if s := r.Answers(rv.Subject); kind == KindDecision && s != "" {
		return invalid("review of %s: field \"subject\" names a decision that answers suggestion %s; the verdict belongs to %s", rv.Subject, s, s)
	}
	if !r.HasPerson(rv.Reviewer) {
		return invalid("review of %s: reviewer %s is not a known person of the incident", rv.Subject, Quote(rv.Reviewer))
	}
	return nil
}

// NormalizeTimes puts every timestamp in UTC so the stored record, the
// exported file and the audit-chain payload have one spelling.
func utc(t time.Time) time.Time { return t.UTC() }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
