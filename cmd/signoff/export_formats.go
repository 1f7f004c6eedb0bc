package main

import (
	"slices"

	"context"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
	"github.com/signoff/signoff/model/export/ocsf"
	"github.com/signoff/signoff/model/export/timesketch"
	"github.com/signoff/signoff/review"
)

// exportFor writes the incident for Timesketch or an OCSF pipeline, one
// line per record as the store walks the incident in time order.
func (a *app) exportFor(ctx context.Context, s database, incident, formatName string, w io.Writer) error {
	out := &lineBlocks{w: w}
	return out.flush(a.exportLines(ctx, s, incident, formatName, out.add))
}

// exportLine is one line of an export, written by its own encoder.
type exportLine interface {
	AppendJSON(b []byte) ([]byte, error)
}

// exportLines hands emit each line of the export in order: the incident's
// opening, then every record in time order, the status changes among them,
// and the incident record's own closing where it falls (export.Life).
func (a *app) exportLines(ctx context.Context, s database, incident, formatName string, emit func(exportLine) error) error {
	sum, err := s.IncidentSummary(ctx, incident)
	if err != nil {
		return err
	}
	roster, err := s.Roster(ctx, incident)
	if err != nil {
		return err
	}
	p, err := a.policy()
	if err != nil {
		return err
	}
	// The incident as recorded: the status changes the walk hands out
	// move it from its imported status to the one in force.
	inc := sum.Recorded()
	// Every status change, in record order: a signature is judged in its
	// place among them, and the walk hands them out in time order.
	changes, err := s.StatusHistory(ctx, incident)
	if err != nil {
		return err
	}
	j := &judge{policy: p, incident: inc, roster: roster, idx: roster.Index(), changes: changes, findings: map[*model.Step]map[string][]export.Finding{}}
	walk := func(ctx context.Context, fn func(model.TimelineRecord) error) error {
		return s.EachRecord(ctx, incident, fn)
	}
	var (
		opening, closing exportLine
		line             func(model.TimelineRecord, export.Context) (exportLine, bool)
	)
	if formatName == "timesketch" {
		open, end := timesketch.Status(inc, false), timesketch.Status(inc, true)
		opening, closing = &open, &end
		line = func(rec model.TimelineRecord, c export.Context) (exportLine, bool) {
			l := timesketch.Record(inc.ID, rec, c)
			return &l, true
		}
	} else {
		m := ocsf.Mapper{Incident: inc, Roster: j.idx}
		open, end := m.IncidentFinding(false), m.IncidentFinding(true)
		opening, closing = &open, &end
		line = func(rec model.TimelineRecord, c export.Context) (exportLine, bool) {
			e, ok := m.Record(rec, c)
			return &e, ok
		}
	}
	if err := emit(opening); err != nil {
		return err
	}
	life := export.NewLife(inc)
	err = pipeRecords(ctx, walk, func(rec model.TimelineRecord) error {
		if life.ClosingBefore(rec) {
			if err := emit(closing); err != nil {
				return err
			}
		}
		c := j.context(rec)
		if rec.Status != nil {
			c.Previous = life.Change(rec.Status)
		}
		if l, ok := line(rec, c); ok {
			return emit(l)
		}
		return nil
	})
	if err == nil && life.ClosingAtEnd() {
		err = emit(closing)
	}
	return err
}

// lineBlocks gathers encoded lines and writes them in blocks of about
// 64 KiB: one write per line was a system call per record.
type lineBlocks struct {
	w   io.Writer
	buf []byte
}

// add appends one line; a line that fails to encode leaves nothing.
func (lb *lineBlocks) add(l exportLine) error {
	n := len(lb.buf)
	buf, err := l.AppendJSON(lb.buf)
	if err != nil {
		lb.buf = buf[:n]
		return err
	}
	lb.buf = buf
	if len(lb.buf) >= 64<<10 {
		_, err = lb.w.Write(lb.buf)
		lb.buf = lb.buf[:0]
	}
	return err
}

// flush writes what is gathered, also when the walk stopped part way
// (err), as a line-at-a-time writer would have; it returns err first.
func (lb *lineBlocks) flush(err error) error {
	if len(lb.buf) > 0 {
		_, werr := lb.w.Write(lb.buf)
		lb.buf = lb.buf[:0]
		if err == nil {
			err = werr
		}
	}
	return err
}

// judge works out what signoff says about each record: the policy's
// class and tier of its action, and the findings about it, checked once
// per step (the walk hands every record of a step the same *Step).
type judge struct {
	policy   *review.Policy
	incident model.Incident // as recorded
	roster   model.Roster
	idx      model.RosterIndex
	changes  []model.StatusChange // the incident's, in record order
	findings map[*model.Step]map[string][]export.Finding
	order    []*model.Step
}

// keptFindings bounds the steps whose findings are kept, as the walk
// bounds the steps it keeps.
const keptFindings = 4096

func (j *judge) context(rec model.TimelineRecord) export.Context {
	if rec.Status != nil {
		// A status change is the one record the exports call "signed":
		// judged as the screens judge it (one SSHSIG check, ~55µs).
		return export.Context{Findings: j.statusFindings(rec.Status), Signature: j.statusProof(rec.Status).Check()}
	}
	st := rec.Step
	if st == nil {
		return export.Context{}
	}
	var c export.Context
	var action *model.Action
	switch e := rec.Event; {
	case e == nil:
	case e.Kind == model.KindSuggestion:
		action = e.Action
		c.Pending = len(st.Decisions) == 0 && len(st.Executions) == 0
	case e.Kind == model.KindDecision:
		action = st.ActionOf(e)
	case e.Kind == model.KindExecution:
		action = st.ActionOf(st.DecisionOf(e))
	}
	if action != nil {
		var target *model.Asset
		if t, ok := j.idx.Assets[action.Target]; ok {
			target = &t
		}
		c.Class, c.Tier = j.policy.Classify(*action, target)
	}
	if e := rec.Event; e != nil && e.ID == st.Subject {
		if r := st.LatestReview(); r != nil {
			c.Verdict = r.Verdict
		}
	}
	if e := rec.Event; e != nil {
		c.Findings = j.stepFindings(st)[e.ID]
	}
	return c
}

func (j *judge) stepFindings(st *model.Step) map[string][]export.Finding {
	if fs, ok := j.findings[st]; ok {
		return fs
	}
	fs := map[string][]export.Finding{}
	for _, f := range review.IndexedStepFindings(st, j.idx, j.policy) {
		fs[f.Subject] = append(fs[f.Subject], export.Finding{Code: f.Code, Level: f.Level, Message: f.Message})
	}
	if len(j.order) == keptFindings {
		delete(j.findings, j.order[0])
		j.order = j.order[1:]
	}
	j.findings[st], j.order = fs, append(j.order, st)
	return fs
}

// statusProof judges c's signature in its place among the incident's
// changes (one recorded after they were read follows them all).
func (j *judge) statusProof(c *model.StatusChange) review.Proof {
	for i := range j.changes {
		if j.changes[i].ID == c.ID {
			return j.policy.StatusProof(j.incident.ID, j.changes, i)
		}
	}
	all := append(slices.Clip(j.changes), *c)
	return j.policy.StatusProof(j.incident.ID, all, len(all)-1)
}

// statusFindings are the findings about one status change, as `signoff
// findings` reports them after the steps': each change is judged on its
// own, by the incident as recorded, its roster and the policy.
func (j *judge) statusFindings(c *model.StatusChange) []export.Finding {
	start := model.WalkStart{Incident: j.incident, StatusChanges: []model.StatusChange{*c}, Roster: j.roster}
	var out []export.Finding
	for _, f := range review.NewStepChecker(start, j.policy).Finish() {
		out = append(out, export.Finding{Code: f.Code, Level: f.Level, Message: f.Message})
	}
	return out
}
