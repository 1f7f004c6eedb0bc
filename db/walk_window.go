package db

import (
	"math"
	"sync"
)

// A step walk takes the payloads it decodes from the pass over the chain
// beside it (read_scan.go) instead of reading each again: the pass reads
// every entry of the incident whole, in chain order, to check it, and
// keeps the payloads (with each entry's kind and subject) of the last
// windowSize seqs it read in a ring. The walk then asks its indexes for
// seqs and their rows' ids alone (no seek into the chain, no payload
// through the driver a second time) and takes each payload from the ring;
// one the ring no longer or never holds is read from the store and
// checked as before. An incident's records mostly lie in the chain
// in about the order the walk reads them (a step's answers and verdicts a
// few entries after its start), so the pass, a little ahead, holds what
// the walk asks for.
//
// The pass does not run away from the walk: each of the walk's two
// readers (the steps, and the evidence a batch behind) sets a mark, the
// lowest seq it still expects to ask for, and the pass publishes no seq
// whose slot would push a marked one out of the ring. A reader waits for
// the pass only for a seq the pass may still publish, so neither ever
// waits on the other for good; the walk closes the window when it ends,
// so a pass it stopped early does not wait on it (incidentCheck.stop).

// windowSize and windowChunk are variables so tests can run whole walks
// through a ring of a few slots.
var (
	windowSize  int64 = 1 << 14 // slots; a few MB of payloads
	windowChunk int64 = 512     // seqs the pass reads between publishing
)

// markMargin is how far below a batch's first start a reader marks: a
// step cites evidence collected before it.
func markMargin() int64 { return windowSize / 4 }

// payloadWindow is the ring the pass fills and the walk takes from.
type payloadWindow struct {
	mu    sync.Mutex
	moved *sync.Cond // hi, a mark or closed changed
	slots []windowSlot
	// Seqs below hi are published: the pass has gone past them. The ring
	// holds those from hi-windowSize+windowChunk on (the pass writes the
	// next chunk's slots while the walk reads).
	hi     int64
	marks  [2]int64 // the steps' reader's and the evidence reader's
	done   bool     // the pass has ended: nothing more is published
	closed bool     // the walk has ended: the pass no longer waits
}

// windowSlot is one seq's entry: its payload, and its kind and subject,
// which the walk holds to the row it read the seq through.
type windowSlot struct {
	seq                    int64
	payload, kind, subject string
}

// Which reader a mark is.
const (
	stepsMark = iota
	evidenceMark
)

// newWindow is a window for a pass starting at seq lo.
func newWindow(lo int64) *payloadWindow {
	w := &payloadWindow{slots: make([]windowSlot, windowSize), hi: lo, marks: [2]int64{lo, lo}}
	w.moved = sync.NewCond(&w.mu)
	return w
}

// limit is the highest the pass may publish up to: the lowest mark stays
// in the ring. A mark far below the ring (a walk gone back in the chain
// by more than the ring, an incident not recorded in step order) holds
// nothing back; one just below it (a batch's margin, as the walk begins)
// does. Called with mu held.
func (w *payloadWindow) limit() int64 {
	m := min(w.marks[0], w.marks[1])
	if m < w.hi-2*windowSize {
		return math.MaxInt64
	}
	return m + windowSize - windowChunk
}

// coming reports whether the pass is still to publish seq, soon: it may,
// and it has at most a ring's worth of seqs to read first. A reader
// waits for no other; it reads what it asks for on its own. Called with
// mu held.
func (w *payloadWindow) coming(seq int64) bool {
	return !w.done && seq >= w.hi && seq < min(w.limit(), w.hi+windowSize)
}

// put keeps the payload, kind and subject of the incident's entry seq,
// which the pass just read; seqs come in rising order. Only the pass
// calls it, and only it writes hi, so it reads hi without the lock.
func (w *payloadWindow) put(seq int64, payload string, kind, subject []byte) {
	if seq >= w.hi+windowChunk {
		w.publish(seq)
	}
	// This slot's seq lies below the ring's published part: no reader
	// looks at it now.
	s := &w.slots[seq%windowSize]
	s.seq, s.payload, s.kind, s.subject = seq, payload, kindOf(kind), string(subject)
}

// kindOf is an entry's kind read as bytes: signoff's own kinds without a
// copy, the pass reads a million of them.
func kindOf(b []byte) string {
	switch string(b) {
	case recEvent:
		return recEvent
	case recEvidence:
		return recEvidence
	case recReview:
		return recReview
	case recQueued:
		return recQueued
	}
	return string(b)
}

// publish makes the seqs below upTo readable, as far as the marks let it,
// waiting for them to move for the rest.
func (w *payloadWindow) publish(upTo int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.closed && upTo > w.limit() {
		if lim := w.limit(); lim > w.hi {
			// Publish what the marks let: a reader may be waiting for it.
			w.hi = lim
			w.moved.Broadcast()
		}
		w.moved.Wait()
	}
	w.hi = max(w.hi, upTo)
	w.moved.Broadcast()
}

// end says the pass has read all it will; through is the last seq of its
// range.
func (w *payloadWindow) end(through int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hi, w.done = max(w.hi, through+1), true
	w.moved.Broadcast()
}

// close says the walk has ended; the pass need not wait for it again.
func (w *payloadWindow) close() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	w.moved.Broadcast()
}

// mark sets reader which's mark: it asks for no seq below at from now on.
func (w *payloadWindow) mark(which int, at int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.marks[which] = at
	w.moved.Broadcast()
}

// take gives the entries of seqs the ring holds or will hold, in out (a
// zero slot and false in held where it does not), waiting for the pass
// where it has yet to publish one it may still publish.
func (w *payloadWindow) take(seqs []int64, out []windowSlot, held []bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	wait := int64(-1)
	for _, seq := range seqs {
		if w.coming(seq) {
			wait = max(wait, seq)
		}
	}
	for wait >= 0 && w.coming(wait) {
		w.moved.Wait()
	}
	low := w.hi - windowSize + windowChunk
	for i, seq := range seqs {
		s := &w.slots[seq%windowSize]
		if seq >= low && seq < w.hi && s.seq == seq {
			out[i], held[i] = *s, true
		} else {
			out[i], held[i] = windowSlot{}, false
		}
	}
}
