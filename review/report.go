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
	Chain         ChainSummary         `json:"chain"`

	chain    ChainStatus
	imported model.Status // the status the incident was imported with
	people   map[string]model.Person
	agents   map[string]model.Agent
	evidence map[string]model.Evidence
	byAsset  map[string][]model.Evidence // sorted by collection time
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
	// or logged in with); Signed says a signature proves it.
	Key    string `json:"key,omitempty"`
	Signed bool   `json:"signed,omitempty"`

	signature *model.Signature
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
}

// BuildReport assembles the report of one incident. It reads no clock, so
// the same document, policy and chain status give the same report.
func BuildReport(doc model.Document, p *Policy, chain ChainStatus) Report {
	r := Report{
		Incident:      doc.Incident,
		StatusHistory: append([]model.StatusChange{}, doc.StatusChanges...),
		imported:      doc.Incident.Status,
		Steps:         []ReportStep{},
		Findings:      []Finding{},
		Chain:         ChainSummary{Verified: chain.Verified, Head: chain.Head},
		chain:         chain,
		people:        make(map[string]model.Person, len(doc.People)),
		agents:        make(map[string]model.Agent, len(doc.Agents)),
	}
	r.Incident.Normalize()
	r.Incident.Status = doc.CurrentStatus()
	if c := model.LatestChange(doc.StatusChanges); c != nil && c.Status.Closes() && r.Incident.ClosedAt == nil {
		// Closed by a recorded change: that is when.
		closed := c.At
		r.Incident.ClosedAt = &closed
	}
	for _, x := range doc.People {
		r.people[x.ID] = x
	}
	for _, a := range doc.Agents {
		r.agents[a.ID] = a
	}
	r.evidence = make(map[string]model.Evidence, len(doc.Evidence))
	r.byAsset = map[string][]model.Evidence{}
	for _, ev := range doc.Evidence {
		r.evidence[ev.ID] = ev
		if ev.Asset != "" {
			r.byAsset[ev.Asset] = append(r.byAsset[ev.Asset], ev)
		}
	}
	for _, evs := range r.byAsset {
		model.SortEvidence(evs)
	}
	idx := model.Roster{People: doc.People, Agents: doc.Agents, Assets: doc.Assets}.Index()
	for _, s := range Steps(doc) {
		rs := ReportStep{
			Subject:    s.Subject,
			Suggestion: s.Suggestion,
			Decision:   s.FinalDecision(),
			Executions: s.Executions,
			Tier:       stepTier(&s, idx, p),
			History:    []ReviewRecord{},
			Findings:   stepFindings(&s, idx, p),
			step:       s,
			proposal:   ProposeVerdict(s),
		}
		if rs.Executions == nil {
			rs.Executions = []model.Event{}
		}
		if v := rs.proposal.Verdict; v != "" {
			rs.ProposedVerdict = &v
		}
		for _, rv := range s.Reviews {
			rs.History = append(rs.History, reviewRecord(rv))
		}
		if n := len(rs.History); n > 0 {
			latest := rs.History[n-1]
			rs.Review = &latest
			r.Coverage.Reviewed++
		}
		r.Coverage.Total++
		r.Findings = append(r.Findings, rs.Findings...)
		r.Steps = append(r.Steps, rs)
	}
	r.Findings = append(r.Findings, statusFindings(&doc, idx, p)...)
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

func reviewRecord(rv model.Review) ReviewRecord {
	return ReviewRecord{
		Verdict: rv.Verdict, OutcomeChanged: rv.OutcomeChanged, AICorrect: rv.AICorrect,
		Reviewer: rv.Reviewer, At: rv.At.UTC(), Note: rv.Note,
		Key: model.ProvenBy(rv.SessionKey, rv.Signature), Signed: rv.Signature != nil, signature: rv.Signature,
	}
}
