package review

import (
	"sort"

	"github.com/signoff/signoff/model"
)

// Steps groups a document into review steps in time order (SPEC.md "Review
// verdicts"): one per suggestion, and one per decision made without a
// suggestion. Each step carries its decisions and executions oldest first,
// every evidence record its events cite or review plus every record for an
// asset its actions target, and its verdict history oldest first. A review
// naming a decision of a suggestion's step belongs to that step.
func Steps(doc model.Document) []model.Step {
	assets := make(map[string]*model.Asset, len(doc.Assets))
	for i := range doc.Assets {
		assets[doc.Assets[i].ID] = &doc.Assets[i]
	}
	var steps []*model.Step
	bySubject := map[string]*model.Step{}
	owner := map[string]*model.Step{} // suggestion or decision id -> its step
	newStep := func(subject string) *model.Step {
		s := &model.Step{Subject: subject, Incident: doc.Incident.ID}
		steps = append(steps, s)
		bySubject[subject] = s
		owner[subject] = s
		return s
	}
	for i := range doc.Events {
		e := doc.Events[i]
		if e.Kind == model.KindSuggestion {
			newStep(e.ID).Suggestion = &e
		}
	}
	for _, e := range doc.Events {
		if e.Kind != model.KindDecision {
			continue
		}
		s := bySubject[e.Suggestion]
		if e.Suggestion == "" || s == nil {
			s = newStep(e.ID)
		}
		s.Decisions = append(s.Decisions, e)
		owner[e.ID] = s
	}
	for _, e := range doc.Events {
		if e.Kind != model.KindExecution {
			continue
		}
		s := owner[e.Decision]
		if e.Decision == "" {
			s = bySubject[e.Suggestion]
		}
		if s != nil {
			s.Executions = append(s.Executions, e)
		}
	}
	for _, r := range doc.Reviews {
		if s := owner[r.Subject]; s != nil {
			s.Reviews = append(s.Reviews, r)
		}
	}
	evidenceByAsset := map[string][]model.Evidence{}
	evidenceByID := make(map[string]int, len(doc.Evidence))
	for i, ev := range doc.Evidence {
		evidenceByID[ev.ID] = i
		if ev.Asset != "" {
			evidenceByAsset[ev.Asset] = append(evidenceByAsset[ev.Asset], ev)
		}
	}
	for _, ev := range evidenceByAsset {
		model.SortEvidence(ev)
	}
	life := model.LifecycleOf(doc.Incident, doc.StatusChanges)
	out := make([]model.Step, len(steps))
	for i, s := range steps {
		s.Lifecycle = life
		sortEvents(s.Decisions)
		sortEvents(s.Executions)
		sort.SliceStable(s.Reviews, func(a, b int) bool { return s.Reviews[a].At.Before(s.Reviews[b].At) })
		if a := s.Action(); a != nil && a.Target != "" {
			s.TargetAsset = assets[a.Target]
		}
		s.Evidence = stepEvidence(s, doc.Evidence, evidenceByID, evidenceByAsset)
		out[i] = *s
	}
	sort.SliceStable(out, func(a, b int) bool {
		ta, tb := stepStart(&out[a]), stepStart(&out[b])
		if !ta.At.Equal(tb.At) {
			return ta.At.Before(tb.At)
		}
		return ta.ID < tb.ID
	})
	return out
}

// stepStart is the event a step began with: its suggestion, else its decision.
func stepStart(s *model.Step) *model.Event {
	if s.Suggestion != nil {
		return s.Suggestion
	}
	return &s.Decisions[0]
}

func sortEvents(es []model.Event) {
	sort.SliceStable(es, func(a, b int) bool {
		if !es[a].At.Equal(es[b].At) {
			return es[a].At.Before(es[b].At)
		}
		return es[a].ID < es[b].ID
	})
}

// stepEvidence gathers the evidence of a step, sorted by collection time.
// When everything the step cites is about its one target asset, the step
// shares that asset's slice (capacity capped, so an append copies): a big
// incident then costs no copy per step.
func stepEvidence(s *model.Step, all []model.Evidence, byID map[string]int, byAsset map[string][]model.Evidence) []model.Evidence {
	cited, targets := s.CitedEvidence(), s.Targets()
	if len(targets) == 1 {
		only := targets[0]
		shared := true
		for _, id := range cited {
			if i, ok := byID[id]; ok && all[i].Asset != only {
				shared = false
				break
			}
		}
		if shared {
			ev := byAsset[only]
			return ev[:len(ev):len(ev)]
		}
	}
	seen := map[string]bool{}
	var ev []model.Evidence
	for _, id := range cited {
		if i, ok := byID[id]; ok && !seen[id] {
			seen[id] = true
			ev = append(ev, all[i])
		}
	}
	for _, t := range targets {
		for _, e := range byAsset[t] {
			if !seen[e.ID] {
				seen[e.ID] = true
				ev = append(ev, e)
			}
		}
	}
	model.SortEvidence(ev)
	return ev
}
