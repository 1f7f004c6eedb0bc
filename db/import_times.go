package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
)

// feedSkew is how far ahead of this machine's clock an imported time may
// be: a feed's clock may run a little fast, and five minutes is the skew
// Kerberos tolerates between clocks kept by NTP. Further ahead is a wrong
// clock, a wrong time zone or a hostile feed: a status change or a verdict
// from the future stays the one in force until then, and nothing recorded
// now can supersede it. The same allowance lets a record come that much
// before the suggestion it answers, since the two may be timed
// by different clocks (a suggestion from a fast feed, decided at once in
// the queue, must still import elsewhere).
const feedSkew = 5 * time.Minute

// feedTimes is what the time checks keep of the incident being read: the
// times of its suggestions read lately (Unix nanoseconds, as the events
// table keeps them), so that most decisions and executions find the time
// of the suggestion they answer without a query, and the records that name
// one not read yet (forward references), as their seq and line only,
// checked when the incident ends.
type feedTimes struct {
	recent map[string]int64
	later  []deferredRef
}

// checkTimes refuses a record, once written, timed more than feedSkew
// ahead of this machine's clock, and a decision, approval or execution
// timed before the suggestion it names (when that one is known already).
// The record's own checks come first: an event a stream may not append
// at all is refused for that.
func (s *stream) checkTimes(ctx context.Context, p *parsed) error {
	switch v := p.v.(type) {
	case *model.Incident:
		return s.incidentAhead(v)
	case *model.Evidence:
		return s.ahead("evidence "+v.ID, "collected_at", v.CollectedAt)
	case *model.Review:
		return s.ahead("review of "+v.Subject+" by "+model.Quote(v.Reviewer), "at", v.At)
	case *model.StatusChange:
		return s.ahead("status change "+v.ID, "at", v.At)
	case *model.Event:
		if err := s.ahead(string(v.Kind)+" "+v.ID, "at", v.At); err != nil {
			return err
		}
		for _, ap := range v.Approvals {
			if err := s.ahead(string(v.Kind)+" "+v.ID+", the approval by "+model.Quote(ap.By), "at", ap.At); err != nil {
				return err
			}
		}
		return s.eventOrder(ctx, v)
	}
	return nil
}

// incidentAhead checks the times of an incident this import creates; a
// stream appended to a stored incident repeats it as it was recorded.
func (s *stream) incidentAhead(i *model.Incident) error {
	if s.new == nil {
		return nil
	}
	if err := s.ahead("incident "+i.ID, "opened_at", i.OpenedAt); err != nil {
		return err
	}
	if i.ClosedAt != nil {
		return s.ahead("incident "+i.ID, "closed_at", *i.ClosedAt)
	}
	return nil
}

// ahead refuses t when it is more than feedSkew ahead of the store's clock
// as the import read it when it began: the moment its chain entries
// carry, since a write reads the clock once (WithClock).
func (s *stream) ahead(what, field string, t time.Time) error {
	now := s.w.at
	if !t.After(now.Add(feedSkew)) {
		return nil
	}
	return format.ErrorAt(s.name, s.line, 0, fmt.Sprintf("%s: field %q is %s, %s ahead of this machine's clock (%s); an imported time may be at most %s ahead: check the clock and the time zone of the system that wrote it",
		what, field, t.UTC().Format(time.RFC3339Nano), apart(t.Sub(now)), now.Format(time.RFC3339), apart(feedSkew)))
}

// eventOrder remembers the time of a suggestion, and checks a decision or
// execution against the suggestion it names, now when that is known, else
// when the incident ends (checkLaterTimes).
func (s *stream) eventOrder(ctx context.Context, e *model.Event) error {
	if e.Kind == model.KindSuggestion {
		s.times.remember(e.ID, e.At.UnixNano())
	}
	ref := named(e)
	if ref == "" {
		return nil
	}
	at, ok, err := s.suggestedAt(ctx, ref)
	if err != nil {
		return s.fail(err)
	}
	if !ok {
		// The record was the last queued.
		s.times.later = append(s.times.later, deferredRef{seq: s.w.seq, line: s.line})
		return nil
	}
	return s.beforeNamed(s.line, e, ref, at)
}

// named is the suggestion a decision answers, or an execution acts on
// with no decision; "" when none. An execution may come before the
// decision it carries out: a decision made by phone and recorded
// afterwards is recorded as it came (the sample INC-2044 has one), and the
// approval-after-execution finding reports it.
func named(e *model.Event) string {
	if e.Kind == model.KindDecision || e.Kind == model.KindExecution {
		return e.Suggestion
	}
	return ""
}

// beforeNamed refuses e, read on line, when it or one of its approvals is
// timed more than feedSkew before suggestion ref, timed at.
func (s *stream) beforeNamed(line int, e *model.Event, ref string, at int64) error {
	refAt := fromNanos(at)
	earliest := refAt.Add(-feedSkew)
	relation := map[model.EventKind]string{model.KindDecision: "it answers", model.KindExecution: "it acts on"}[e.Kind]
	refused := func(what string, t time.Time) error {
		return format.ErrorAt(s.name, line, 0, fmt.Sprintf("%s is timed %s, %s before suggestion %s %s (%s); nothing can answer a suggestion before it was made (clocks may differ by %s at most)",
			what, t.UTC().Format(time.RFC3339Nano), apart(refAt.Sub(t)), ref, relation, refAt.Format(time.RFC3339Nano), apart(feedSkew)))
	}
	if e.At.Before(earliest) {
		return refused(string(e.Kind)+" "+e.ID, e.At)
	}
	for _, ap := range e.Approvals {
		if ap.At.Before(earliest) {
			return refused(fmt.Sprintf("the approval by %s of %s %s", model.Quote(ap.By), e.Kind, e.ID), ap.At)
		}
	}
	return nil
}

// checkLaterTimes checks, once every record of the incident is written,
// the decisions and executions read before what they name, and forgets
// the incident's times. A record whose reference never came was refused
// by the reference checks before this.
func (s *stream) checkLaterTimes(ctx context.Context) error {
	later := s.times.later
	s.times = feedTimes{}
	for _, d := range later {
		var payload string
		if err := s.w.tx.QueryRowContext(ctx, "SELECT payload FROM chain WHERE seq = ?", d.seq).Scan(&payload); err != nil {
			return s.failAt(err, fmt.Sprintf("%s line %d", s.name, d.line))
		}
		var e model.Event
		if err := json.Unmarshal([]byte(payload), &e); err != nil {
			return s.failAt(err, fmt.Sprintf("%s line %d", s.name, d.line))
		}
		ref := named(&e)
		at, ok, err := s.suggestedAt(ctx, ref)
		if err != nil {
			return s.failAt(err, fmt.Sprintf("%s line %d", s.name, d.line))
		}
		if ok {
			if err := s.beforeNamed(d.line, &e, ref, at); err != nil {
				return err
			}
		}
	}
	return nil
}

const suggestedQuery = "SELECT at FROM events WHERE inc = ? AND id = ? AND kind = 'suggestion'"

// suggestedAt is the time of the incident's suggestion id: read lately,
// or stored (by an earlier import, or flushed by this one). One that is
// neither, read before the kept times were emptied and still waiting for
// the next flush, is looked for again when the incident ends.
func (s *stream) suggestedAt(ctx context.Context, id string) (int64, bool, error) {
	if at, ok := s.times.recent[id]; ok {
		return at, true, nil
	}
	st, err := s.w.stmt(ctx, suggestedQuery)
	if err != nil {
		return 0, false, err
	}
	var at int64
	err = st.QueryRowContext(ctx, s.w.inc, id).Scan(&at)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return at, err == nil, err
}

// remember keeps the time of a suggestion; the map is emptied when full,
// so it holds at most recentIDs ids however long the stream.
func (f *feedTimes) remember(id string, at int64) {
	if f.recent == nil {
		f.recent = map[string]int64{}
	}
	if len(f.recent) >= recentIDs {
		clear(f.recent)
	}
	f.recent[id] = at
}

// apart says a span of time the way people do: in whole years, days or
// hours when it is that long, else to the second, so that a time just
// past the skew does not read as the skew itself.
func apart(d time.Duration) string {
	const day = 24 * time.Hour
	d = d.Round(time.Second)
	switch {
	case d >= 2*365*day:
		return fmt.Sprintf("%d years", d/(365*day))
	case d >= 2*day:
		return fmt.Sprintf("%d days", d/day)
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d >= 2*time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return gate.Duration(d)
}
