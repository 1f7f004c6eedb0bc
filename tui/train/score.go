package train

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// scoreContent renders the scorecard at the end of a run: the incident in
// full (now it may be told), the totals, and every decision point with the
// trainee's rationale beside the real one.
func (v view) scoreContent(sc review.Scorecard, inc model.Incident) string {
	st := v.st
	p := &page{width: v.width}
	run := sc.Run
	p.add(st.Bold, safe("SCORECARD · "+inc.ID+" · "+inc.Title), 0)
	p.add(st.Muted, safe(inc.Summary), 0)
	p.blank()
	p.field(st.Label, "trainee  ", st.Bold, safe(fmt.Sprintf("%s · answered %d of %d decision points · %s deciding",
		run.Trainee, sc.Answered, sc.Points, sc.TotalTime.Round(time.Second))))
	p.field(st.Label, "real     ", st.Bold, safe(fmt.Sprintf("agreed with %d of %d real decisions (%s) · exactly %d",
		sc.Agree, sc.Answered, percent(sc.AgreeRate()), sc.Exact)))
	if run.Hindsight {
		p.field(st.Label, "hindsight", st.Bold, safe(fmt.Sprintf("scored %s of %d judged (%s) · how: signoff train --help",
			half(sc.Hindsight), sc.HindsightJudged, percent(sc.HindsightRate()))))
	} else {
		p.field(st.Label, "hindsight", st.Muted, "hidden by the trainer (--no-hindsight)")
	}
	p.field(st.Label, "evidence ", flagStyle(v, sc.NoEvidence), safe("approved without evidence on the target: "+list(sc.NoEvidence)))
	auth := "approved beyond your authority (" + string(run.Authority) + "): " + list(sc.NoAuthority)
	if !sc.AuthorityJudged {
		auth = "authority not judged: " + run.Trainee + " is not a person of " + inc.ID + " and the trainer gave no authority to judge with"
	}
	p.field(st.Label, "authority", flagStyle(v, sc.NoAuthority), safe(auth))
	for _, s := range sc.Steps {
		p.blank()
		p.add(st.AI, safe(s.Subject+" · AI suggested "+string(actionText(s.Suggested))), 0)
		if s.Choice == nil {
			p.add(st.Muted, "not reached in this run", 2)
			continue
		}
		p.field(st.Label, "you      ", st.Bold, safe(fmt.Sprintf("%s %s (%s)", s.Choice.Outcome, actionText(s.Choice.Action), s.Choice.Took.Round(time.Second))))
		p.field(st.Label, "  because", st.Row, safe(s.Choice.Rationale))
		if s.Real != nil {
			p.field(st.Label, "real     ", st.Human, safe(fmt.Sprintf("%s %s %s", v.roster.who(s.Real.Owner), s.Real.Outcome, actionText(s.Real.Action))))
			p.field(st.Label, "  because", st.Row, safe(s.Real.Rationale))
		}
		p.field(st.Label, "score    ", st.Row, v.verdictLine(s, run.Hindsight))
	}
	return p.String()
}

func percent(r *float64) string {
	if r == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", *r*100)
}

func list(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func flagStyle(v view, ids []string) lipgloss.Style {
	if len(ids) > 0 {
		return v.st.FindingError
	}
	return v.st.Row
}
