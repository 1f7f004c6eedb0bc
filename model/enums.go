package model

// Enumerations of the import format (SPEC.md). Each is a typed string with
// Valid(), so decoding can refuse values it does not know.

type Severity string

const (
	Sev1 Severity = "sev1"
	Sev2 Severity = "sev2"
	Sev3 Severity = "sev3"
	Sev4 Severity = "sev4"
)

func (s Severity) Valid() bool { return oneOf(string(s), "sev1", "sev2", "sev3", "sev4") }

type Status string

const (
	StatusOpen      Status = "open"
	StatusContained Status = "contained"
	StatusResolved  Status = "resolved"
	StatusClosed    Status = "closed"
)

func (s Status) Valid() bool { return oneOf(string(s), "open", "contained", "resolved", "closed") }

// Authority is the highest tier a person may approve alone.
type Authority string

const (
	AuthorityNone   Authority = "none"
	AuthorityLow    Authority = "low"
	AuthorityMedium Authority = "medium"
	AuthorityHigh   Authority = "high"
)

func (a Authority) Valid() bool { return oneOf(string(a), "none", "low", "medium", "high") }

// Rank orders authorities: none 0 … high 3.
func (a Authority) Rank() int { return indexOf(string(a), "none", "low", "medium", "high") }

type AgentRole string

const (
	RoleTriage         AgentRole = "triage"
	RoleRemediation    AgentRole = "remediation"
	RoleCommunications AgentRole = "communications"
	RoleSummarisation  AgentRole = "summarisation"
	RoleOther          AgentRole = "other"
)

func (r AgentRole) Valid() bool {
	return oneOf(string(r), "triage", "remediation", "communications", "summarisation", "other")
}

type AssetKind string

func (k AssetKind) Valid() bool {
	return oneOf(string(k), "service_account", "user", "host", "token", "key", "ip", "domain", "file", "service", "other")
}

type EventKind string

const (
	KindAlert      EventKind = "alert"
	KindTelemetry  EventKind = "telemetry"
	KindNote       EventKind = "note"
	KindComms      EventKind = "comms"
	KindSuggestion EventKind = "suggestion"
	KindDecision   EventKind = "decision"
	KindExecution  EventKind = "execution"
	// KindEvidence never appears in an import file: timeline rows use it for
	// "evidence collected", which comes from the evidence records.
	KindEvidence EventKind = "evidence"
)

// Valid reports whether k is an event kind of the import format.
func (k EventKind) Valid() bool {
	return oneOf(string(k), "alert", "telemetry", "note", "comms", "suggestion", "decision", "execution")
}

type Outcome string

const (
	OutcomeApproved Outcome = "approved"
	OutcomeModified Outcome = "modified"
	OutcomeRejected Outcome = "rejected"
	OutcomeDeferred Outcome = "deferred"
)

func (o Outcome) Valid() bool {
	return oneOf(string(o), "approved", "modified", "rejected", "deferred")
}

// ExecResult is what an execution reported.
type ExecResult string

func (r ExecResult) Valid() bool {
	return oneOf(string(r), "succeeded", "failed", "partial", "unknown")
}

type Verdict string

const (
	VerdictFollowed Verdict = "followed"
	VerdictModified Verdict = "modified"
	VerdictIgnored  Verdict = "ignored"
	VerdictNone     Verdict = "none"
)

func (v Verdict) Valid() bool { return oneOf(string(v), "followed", "modified", "ignored", "none") }

// OutcomeChanged answers "did the AI input change what was done".
type OutcomeChanged string

func (o OutcomeChanged) Valid() bool { return oneOf(string(o), "yes", "no", "unknown") }

// AICorrect is the hindsight judgement of a suggestion.
type AICorrect string

const (
	AICorrectYes     AICorrect = "yes"
	AICorrectNo      AICorrect = "no"
	AICorrectPartial AICorrect = "partial"
	AICorrectUnknown AICorrect = "unknown"
)

func (a AICorrect) Valid() bool { return oneOf(string(a), "yes", "no", "partial", "unknown") }

// Tier is the impact tier of an action under the policy.
type Tier string

const (
	TierLow      Tier = "low"
	TierMedium   Tier = "medium"
	TierHigh     Tier = "high"
	TierCritical Tier = "critical"
)

func (t Tier) Valid() bool { return oneOf(string(t), "low", "medium", "high", "critical") }

// Rank orders tiers: low 1 … critical 4, matching Authority.Rank so that
// authority a may approve tier t alone when a.Rank() >= t.Rank() (critical
// always needs two people whatever their authority).
func (t Tier) Rank() int { return indexOf(string(t), "", "low", "medium", "high", "critical") }

// ActionClass groups action types under the policy.
type ActionClass string

const (
	ClassRead          ActionClass = "read"
	ClassCommunication ActionClass = "communication"
	ClassContainment   ActionClass = "containment"
)

func (c ActionClass) Valid() bool { return oneOf(string(c), "read", "communication", "containment") }

func oneOf(s string, allowed ...string) bool { return indexOf(s, allowed...) >= 0 }

func indexOf(s string, allowed ...string) int {
	for i, a := range allowed {
		if s == a {
			return i
		}
	}
	return -1
}
