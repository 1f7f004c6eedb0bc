// Package ocsf maps signoff's record to OCSF events, pinned to schema
// version 1.8.0 (github.com/ocsf/ocsf-schema, the v1.8.0 release):
//
//   - each suggestion is a Detection Finding (class 2004) created by the
//     agent, with confidence_score and its action as the remediation;
//   - each decision updates that finding: status, the rationale as
//     comment, the deciding person as actor (host profile) and the
//     decision as the control's action (security_control profile); a
//     decision made without a suggestion creates a finding of its own;
//   - each review verdict updates the finding it judges;
//   - each execution is a Remediation Activity (class 7001) with its status;
//   - the incident is an Incident Finding (class 2005), created when it
//     opened, updated by each recorded status change (the person as the
//     actor, the rationale as comment) and closed when its record says it
//     closed, unless a change had superseded that (export.Life).
//
// What OCSF has no place for (the agent, until OCSF releases its ai_agent
// object; tiers, findings, approvals) goes in unmapped.signoff. Alerts,
// telemetry, notes, messages and evidence records are not exported: they
// are the inputs, not signoff's accountability.
package ocsf

import (
	"math"

	"github.com/signoff/signoff/model"
)

// Version is the OCSF schema version every event claims.
const Version = "1.8.0"

// OCSF class and category numbers.
const (
	CategoryFindings    = 2
	CategoryRemediation = 7

	ClassDetectionFinding    = 2004
	ClassIncidentFinding     = 2005
	ClassRemediationActivity = 7001
)

// Finding activities.
const (
	ActivityCreate = 1
	ActivityUpdate = 2
	ActivityClose  = 3
)

// Event is one OCSF event; which fields are set depends on its class.
type Event struct {
	ActivityID   int    `json:"activity_id"`
	ActivityName string `json:"activity_name"`
	CategoryUID  int    `json:"category_uid"`
	CategoryName string `json:"category_name"`
	ClassUID     int    `json:"class_uid"`
	ClassName    string `json:"class_name"`
	TypeUID      int    `json:"type_uid"`
	TypeName     string `json:"type_name"`
	Time         int64  `json:"time"` // milliseconds since the epoch
	SeverityID   int    `json:"severity_id"`
	Severity     string `json:"severity"`
	StatusID     *int   `json:"status_id,omitempty"`
	Status       string `json:"status,omitempty"`
	StatusDetail string `json:"status_detail,omitempty"` // "Reopened", which OCSF has no status for
	Message      string `json:"message,omitempty"`

	Metadata        Metadata      `json:"metadata"`
	FindingInfo     *FindingInfo  `json:"finding_info,omitempty"`
	FindingInfoList []FindingInfo `json:"finding_info_list,omitempty"`
	ConfidenceScore *int          `json:"confidence_score,omitempty"`
	ConfidenceID    *int          `json:"confidence_id,omitempty"`
	Remediation     *Remediation  `json:"remediation,omitempty"`
	Comment         string        `json:"comment,omitempty"`
	Actor           *Actor        `json:"actor,omitempty"`
	ActionID        *int          `json:"action_id,omitempty"`
	Action          string        `json:"action,omitempty"`
	CommandUID      string        `json:"command_uid,omitempty"`
	Desc            string        `json:"desc,omitempty"`
	Assignee        *User         `json:"assignee,omitempty"`
	AssigneeGroup   *Group        `json:"assignee_group,omitempty"`
	RawData         string        `json:"raw_data,omitempty"`
	Unmapped        *Unmapped     `json:"unmapped,omitempty"`
}

// Metadata says who produced the event and by which schema.
type Metadata struct {
	Product  Product  `json:"product"`
	Version  string   `json:"version"`
	UID      string   `json:"uid,omitempty"`
	LogName  string   `json:"log_name,omitempty"`
	Profiles []string `json:"profiles,omitempty"`
}

type Product struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
}

// FindingInfo names a finding; uid ties a finding's create and updates.
type FindingInfo struct {
	UID         string   `json:"uid"`
	Title       string   `json:"title,omitempty"`
	Desc        string   `json:"desc,omitempty"`
	CreatedTime int64    `json:"created_time,omitempty"`
	Types       []string `json:"types,omitempty"`
}

type Remediation struct {
	Desc string `json:"desc"`
}

// Actor is who acted: a person as a user, an agent or automation by name.
type Actor struct {
	User    *User  `json:"user,omitempty"`
	AppName string `json:"app_name,omitempty"`
}

type User struct {
	UID      string `json:"uid"`
	Name     string `json:"name,omitempty"`
	FullName string `json:"full_name,omitempty"`
}

type Group struct {
	Name string `json:"name"`
}

// Unmapped carries what OCSF has no attribute for.
type Unmapped struct {
	Signoff Signoff `json:"signoff"`
}

// Signoff is the record's own fields, under unmapped.signoff.
type Signoff struct {
	Incident  string        `json:"incident"`
	Record    string        `json:"record"`
	Kind      string        `json:"kind"`
	Agent     *model.Agent  `json:"agent,omitempty"`
	Action    *model.Action `json:"action,omitempty"`
	Class     string        `json:"class,omitempty"`
	Tier      string        `json:"tier,omitempty"`
	Cue       string        `json:"confidence_cue,omitempty"`
	Rank      int           `json:"rank,omitempty"`
	Evidence  []string      `json:"evidence,omitempty"`
	ExpiresAt string        `json:"expires_at,omitempty"`

	Suggestion           string                      `json:"suggestion,omitempty"`
	Outcome              string                      `json:"outcome,omitempty"`
	Approvals            []model.Approval            `json:"approvals,omitempty"`
	EvidenceReviewed     []string                    `json:"evidence_reviewed,omitempty"`
	AlternativesRejected []model.RejectedAlternative `json:"alternatives_rejected,omitempty"`
	Alternatives         []model.Action              `json:"alternatives,omitempty"`

	Decision  string `json:"decision,omitempty"`
	Automated *bool  `json:"automated,omitempty"`
	Result    string `json:"result,omitempty"`

	Review *model.Review `json:"review,omitempty"`
	Status string        `json:"status,omitempty"`
	// PreviousStatus and StatusChange are a status change's: the status it
	// moved the incident from, and the change as recorded (who, when, why,
	// and its session key and signature when it has them).
	PreviousStatus string              `json:"previous_status,omitempty"`
	StatusChange   *model.StatusChange `json:"status_change,omitempty"`
	// SignatureCheck is what checking the status change's signature found
	// (verified, key not checked, does not verify, not checked); absent
	// when it carries none. Its signature object is the one as stored.
	SignatureCheck model.SignatureCheck `json:"signature_check,omitempty"`

	Findings []Finding `json:"findings,omitempty"`
}

// Finding is a signoff finding about the record.
type Finding struct {
	Code    string `json:"code"`
	Level   string `json:"level"`
	Message string `json:"message"`
}

func intp(i int) *int { return &i }

// severityOfTier: the higher the action's impact tier, the more severe.
func severityOfTier(t model.Tier) (int, string) {
	switch t {
	case model.TierLow:
		return 2, "Low"
	case model.TierMedium:
		return 3, "Medium"
	case model.TierHigh:
		return 4, "High"
	case model.TierCritical:
		return 5, "Critical"
	}
	return 1, "Informational"
}

func severityOfIncident(s model.Severity) (int, string) {
	switch s {
	case model.Sev1:
		return 5, "Critical"
	case model.Sev2:
		return 4, "High"
	case model.Sev3:
		return 3, "Medium"
	}
	return 2, "Low"
}

// confidence turns a 0..1 confidence into OCSF's score and level.
func confidence(c *float64) (*int, *int) {
	if c == nil {
		return nil, nil
	}
	score := int(math.Round(*c * 100))
	level := 1 // Low
	switch {
	case *c >= 0.75:
		level = 3 // High
	case *c >= 0.4:
		level = 2 // Medium
	}
	return &score, &level
}
