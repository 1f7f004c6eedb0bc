package model

import (
	"strconv"
	"time"
)

// FormatV1 is the value of "format" in every import document and stream.
const FormatV1 = "signoff.incident/v1"

// Document is one incident in the import format (SPEC.md).
type Document struct {
	Format   string     `json:"format"`
	Incident Incident   `json:"incident"`
	People   []Person   `json:"people"`
	Agents   []Agent    `json:"agents"`
	Assets   []Asset    `json:"assets"`
	Evidence []Evidence `json:"evidence"`
	Events   []Event    `json:"events"`
	Reviews  []Review   `json:"reviews,omitempty"`
	// StatusChanges are the incident's status changes in the order they
	// were recorded (see model/status.go).
	StatusChanges []StatusChange `json:"status_changes,omitempty"`
}

type Incident struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Severity  Severity   `json:"severity"`
	Status    Status     `json:"status"`
	OpenedAt  time.Time  `json:"opened_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	Commander string     `json:"commander,omitempty"`
	Summary   string     `json:"summary,omitempty"`
}

type Person struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      string    `json:"role,omitempty"`
	Team      string    `json:"team,omitempty"`
	Authority Authority `json:"authority"`
}

type Agent struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Model    string    `json:"model,omitempty"`
	Version  string    `json:"version,omitempty"`
	Role     AgentRole `json:"role"`
	Operator string    `json:"operator,omitempty"`
	// Parent names the agent whose output this one acts on (multi-agent chains).
	Parent string `json:"parent,omitempty"`
}

type Asset struct {
	ID         string    `json:"id"`
	Kind       AssetKind `json:"kind"`
	Privileged bool      `json:"privileged,omitempty"`
	Owner      string    `json:"owner,omitempty"`
	Summary    string    `json:"summary,omitempty"`
}

type Evidence struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Asset       string    `json:"asset,omitempty"`
	CollectedAt time.Time `json:"collected_at"`
	CollectedBy string    `json:"collected_by"`
	SHA256      string    `json:"sha256,omitempty"`
	URI         string    `json:"uri,omitempty"`
	Summary     string    `json:"summary,omitempty"`
}

// Review is one review verdict record. Verdicts are append-only: a later
// record for the same subject supersedes an earlier one, both are kept.
type Review struct {
	Subject        string         `json:"subject"`
	Reviewer       string         `json:"reviewer"`
	At             time.Time      `json:"at"`
	Verdict        Verdict        `json:"verdict"`
	OutcomeChanged OutcomeChanged `json:"outcome_changed"`
	AICorrect      AICorrect      `json:"ai_correct"`
	Note           string         `json:"note,omitempty"`
	// SessionKey and Signature prove who recorded it (see Signature).
	SessionKey string     `json:"session_key,omitempty"`
	Signature  *Signature `json:"signature,omitempty"`
	// After, for a signed verdict being recorded, is the verdict the
	// reviewer read as the last on the subject when signing (VerdictRef),
	// which the signed statement names: the store refuses the verdict if
	// another was recorded meanwhile. It is not stored; the record's
	// place says what a stored verdict follows.
	After string `json:"-"`
}

// VerdictRef names the nth verdict (from 1) recorded on subject. A verdict
// has no id of its own, so it is named by its place among its subject's,
// in record order (the order of an export's reviews); 0 is "", none.
func VerdictRef(subject string, n int) string {
	if n == 0 {
		return ""
	}
	return subject + "#" + strconv.Itoa(n)
}
