package train

import (
	"fmt"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// reveal is what really happened at a decision point: loaded only after
// the trainee's choice is saved, dropped when the replay goes on.
type reveal struct {
	step      model.Step
	findings  []review.Finding
	score     review.TrainingStep
	hindsight bool
}

func newReveal(s model.Step, c model.TrainingChoice, evidence []model.Evidence, run model.TrainingRun, r model.Roster, p *review.Policy) *reveal {
	var target *model.Asset
	if c.Action != nil {
		for i := range r.Assets {
			if r.Assets[i].ID == c.Action.Target {
				target = &r.Assets[i]
			}
		}
	}
	return &reveal{
		step:      s,
		findings:  review.StepFindings(s, r, p),
		score:     review.ScoreChoice(s, &c, evidence, run.Authority, target, p),
		hindsight: run.Hindsight,
	}
}

func (v view) revealContent(rv *reveal) string {
	st := v.st
	p := &page{width: v.width}
	sc := rv.score
	p.add(st.Bold, safe("REVEAL · what really happened at "+rv.step.Subject), 0)
	p.blank()
	c := sc.Choice
	p.add(st.Bold, titleYou, 0)
	p.field(st.Label, "outcome  ", st.Bold, safe(fmt.Sprintf("%s · took %s", c.Outcome, c.Took.Round(1e9))))
	p.field(st.Label, "action   ", st.Row, actionText(c.Action))
	p.field(st.Label, "rationale", st.Row, safe(c.Rationale))
	p.field(st.Label, "verdict  ", st.Bold, v.verdictLine(sc, rv.hindsight))
	if sc.NoEvidence {
		p.field(st.Label, "flag     ", st.FindingError, safe("you approved containment on "+c.Action.Target+" with no evidence about it collected yet"))
	}
	if sc.NoAuthority {
		p.field(st.Label, "flag     ", st.FindingError, safe(fmt.Sprintf("%s needs authority %s; yours is %s", sc.Tier, review.AuthorityNeeded(sc.Tier), v.authority)))
	}
	if len(sc.Diff) > 0 {
		p.field(st.Label, "diff     ", st.Row, diffText(sc.Diff))
		p.add(st.Muted, "[-yours only-] {+real only+}", 10)
	}
	for i := range rv.step.Decisions {
		d := &rv.step.Decisions[i]
		p.blank()
		p.add(st.Human, titleHuman, 0)
		p.add(st.Muted, safe(d.ID+" · "+d.At.UTC().Format("2006-01-02 15:04:05Z")), 0)
		v.decision(p, d)
		v.reviewed(p, rv, d.EvidenceReviewed)
	}
	for i := range rv.step.Executions {
		x := &rv.step.Executions[i]
		p.blank()
		p.add(st.Exec, titleExec, 0)
		p.add(st.Muted, safe(x.ID+" · "+x.At.UTC().Format("2006-01-02 15:04:05Z")), 0)
		v.execution(p, x, func(string) bool { return true })
	}
	p.blank()
	p.add(st.Bold, titleFindings, 0)
	if len(rv.findings) == 0 {
		p.add(st.Muted, "none: the policy finds nothing wrong with this step", 2)
	}
	for _, f := range rv.findings {
		style := st.FindingWarning
		if f.Level == review.LevelError {
			style = st.FindingError
		}
		p.add(style, safe(f.Level+" "+f.Code+" on "+f.Subject+": "+f.Message), 2)
	}
	p.blank()
	v.reviewSection(p, rv)
	return p.String()
}

// verdictLine says how the choice compares, hindsight included when shown.
func (v view) verdictLine(sc review.TrainingStep, hindsight bool) safetext.Text {
	parts := []string{"differs from the real decision"}
	switch {
	case sc.Exact:
		parts[0] = "matches the real decision exactly"
	case sc.Agrees:
		parts[0] = "goes the same way as the real decision"
	}
	if hindsight {
		if sc.HindsightJudged {
			parts = append(parts, fmt.Sprintf("hindsight %s of 1 (AI correct: %s)", half(sc.Hindsight), sc.AICorrect))
		} else {
			parts = append(parts, "hindsight not judged")
		}
	}
	return safe(strings.Join(parts, " · "))
}

func (v view) reviewed(p *page, rv *reveal, ids []string) {
	byID := map[string]model.Evidence{}
	for _, e := range rv.step.Evidence {
		byID[e.ID] = e
	}
	for _, id := range ids {
		text := id
		if e, ok := byID[id]; ok {
			text = fmt.Sprintf("%s %s %s: %s", id, clock(e.CollectedAt.UTC()), e.Kind, e.Summary)
		}
		p.field(v.st.Label, "reviewed ", v.st.Evidence, safe(text))
	}
}

func (v view) reviewSection(p *page, rv *reveal) {
	st := v.st
	p.add(st.Bold, titleReview, 0)
	if !rv.hindsight {
		p.add(st.Muted, "hidden by the trainer (--no-hindsight)", 2)
		return
	}
	r := rv.step.LatestReview()
	if r == nil {
		p.add(st.Muted, "not reviewed yet", 2)
		return
	}
	p.field(st.Label, "reviewer ", st.Row, safe(string(v.roster.who(r.Reviewer))+" · "+r.At.UTC().Format("2006-01-02")))
	p.field(st.Label, "verdict  ", st.Bold, safe(fmt.Sprintf("%s · outcome changed %s · AI correct %s", r.Verdict, r.OutcomeChanged, r.AICorrect)))
	p.field(st.Label, "note     ", st.Row, safe(r.Note))
}

// diffText marks the trainee's words and the real ones so the diff reads
// without colour: [-only yours-] {+only real+}.
func diffText(spans []review.DiffSpan) safetext.Text {
	var b strings.Builder
	for _, s := range spans {
		switch s.Op {
		case review.DiffDelete:
			b.WriteString("[-" + s.Text + "-]")
		case review.DiffInsert:
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return safe(b.String())
}

// half prints 0, ½ or 1 style scores without trailing zeros.
func half(f float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0") }
