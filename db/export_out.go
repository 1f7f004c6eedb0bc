package db

import (
	"errors"
	"strconv"

	"github.com/signoff/signoff/model/format"
)

// The export's reading (SQLite stepping, the checks) fills one core; the
// pass beside it ends well before the export does, and re-indenting and
// writing 500 MB took most of a second more on the reading goroutine.
// exportOut runs the document writer on a goroutine of its own, a few
// batches of records behind the reading, in order. Payloads are strings,
// which nothing changes once read, so they go over as they are.

// outBatch records go over at a time; outDepth batches may wait.
const (
	outBatch = 256
	outDepth = 4
)

// outOp is one call of the writer: a Section when section is set, else a
// Record of payload, the payload of entry seq.
type outOp struct {
	section, payload string
	seq              int64
}

type exportOut struct {
	w      *format.DocumentWriter
	ops    chan []outOp
	failed chan struct{} // closed when the writer fails
	done   chan error
	batch  []outOp
	// refused is the record the writer refused (its payload is not JSON),
	// set before failed is closed.
	refused outOp
	// cur is the section being queued (an index of exportSections, or
	// -1), and got what was queued of each: the records' count and the
	// sum of their seqs, which the export holds to the chain's.
	cur int
	got [len(exportSections)]sectionTally
}

var errWriterStopped = errors.New("the export's writer stopped")

func startExportOut(w *format.DocumentWriter) *exportOut {
	o := &exportOut{w: w, ops: make(chan []outOp, outDepth), failed: make(chan struct{}), done: make(chan error, 1),
		batch: make([]outOp, 0, outBatch), cur: -1}
	go func() {
		var err error
		section := ""
		for batch := range o.ops {
			for i := 0; i < len(batch) && err == nil; i++ {
				if op := batch[i]; op.section != "" {
					w.Section(op.section)
					section = op.section
				} else if err = w.Record([]byte(op.payload)); err != nil {
					if errors.Is(err, format.ErrNotJSON) {
						o.refused = outOp{section: section, seq: op.seq}
					}
					close(o.failed)
				}
			}
		}
		o.done <- err
	}()
	return o
}

func (o *exportOut) section(name string) error {
	o.cur = -1
	for i, s := range exportSections {
		if s == name {
			o.cur = i
		}
	}
	return o.add(outOp{section: name})
}

func (o *exportOut) record(seq int64, payload string) error {
	if o.cur >= 0 {
		o.got[o.cur].n++
		o.got[o.cur].sum += seq
	}
	return o.add(outOp{payload: payload, seq: seq})
}

// add queues one call; it fails once the writer has, so the reading stops.
func (o *exportOut) add(op outOp) error {
	if o.batch = append(o.batch, op); len(o.batch) < outBatch {
		return nil
	}
	// The writer drains the channel after it failed, so a select with both
	// cases ready could go on sending: look at failed first.
	select {
	case <-o.failed:
		return errWriterStopped
	default:
	}
	select {
	case o.ops <- o.batch:
	case <-o.failed:
		return errWriterStopped
	}
	o.batch = make([]outOp, 0, outBatch)
	return nil
}

// finish hands over what is queued and waits until it is written; it
// returns the writer's error: a payload the writer refused is one signoff
// did not write, whatever its hash says, and the export stops there as at
// any entry that does not verify. After it, the document writer is the
// caller's again.
func (o *exportOut) finish() error {
	if len(o.batch) > 0 {
		select {
		case o.ops <- o.batch:
		case <-o.failed:
		}
		o.batch = nil
	}
	close(o.ops)
	err := <-o.done
	if r := o.refused; r.seq != 0 {
		table := r.section
		if table == "evidence" {
			table = "events"
		}
		f := notARecord(r.seq, "", "", err)
		f.Table = table
		return tampered("export stopped at the record of entry "+strconv.FormatInt(r.seq, 10)+", so it is incomplete", f)
	}
	return err
}
