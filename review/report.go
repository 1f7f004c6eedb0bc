package review

import (
	"time"

	"github.com/signoff/signoff/model"
)

// ChainStatus is what verifying the audit chain found; the caller (the db
// package, through the command line) passes it in.
type ChainStatus struct {
	Verified bool
	Head     string
	Entries  int64
	Problem  string
	// Check is which check found this; the zero value says nothing of it.
	Check ChainCheck
}

// Report is the accountability report of SPEC.md "Reports". Its JSON is
// exactly the SPEC shape; Markdown renders the same content for people.
type Report struct {
	// Incident is the incident with the status in force; StatusHistory
	// lists the changes that led to it (the status the incident was
	// imported with held before the first).
	Incident      model.Incident       `json:"incident"`
	StatusHistory []model.StatusChange `json:"status_history"`
	Steps         []ReportStep         `json:"steps"`
	Findings      []Finding            `json:"findings"`
	Coverage      Coverage             `json:"coverage"`
	// Trust is signoff's addition: each agent's trust metrics over this
	// incident (trust.go), by agent id.
	Trust []AgentTrust `json:"trust"`
	Chain ChainSummary `json:"chain"`

	chain    ChainStatus
	imported model.Status // the status the incident was imported with
	// importedClosedAt is the closed_at it was imported with, which the
	// status in force may have replaced in Incident.
	importedClosedAt *time.Time
	people           map[string]model.Person
	agents           map[string]model.Agent
	alike            model.Twins // people and agents whose ids read alike
	// assetEvidence counts each asset's evidence records.
	assetEvidence map[string]int
	// policy judges the signatures the Markdown names (Policy.DecisionProofs).
	policy *Policy
}

// ReportStep is one review subject of the report. Decision is the final
// decision; earlier ones (a deferral, say) are in the Markdown.
type ReportStep struct {
	Subject         string         `json:"subject"`
	Suggestion      *model.Event   `json:"suggestion"`
	Decision        *model.Event   `json:"decision"`
	Executions      []model.Event  `json:"executions"`
	Tier            model.Tier     `json:"tier"`
	ProposedVerdict *model.Verdict `json:"proposed_verdict"`
	Review          *ReviewRecord  `json:"review"`
	History         []ReviewRecord `json:"history"`
	Findings        []Finding      `json:"findings"`

	step     model.Step
	proposal Proposal
}

// ReviewRecord is one verdict as the report shows it.
type ReviewRecord struct {
	Verdict        model.Verdict        `json:"verdict"`
	OutcomeChanged model.OutcomeChanged `json:"outcome_changed"`
	AICorrect      model.AICorrect      `json:"ai_correct"`
	Reviewer       string               `json:"reviewer"`
	At             time.Time            `json:"at"`
	Note           string               `json:"note"`
	// Key is the fingerprint of the key that proves the reviewer (signed
	// or logged in with). Signed says a signature proves it, as the
	// Markdown's "signed": it verifies over the verdict and the policy's
	// roster lists its key for the reviewer (Policy.VerdictProof).
	// SignatureCheck says what checking a signature found, for any the
	// verdict carries; absent when it carries none.
	Key            string               `json:"key,omitempty"`
	Signed         bool                 `json:"signed,omitempty"`
	SignatureCheck model.SignatureCheck `json:"signature_check,omitempty"`

	proof Proof // its signature judged once, for the Markdown too
}

// Coverage counts review subjects with at least one verdict.
type Coverage struct {
	Reviewed int `json:"reviewed"`
	Total    int `json:"total"`
}

// ChainSummary is the chain status as the JSON report carries it.
type ChainSummary struct {
	Verified bool   `json:"verified"`
	Head     string `json:"head"`
	// Problem names the first fault, as the Markdown's does; absent when
	// the chain verified, so an intact report's bytes are as they were.
	Problem string        `json:"problem,omitempty"`
	Check   *CheckSummary `json:"check,omitempty"`
}

// BuildReport assembles the report of one incident. It reads no clock, so
// the same document, policy and chain status give the same report.
func BuildReport(doc model.Document, p *Policy, chain ChainStatus) Report {
	b := NewReportBuilder(doc.WalkStart(), p)
	for _, s := range Steps(doc) {
		b.r.Steps = append(b.r.Steps, b.Step(&s))
	}
	return b.Report(chain)
}

// ReportBuilder builds the report one step at a time, as a walk over the
// incident's steps (model.StepWalker) hands them over, so a caller can
// write each step as it comes instead of holding the incident: the same
// report BuildReport makes of the whole document.
type ReportBuilder struct {
	r   Report
	idx model.RosterIndex
	p   *Policy
	// status are the findings about the status changes, which follow
	// every step's.
	status []Finding
	// times names moments in the findings' Markdown words as the report
	// does: a time of day on the day the incident opened, with its date on
	// any other. The JSON report wants none (forJSON): its findings are
	// findings --json's.
	times   moments
	forJSON bool
	trust   trustTally
	// noDiff leaves out the word diff of each step's action, which only
	// the Markdown shows.
	noDiff bool
}

// NewReportBuilder starts the report of the incident a walk starts with.
func NewReportBuilder(start model.WalkStart, p *Policy) *ReportBuilder {
	r := Report{
		Incident:         start.Incident,
		StatusHistory:    append([]model.StatusChange{}, start.StatusChanges...),
		imported:         start.Incident.Status,
		importedClosedAt: start.Incident.ClosedAt,
		Steps:            []ReportStep{},
		Findings:         []Finding{},
		people:           make(map[string]model.Person, len(start.Roster.People)),
		agents:           make(map[string]model.Agent, len(start.Roster.Agents)),
		assetEvidence:    start.AssetEvidence,
		policy:           p,
		alike:            start.Roster.Alike.Who,
	}
	r.Incident.Normalize()
	r.Incident.Status = model.CurrentStatus(start.Incident.Status, start.StatusChanges)
	if c := model.LatestChange(start.StatusChanges); c != nil {
		// The change in force says how it ended: closed then, or open
		// again, whatever closed_at the incident was imported with.
		r.Incident.ClosedAt = nil
		if c.Status.Closes() {
			closed := c.At
			r.Incident.ClosedAt = &closed
		}
	}
	for _, x := range start.Roster.People {
		r.people[x.ID] = x
	}
	for _, a := range start.Roster.Agents {
		r.agents[a.ID] = a
	}
	idx := start.Roster.Index()
	times := reportMoments(r.Incident.OpenedAt)
	status := withBrief(statusFindings(&start.Incident, start.StatusChanges, idx, p, moments{}),
		statusFindings(&start.Incident, start.StatusChanges, idx, p, times))
	return &ReportBuilder{r: r, idx: idx, p: p, times: times, status: status}
}

// Step is the report's entry for one step, in step order; its findings
// and coverage count towards the report's.
func (b *ReportBuilder) Step(s *model.Step) ReportStep {
	rs := ReportStep{
		Subject:    s.Subject,
		Suggestion: s.Suggestion,
		Decision:   s.FinalDecision(),
		Executions: s.Executions,
		Tier:       stepTier(s, b.idx, b.p),
		History:    []ReviewRecord{},
		Findings:   stepFindings(s, b.idx, b.p, moments{}),
		step:       *s,
	}
	if len(rs.Findings) > 0 && !b.forJSON {
		rs.Findings = withBrief(rs.Findings, stepFindings(s, b.idx, b.p, b.times))
	}
	if b.noDiff {
		rs.proposal = proposeVerdict(*s)
	} else {
		rs.proposal = ProposeVerdict(*s)
	}
	if rs.Executions == nil {
		rs.Executions = []model.Event{}
	}
	b.trust.add(s, rs.proposal.Verdict)
	if v := rs.proposal.Verdict; v != "" {
		rs.ProposedVerdict = &v
	}
	for i, rv := range s.Reviews {
		rs.History = append(rs.History, reviewRecord(rv, b.p.VerdictProof(b.r.Incident.ID, s.Reviews, i)))
	}
	if n := len(rs.History); n > 0 {
		latest := rs.History[n-1]
		rs.Review = &latest
		b.r.Coverage.Reviewed++
	}
	b.r.Coverage.Total++
	b.r.Findings = append(b.r.Findings, rs.Findings...)
	return rs
}

// Report is the report so far, with the status changes' findings and the
// chain's status: every step's when the walk is over.
func (b *ReportBuilder) Report(chain ChainStatus) Report {
	r := b.r
	r.Findings = append(r.Findings[:len(r.Findings):len(r.Findings)], b.status...)
	r.Trust = b.trust.rows()
	r.Chain = ChainSummary{Verified: chain.Verified, Head: chain.Head, Problem: chain.Problem, Check: chain.Check.summary()}
	r.chain = chain
	return r
}

func stepTier(s *model.Step, idx model.RosterIndex, p *Policy) model.Tier {
	a := s.Action()
	if a == nil {
		return ""
	}
	_, t := p.Classify(*a, assetIn(idx, a.Target))
	return t
}

// reviewRecord is verdict rv as the report shows it, its signature judged
// as pr.
func reviewRecord(rv model.Review, pr Proof) ReviewRecord {
	return ReviewRecord{
		Verdict: rv.Verdict, OutcomeChanged: rv.OutcomeChanged, AICorrect: rv.AICorrect,
		Reviewer: rv.Reviewer, At: rv.At.UTC(), Note: rv.Note,
		Key: model.ProvenBy(rv.SessionKey, rv.Signature), Signed: pr.State == ProofSigned, SignatureCheck: pr.Check(), proof: pr,
	}
}
