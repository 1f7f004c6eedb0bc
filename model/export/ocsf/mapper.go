package ocsf

import (
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
)

// Mapper maps the records of one incident.
type Mapper struct {
	// Incident is the incident as recorded, with the status it was
	// imported with: its status changes come as records.
	Incident model.Incident
	Roster   model.RosterIndex
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func (m Mapper) ref(id string) string { return m.Incident.ID + "/" + id }

// header fills the fields every event has.
func (m Mapper) header(class, activity int, activityName string, at time.Time, uid string, profiles ...string) Event {
	e := Event{ActivityID: activity, ActivityName: activityName, ClassUID: class, TypeUID: class*100 + activity,
		Time: ms(at), Metadata: Metadata{Product: Product{Name: "signoff", VendorName: "signoff"}, Version: Version,
			UID: uid, LogName: "signoff record", Profiles: profiles}}
	switch class {
	case ClassDetectionFinding:
		e.CategoryUID, e.CategoryName, e.ClassName = CategoryFindings, "Findings", "Detection Finding"
	case ClassIncidentFinding:
		e.CategoryUID, e.CategoryName, e.ClassName = CategoryFindings, "Findings", "Incident Finding"
	case ClassRemediationActivity:
		e.CategoryUID, e.CategoryName, e.ClassName = CategoryRemediation, "Remediation", "Remediation Activity"
	}
	e.TypeName = e.ClassName + ": " + activityName
	return e
}

func (m Mapper) unmapped(kind, id string) *Unmapped {
	return &Unmapped{Signoff{Incident: m.Incident.ID, Record: id, Kind: kind}}
}

// IncidentFinding is the incident's Incident Finding: created when it
// opened, or (closing) closed when its record says it was resolved or
// closed (closed_at).
func (m Mapper) IncidentFinding(closing bool) Event {
	inc := m.Incident
	at, activity, name := inc.OpenedAt, ActivityCreate, "Create"
	if closing && inc.ClosedAt != nil {
		at, activity, name = *inc.ClosedAt, ActivityClose, "Close"
	}
	e := m.incidentEvent(activity, name, at, m.ref("incident"), "incident")
	id, status := incidentStatus(inc.Status)
	if !closing {
		id, status = 1, "New"
	}
	e.StatusID, e.Status = intp(id), status
	e.Message = fmt.Sprintf("Incident %s: %s", inc.ID, inc.Title)
	e.Unmapped = m.unmapped("incident", inc.ID)
	e.Unmapped.Signoff.Status = string(inc.Status)
	return e
}

// incidentEvent fills what every event of the Incident Finding carries.
func (m Mapper) incidentEvent(activity int, name string, at time.Time, uid string, profiles ...string) Event {
	inc := m.Incident
	e := m.header(ClassIncidentFinding, activity, name, at, uid, profiles...)
	e.SeverityID, e.Severity = severityOfIncident(inc.Severity)
	e.Desc = inc.Summary
	e.FindingInfoList = []FindingInfo{{UID: inc.ID, Title: inc.Title, Desc: inc.Summary, CreatedTime: ms(inc.OpenedAt), Types: []string{"Incident"}}}
	if inc.Commander != "" {
		e.Assignee = m.user(inc.Commander)
	} else {
		e.AssigneeGroup = &Group{Name: "responders of incident " + inc.ID}
	}
	return e
}

// statusChange updates the Incident Finding with a recorded change of the
// incident's status, from the one in force before it: the new status, the
// person who made it as the actor (host profile), the rationale as the
// comment, and status_detail "Reopened" when it brings a resolved or
// closed incident back. The assignee stays the commander; the message
// says "signed" only of a signature check found verified.
func (m Mapper) statusChange(c *model.StatusChange, from model.Status, check model.SignatureCheck) Event {
	e := m.incidentEvent(ActivityUpdate, "Update", c.At, m.ref("status:"+c.ID), "incident", "host")
	id, status := incidentStatus(c.Status)
	e.StatusID, e.Status = intp(id), status
	if from.Closes() && c.Status.Live() {
		// OCSF has no status for it: reopened reads New, as an incident
		// nobody has picked up yet does, unless the detail says so.
		e.StatusDetail = "Reopened"
	}
	e.Comment = c.Rationale
	e.Actor = m.actor(c.By)
	check, how := export.SignatureWords(c.Signature, check)
	e.Message = fmt.Sprintf("Status change %s by %s: %s → %s%s", c.ID, c.By, from, c.Status, how)
	u := m.unmapped("status", c.ID)
	u.Signoff.Status, u.Signoff.PreviousStatus, u.Signoff.SignatureCheck = string(c.Status), string(from), check
	sc := *c
	u.Signoff.StatusChange = &sc
	e.Unmapped = u
	return e
}

func incidentStatus(s model.Status) (int, string) {
	switch s {
	case model.StatusContained:
		return 2, "In Progress"
	case model.StatusResolved:
		return 4, "Resolved"
	case model.StatusClosed:
		return 5, "Closed"
	}
	return 1, "New"
}

// Record maps one record; ok is false for records the OCSF export leaves
// out (see the package comment).
func (m Mapper) Record(rec model.TimelineRecord, c export.Context) (Event, bool) {
	var e Event
	switch {
	case rec.Event != nil && rec.Event.Kind == model.KindSuggestion:
		e = m.suggestion(rec.Event, c)
	case rec.Event != nil && rec.Event.Kind == model.KindDecision:
		e = m.decision(rec.Event, c)
	case rec.Event != nil && rec.Event.Kind == model.KindExecution:
		var a *model.Action
		if st := rec.Step; st != nil {
			a = st.ActionOf(st.DecisionOf(rec.Event))
		}
		e = m.execution(rec.Event, a, c)
	case rec.Review != nil:
		e = m.review(rec.Review)
	case rec.Status != nil:
		e = m.statusChange(rec.Status, c.Previous, c.Signature)
	default:
		return Event{}, false
	}
	for _, f := range c.Findings {
		e.Unmapped.Signoff.Findings = append(e.Unmapped.Signoff.Findings, Finding(f))
	}
	return e, true
}

func (m Mapper) suggestion(s *model.Event, c export.Context) Event {
	e := m.header(ClassDetectionFinding, ActivityCreate, "Create", s.At, m.ref(s.ID))
	e.SeverityID, e.Severity = severityOfTier(c.Tier)
	e.StatusID, e.Status = intp(1), "New"
	e.ConfidenceScore, e.ConfidenceID = confidence(s.Confidence)
	e.FindingInfo = &FindingInfo{UID: m.ref(s.ID), Title: "AI suggestion: " + export.Describe(s.Action), Desc: s.Rationale,
		CreatedTime: ms(s.At), Types: []string{"AI suggestion"}}
	e.Remediation = remediation(s.Action)
	e.Message = fmt.Sprintf("AI suggestion %s by agent %s: %s", s.ID, s.Agent, export.Describe(s.Action))
	e.RawData = s.RawOutput
	u := m.unmapped("suggestion", s.ID)
	if a, ok := m.Roster.Agents[s.Agent]; ok {
		u.Signoff.Agent = &a
	} else {
		u.Signoff.Agent = &model.Agent{ID: s.Agent}
	}
	u.Signoff.Action, u.Signoff.Class, u.Signoff.Tier = s.Action, string(c.Class), string(c.Tier)
	u.Signoff.Cue, u.Signoff.Rank, u.Signoff.Evidence, u.Signoff.Alternatives = s.ConfidenceCue, s.Rank, s.Evidence, s.Alternatives
	if s.ExpiresAt != nil {
		u.Signoff.ExpiresAt = s.ExpiresAt.UTC().Format(time.RFC3339Nano)
	}
	e.Unmapped = u
	return e
}

// decision updates the suggestion's finding, or creates one for a
// decision a person made without a suggestion.
func (m Mapper) decision(d *model.Event, c export.Context) Event {
	uid, activity, name := m.ref(d.Suggestion), ActivityUpdate, "Update"
	if d.Suggestion == "" {
		uid, activity, name = m.ref(d.ID), ActivityCreate, "Create"
	}
	e := m.header(ClassDetectionFinding, activity, name, d.At, m.ref(d.ID), "host", "security_control")
	e.SeverityID, e.Severity = severityOfTier(c.Tier)
	id, status := decisionStatus(d.Outcome)
	e.StatusID, e.Status = intp(id), status
	aid, action := decisionAction(d.Outcome)
	e.ActionID, e.Action = intp(aid), action
	e.Comment = d.Rationale
	e.Actor = &Actor{User: m.user(d.Owner)}
	e.FindingInfo = &FindingInfo{UID: uid}
	if d.Suggestion == "" {
		e.FindingInfo.Title, e.FindingInfo.CreatedTime, e.FindingInfo.Types = "Human decision: "+export.Describe(d.Action), ms(d.At), []string{"Human decision"}
	}
	e.Remediation = remediation(d.Action)
	e.Message = fmt.Sprintf("Decision %s by %s: %s %s", d.ID, d.Owner, d.Outcome, export.Describe(d.Action))
	u := m.unmapped("decision", d.ID)
	u.Signoff.Suggestion, u.Signoff.Outcome, u.Signoff.Action = d.Suggestion, string(d.Outcome), d.Action
	u.Signoff.Class, u.Signoff.Tier = string(c.Class), string(c.Tier)
	u.Signoff.Approvals, u.Signoff.EvidenceReviewed, u.Signoff.AlternativesRejected = d.Approvals, d.EvidenceReviewed, d.AlternativesRejected
	e.Unmapped = u
	return e
}

func decisionStatus(o model.Outcome) (int, string) {
	switch o {
	case model.OutcomeApproved, model.OutcomeModified:
		return 2, "In Progress"
	case model.OutcomeRejected:
		return 3, "Suppressed"
	}
	return 99, "Deferred"
}

// decisionAction is the decision as the control's action
// (security_control profile: Allowed, Denied, Modified).
func decisionAction(o model.Outcome) (int, string) {
	switch o {
	case model.OutcomeApproved:
		return 1, "Allowed"
	case model.OutcomeModified:
		return 4, "Modified"
	case model.OutcomeRejected:
		return 2, "Denied"
	}
	return 99, "Deferred"
}

func (m Mapper) review(r *model.Review) Event {
	e := m.header(ClassDetectionFinding, ActivityUpdate, "Update", r.At, m.ref("review:"+r.Subject+"@"+r.At.UTC().Format(time.RFC3339Nano)), "host")
	e.SeverityID, e.Severity = 1, "Informational"
	e.FindingInfo = &FindingInfo{UID: m.ref(r.Subject)}
	e.Comment = r.Note
	e.Actor = &Actor{User: m.user(r.Reviewer)}
	e.Message = fmt.Sprintf("Review of %s by %s: %s", r.Subject, r.Reviewer, r.Verdict)
	u := m.unmapped("review", r.Subject)
	rv := *r
	u.Signoff.Review = &rv
	e.Unmapped = u
	return e
}

func (m Mapper) execution(x *model.Event, action *model.Action, c export.Context) Event {
	a := tactic(action, c.Class)
	e := m.header(ClassRemediationActivity, a, remediationActivities[a], x.At, m.ref(x.ID), "host")
	e.SeverityID, e.Severity = severityOfTier(c.Tier)
	id, status := executionStatus(x.Result)
	e.StatusID, e.Status = intp(id), status
	e.CommandUID = m.ref(x.ID)
	e.Actor = m.actor(x.Actor)
	of := x.Decision
	if of == "" {
		of = x.Suggestion
	}
	e.Message = fmt.Sprintf("Execution %s of %s by %s: %s", x.ID, of, x.Actor, x.Result)
	e.Remediation = remediation(action)
	u := m.unmapped("execution", x.ID)
	u.Signoff.Action = action
	automated := x.Automated
	u.Signoff.Decision, u.Signoff.Suggestion, u.Signoff.Automated, u.Signoff.Result = x.Decision, x.Suggestion, &automated, string(x.Result)
	u.Signoff.Class, u.Signoff.Tier = string(c.Class), string(c.Tier)
	e.Unmapped = u
	return e
}

func executionStatus(r model.ExecResult) (int, string) {
	switch r {
	case "succeeded":
		return 1, "Success"
	case "failed":
		return 2, "Failure"
	case "partial":
		return 4, "Partial"
	}
	return 0, "Unknown"
}

// Remediation Activity's activities (MITRE D3FEND tactics).
var remediationActivities = map[int]string{1: "Isolate", 2: "Evict", 3: "Restore", 4: "Harden", 5: "Detect", 99: "Other"}

// evicting lists the default policy's containment actions that remove an
// adversary's access (D3FEND Evict) rather than wall it off (Isolate).
var evicting = map[string]bool{"disable_account": true, "revoke_token": true, "revoke_key": true, "rotate_secret": true,
	"reset_session": true, "kill_process": true, "quarantine_file": true, "delete_resource": true, "wipe_host": true}

// tactic picks the D3FEND tactic of an execution: containment isolates
// (or evicts, for the actions above), a read detects, anything else is
// Other.
func tactic(a *model.Action, class model.ActionClass) int {
	switch {
	case class == model.ClassContainment && a != nil && evicting[a.Type]:
		return 2
	case class == model.ClassContainment:
		return 1
	case class == model.ClassRead:
		return 5
	}
	return 99
}

func remediation(a *model.Action) *Remediation {
	if a == nil {
		return nil
	}
	desc := a.Detail
	if desc == "" {
		desc = export.Describe(a)
	}
	return &Remediation{Desc: desc}
}

func (m Mapper) user(id string) *User {
	u := &User{UID: id, Name: id}
	if p, ok := m.Roster.People[id]; ok {
		u.FullName = p.Name
	}
	return u
}

// actor is a person as a user; an agent or an automation by its name.
func (m Mapper) actor(id string) *Actor {
	if _, ok := m.Roster.People[id]; ok {
		return &Actor{User: m.user(id)}
	}
	return &Actor{AppName: id}
}
