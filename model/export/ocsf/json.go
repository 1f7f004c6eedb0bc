package ocsf

import (
	"strconv"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
	"github.com/signoff/signoff/model/format"
)

// AppendJSON appends the event as json.Encoder with SetEscapeHTML(false)
// writes it, newline included, without reflection: a large incident's
// events are hundreds of megabytes, and reflection was most of their
// cost. The tests hold the two byte for byte equal, every field filled.
func (e *Event) AppendJSON(b []byte) ([]byte, error) {
	b = strconv.AppendInt(append(b, `{"activity_id":`...), int64(e.ActivityID), 10)
	b = export.AppendStringField(b, "activity_name", e.ActivityName, false)
	b = appendInt(b, "category_uid", e.CategoryUID)
	b = export.AppendStringField(b, "category_name", e.CategoryName, false)
	b = appendInt(b, "class_uid", e.ClassUID)
	b = export.AppendStringField(b, "class_name", e.ClassName, false)
	b = appendInt(b, "type_uid", e.TypeUID)
	b = export.AppendStringField(b, "type_name", e.TypeName, false)
	b = strconv.AppendInt(export.AppendName(b, "time"), e.Time, 10)
	b = appendInt(b, "severity_id", e.SeverityID)
	b = export.AppendStringField(b, "severity", e.Severity, false)
	b = appendIntp(b, "status_id", e.StatusID)
	b = export.AppendStringField(b, "status", e.Status, true)
	b = export.AppendStringField(b, "status_detail", e.StatusDetail, true)
	b = export.AppendStringField(b, "message", e.Message, true)

	b = appendMetadata(export.AppendName(b, "metadata"), &e.Metadata)
	if e.FindingInfo != nil {
		b = appendFindingInfo(export.AppendName(b, "finding_info"), e.FindingInfo)
	}
	if len(e.FindingInfoList) > 0 {
		b = append(export.AppendName(b, "finding_info_list"), '[')
		for i := range e.FindingInfoList {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFindingInfo(b, &e.FindingInfoList[i])
		}
		b = append(b, ']')
	}
	b = appendIntp(b, "confidence_score", e.ConfidenceScore)
	b = appendIntp(b, "confidence_id", e.ConfidenceID)
	if e.Remediation != nil {
		b = append(format.AppendStringKeepHTML(append(export.AppendName(b, "remediation"), `{"desc":`...), e.Remediation.Desc), '}')
	}
	b = export.AppendStringField(b, "comment", e.Comment, true)
	if e.Actor != nil {
		b = append(export.AppendName(b, "actor"), '{')
		mark := len(b)
		if e.Actor.User != nil {
			b = appendUser(export.AppendName(b, "user"), e.Actor.User)
		}
		b = export.AppendStringField(b, "app_name", e.Actor.AppName, true)
		b = append(dropComma(b, mark), '}')
	}
	b = appendIntp(b, "action_id", e.ActionID)
	b = export.AppendStringField(b, "action", e.Action, true)
	b = export.AppendStringField(b, "command_uid", e.CommandUID, true)
	b = export.AppendStringField(b, "desc", e.Desc, true)
	if e.Assignee != nil {
		b = appendUser(export.AppendName(b, "assignee"), e.Assignee)
	}
	if e.AssigneeGroup != nil {
		b = append(format.AppendStringKeepHTML(append(export.AppendName(b, "assignee_group"), `{"name":`...), e.AssigneeGroup.Name), '}')
	}
	b = export.AppendStringField(b, "raw_data", e.RawData, true)
	if e.Unmapped != nil {
		var err error
		b = append(export.AppendName(b, "unmapped"), `{"signoff":`...)
		if b, err = appendSignoff(b, &e.Unmapped.Signoff); err != nil {
			return b, err
		}
		b = append(b, '}')
	}
	return append(b, '}', '\n'), nil
}

// dropComma removes the comma that starts the first field written after
// mark, for an object whose first field may be left out.
func dropComma(b []byte, mark int) []byte {
	if len(b) > mark && b[mark] == ',' {
		return append(b[:mark], b[mark+1:]...)
	}
	return b
}

func appendInt(b []byte, name string, v int) []byte {
	return strconv.AppendInt(export.AppendName(b, name), int64(v), 10)
}

// appendIntp writes a field that is a pointer with omitempty.
func appendIntp(b []byte, name string, v *int) []byte {
	if v == nil {
		return b
	}
	return appendInt(b, name, *v)
}

func appendMetadata(b []byte, m *Metadata) []byte {
	b = format.AppendStringKeepHTML(append(b, `{"product":{"name":`...), m.Product.Name)
	b = append(export.AppendStringField(b, "vendor_name", m.Product.VendorName, false), '}')
	b = export.AppendStringField(b, "version", m.Version, false)
	b = export.AppendStringField(b, "uid", m.UID, true)
	b = export.AppendStringField(b, "log_name", m.LogName, true)
	b = export.AppendStringsField(b, "profiles", m.Profiles, true)
	return append(b, '}')
}

func appendFindingInfo(b []byte, f *FindingInfo) []byte {
	b = format.AppendStringKeepHTML(append(b, `{"uid":`...), f.UID)
	b = export.AppendStringField(b, "title", f.Title, true)
	b = export.AppendStringField(b, "desc", f.Desc, true)
	if f.CreatedTime != 0 {
		b = strconv.AppendInt(export.AppendName(b, "created_time"), f.CreatedTime, 10)
	}
	b = export.AppendStringsField(b, "types", f.Types, true)
	return append(b, '}')
}

func appendUser(b []byte, u *User) []byte {
	b = format.AppendStringKeepHTML(append(b, `{"uid":`...), u.UID)
	b = export.AppendStringField(b, "name", u.Name, true)
	b = export.AppendStringField(b, "full_name", u.FullName, true)
	return append(b, '}')
}

func appendSignoff(b []byte, s *Signoff) ([]byte, error) {
	var err error
	b = format.AppendStringKeepHTML(append(b, `{"incident":`...), s.Incident)
	b = export.AppendStringField(b, "record", s.Record, false)
	b = export.AppendStringField(b, "kind", s.Kind, false)
	if a := s.Agent; a != nil {
		b = format.AppendStringKeepHTML(append(export.AppendName(b, "agent"), `{"id":`...), a.ID)
		b = export.AppendStringField(b, "name", a.Name, false)
		b = export.AppendStringField(b, "model", a.Model, true)
		b = export.AppendStringField(b, "version", a.Version, true)
		b = export.AppendStringField(b, "role", string(a.Role), false)
		b = export.AppendStringField(b, "operator", a.Operator, true)
		b = append(export.AppendStringField(b, "parent", a.Parent, true), '}')
	}
	if s.Action != nil {
		b = appendAction(export.AppendName(b, "action"), s.Action)
	}
	b = export.AppendStringField(b, "class", s.Class, true)
	b = export.AppendStringField(b, "tier", s.Tier, true)
	b = export.AppendStringField(b, "confidence_cue", s.Cue, true)
	if s.Rank != 0 {
		b = appendInt(b, "rank", s.Rank)
	}
	b = export.AppendStringsField(b, "evidence", s.Evidence, true)
	b = export.AppendStringField(b, "expires_at", s.ExpiresAt, true)

	b = export.AppendStringField(b, "suggestion", s.Suggestion, true)
	b = export.AppendStringField(b, "outcome", s.Outcome, true)
	if len(s.Approvals) > 0 {
		b = append(export.AppendName(b, "approvals"), '[')
		for i := range s.Approvals {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendApproval(b, &s.Approvals[i]); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	}
	b = export.AppendStringsField(b, "evidence_reviewed", s.EvidenceReviewed, true)
	if len(s.AlternativesRejected) > 0 {
		b = append(export.AppendName(b, "alternatives_rejected"), '[')
		for i := range s.AlternativesRejected {
			if i > 0 {
				b = append(b, ',')
			}
			r := &s.AlternativesRejected[i]
			b = appendAction(append(b, `{"action":`...), &r.Action)
			b = append(export.AppendStringField(b, "reason", r.Reason, false), '}')
		}
		b = append(b, ']')
	}
	if len(s.Alternatives) > 0 {
		b = append(export.AppendName(b, "alternatives"), '[')
		for i := range s.Alternatives {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendAction(b, &s.Alternatives[i])
		}
		b = append(b, ']')
	}

	b = export.AppendStringField(b, "decision", s.Decision, true)
	if s.Automated != nil {
		b = strconv.AppendBool(export.AppendName(b, "automated"), *s.Automated)
	}
	b = export.AppendStringField(b, "result", s.Result, true)

	if r := s.Review; r != nil {
		b = format.AppendStringKeepHTML(append(export.AppendName(b, "review"), `{"subject":`...), r.Subject)
		b = export.AppendStringField(b, "reviewer", r.Reviewer, false)
		if b, err = appendTime(export.AppendName(b, "at"), r.At); err != nil {
			return b, err
		}
		b = export.AppendStringField(b, "verdict", string(r.Verdict), false)
		b = export.AppendStringField(b, "outcome_changed", string(r.OutcomeChanged), false)
		b = export.AppendStringField(b, "ai_correct", string(r.AICorrect), false)
		b = export.AppendStringField(b, "note", r.Note, true)
		b = append(appendProof(b, r.SessionKey, r.Signature), '}')
	}
	b = export.AppendStringField(b, "status", s.Status, true)
	b = export.AppendStringField(b, "previous_status", s.PreviousStatus, true)
	if c := s.StatusChange; c != nil {
		b = format.AppendStringKeepHTML(append(export.AppendName(b, "status_change"), `{"id":`...), c.ID)
		b = export.AppendStringField(b, "status", string(c.Status), false)
		b = export.AppendStringField(b, "by", c.By, false)
		if b, err = appendTime(export.AppendName(b, "at"), c.At); err != nil {
			return b, err
		}
		b = export.AppendStringField(b, "rationale", c.Rationale, false)
		b = append(appendProof(b, c.SessionKey, c.Signature), '}')
	}
	b = export.AppendStringField(b, "signature_check", string(s.SignatureCheck), true)

	if len(s.Findings) > 0 {
		b = append(export.AppendName(b, "findings"), '[')
		for i, f := range s.Findings {
			if i > 0 {
				b = append(b, ',')
			}
			b = export.AppendFinding(b, export.Finding(f))
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func appendAction(b []byte, a *model.Action) []byte {
	b = format.AppendStringKeepHTML(append(b, `{"type":`...), a.Type)
	b = export.AppendStringField(b, "target", a.Target, true)
	b = export.AppendStringField(b, "detail", a.Detail, true)
	return append(b, '}')
}

func appendApproval(b []byte, a *model.Approval) ([]byte, error) {
	b = format.AppendStringKeepHTML(append(b, `{"by":`...), a.By)
	b, err := appendTime(export.AppendName(b, "at"), a.At)
	if err != nil {
		return b, err
	}
	return append(appendProof(b, a.SessionKey, a.Signature), '}'), nil
}

// appendProof writes the session_key and signature fields a signed
// record carries.
func appendProof(b []byte, sessionKey string, sig *model.Signature) []byte {
	b = export.AppendStringField(b, "session_key", sessionKey, true)
	if sig != nil {
		b = format.AppendStringKeepHTML(append(export.AppendName(b, "signature"), `{"key":`...), sig.Key)
		b = export.AppendStringField(b, "statement", sig.Statement, false)
		b = append(export.AppendStringField(b, "sshsig", sig.SSHSig, false), '}')
	}
	return b
}

// appendTime writes a time as its MarshalJSON does (RFC 3339 with
// nanoseconds, in its own zone), refusing the same years and zones.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	b = append(b, '"')
	b, err := t.AppendText(b)
	if err != nil {
		return b, err
	}
	return append(b, '"'), nil
}
