// Package timesketch maps signoff's record to the JSONL Timesketch
// imports: every line has message, datetime (ISO 8601) and
// timestamp_desc, the record's fields as attributes, and tags
// (Timesketch's "tag" list) that carry signoff's accountability onto a
// DFIR team's own timeline. Format: Timesketch's "Create timeline from
// JSONL or CSV file" guide (docs/guides/user/import-from-json-csv.md in
// google/timesketch).
package timesketch

import (
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
)

// What each line's timestamp means (timestamp_desc).
const (
	DescSuggestion = "AI suggestion"
	DescDecision   = "Human decision"
	DescExecution  = "Execution"
	DescEvidence   = "Evidence collected"
	DescReview     = "Review verdict"
	DescStatus     = "Status change"
	// The events signoff keeps beside the accountable steps.
	DescAlert     = "Alert raised"
	DescTelemetry = "Telemetry"
	DescNote      = "Note"
	DescComms     = "Communication"
)

// Line is one Timesketch event. Attributes are flat, so each is a column
// in Timesketch; empty ones are left out.
type Line struct {
	Message       string   `json:"message"`
	Datetime      string   `json:"datetime"`
	Timestamp     int64    `json:"timestamp"` // microseconds since the epoch
	TimestampDesc string   `json:"timestamp_desc"`
	Tag           []string `json:"tag"`
	DataType      string   `json:"data_type"`
	Incident      string   `json:"incident"`
	RecordID      string   `json:"record_id,omitempty"`

	Kind          string   `json:"kind,omitempty"`
	Source        string   `json:"source,omitempty"`
	Actor         string   `json:"actor,omitempty"`
	Agent         string   `json:"agent,omitempty"`
	Owner         string   `json:"owner,omitempty"`
	Summary       string   `json:"summary,omitempty"`
	Detail        string   `json:"detail,omitempty"`
	ActionType    string   `json:"action_type,omitempty"`
	ActionTarget  string   `json:"action_target,omitempty"`
	ActionDetail  string   `json:"action_detail,omitempty"`
	ActionClass   string   `json:"action_class,omitempty"`
	Tier          string   `json:"tier,omitempty"`
	Confidence    *float64 `json:"confidence,omitempty"`
	ConfidenceCue string   `json:"confidence_cue,omitempty"`
	Rank          int      `json:"rank,omitempty"`
	Rationale     string   `json:"rationale,omitempty"`
	Alternatives  []string `json:"alternatives,omitempty"`
	RawOutput     string   `json:"raw_output,omitempty"`
	ExpiresAt     string   `json:"expires_at,omitempty"`
	Evidence      []string `json:"evidence,omitempty"`

	Suggestion           string   `json:"suggestion,omitempty"`
	Outcome              string   `json:"outcome,omitempty"`
	Approvals            []string `json:"approvals,omitempty"`
	EvidenceReviewed     []string `json:"evidence_reviewed,omitempty"`
	AlternativesRejected []string `json:"alternatives_rejected,omitempty"`
	Decision             string   `json:"decision,omitempty"`
	Automated            *bool    `json:"automated,omitempty"`
	Result               string   `json:"result,omitempty"`

	EvidenceKind string `json:"evidence_kind,omitempty"`
	Asset        string `json:"asset,omitempty"`
	CollectedBy  string `json:"collected_by,omitempty"`
	SHA256       string `json:"sha256,omitempty"`
	URI          string `json:"uri,omitempty"`

	Subject        string `json:"subject,omitempty"`
	Reviewer       string `json:"reviewer,omitempty"`
	Verdict        string `json:"verdict,omitempty"`
	OutcomeChanged string `json:"outcome_changed,omitempty"`
	AICorrect      string `json:"ai_correct,omitempty"`
	Note           string `json:"note,omitempty"`

	Status         string           `json:"status,omitempty"`
	PreviousStatus string           `json:"previous_status,omitempty"`
	Signed         *bool            `json:"signed,omitempty"`
	SignatureCheck string           `json:"signature_check,omitempty"`
	SessionKey     string           `json:"session_key,omitempty"`
	Findings       []export.Finding `json:"findings,omitempty"`
}

// base starts a line at moment at.
func base(incident string, at time.Time, desc, dataType string) Line {
	at = at.UTC()
	return Line{Datetime: at.Format("2006-01-02T15:04:05.000000-07:00"), Timestamp: at.UnixMicro(),
		TimestampDesc: desc, Tag: []string{"signoff"}, DataType: "signoff:" + dataType, Incident: incident}
}

// Status is the line for the incident opening (or, with closed, closing).
func Status(inc model.Incident, closed bool) Line {
	at, what := inc.OpenedAt, "opened"
	if closed && inc.ClosedAt != nil {
		at, what = *inc.ClosedAt, string(inc.Status)
	}
	l := base(inc.ID, at, DescStatus, "status")
	l.Message = fmt.Sprintf("Incident %s %s: %s", inc.ID, what, inc.Title)
	l.Status, l.Summary = what, inc.Summary
	l.Owner = inc.Commander
	l.Tag = append(l.Tag, "status:"+what)
	return l
}

// Record is the line for one record of the incident.
func Record(incident string, rec model.TimelineRecord, c export.Context) Line {
	var l Line
	switch {
	case rec.Event != nil:
		l = event(incident, rec.Event, c)
	case rec.Evidence != nil:
		l = evidence(incident, rec.Evidence)
	case rec.Review != nil:
		l = review(incident, rec.Review)
	case rec.Status != nil:
		l = statusChange(incident, rec.Status, c.Previous, c.Signature)
	}
	for _, f := range c.Findings {
		l.Tag = append(l.Tag, "finding:"+f.Code)
	}
	l.Findings = c.Findings
	return l
}

func event(incident string, e *model.Event, c export.Context) Line {
	l := base(incident, e.At, descOf(e.Kind), string(e.Kind))
	l.RecordID, l.Kind = e.ID, string(e.Kind)
	l.Source, l.Actor, l.Agent, l.Owner = e.Source, e.Actor, e.Agent, e.Owner
	l.Summary, l.Detail, l.Evidence = e.Summary, e.Detail, e.Evidence
	if a := e.Action; a != nil {
		l.ActionType, l.ActionTarget, l.ActionDetail = a.Type, a.Target, a.Detail
	}
	l.ActionClass, l.Tier = string(c.Class), string(c.Tier)
	if c.Tier != "" {
		l.Tag = append(l.Tag, "tier:"+string(c.Tier))
	}
	switch e.Kind {
	case model.KindSuggestion:
		l.Confidence, l.ConfidenceCue, l.Rank, l.Rationale, l.RawOutput = e.Confidence, e.ConfidenceCue, e.Rank, e.Rationale, e.RawOutput
		for i := range e.Alternatives {
			l.Alternatives = append(l.Alternatives, export.Describe(&e.Alternatives[i]))
		}
		if e.ExpiresAt != nil {
			l.ExpiresAt = e.ExpiresAt.UTC().Format(time.RFC3339Nano)
		}
		l.Message = fmt.Sprintf("AI suggestion %s by %s: %s%s", e.ID, e.Agent, export.Describe(e.Action), confidence(e.Confidence))
		l.Tag = append(l.Tag, "ai-suggestion")
		if c.Pending {
			l.Tag = append(l.Tag, "pending")
		}
	case model.KindDecision:
		l.Suggestion, l.Outcome, l.Rationale = e.Suggestion, string(e.Outcome), e.Rationale
		l.EvidenceReviewed = e.EvidenceReviewed
		for _, ap := range e.Approvals {
			l.Approvals = append(l.Approvals, ap.By+" at "+ap.At.UTC().Format(time.RFC3339))
		}
		for _, alt := range e.AlternativesRejected {
			l.AlternativesRejected = append(l.AlternativesRejected, export.Describe(&alt.Action)+": "+alt.Reason)
		}
		what := export.Describe(e.Action)
		if e.Suggestion != "" {
			what = strings.TrimSpace(what + " (on " + e.Suggestion + ")")
		}
		l.Message = fmt.Sprintf("Decision %s by %s: %s %s", e.ID, e.Owner, e.Outcome, what)
		l.Tag = append(l.Tag, "decision:"+string(e.Outcome))
	case model.KindExecution:
		l.Suggestion, l.Decision, l.Result = e.Suggestion, e.Decision, string(e.Result)
		automated := e.Automated
		l.Automated = &automated
		how := "by hand"
		if automated {
			how = "automated"
		}
		of := e.Decision
		if of == "" {
			of = e.Suggestion
		}
		l.Message = fmt.Sprintf("Execution %s of %s by %s (%s): %s", e.ID, of, e.Actor, how, e.Result)
		l.Tag = append(l.Tag, "execution:"+string(e.Result))
	default:
		who := e.Source
		if who == "" {
			who = e.Actor
		}
		l.Message = fmt.Sprintf("%s %s from %s: %s", strings.ToUpper(string(e.Kind[:1]))+string(e.Kind[1:]), e.ID, who, e.Summary)
		l.Tag = append(l.Tag, string(e.Kind))
	}
	if c.Verdict != "" {
		l.Verdict = string(c.Verdict)
		l.Tag = append(l.Tag, "verdict:"+string(c.Verdict))
	}
	return l
}

func evidence(incident string, ev *model.Evidence) Line {
	l := base(incident, ev.CollectedAt, DescEvidence, "evidence")
	l.RecordID, l.Kind = ev.ID, "evidence"
	l.EvidenceKind, l.Asset, l.CollectedBy, l.SHA256, l.URI, l.Summary = ev.Kind, ev.Asset, ev.CollectedBy, ev.SHA256, ev.URI, ev.Summary
	about := ""
	if ev.Asset != "" {
		about = " for " + ev.Asset
	}
	l.Message = fmt.Sprintf("Evidence %s (%s)%s collected by %s: %s", ev.ID, ev.Kind, about, ev.CollectedBy, ev.Summary)
	l.Tag = append(l.Tag, "evidence")
	return l
}

func review(incident string, r *model.Review) Line {
	l := base(incident, r.At, DescReview, "review")
	l.Kind, l.Subject, l.Reviewer, l.Verdict = "review", r.Subject, r.Reviewer, string(r.Verdict)
	l.OutcomeChanged, l.AICorrect, l.Note = string(r.OutcomeChanged), string(r.AICorrect), r.Note
	l.Message = fmt.Sprintf("Review of %s by %s: %s (outcome changed: %s, AI correct: %s)", r.Subject, r.Reviewer, r.Verdict, r.OutcomeChanged, r.AICorrect)
	l.Tag = append(l.Tag, "verdict:"+string(r.Verdict))
	return l
}

// statusChange is the line for a recorded change of the incident's
// status, from the status in force before it, its signature judged as
// check: signed (and tagged so) only when it is verified.
func statusChange(incident string, c *model.StatusChange, from model.Status, check model.SignatureCheck) Line {
	l := base(incident, c.At, DescStatus, "status")
	l.RecordID, l.Kind = c.ID, "status"
	l.Actor, l.Rationale, l.SessionKey = c.By, c.Rationale, c.SessionKey
	l.Status, l.PreviousStatus = string(c.Status), string(from)
	check, how := export.SignatureWords(c.Signature, check)
	signed := check == model.SignatureVerified
	l.Signed, l.SignatureCheck = &signed, string(check)
	l.Message = fmt.Sprintf("Status change %s by %s: %s → %s%s", c.ID, c.By, from, c.Status, how)
	l.Tag = append(l.Tag, "status:"+string(c.Status))
	if signed {
		l.Tag = append(l.Tag, "signed")
	}
	return l
}

func descOf(k model.EventKind) string {
	switch k {
	case model.KindSuggestion:
		return DescSuggestion
	case model.KindDecision:
		return DescDecision
	case model.KindExecution:
		return DescExecution
	case model.KindAlert:
		return DescAlert
	case model.KindTelemetry:
		return DescTelemetry
	case model.KindComms:
		return DescComms
	}
	return DescNote
}

func confidence(c *float64) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf(" (confidence %.2f)", *c)
}
