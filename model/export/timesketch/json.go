package timesketch

import (
	"strconv"

	"github.com/signoff/signoff/model/export"
	"github.com/signoff/signoff/model/format"
)

// AppendJSON appends the line as json.Encoder with SetEscapeHTML(false)
// writes it, newline included, without reflection: a large incident's
// timeline is hundreds of megabytes, and reflection was most of its cost.
// The tests hold the two byte for byte equal, every field filled.
func (l *Line) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"message":`...)
	b = format.AppendStringKeepHTML(b, l.Message)
	b = export.AppendStringField(b, "datetime", l.Datetime, false)
	b = strconv.AppendInt(export.AppendName(b, "timestamp"), l.Timestamp, 10)
	b = export.AppendStringField(b, "timestamp_desc", l.TimestampDesc, false)
	b = export.AppendStringsField(b, "tag", l.Tag, false)
	b = export.AppendStringField(b, "data_type", l.DataType, false)
	b = export.AppendStringField(b, "incident", l.Incident, false)
	b = export.AppendStringField(b, "record_id", l.RecordID, true)

	b = export.AppendStringField(b, "kind", l.Kind, true)
	b = export.AppendStringField(b, "source", l.Source, true)
	b = export.AppendStringField(b, "actor", l.Actor, true)
	b = export.AppendStringField(b, "agent", l.Agent, true)
	b = export.AppendStringField(b, "owner", l.Owner, true)
	b = export.AppendStringField(b, "summary", l.Summary, true)
	b = export.AppendStringField(b, "detail", l.Detail, true)
	b = export.AppendStringField(b, "action_type", l.ActionType, true)
	b = export.AppendStringField(b, "action_target", l.ActionTarget, true)
	b = export.AppendStringField(b, "action_detail", l.ActionDetail, true)
	b = export.AppendStringField(b, "action_class", l.ActionClass, true)
	b = export.AppendStringField(b, "tier", l.Tier, true)
	if l.Confidence != nil {
		var err error
		b = export.AppendName(b, "confidence")
		if b, err = format.AppendFloat(b, *l.Confidence); err != nil {
			return b, err
		}
	}
	b = export.AppendStringField(b, "confidence_cue", l.ConfidenceCue, true)
	if l.Rank != 0 {
		b = strconv.AppendInt(export.AppendName(b, "rank"), int64(l.Rank), 10)
	}
	b = export.AppendStringField(b, "rationale", l.Rationale, true)
	b = export.AppendStringsField(b, "alternatives", l.Alternatives, true)
	b = export.AppendStringField(b, "raw_output", l.RawOutput, true)
	b = export.AppendStringField(b, "expires_at", l.ExpiresAt, true)
	b = export.AppendStringsField(b, "evidence", l.Evidence, true)

	b = export.AppendStringField(b, "suggestion", l.Suggestion, true)
	b = export.AppendStringField(b, "outcome", l.Outcome, true)
	b = export.AppendStringsField(b, "approvals", l.Approvals, true)
	b = export.AppendStringsField(b, "evidence_reviewed", l.EvidenceReviewed, true)
	b = export.AppendStringsField(b, "alternatives_rejected", l.AlternativesRejected, true)
	b = export.AppendStringField(b, "decision", l.Decision, true)
	if l.Automated != nil {
		b = strconv.AppendBool(export.AppendName(b, "automated"), *l.Automated)
	}
	b = export.AppendStringField(b, "result", l.Result, true)

	b = export.AppendStringField(b, "evidence_kind", l.EvidenceKind, true)
	b = export.AppendStringField(b, "asset", l.Asset, true)
	b = export.AppendStringField(b, "collected_by", l.CollectedBy, true)
	b = export.AppendStringField(b, "sha256", l.SHA256, true)
	b = export.AppendStringField(b, "uri", l.URI, true)

	b = export.AppendStringField(b, "subject", l.Subject, true)
	b = export.AppendStringField(b, "reviewer", l.Reviewer, true)
	b = export.AppendStringField(b, "verdict", l.Verdict, true)
	b = export.AppendStringField(b, "outcome_changed", l.OutcomeChanged, true)
	b = export.AppendStringField(b, "ai_correct", l.AICorrect, true)
	b = export.AppendStringField(b, "note", l.Note, true)

	b = export.AppendStringField(b, "status", l.Status, true)
	b = export.AppendStringField(b, "previous_status", l.PreviousStatus, true)
	if l.Signed != nil {
		b = strconv.AppendBool(export.AppendName(b, "signed"), *l.Signed)
	}
	b = export.AppendStringField(b, "signature_check", l.SignatureCheck, true)
	b = export.AppendStringField(b, "session_key", l.SessionKey, true)
	if len(l.Findings) > 0 {
		b = append(b, `,"findings":[`...)
		for i, f := range l.Findings {
			if i > 0 {
				b = append(b, ',')
			}
			b = export.AppendFinding(b, f)
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n'), nil
}
