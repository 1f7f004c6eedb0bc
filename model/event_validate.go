package model

import "strings"

// Validate checks the event's own fields: which are required and which are
// allowed for its kind. References to other records are CheckRefs' job.
func (e *Event) Validate() error {
	if err := checkID("an event", e.ID); err != nil {
		return err
	}
	if err := badText("event "+e.ID, e); err != nil {
		return err
	}
	if e.At.IsZero() {
		return invalid("event %s: field \"at\" is required", e.ID)
	}
	if err := e.checkTimes(); err != nil {
		return err
	}
	if !e.Kind.Valid() {
		return invalid("event %s: field \"kind\" is %s; expected alert, telemetry, note, comms, suggestion, decision or execution", e.ID, Quote(string(e.Kind)))
	}
	if f := e.foreignField(); f != "" {
		return invalid("event %s: field %q does not belong on %s event", e.ID, f, withArticle(string(e.Kind)))
	}
	switch e.Kind {
	case KindAlert, KindTelemetry, KindNote, KindComms:
		if strings.TrimSpace(e.Summary) == "" {
			return invalid("event %s: field \"summary\" is required", e.ID)
		}
	case KindSuggestion:
		return e.validateSuggestion()
	case KindDecision:
		return e.validateDecision()
	case KindExecution:
		return e.validateExecution()
	}
	return nil
}

// checkTimes refuses any time of the event that signoff cannot store.
func (e *Event) checkTimes() error {
	what := "event " + e.ID
	if err := checkTime(what, "at", e.At); err != nil {
		return err
	}
	if err := checkTimePtr(what, "expires_at", e.ExpiresAt); err != nil {
		return err
	}
	for _, ap := range e.Approvals {
		if err := checkTime(what, "approvals", ap.At); err != nil {
			return err
		}
	}
	return nil
}

func (e *Event) validateSuggestion() error {
	switch {
	case e.Agent == "":
		return invalid("suggestion %s: field \"agent\" is required", e.ID)
	case e.Action == nil:
		return invalid("suggestion %s: field \"action\" is required", e.ID)
	case e.Confidence != nil && (*e.Confidence < 0 || *e.Confidence > 1):
		return invalid("suggestion %s: field \"confidence\" is %v; expected a number from 0 to 1", e.ID, *e.Confidence)
	case e.Rank < 0:
		return invalid("suggestion %s: field \"rank\" is negative", e.ID)
	case e.ExpiresAt != nil && e.ExpiresAt.Before(e.At):
		return invalid("suggestion %s: field \"expires_at\" is before \"at\"", e.ID)
	}
	if err := e.Action.validate(e.ID, "action"); err != nil {
		return err
	}
	for _, alt := range e.Alternatives {
		if err := alt.validate(e.ID, "alternatives"); err != nil {
			return err
		}
	}
	return nil
}

func (e *Event) validateDecision() error {
	switch {
	case e.Owner == "":
		return invalid("decision %s: field \"owner\" is required", e.ID)
	case !e.Outcome.Valid():
		return invalid("decision %s: field \"outcome\" is %s; expected approved, modified, rejected or deferred", e.ID, Quote(string(e.Outcome)))
	case e.Action == nil && (e.Outcome == OutcomeApproved || e.Outcome == OutcomeModified):
		return invalid("decision %s: field \"action\" is required when the outcome is %s", e.ID, e.Outcome)
	case e.Suggestion == "" && e.Outcome != OutcomeApproved:
		return invalid("decision %s: a decision without \"suggestion\" is a human-originated action and must have outcome approved", e.ID)
	}
	if e.Action != nil {
		if err := e.Action.validate(e.ID, "action"); err != nil {
			return err
		}
	}
	for _, alt := range e.AlternativesRejected {
		if err := alt.Action.validate(e.ID, "alternatives_rejected"); err != nil {
			return err
		}
	}
	for _, ap := range e.Approvals {
		if ap.By == "" || ap.At.IsZero() {
			return invalid("decision %s: every approval needs \"by\" and \"at\"", e.ID)
		}
		if err := validateProof("decision "+e.ID+", approval by "+ap.By, ap.SessionKey, ap.Signature); err != nil {
			return err
		}
	}
	return validateProof("decision "+e.ID, e.SessionKey, e.Signature)
}

func (e *Event) validateExecution() error {
	switch {
	case (e.Decision == "") == (e.Suggestion == ""):
		return invalid("execution %s: exactly one of \"decision\" or \"suggestion\" is required", e.ID)
	case strings.TrimSpace(e.Actor) == "":
		return invalid("execution %s: field \"actor\" is required", e.ID)
	case !e.Result.Valid():
		return invalid("execution %s: field \"result\" is %s; expected succeeded, failed, partial or unknown", e.ID, Quote(string(e.Result)))
	}
	return nil
}

func (a *Action) validate(id, field string) error {
	if strings.TrimSpace(a.Type) == "" {
		return invalid("event %s: field %q needs an action \"type\"", id, field)
	}
	return nil
}

// foreignField names the first field set that the event's kind does not use.
func (e *Event) foreignField() string {
	k := e.Kind
	is := func(kinds ...EventKind) bool {
		for _, x := range kinds {
			if k == x {
				return true
			}
		}
		return false
	}
	checks := []struct {
		name    string
		set     bool
		allowed bool
	}{
		{"source", e.Source != "", is(KindAlert, KindTelemetry)},
		{"actor", e.Actor != "", is(KindNote, KindComms, KindExecution)},
		{"agent", e.Agent != "", is(KindSuggestion)},
		{"action", e.Action != nil, is(KindSuggestion, KindDecision)},
		{"confidence", e.Confidence != nil, is(KindSuggestion)},
		{"confidence_cue", e.ConfidenceCue != "", is(KindSuggestion)},
		{"rank", e.Rank != 0, is(KindSuggestion)},
		{"rationale", e.Rationale != "", is(KindSuggestion, KindDecision)},
		{"alternatives", len(e.Alternatives) > 0, is(KindSuggestion)},
		{"raw_output", e.RawOutput != "", is(KindSuggestion)},
		{"expires_at", e.ExpiresAt != nil, is(KindSuggestion)},
		{"suggestion", e.Suggestion != "", is(KindDecision, KindExecution)},
		{"owner", e.Owner != "", is(KindDecision)},
		{"outcome", e.Outcome != "", is(KindDecision)},
		{"evidence_reviewed", len(e.EvidenceReviewed) > 0, is(KindDecision)},
		{"alternatives_rejected", len(e.AlternativesRejected) > 0, is(KindDecision)},
		{"approvals", len(e.Approvals) > 0, is(KindDecision)},
		{"session_key", e.SessionKey != "", is(KindDecision)},
		{"signature", e.Signature != nil, is(KindDecision)},
		{"decision", e.Decision != "", is(KindExecution)},
		{"automated", e.Automated, is(KindExecution)},
		{"result", e.Result != "", is(KindExecution)},
	}
	for _, c := range checks {
		if c.set && !c.allowed {
			return c.name
		}
	}
	return ""
}

// CheckRefs checks every id the event names against r.
func (e *Event) CheckRefs(r Refs) error {
	for _, ev := range e.Evidence {
		if !r.HasEvidence(ev) {
			return invalid("event %s: field \"evidence\" names unknown evidence %s", e.ID, Quote(ev))
		}
	}
	for _, ev := range e.EvidenceReviewed {
		if !r.HasEvidence(ev) {
			return invalid("event %s: field \"evidence_reviewed\" names unknown evidence %s", e.ID, Quote(ev))
		}
	}
	if err := checkTarget(r, e.ID, "action", e.Action); err != nil {
		return err
	}
	for i := range e.Alternatives {
		if err := checkTarget(r, e.ID, "alternatives", &e.Alternatives[i]); err != nil {
			return err
		}
	}
	for i := range e.AlternativesRejected {
		if err := checkTarget(r, e.ID, "alternatives_rejected", &e.AlternativesRejected[i].Action); err != nil {
			return err
		}
	}
	switch e.Kind {
	case KindSuggestion:
		if !r.HasAgent(e.Agent) {
			return invalid("suggestion %s: field \"agent\" names unknown agent %s", e.ID, Quote(e.Agent))
		}
	case KindDecision:
		if err := checkEventRef(r, e.ID, "suggestion", e.Suggestion, KindSuggestion); err != nil {
			return err
		}
		// Owners and approvers may be agents: the import keeps that record so
		// the ai-approver finding can report it. Ids nobody knows are refused.
		if !r.HasPerson(e.Owner) && !r.HasAgent(e.Owner) {
			return invalid("decision %s: field \"owner\" names %s, who is neither a person nor an agent of the incident", e.ID, Quote(e.Owner))
		}
		for _, ap := range e.Approvals {
			if !r.HasPerson(ap.By) && !r.HasAgent(ap.By) {
				return invalid("decision %s: an approval names %s, who is neither a person nor an agent of the incident", e.ID, Quote(ap.By))
			}
		}
	case KindExecution:
		if err := checkEventRef(r, e.ID, "decision", e.Decision, KindDecision); err != nil {
			return err
		}
		if err := checkEventRef(r, e.ID, "suggestion", e.Suggestion, KindSuggestion); err != nil {
			return err
		}
	}
	return nil
}

func checkTarget(r Refs, id, field string, a *Action) error {
	if a != nil && a.Target != "" && !r.HasAsset(a.Target) {
		return invalid("event %s: field %q targets unknown asset %s", id, field, Quote(a.Target))
	}
	return nil
}

func checkEventRef(r Refs, id, field, ref string, want EventKind) error {
	if ref == "" {
		return nil
	}
	kind, ok := r.EventKind(ref)
	if !ok {
		return invalid("event %s: field %q names unknown event %s", id, field, Quote(ref))
	}
	if kind != want {
		return invalid("event %s: field %q names %s, which is %s, not a %s", id, field, ref, withArticle(string(kind)), want)
	}
	return nil
}

// withArticle puts "a" or "an" before a kind of event ("an alert", "an
// execution").
func withArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}
