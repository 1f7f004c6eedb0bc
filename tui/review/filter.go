package review

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// viewFilter is what the timeline shows: the store's filter, and whether
// only the steps with findings are kept, which is a rule of review the
// store cannot apply (the screen checks it as it reads).
type viewFilter struct {
	model.TimelineFilter
	Findings bool
}

func (f viewFilter) IsZero() bool { return f.TimelineFilter.IsZero() && !f.Findings }

// kindWords are the words a reviewer may type for each kind: the
// timeline's own labels, or the record's names.
var kindWords = map[string]model.EventKind{
	"alert": model.KindAlert, "telem": model.KindTelemetry, "telemetry": model.KindTelemetry,
	"note": model.KindNote, "comms": model.KindComms,
	"ai": model.KindSuggestion, "suggestion": model.KindSuggestion,
	"human": model.KindDecision, "decision": model.KindDecision,
	"exec": model.KindExecution, "execution": model.KindExecution,
	"evid": model.KindEvidence, "evidence": model.KindEvidence,
}

// kindLabel is the word the filter shows for a kind: the timeline's label.
var kindLabel = map[model.EventKind]string{
	model.KindAlert: "alert", model.KindTelemetry: "telem", model.KindNote: "note", model.KindComms: "comms",
	model.KindSuggestion: "ai", model.KindDecision: "human", model.KindExecution: "exec", model.KindEvidence: "evid",
}

// filterHelp is how a filter is written.
const filterHelp = "kind:ai,human  actor:ID  asset:ID  findings  unreviewed"

// parseFilter reads a filter as typed: terms separated by spaces, each
// kind:K[,K…], actor:ID, asset:ID, findings or unreviewed. The terms
// combine: a row must pass every one.
func parseFilter(s string) (viewFilter, error) {
	var f viewFilter
	for _, term := range strings.Fields(s) {
		name, value, hasValue := strings.Cut(term, ":")
		switch {
		case name == "kind" && hasValue:
			for _, w := range strings.Split(value, ",") {
				k, ok := kindWords[strings.ToLower(w)]
				if !ok {
					return f, fmt.Errorf("%q is not a kind of row; use alert, telem, note, comms, ai, human, exec or evid", w)
				}
				if !contains(f.Kinds, k) {
					f.Kinds = append(f.Kinds, k)
				}
			}
		case name == "actor" && value != "":
			f.Actor = value
		case name == "asset" && value != "":
			f.Asset = value
		case term == "findings" || term == "has:findings":
			f.Findings = true
		case term == "unreviewed" || term == "is:unreviewed":
			f.Unreviewed = true
		default:
			return f, fmt.Errorf("%q is not a filter; write %s", term, filterHelp)
		}
	}
	return f, nil
}

func contains(ks []model.EventKind, k model.EventKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// String is the filter as parseFilter reads it, to edit it again.
func (f viewFilter) String() string {
	var terms []string
	if len(f.Kinds) > 0 {
		terms = append(terms, "kind:"+strings.Join(f.kindLabels(), ","))
	}
	if f.Actor != "" {
		terms = append(terms, "actor:"+f.Actor)
	}
	if f.Asset != "" {
		terms = append(terms, "asset:"+f.Asset)
	}
	if f.Findings {
		terms = append(terms, "findings")
	}
	if f.Unreviewed {
		terms = append(terms, "unreviewed")
	}
	return strings.Join(terms, " ")
}

// describe is the filter in words for the header.
func (f viewFilter) describe() string {
	var parts []string
	if len(f.Kinds) > 0 {
		parts = append(parts, "kind "+strings.Join(f.kindLabels(), ", "))
	}
	if f.Actor != "" {
		parts = append(parts, "actor "+f.Actor)
	}
	if f.Asset != "" {
		parts = append(parts, "asset "+f.Asset)
	}
	if f.Findings {
		parts = append(parts, "steps with findings")
	}
	if f.Unreviewed {
		parts = append(parts, "steps without a verdict")
	}
	return strings.Join(parts, " · ")
}

func (f viewFilter) kindLabels() []string {
	out := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		out[i] = kindLabel[k]
	}
	sort.Strings(out)
	return out
}

// within ends a sentence about rows not found, saying the filter limited
// the look.
func (f viewFilter) within() string {
	if f.IsZero() {
		return ""
	}
	return " within the filter"
}

// jumpForms are the ways to write a time to go to; jumpHelp says they are
// UTC, where no "(UTC)" prompt says it already.
const (
	jumpForms = "15:04, 15:04:05, 2006-01-02 15:04 or RFC 3339"
	jumpHelp  = jumpForms + ", in UTC"
)

// parseJump reads a time to go to. A time of day alone is on day, the
// day of the selected row.
func parseJump(s string, day time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	for _, layout := range []string{"15:04:05", "15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			d := day.UTC()
			return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time; write %s", s, jumpHelp)
}
