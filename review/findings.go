package review

import (
	"sort"
	"time"

	"github.com/signoff/signoff/model"
)

// Finding codes (SPEC.md "Findings"). They are stable: scripts match on them.
const (
	CodeNoOwner                = "no-owner"
	CodeMissingApproval        = "missing-approval"
	CodeInsufficientAuthority  = "insufficient-authority"
	CodeAIApprover             = "ai-approver"
	CodeApprovalAfterExecution = "approval-after-execution"
	CodeEvidenceAfterAction    = "evidence-after-action"
	CodeAutoPrivileged         = "auto-privileged"
	CodeNoRationale            = "no-rationale"
	CodeUndocumentedAI         = "undocumented-ai"
	CodeSelfReview             = "self-review"
	// signoff's own additions to SPEC's codes (docs/findings.md).
	CodeVerdictContradictsRecord = "verdict-contradicts-record"
	CodeUnsignedDecision         = "unsigned-decision"
	CodeSignatureMismatch        = "signature-mismatch"

	// The lifecycle's codes (rules_lifecycle.go), which docs/findings.md
	// documents.
	CodeClosedWithPending = "closed-with-pending"
	CodeActionAfterClose  = "action-after-close"
	CodeStatusAuthority   = "status-authority"
)

// Finding levels: an error makes `findings` exit 1.
const (
	LevelError   = "error"
	LevelWarning = "warning"
)

// Codes lists every finding code in SPEC.md order, then signoff's own,
// which is also the order of findings about the same subject.
var Codes = []string{
	CodeNoOwner, CodeMissingApproval, CodeInsufficientAuthority, CodeAIApprover,
	CodeApprovalAfterExecution, CodeEvidenceAfterAction, CodeAutoPrivileged,
	CodeNoRationale, CodeUndocumentedAI, CodeSelfReview, CodeVerdictContradictsRecord,
	CodeUnsignedDecision, CodeSignatureMismatch,
	CodeClosedWithPending, CodeActionAfterClose, CodeStatusAuthority,
}

// Level returns the level of a finding code.
func Level(code string) string {
	switch code {
	case CodeNoRationale, CodeUndocumentedAI, CodeSelfReview, CodeVerdictContradictsRecord, CodeUnsignedDecision, CodeActionAfterClose:
		return LevelWarning
	}
	return LevelError
}

// Finding is one policy finding about one event of an incident.
type Finding struct {
	Code    string `json:"code"`
	Level   string `json:"level"`
	Subject string `json:"subject"`
	Message string `json:"message"`
	// brief is the message as the Markdown report words it, a time on the
	// day the incident opened as a time of day ("" when the report has
	// none to give: Message).
	brief string
}

// words is the message as the Markdown report gives it.
func (f *Finding) words() string {
	if f.brief != "" {
		return f.brief
	}
	return f.Message
}

// withBrief gives each finding of full, every time in full, the message
// of the same finding in brief, the same rules run again naming times as
// the report does. Both come in one order; should they not, the report
// keeps the full messages.
func withBrief(full, brief []Finding) []Finding {
	if len(full) != len(brief) {
		return full
	}
	for i := range full {
		if full[i].Code == brief[i].Code && full[i].Subject == brief[i].Subject {
			full[i].brief = brief[i].Message
		}
	}
	return full
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Level == LevelError {
			return true
		}
	}
	return false
}

// Findings checks every step of the document, in step (time) order, then
// its status changes, in the order they were recorded. Its messages, as
// StepFindings', IndexedStepFindings', StepChecker's and the JSON
// report's, give every time with its date and zone; the Markdown report
// words them as it words times (Finding.brief, docs/findings.md).
func Findings(doc model.Document, p *Policy) []Finding {
	idx := model.Roster{People: doc.People, Agents: doc.Agents, Assets: doc.Assets}.Index()
	out := []Finding{}
	for _, s := range Steps(doc) {
		out = append(out, stepFindings(&s, idx, p, moments{})...)
	}
	return append(out, statusFindings(&doc.Incident, doc.StatusChanges, idx, p, moments{})...)
}

// StepFindings checks one step. For evidence-after-action it needs, for
// each execution, the last evidence record for its target collected before
// it and the first from its moment on: Steps carries every record, the
// store's Step at least those (model.Step says which).
func StepFindings(s model.Step, r model.Roster, p *Policy) []Finding {
	return stepFindings(&s, r.Index(), p, moments{})
}

// assetIn is the asset id names, or nil when the roster has none: what
// the policy classifies an action's target by.
func assetIn(idx model.RosterIndex, id string) *model.Asset {
	if a, ok := idx.Assets[id]; ok {
		return &a
	}
	return nil
}

// found is a finding with the keys that order it.
type found struct {
	Finding
	at   time.Time
	rank int
}

// checker holds one step while its rules run.
type checker struct {
	s     *model.Step
	idx   model.RosterIndex
	p     *Policy
	found []found
	// times says how the messages name a moment: only through moment.
	times moments
}

// moment is the one way a rule's message names a time: with its date
// and zone in findings, as the report writes times in a report (moments).
// A rule that formats a time any other way fails
// TestRulesNameTimesOnlyThroughTheChecker.
func (c *checker) moment(t time.Time) string { return c.times.at(t) }

func stepFindings(s *model.Step, idx model.RosterIndex, p *Policy, times moments) []Finding {
	c := &checker{s: s, idx: idx, p: p, times: times}
	for i := range s.Executions {
		x := &s.Executions[i]
		c.noOwner(x)
		c.executionApprovals(x)
		c.evidenceAfterAction(x)
		c.autoPrivileged(x)
		c.actionAfterClose(x)
	}
	for i := range s.Decisions {
		d := &s.Decisions[i]
		c.decisionApprovals(d)
		c.insufficientAuthority(d)
		c.aiApprover(d)
		c.approvalAfterExecution(d)
		c.noRationale(d)
		c.unsignedDecision(d)
		c.decisionSignatures(d)
		c.actionAfterClose(d)
	}
	if s.Suggestion != nil {
		c.undocumentedAI(s.Suggestion)
	}
	c.selfReview()
	c.verdictContradictsRecord()
	c.verdictSignatures()
	c.closedWithPending()
	sort.SliceStable(c.found, func(i, j int) bool {
		a, b := c.found[i], c.found[j]
		if !a.at.Equal(b.at) {
			return a.at.Before(b.at)
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		return a.rank < b.rank
	})
	out := make([]Finding, len(c.found))
	for i, f := range c.found {
		out[i] = f.Finding
	}
	return out
}

func (c *checker) add(code, subject string, at time.Time, message string) {
	rank := 0
	for i, k := range Codes {
		if k == code {
			rank = i
		}
	}
	c.found = append(c.found, found{
		Finding: Finding{Code: code, Level: Level(code), Subject: subject, Message: message},
		at:      at, rank: rank,
	})
}
