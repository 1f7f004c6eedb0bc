package db

import (
	"context"
	"database/sql"
	"slices"
	"sort"

	"github.com/signoff/signoff/model"
)

// A walk reads each batch's evidence records on a second read transaction
// of the same snapshot, on a goroutine of its own, while it reads the next
// batch's steps: the reading was the walk's critical path, one core's
// work, and the evidence is a third of it. The second transaction sees
// the walk's snapshot when no entry was written between the two (the
// mechanism of the pass beside the walk, read_scan.go); when one was, the
// evidence is read on the walk's own transaction, in turn. Batches keep
// their order: the evidence goroutine alone holds the records kept
// between batches, and hands each batch on to fn when it is done.

// evidenceReader reads the evidence of the batches it is given, then
// hands them to h.
type evidenceReader struct {
	w       *stepWalk // the walk, reading on the second transaction when there is one
	h       *handOff
	ctx     context.Context
	tx      *besideRead // the second transaction; nil when reading in turn
	q       *stmtCache  // its statements
	batches chan readBatch
	stopped chan struct{} // closed when reading evidence failed or fn stopped
	done    chan struct{} // closed when the goroutine has returned
	err     error         // the evidence's error; read after done
}

// evidenceBeside starts the evidence reader of sw, whose steps are read
// on tx, on a second transaction when it sees tx's snapshot.
func (sw *stepWalk) evidenceBeside(ctx context.Context, tx *sql.Tx, h *handOff) (*evidenceReader, error) {
	e := &evidenceReader{w: sw, h: h, ctx: ctx}
	second, _, err := sw.d.besideTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	if second == nil {
		return e, nil // a write landed in between: read in turn
	}
	e.tx, e.q = second, newStmtCache(second.Tx)
	w := *sw // shares the walk's check and asset index, which it only reads
	w.r = sw.d.incidentReader(e.q, sw.incident)
	w.slots, w.held = nil, nil // its own buffers
	e.w = &w
	e.batches, e.stopped, e.done = make(chan readBatch, 1), make(chan struct{}), make(chan struct{})
	go e.run()
	return e, nil
}

// run reads each batch's evidence and hands the batch on, until the
// batches end; after a failure it drains what was sent before the walk
// heard.
func (e *evidenceReader) run() {
	defer close(e.done)
	failed := false
	for b := range e.batches {
		if failed {
			continue
		}
		if !e.read(b) {
			failed = true
			close(e.stopped)
		}
	}
}

// read reads a batch's evidence and hands it to fn's goroutine; false
// when the walk must stop.
func (e *evidenceReader) read(b readBatch) bool {
	if e.w.win != nil {
		e.w.win.mark(evidenceMark, b.mark)
	}
	if e.err = e.w.evidence(e.ctx, b.steps); e.err != nil {
		return false
	}
	return e.h.give(b.steps)
}

// give passes a batch on; false once the walk must stop (the evidence's
// error, or fn's).
func (e *evidenceReader) give(b readBatch) bool {
	if e.batches == nil {
		return e.read(b)
	}
	select {
	case <-e.stopped: // run drains after it stopped: do not send on
		return false
	default:
	}
	select {
	case e.batches <- b:
		return true
	case <-e.stopped:
		return false
	}
}

// end waits for the evidence reader, closes its transaction, counts the
// faults of entries it checked on its own among the walk's, and returns
// its error.
func (e *evidenceReader) end(sw *stepWalk) error {
	if e.batches == nil {
		return e.err
	}
	close(e.batches)
	<-e.done
	e.tx.end()
	sw.r.faults = append(sw.r.faults, e.w.r.faults...)
	sw.missed += e.w.missed
	return e.err
}

// evidence gives each step of a batch the records the rules and the
// report read (model.StepWalker): which ones comes from the asset index,
// and the records are read for the whole batch in two statements.
func (w *stepWalk) evidence(ctx context.Context, steps []*model.Step) error {
	if len(w.kept) > maxKeptEvidence {
		w.kept, w.keptIDs = nil, nil
	}
	if w.kept == nil {
		w.kept, w.keptIDs = map[int64]model.Evidence{}, map[string]int64{}
	}
	var cited, ids []string
	var seqs []int64
	asked := map[string]bool{}
	for _, s := range steps {
		for _, id := range s.CitedEvidence() {
			if _, ok := w.keptIDs[id]; !ok && !asked[id] {
				asked[id] = true
				cited = append(cited, id)
			}
		}
		w.around(s, func(e evidenceAt) {
			if _, ok := w.kept[e.seq]; !ok {
				w.kept[e.seq] = model.Evidence{} // read below
				seqs, ids = append(seqs, e.seq), append(ids, e.id)
			}
		})
	}
	add := func(e *readEntry) error {
		var ev model.Evidence
		if !w.ofRow(e, &ev) {
			return nil // kept as read, with no record
		}
		if err := decodeEntry(e, &ev); err != nil {
			return err
		}
		ev.Normalize()
		w.kept[e.Seq], w.keptIDs[ev.ID] = ev, e.Seq
		return nil
	}
	if len(cited) > 0 {
		if err := w.eachOf(ctx, add, batchEvidence, batchEvidenceSeqs, anys(cited)); err != nil {
			return err
		}
	}
	if len(seqs) > 0 && w.win != nil {
		if err := w.eachSeq(ctx, add, seqs, ids); err != nil {
			return err
		}
	} else if len(seqs) > 0 {
		// The entries come in any order: each is held to its row's id.
		rowOf := make(map[int64]string, len(seqs))
		for i, seq := range seqs {
			rowOf[seq] = ids[i]
		}
		err := w.eachListed(ctx, func(e *readEntry) error {
			e.row = rowOf[e.Seq]
			return add(e)
		}, batchEntries, anys(seqs))
		if err != nil {
			return err
		}
	}
	for _, s := range steps {
		// A step mostly carries a handful of records: a look through them
		// is cheaper than a map for every step; one that cites many gets
		// the map.
		var seen map[string]bool
		keep := func(ev model.Evidence) {
			if ev.ID == "" {
				return
			}
			if seen == nil && len(s.Evidence) > 16 {
				seen = make(map[string]bool, 2*len(s.Evidence))
				for i := range s.Evidence {
					seen[s.Evidence[i].ID] = true
				}
			}
			if seen != nil {
				if seen[ev.ID] {
					return
				}
				seen[ev.ID] = true
			} else if slices.ContainsFunc(s.Evidence, func(k model.Evidence) bool { return k.ID == ev.ID }) {
				return
			}
			s.Evidence = append(s.Evidence, ev)
		}
		for _, id := range s.CitedEvidence() {
			if seq, ok := w.keptIDs[id]; ok {
				keep(w.kept[seq])
			}
		}
		w.around(s, func(e evidenceAt) { keep(w.kept[e.seq]) })
		model.SortEvidence(s.Evidence)
	}
	return nil
}

// maxKeptEvidence bounds the evidence records a walk keeps between
// batches.
const maxKeptEvidence = 8192

// around visits what a step carries of its targets' records: the first
// record of each target, and for each execution the target's last record
// collected before it and the first collected at or after it.
func (w *stepWalk) around(s *model.Step, visit func(evidenceAt)) {
	for _, t := range s.Targets() {
		if list := w.byAsset[t]; len(list) > 0 {
			visit(list[0])
		}
	}
	for i := range s.Executions {
		x := &s.Executions[i]
		a := s.ActionOf(s.DecisionOf(x))
		if a == nil || a.Target == "" {
			continue
		}
		list := w.byAsset[a.Target]
		at := cursorNanos(model.Cursor{At: x.At})
		i := sort.Search(len(list), func(k int) bool { return list[k].at >= at })
		if i > 0 {
			visit(list[i-1])
		}
		if i < len(list) {
			visit(list[i])
		}
	}
}
