package train

import (
	"fmt"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// people and agents by id, for names; assets for the current target only.
type roster struct{ model.RosterIndex }

func newRoster(r model.Roster) roster { return roster{r.Index()} }

// who names an actor: "Name (id)" for people and agents, the id otherwise.
func (x roster) who(id string) safetext.Text {
	if p, ok := x.People[id]; ok {
		return safe(p.Name + " (" + id + ")")
	}
	if a, ok := x.Agents[id]; ok {
		return safe(a.Name + " (" + id + ", AI agent)")
	}
	return safe(id)
}

// view carries what every content function needs.
type view struct {
	st        *common.Styles
	width     int
	roster    roster
	policy    *review.Policy
	authority model.Authority
	trainee   string
}

// currentContent renders the current row's own record and the evidence
// collected so far that it cites or that is about its target.
func (v view) currentContent(r *replay) string {
	p := &page{width: v.width}
	row := r.now()
	switch {
	case row == nil:
		p.add(v.st.Muted, "Loading the first event…", 0)
	case r.current != nil:
		v.evidenceRecord(p, r.current)
	case r.event != nil:
		v.event(p, r, r.event)
	default:
		// A row whose record waits for a reveal (cmds.ahead): what the
		// row says, no more.
		p.add(v.st.Muted, glyph(row.Kind), 0)
		p.add(v.st.Muted, safe(row.At.UTC().Format("2006-01-02 15:04:05Z")), 0)
		p.add(v.st.Row, safe(row.Summary), 0)
	}
	return p.String()
}

func (v view) event(p *page, r *replay, e *model.Event) {
	st := v.st
	head := fmt.Sprintf("%s · %s", e.ID, e.At.UTC().Format("2006-01-02 15:04:05Z"))
	switch e.Kind {
	case model.KindSuggestion:
		p.add(st.AI, titleAI, 0)
		p.add(st.Muted, safe(head), 0)
		v.suggestion(p, r, e)
	case model.KindDecision:
		p.add(st.Human, "● HUMAN DECISION", 0)
		p.add(st.Muted, safe(head), 0)
		v.decision(p, e)
	case model.KindExecution:
		p.add(st.Exec, titleExec, 0)
		p.add(st.Muted, safe(head), 0)
		v.execution(p, e, r.recorded)
	default:
		p.add(st.Kinds[e.Kind], common.KindGlyph(e.Kind), 0)
		p.add(st.Muted, safe(head), 0)
		p.field(st.Label, "from     ", st.Row, v.roster.who(e.Source+e.Actor))
		p.field(st.Label, "summary  ", st.Bold, safe(e.Summary))
		p.field(st.Label, "detail   ", st.Row, safe(e.Detail))
	}
	cited := append(append([]string{}, e.Evidence...), e.EvidenceReviewed...)
	target := ""
	if e.Action != nil {
		target = e.Action.Target
	}
	v.evidenceList(p, r, cited, target)
	if e.RawOutput != "" {
		p.blank()
		p.field(v.st.Label, "AI output", v.st.Muted, safe(e.RawOutput))
	}
}

func (v view) suggestion(p *page, r *replay, e *model.Event) {
	st := v.st
	p.field(st.Label, "agent    ", st.Row, v.roster.who(e.Agent))
	if a, ok := v.roster.Agents[e.Agent]; ok && (a.Model != "" || a.Version != "") {
		p.field(st.Label, "model    ", st.Row, safe(strings.TrimSpace(a.Model+" "+a.Version)))
	}
	p.field(st.Label, "action   ", st.AI, actionText(e.Action))
	conf := "not given"
	if e.Confidence != nil {
		conf = fmt.Sprintf("%.2f", *e.Confidence)
	}
	p.field(st.Label, "confid.  ", st.Row, safe(conf+" · "+orNone(e.ConfidenceCue)))
	p.field(st.Label, "rationale", st.Row, safe(e.Rationale))
	for _, alt := range e.Alternatives {
		p.field(st.Label, "or       ", st.Row, actionText(&alt))
	}
	if e.Action != nil {
		v.policyLine(p, *e.Action)
	}
}

// policyLine says what the action needs and whether the trainee has it.
func (v view) policyLine(p *page, a model.Action) {
	st := v.st
	var target *model.Asset
	if as, ok := v.roster.Assets[a.Target]; ok {
		target = &as
		priv := "not privileged"
		if as.Privileged {
			priv = "PRIVILEGED"
		}
		p.field(st.Label, "target   ", st.Row, safe(fmt.Sprintf("%s · %s · owner %s · %s", as.ID, as.Kind, orNone(as.Owner), priv)))
	}
	class, tier := v.policy.Classify(a, target)
	p.field(st.Label, "policy   ", st.Row, safe(fmt.Sprintf("%s %s · %s", tier, class, review.Requirement(tier))))
	you := "authority not judged (" + v.trainee + " is not a person of this incident)"
	if v.authority != "" {
		enough := "enough"
		if !review.HasAuthority(v.authority, tier) {
			enough = "NOT enough"
		}
		you = fmt.Sprintf("your authority: %s (%s)", v.authority, enough)
	}
	p.field(st.Label, "you      ", st.Bold, safe(you))
}

func (v view) decision(p *page, e *model.Event) {
	st := v.st
	p.field(st.Label, "owner    ", st.Human, v.roster.who(e.Owner))
	p.field(st.Label, "outcome  ", st.Bold, safe(string(e.Outcome)))
	if e.Suggestion != "" {
		p.field(st.Label, "answers  ", st.Row, safe(e.Suggestion))
	}
	if e.Action != nil {
		p.field(st.Label, "action   ", st.Human, actionText(e.Action))
	}
	p.field(st.Label, "rationale", st.Row, safe(e.Rationale))
	for _, alt := range e.AlternativesRejected {
		p.field(st.Label, "rejected ", st.Row, safe(string(actionText(&alt.Action))+" — "+alt.Reason))
	}
	for _, ap := range e.Approvals {
		p.field(st.Label, "approval ", st.Row, safe(string(v.roster.who(ap.By))+" at "+clock(ap.At.UTC())))
	}
}

// execution renders an execution; recorded says which decisions exist
// at the moment shown, so a decision recorded later is not named.
func (v view) execution(p *page, e *model.Event, recorded func(string) bool) {
	st := v.st
	how := "by hand"
	if e.Automated {
		how = "automated"
	}
	p.field(st.Label, "actor    ", st.Exec, safe(string(v.roster.who(e.Actor))+" · "+how))
	ref := e.Decision
	switch {
	case ref == "":
		ref = e.Suggestion + " (the AI's word alone, no decision)"
	case !recorded(ref):
		ref = "no decision on record"
	}
	p.field(st.Label, "carries  ", st.Row, safe(ref))
	p.field(st.Label, "result   ", st.Bold, safe(string(e.Result)))
	p.field(st.Label, "summary  ", st.Row, safe(e.Summary))
	p.field(st.Label, "detail   ", st.Row, safe(e.Detail))
}

func (v view) evidenceRecord(p *page, e *model.Evidence) {
	st := v.st
	p.add(st.Evidence, "■ EVIDENCE COLLECTED", 0)
	p.add(st.Muted, safe(e.ID+" · "+e.CollectedAt.UTC().Format("2006-01-02 15:04:05Z")), 0)
	p.field(st.Label, "by       ", st.Row, v.roster.who(e.CollectedBy))
	p.field(st.Label, "kind     ", st.Row, safe(e.Kind))
	p.field(st.Label, "asset    ", st.Row, safe(e.Asset))
	p.field(st.Label, "summary  ", st.Bold, safe(e.Summary))
	p.field(st.Label, "uri      ", st.Muted, safe(e.URI))
	p.field(st.Label, "sha256   ", st.Muted, safe(e.SHA256))
}

// evidenceList shows the cited records and those about target that have
// been collected so far, once each.
func (v view) evidenceList(p *page, r *replay, cited []string, target string) {
	seen := map[string]bool{}
	var list []model.Evidence
	for _, e := range append(r.collected(cited), r.forAsset(target)...) {
		if !seen[e.ID] {
			seen[e.ID] = true
			list = append(list, e)
		}
	}
	if len(cited) == 0 && target == "" {
		return
	}
	p.blank()
	p.add(v.st.Evidence, titleEvidence, 0)
	if len(list) == 0 {
		p.add(v.st.Muted, "none yet for this step", 2)
	}
	for _, e := range list {
		p.add(v.st.Row, safe(fmt.Sprintf("%s %s %s %s: %s", e.ID, clock(e.CollectedAt.UTC()), e.Kind, e.Asset, e.Summary)), 2)
	}
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "none"
	}
	return s
}
