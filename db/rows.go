package db

import (
	"time"

	"github.com/signoff/signoff/model"
)

// eventRow is what the events table holds for one timeline row. Import
// derives it from a record and verify derives it again from the chain
// payload, so the two must share this one function. "" stands for NULL.
type eventRow struct {
	ID, Kind, Actor, Summary string
	At                       int64
	Action, Target           string
	Suggestion, Decision     string
	Starts                   bool
}

func rowOfEvent(e *model.Event) eventRow {
	r := eventRow{ID: e.ID, Kind: string(e.Kind), At: e.At.UnixNano(), Suggestion: e.Suggestion, Decision: e.Decision}
	if e.Action != nil {
		r.Action, r.Target = e.Action.Type, e.Action.Target
	}
	switch e.Kind {
	case model.KindSuggestion:
		r.Actor = e.Agent
		r.Summary = actionText(e.Action) + suffix(e.Summary, actionDetail(e.Action))
		r.Starts = true
	case model.KindDecision:
		r.Actor = e.Owner
		what := e.Suggestion
		if e.Action != nil {
			what = actionText(e.Action)
		}
		r.Summary = string(e.Outcome) + " " + what + suffix(e.Summary, actionDetail(e.Action))
		r.Starts = e.Suggestion == ""
	case model.KindExecution:
		r.Actor = e.Actor
		ref := e.Decision
		if ref == "" {
			ref = e.Suggestion + " without a decision"
		}
		r.Summary = "carried out " + ref + ": " + string(e.Result) + suffix(e.Summary, e.Detail)
	case model.KindAlert, model.KindTelemetry:
		r.Actor, r.Summary = e.Source, e.Summary
	default:
		r.Actor, r.Summary = e.Actor, e.Summary
	}
	return r
}

func rowOfEvidence(e *model.Evidence) eventRow {
	return eventRow{
		ID: e.ID, Kind: string(model.KindEvidence), At: e.CollectedAt.UnixNano(),
		Actor: e.CollectedBy, Summary: e.Kind + " evidence collected" + suffix(e.Summary, e.URI),
		Target: e.Asset,
	}
}

func actionText(a *model.Action) string {
	if a == nil {
		return ""
	}
	if a.Target == "" {
		return a.Type
	}
	return a.Type + " → " + a.Target
}

func actionDetail(a *model.Action) string {
	if a == nil {
		return ""
	}
	return a.Detail
}

// suffix appends the first of texts that is not empty after ": ".
func suffix(texts ...string) string {
	for _, t := range texts {
		if t != "" {
			return ": " + t
		}
	}
	return ""
}

// Times are stored as Unix nanoseconds: model.TimeInRange is the range.
var (
	minTime = model.EarliestTime
	maxTime = model.LatestTime
)

func fromNanos(ns int64) time.Time { return time.Unix(0, ns).UTC() }

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}
