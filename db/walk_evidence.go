package db

import (
	"context"
	"database/sql"
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
