package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// walkColumns is what a walk reads of each entry: a pass over the
// incident checked them (read_scan.go), so the payload is all it needs.
const walkColumns = `c.seq, c.payload`

// stepColumns is what the step walk reads of each entry through a row:
// walkColumns, and the entry's kind, subject and incident, which the walk
// holds to the row (ofRow); the row's id follows them.
const stepColumns = walkColumns + `, c.kind, c.subject, c.incident`

// A walk over an incident's steps reads them in batches: the next
// stepBatch step starts in step order, then each kind of record of the
// whole batch in one statement (answers, executions, verdicts, evidence),
// so a million-event incident costs a few thousand statements instead of
// several per step. Each batch statement names its ids in an IN list of
// placeholders, which both engines read the same way and answer with one
// index seek per id (listed.go).
var stepBatch = 256 // a variable so tests can cross batch edges on small incidents

const (
	// walkStarts is every step's first event in step order, on
	// events_subjects (inc, at, id) WHERE starts = 1.
	walkStarts = `SELECT ` + stepColumns + `, e.id FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.starts = 1 ORDER BY e.at, e.id`
	// batchAnswers is the decisions and executions answering any of a
	// batch's suggestions, on events_suggestion.
	batchAnswers = `SELECT ` + stepColumns + `, e.suggestion FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.suggestion IN (%s)`
	// batchExecutions is the executions carrying out any of a batch's
	// decisions, on events_decision.
	batchExecutions = `SELECT ` + stepColumns + `, e.decision FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.decision IN (%s)`
	// batchReviews is the verdicts naming any of a batch's subjects (or a
	// decision of one), on reviews_subject; a verdict's entry has its
	// subject for its own.
	batchReviews = `SELECT ` + stepColumns + `, r.subject FROM reviews r JOIN chain c ON c.seq = r.seq
		WHERE r.inc = ?1 AND r.subject IN (%s)`
	// batchEvidence is the evidence records with any of these ids, on
	// (inc, id); the kind is tested as an expression so that SQLite does
	// not take the evidence-only index and read all of the incident's.
	batchEvidence = `SELECT ` + stepColumns + `, e.id FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.id IN (%s) AND (e.kind || '') = 'evidence'`
	// batchEntries is the entries with these seqs after the incident's
	// own (?1 comes first: the list's placeholders number after it); the
	// ids of the rows they were found through are held (evidenceAt).
	batchEntries = `SELECT ` + stepColumns + `, '' FROM chain c WHERE c.seq > ?1 AND c.seq IN (%s)`
	// entryPayloads is the entries with these seqs, read on their own
	// when the window does not hold them (?1, the incident's entry, is in
	// the list only to come first).
	entryPayloads = `SELECT ` + stepColumns + `, '' FROM chain c WHERE c.seq IN (?1, %s)`
	// reviewedSubjectsOf is the subjects with a verdict, on
	// reviews_subject, up to a limit.
	reviewedSubjectsOf = `SELECT DISTINCT subject FROM reviews WHERE inc = ?1 LIMIT ?2`
	// assetEvidence is every evidence record of the incident that names
	// an asset, by asset and time: covered by events_asset_evidence.
	assetEvidence = `SELECT target, at, seq, id FROM events WHERE inc = ?1 AND kind = 'evidence' AND target IS NOT NULL ORDER BY target, at, id`
)

// With a window (walk_window.go) the walk asks the same indexes for the
// seqs and their rows' ids alone, and takes the entries from the pass.
// The answers and executions are held to what their rows file them under
// (answer), which events_suggestion and events_decision hold, not to their
// rows' ids, which they do not: reading those cost a seek into events a
// row, 0.8 s of a 5.3 s findings at a million events.
const (
	walkStartSeqs = `SELECT e.seq, e.id FROM events e
		WHERE e.inc = ?1 AND e.starts = 1 ORDER BY e.at, e.id`
	batchAnswerSeqs = `SELECT e.seq, e.suggestion FROM events e
		WHERE e.inc = ?1 AND e.suggestion IN (%s)`
	batchExecutionSeqs = `SELECT e.seq, e.decision FROM events e
		WHERE e.inc = ?1 AND e.decision IN (%s)`
	batchReviewSeqs = `SELECT r.seq, r.subject FROM reviews r
		WHERE r.inc = ?1 AND r.subject IN (%s)`
	batchEvidenceSeqs = `SELECT e.seq, e.id FROM events e
		WHERE e.inc = ?1 AND e.id IN (%s) AND (e.kind || '') = 'evidence'`
)

// EachStep walks an incident's review steps in step order on one read
// transaction (model.StepWalker).
func (d *DB) EachStep(ctx context.Context, incident string, start func(model.WalkStart) error, fn func(*model.Step) error) error {
	_, err := d.EachStepChecked(ctx, incident, start, fn)
	return err
}

// EachStepChecked is EachStep, and says what the walk's check of the
// chain went through: the incident's entries, each against its hash and
// the entries either side of it (read_scan.go), and the faults found in
// them or in any other entry the walk read. A report states its chain
// status from it.
func (d *DB) EachStepChecked(ctx context.Context, incident string, start func(model.WalkStart) error, fn func(*model.Step) error) (chain.Pass, error) {
	sw, err := d.walkSteps(ctx, incident, start, fn)
	if err != nil {
		if ctx.Err() != nil && closedBySQL(err) {
			// The context's end closed the walk's statements under it.
			err = internal(ctx.Err())
		}
		return chain.Pass{}, err
	}
	return chain.Pass{Entries: sw.r.cover.count(), Faults: sw.r.faults}, nil
}

// walkSteps is EachStepChecked, and gives the walk done.
func (d *DB) walkSteps(ctx context.Context, incident string, start func(model.WalkStart) error, fn func(*model.Step) error) (*stepWalk, error) {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	q := newStmtCache(tx)
	sw := &stepWalk{d: d, r: d.incidentReader(q, incident), inc: inc, incident: incident}
	if sw.chk, err = d.startPass(ctx, tx, sw.r, inc, incident, true); err != nil {
		return nil, err
	}
	sw.win = sw.chk.win
	return sw, sw.each(ctx, tx, start, fn)
}

// each walks the steps, handing them to fn as they are read
// (walk_handoff.go), then waits for the check beside it.
func (sw *stepWalk) each(ctx context.Context, tx *sql.Tx, start func(model.WalkStart) error, fn func(*model.Step) error) error {
	d, inc := sw.d, sw.inc
	defer sw.chk.stop()
	ws, err := sw.start(ctx)
	if err != nil {
		return err
	}
	if err := start(ws); err != nil {
		return err
	}
	query := walkStarts
	if sw.win != nil {
		query = walkStartSeqs
	}
	starts, err := sw.r.QueryContext(ctx, query, inc)
	if err != nil {
		return d.fail(err)
	}
	defer starts.Close()
	h := handTo(fn)
	err = sw.read(ctx, tx, starts, h)
	if ferr := h.wait(); ferr != nil {
		return ferr
	}
	if err != nil {
		return err
	}
	return sw.end(ctx)
}

// end waits for the check beside the walk, then holds what the walk read
// to what the pass counted: each section's rows (holdSections) and the
// steps (unwalked).
func (sw *stepWalk) end(ctx context.Context) error {
	if err := sw.chk.finish(ctx); err != nil {
		return sw.d.fail(err)
	}
	sw.r.holdSections()
	sw.unwalked()
	return nil
}

// unwalked notes the incident's suggestions that began no step the walk
// read, or its decisions and executions that it put in none. Every
// suggestion's row begins its step (its starts flag), and every answer's
// row files it under what it answers; a flag cleared or a column emptied
// outside signoff hid a step or an answer, and the findings on it, and
// findings said nothing (or made up a pending step). Which ones is
// verify's to name: the pass counts them, it does not list them. A walk
// that noted a fault already (a row moved: its step left out) says that
// one.
func (sw *stepWalk) unwalked() {
	c := sw.r.cover
	if c == nil || len(sw.r.faults) > 0 {
		return
	}
	switch {
	case c.suggestions > sw.suggestionSteps:
		sw.r.note(chain.Fault{Table: "events", Subject: sw.incident,
			Reason: fmt.Sprintf("%d of the incident's %d suggestions begin no step its rows name (a row's starts flag or the row was changed), so the rows were altered",
				c.suggestions-sw.suggestionSteps, c.suggestions)})
	case c.actions > sw.placed:
		sw.r.note(chain.Fault{Table: "events", Subject: sw.incident,
			Reason: fmt.Sprintf("%d of the incident's %d suggestions, decisions and executions are in no step its rows name (a row's starts flag, suggestion or decision was changed), so the rows were altered",
				c.actions-sw.placed, c.actions)})
	}
}

// begins reports whether the event read through a row whose starts flag
// is set begins a step: a suggestion, or a decision that answers none.
// Any other is noted and left out: the flag was set outside signoff, and
// the event would make up a step of its own.
func (sw *stepWalk) begins(e *model.Event) bool {
	if e.Kind == model.KindSuggestion || e.Kind == model.KindDecision && e.Suggestion == "" {
		return true
	}
	sw.r.note(chain.Fault{Table: "events", Subject: e.ID,
		Reason: fmt.Sprintf("the row of %s begins a step, but its record, %s, begins none, so the row was altered",
			model.Quote(e.ID), describeStart(e))})
	return false
}

// describeStart names what an event that begins no step is: "a note",
// "an execution", "a decision answering "S1"".
func describeStart(e *model.Event) string {
	if e.Kind == model.KindDecision {
		return "a decision answering " + model.Quote(e.Suggestion)
	}
	if k := string(e.Kind); k != "" && strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + k
	}
	return "a " + string(e.Kind)
}

// read reads the steps in batches, has their evidence read beside it
// (walk_evidence.go), and gives each batch to h, until the starts run out
// or fn stops the walk.
func (sw *stepWalk) read(ctx context.Context, tx *sql.Tx, starts *sql.Rows, h *handOff) (err error) {
	ev, err := sw.evidenceBeside(ctx, tx, h)
	if err != nil {
		return err
	}
	defer func() {
		if everr := ev.end(sw); err == nil {
			err = everr
		}
	}()
	for {
		batch, mark, err := sw.nextStarts(ctx, starts, stepBatch)
		if err != nil || len(batch) == 0 {
			return err
		}
		steps, err := sw.loadSteps(ctx, batch)
		if err != nil {
			return err
		}
		if !ev.give(readBatch{steps, mark}) {
			return nil // the evidence's error or fn's is the walk's
		}
	}
}

// readBatch is a batch of steps read but for their evidence, and the
// window's mark for reading it (walk_window.go).
type readBatch struct {
	steps []*model.Step
	mark  int64
}

// stepWalk is one walk over an incident's steps.
type stepWalk struct {
	d      *DB
	r      *reader
	chk    *incidentCheck
	win    *payloadWindow // the pass's payloads (walk_window.go); nil: read them
	missed int            // payloads read here, the window not holding them
	// suggestionSteps counts the steps read that begin with a suggestion,
	// placed the suggestions, decisions and executions put in steps.
	suggestionSteps, placed int64
	slots                   []windowSlot // eachSeq's, kept between its calls
	held                    []bool
	inc                     int64
	incident                string
	life                    *model.Lifecycle
	assets                  map[string]*model.Asset
	// byAsset is when each asset's evidence records were collected, in
	// the order (time, id) the rules read them, with their ids; held for
	// the whole walk, a few dozen bytes a record.
	byAsset map[string][]evidenceAt
	// reviewed is the subjects with a verdict (nil: too many to hold;
	// ask for every subject's).
	reviewed map[string]struct{}
	// evidence keeps the records read lately: neighbouring steps share
	// the records around their executions.
	kept    map[int64]model.Evidence
	keptIDs map[string]int64 // the kept records' ids
}

// nextStarts reads up to n step starts from the open cursor, and with a
// window the mark the batch is read under: the window holds what the
// batch's steps read from it on.
func (w *stepWalk) nextStarts(ctx context.Context, rows *sql.Rows, n int) ([]model.Event, int64, error) {
	out := make([]model.Event, 0, n) // grown by doubling, a batch of events was copied eight times
	if w.win == nil {
		for len(out) < n && rows.Next() {
			e, ok, err := w.event(ctx, rows)
			if err != nil {
				return nil, 0, err
			}
			if ok {
				out = append(out, e)
			}
		}
		return out, 0, w.d.fail(rows.Err())
	}
	seqs, ids := make([]int64, 0, n), make([]string, 0, n)
	for len(seqs) < n && rows.Next() {
		var seq int64
		var id string
		if err := rows.Scan(&seq, &id); err != nil {
			return nil, 0, w.d.fail(err)
		}
		seqs, ids = append(seqs, seq), append(ids, id)
	}
	if err := rows.Err(); err != nil || len(seqs) == 0 {
		return nil, 0, w.d.fail(err)
	}
	mark := slices.Min(seqs) - markMargin()
	w.win.mark(stepsMark, mark)
	err := w.eachSeq(ctx, func(e *readEntry) error {
		var ev model.Event
		if !w.ofRow(e, &ev) {
			return nil
		}
		if err := decodeEntry(e, &ev); err != nil {
			return err
		}
		ev.Normalize()
		out = append(out, ev)
		return nil
	}, seqs, ids)
	return out, mark, err
}

// event scans, checks and decodes one step's first event, false when its
// entry is not its row's record.
func (w *stepWalk) event(ctx context.Context, rows *sql.Rows) (model.Event, bool, error) {
	var ev model.Event
	e, err := w.entry(ctx, rows)
	if err != nil {
		return ev, false, w.d.fail(err)
	}
	if !w.ofRow(&e, &ev) {
		return ev, false, nil
	}
	if err := decodeEntry(&e, &ev); err != nil {
		return ev, false, w.d.fail(err)
	}
	ev.Normalize()
	return ev, true, nil
}

// entry scans stepColumns and the row's id (checked).
func (w *stepWalk) entry(ctx context.Context, rows interface{ Scan(...any) error }) (readEntry, error) {
	var seq int64
	var payload, kind, subject, incident, row string
	if err := rows.Scan(&seq, &payload, &kind, &subject, &incident, &row); err != nil {
		return readEntry{}, err
	}
	e, err := w.checked(ctx, seq, payload)
	e.Kind, e.Subject, e.Incident, e.row = kind, subject, incident, row
	return e, err
}

// misfiled notes an answer read through a row that files it under one of
// the batch's steps, whose entry answers none of them (answers, the
// suggestion or decision it answers): its row's suggestion or decision
// was changed outside signoff. Left out, as it always was; one moved to
// another step of the same batch still lands in its own.
func (w *stepWalk) misfiled(e *readEntry, id, answers string) {
	w.r.note(misfiled(e.Seq, id, answers))
}

// misfiled is the fault of the entry seq of event id, which answers
// answers, read through a row that files it under another step.
func misfiled(seq int64, id, answers string) chain.Fault {
	return chain.Fault{Seq: seq, Table: "events", Subject: id,
		Reason: fmt.Sprintf("the row of %s answers a step its entry does not (the entry answers %s), so the row was altered",
			model.Quote(id), model.Quote(answers))}
}

// ofRow reports whether the entry e, read through a row, is that row's
// record (reader.ofRow, with the row's id the walk read with it).
func (w *stepWalk) ofRow(e *readEntry, v any) bool { return w.r.ofRow(e, v, e.row) }

// answer decodes the entry e read through the row of an answer (a
// decision or an execution) found by what it answers: e.row is the
// suggestion or decision the row files it under, which the index that
// found it holds. It must be an event of the incident that answers that
// (answers gives what it answers); one that is not is noted and left out.
// Two answers of one step whose rows were swapped pass, each in its own
// step as the record has it; verify names them.
func (w *stepWalk) answer(e *readEntry, answers func(*model.Event) string) (model.Event, bool, error) {
	var ev model.Event
	if !w.r.ofRow(e, &ev, "") {
		return ev, false, nil
	}
	if err := decodeEntry(e, &ev); err != nil {
		return ev, false, err
	}
	ev.Normalize()
	if got := answers(&ev); got != e.row {
		w.r.note(chain.Fault{Seq: e.Seq, Table: "events", Subject: e.Subject,
			Reason: fmt.Sprintf("a row filed under %s points at it, but its record answers %s, so the row was altered",
				model.Quote(e.row), model.Quote(got))})
		return ev, false, nil
	}
	return ev, true, nil
}

// checked is the entry with seq, read as payload: as it is when the pass
// covers it, else read whole and checked on its own.
func (w *stepWalk) checked(ctx context.Context, seq int64, payload string) (readEntry, error) {
	if w.chk.covered(seq) {
		var e readEntry
		e.Seq, e.Payload = seq, payload
		return e, nil
	}
	whole, err := scanEntry(w.r.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", seq))
	if err != nil {
		return whole, err
	}
	w.r.check(&whole)
	return whole, nil
}

// eachEntry runs query and hands each entry, checked, to fn.
func (w *stepWalk) eachEntry(ctx context.Context, fn func(e *readEntry) error, query string, args ...any) error {
	rows, err := w.r.QueryContext(ctx, query, args...)
	if err != nil {
		return w.d.fail(err)
	}
	defer rows.Close()
	// Declared once: fn takes its address, which would otherwise put a
	// new one on the heap for every row.
	var e readEntry
	for rows.Next() {
		var err error
		if e, err = w.entry(ctx, rows); err != nil {
			return w.d.fail(err)
		}
		if err := fn(&e); err != nil {
			return w.d.fail(err)
		}
	}
	return w.d.fail(rows.Err())
}

// load reads the steps begun by a batch of starts, in their order.
func (w *stepWalk) load(ctx context.Context, starts []model.Event) ([]*model.Step, error) {
	steps, err := w.loadSteps(ctx, starts)
	if err != nil {
		return nil, err
	}
	return steps, w.evidence(ctx, steps)
}

// loadSteps is load but for the steps' evidence.
func (w *stepWalk) loadSteps(ctx context.Context, starts []model.Event) ([]*model.Step, error) {
	steps := make([]*model.Step, 0, len(starts))
	owner := map[string]*model.Step{} // suggestion or decision id -> its step
	var suggestions, decisions []string
	for i := range starts {
		if !w.begins(&starts[i]) {
			continue
		}
		s := &model.Step{Subject: starts[i].ID, Incident: w.incident, Lifecycle: w.life}
		if starts[i].Kind == model.KindSuggestion {
			w.suggestionSteps++
			s.Suggestion = &starts[i]
			suggestions = append(suggestions, s.Subject)
		} else {
			s.Decisions = []model.Event{starts[i]}
			decisions = append(decisions, s.Subject)
		}
		w.placed++
		steps, owner[s.Subject] = append(steps, s), s
	}
	if len(suggestions) > 0 {
		err := w.eachOf(ctx, func(e *readEntry) error {
			ev, ok, err := w.answer(e, func(ev *model.Event) string { return ev.Suggestion })
			if err != nil || !ok {
				return err
			}
			s := owner[ev.Suggestion]
			if s == nil || s.Suggestion == nil {
				w.misfiled(e, ev.ID, ev.Suggestion)
				return nil
			}
			if ev.Kind == model.KindDecision {
				s.Decisions = append(s.Decisions, ev)
				owner[ev.ID] = s
				decisions = append(decisions, ev.ID)
				w.placed++
			} else if ev.Decision == "" {
				s.Executions = append(s.Executions, ev)
				w.placed++
			}
			return nil
		}, batchAnswers, batchAnswerSeqs, anys(suggestions))
		if err != nil {
			return nil, err
		}
	}
	if len(decisions) > 0 {
		err := w.eachOf(ctx, func(e *readEntry) error {
			ev, ok, err := w.answer(e, func(ev *model.Event) string { return ev.Decision })
			if err != nil || !ok {
				return err
			}
			if s := owner[ev.Decision]; s != nil {
				s.Executions = append(s.Executions, ev)
				w.placed++
			} else {
				w.misfiled(e, ev.ID, ev.Decision)
			}
			return nil
		}, batchExecutions, batchExecutionSeqs, anys(decisions))
		if err != nil {
			return nil, err
		}
	}
	type verdict struct {
		seq int64
		r   model.Review
	}
	reviews := map[*model.Step][]verdict{}
	subjects := w.withVerdicts(append(slices.Clip(suggestions), decisions...))
	err := w.eachOf(ctx, func(e *readEntry) error {
		var rv model.Review
		if !w.ofRow(e, &rv) {
			return nil
		}
		if err := decodeEntry(e, &rv); err != nil {
			return err
		}
		rv.Normalize()
		if s := owner[rv.Subject]; s != nil {
			reviews[s] = append(reviews[s], verdict{e.Seq, rv})
		}
		return nil
	}, batchReviews, batchReviewSeqs, anys(subjects))
	if err != nil {
		return nil, err
	}
	for _, s := range steps {
		sortByTime(s.Decisions)
		sortByTime(s.Executions)
		if vs := reviews[s]; len(vs) > 0 {
			slices.SortFunc(vs, func(a, b verdict) int {
				if c := a.r.At.Compare(b.r.At); c != 0 {
					return c
				}
				return int(a.seq - b.seq)
			})
			for _, v := range vs {
				s.Reviews = append(s.Reviews, v.r)
			}
		}
		if a := s.Action(); a != nil && a.Target != "" {
			s.TargetAsset = w.assets[a.Target]
		}
	}
	return steps, nil
}

// sortByTime orders a step's events by time, then id, as review.Steps does.
func sortByTime(es []model.Event) {
	slices.SortStableFunc(es, func(a, b model.Event) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
