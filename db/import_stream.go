package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// ImportStream imports an NDJSON record stream as actor, all or nothing:
// each incident line starts an incident, and the records after it, until
// the next incident line, belong to it in any order and may refer forward
// (within that incident only). A stream for an incident that exists appends
// to it (new ids only). It returns one result per incident, in stream
// order. The stream is decoded line by line and never held whole; every
// incident in it is written in one transaction, so a bad line anywhere
// refuses the whole file.
func (d *DB) ImportStream(ctx context.Context, name string, r io.Reader, actor string) ([]model.ImportResult, error) {
	return d.importStream(ctx, name, r, actor, false)
}

// ImportGateStream is ImportStream for the approval gate's own records:
// the one import that may write, into a stored incident, the ids the gate
// gives its records (gate.Reserved). signoff import never calls it.
func (d *DB) ImportGateStream(ctx context.Context, name string, r io.Reader, actor string) ([]model.ImportResult, error) {
	return d.importStream(ctx, name, r, actor, true)
}

func (d *DB) importStream(ctx context.Context, name string, r io.Reader, actor string, byGate bool) ([]model.ImportResult, error) {
	tx, done, err := d.eng.BeginImport(ctx)
	if err != nil {
		return nil, d.fail(err)
	}
	defer done()
	defer tx.Rollback()
	w, err := d.newWriter(ctx, tx, actor, d.now())
	if err != nil {
		return nil, d.fail(err)
	}
	s := &stream{d: d, name: name, w: w, byGate: byGate}
	defer s.closeRefs()
	if err := s.read(ctx, func(pr *preparer, out chan<- []parsed, done <-chan struct{}) {
		parseLines(pr, r, out, done)
	}); err != nil {
		return nil, err
	}
	if err := s.finish(ctx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, d.fail(err)
	}
	return s.done, nil
}

// stream is one stream import in progress. The fields after done describe
// the incident being read; a new incident line finishes it and resets them.
type stream struct {
	d    *DB
	name string
	w    *writer
	line int
	done []model.ImportResult // incidents finished, in stream order

	refs *streamRefs
	res  model.ImportResult
	from int64  // first seq written for this incident by this stream
	new  *tally // the incident's counts, when this stream creates it

	// lost says the database refused a statement: the transaction is
	// lost, and that refusal is the error to report (failAt).
	lost bool
	// batchFrom is the line of the first record whose rows wait for the
	// next flush, 0 when none do.
	batchFrom int

	// deferred records whose references did not resolve when they were
	// read: they may point forward. Only their seq and line are kept.
	deferred   []deferredRef
	header     model.Incident
	headerLine int

	// document says the records come from an incident document, not a
	// stream: the incident must be new, and a problem is worded as the
	// document's checks word it (see import_document.go).
	document bool
	// incidents holds the ids of the incidents stored and created by this
	// import, read on the first new one, so none reads like another.
	incidents  *alike.Index
	agentLines map[string]int // the line of each agent read, for a loop in their chains
	// byGate says the approval gate writes the stream: it alone may take
	// the ids it gives its records (see takesGateID).
	byGate bool
	// gateAlike holds whether an event's actor reads like the gate's
	// name, for the actors read so far (see readsLikeGate).
	gateAlike map[string]bool
	times     feedTimes // what the time checks keep (import_times.go)
}

func (s *stream) closeRefs() {
	if s.refs != nil {
		s.refs.close()
	}
}

type deferredRef struct {
	seq   int64
	line  int
	agent bool // an agent's: a document checks those before the rest
}

// parsed is one decoded line; the decoding runs on another goroutine than
// the writing, so the two overlap on a multi-core machine.
type parsed struct {
	line int
	kind string // the chain entry's kind
	v    any    // *model.Incident, *model.Person, …
	rec  prepared
	err  error
}

const parseBatch = 256

// parseBytes bounds a batch of parsed records by their size as parseBatch
// does by count, so the records decoded ahead of the writer (the batches
// the channel holds) stay a few MiB however large each one is.
const parseBytes = 4 << 20

// read writes the records parse decodes on another goroutine: in order,
// in batches, until it closes out; it stops early when done is closed.
//
// done is closed once the writer has refused a record, or returned. A
// document's reading then goes on for the document's shape only, and the
// writer waits for it: a problem with the shape (a field the document
// does not have, format.IsShape) is the one reported, ahead of a record
// refused before it, as the document's own reading does (ReadDocument).
func (s *stream) read(ctx context.Context, parse func(pr *preparer, out chan<- []parsed, done <-chan struct{})) error {
	batches := make(chan []parsed, 4)
	done, gone := make(chan struct{}), make(chan struct{})
	defer close(gone)
	var once sync.Once
	stop := func() { once.Do(func() { close(done) }) }
	defer stop()
	go parse(&preparer{name: s.name, at: s.w.atText, actor: s.w.actor, gone: gone}, batches, done)
	for {
		var batch []parsed
		select {
		case b, ok := <-batches:
			if !ok {
				return nil
			}
			batch = b
		case <-ctx.Done():
			// Stopped (ctrl+c) while the reading sends nothing: it waits
			// for input, or holds a document's records until its incident.
			return ctx.Err()
		}
		for i := range batch {
			p := &batch[i]
			s.line = p.line
			err := p.err
			if err == nil {
				err = ctx.Err()
			}
			if err == nil {
				err = s.apply(ctx, p)
			}
			if err != nil {
				// Rows still pending come from earlier lines: a problem
				// with one of them is the one to report, unless the
				// database refused a statement already (see failAt).
				if !s.lost {
					if ferr := s.flush(ctx); ferr != nil {
						err = ferr
					}
				}
				stop()
				if shape := s.shapeAfter(ctx, err, batch[i+1:], batches); shape != nil {
					return shape
				}
				return err
			}
		}
	}
}

// shapeAfter is, for a document whose writing stopped at err, the
// problem with the document's shape that its reading finds in the rest
// (rest of the batch, then the batches to come), if any. A stream's lines
// are judged in order, and an interrupted import waits for nothing.
func (s *stream) shapeAfter(ctx context.Context, err error, rest []parsed, batches <-chan []parsed) error {
	if !s.document || ctx.Err() != nil || format.IsShape(err) {
		return nil
	}
	for {
		for _, p := range rest {
			if format.IsShape(p.err) {
				return p.err
			}
		}
		select {
		case b, ok := <-batches:
			if !ok {
				return nil
			}
			rest = b
		case <-ctx.Done():
			return nil
		}
	}
}

// parseLines reads and decodes the stream line by line, sending batches in
// order; it stops at the first error (sent as the last record) or when done
// is closed. Memory is bounded by the channel: lines are never accumulated.
func parseLines(pr *preparer, r io.Reader, out chan<- []parsed, done <-chan struct{}) {
	defer close(out)
	lines := format.NewLineReader(pr.name, r)
	dec := format.NewStreamDecoder(pr.name)
	b := newParsedBatches(out, done)
	defer b.flush()
	for {
		line, text, err := lines.Next()
		if errors.Is(err, io.EOF) {
			if err = dec.End(); err == nil {
				break
			}
		}
		p := parsed{line: line, err: err}
		if err == nil {
			p = pr.parse(dec, line, text)
		}
		if !b.add(p) {
			return
		}
	}
}

// parsedBatches sends parsed records to the writer parseBatch at a time,
// or parseBytes, in order, until the writer is done.
type parsedBatches struct {
	out   chan<- []parsed
	done  <-chan struct{}
	batch []parsed
	bytes int // of the batch's prepared payloads and hashed texts
}

func newParsedBatches(out chan<- []parsed, done <-chan struct{}) *parsedBatches {
	return &parsedBatches{out: out, done: done, batch: make([]parsed, 0, parseBatch)}
}

// add queues p and sends the batch when it is full or p failed; false once
// the parsing must stop (p failed, or the writer is done).
func (b *parsedBatches) add(p parsed) bool {
	b.batch = append(b.batch, p)
	b.bytes += len(p.rec.payload) + len(p.rec.tail)
	if p.err == nil && len(b.batch) < parseBatch && b.bytes < parseBytes {
		return true
	}
	return b.send() && p.err == nil
}

func (b *parsedBatches) send() bool {
	select {
	case b.out <- b.batch:
		b.batch, b.bytes = make([]parsed, 0, parseBatch), 0
		return true
	case <-b.done:
		b.batch, b.bytes = b.batch[:0], 0
		return false
	}
}

// flush sends what is queued.
func (b *parsedBatches) flush() {
	if len(b.batch) > 0 {
		b.send()
	}
}

// parse decodes and checks one line, and prepares its record for writing.
func (pr *preparer) parse(dec *format.StreamDecoder, line int, text []byte) parsed {
	p := parsed{line: line}
	if p.v, p.err = dec.Decode(line, text); p.err == nil {
		p.err = pr.prepare(&p)
	}
	return p
}

// apply writes one decoded, checked record, then checks its times
// (import_times.go).
func (s *stream) apply(ctx context.Context, p *parsed) error {
	if err := s.applyRecord(ctx, p); err != nil {
		return err
	}
	return s.checkTimes(ctx, p)
}

func (s *stream) applyRecord(ctx context.Context, p *parsed) error {
	switch v := p.v.(type) {
	case *model.Incident:
		return s.incident(ctx, v)
	case *model.Person:
		return s.person(ctx, p, v)
	case *model.Agent:
		return s.agent(ctx, p, v)
	case *model.Asset:
		return s.asset(ctx, p, v)
	case *model.Evidence:
		return s.evidence(ctx, p, v)
	case *model.Event:
		return s.event(ctx, p, v)
	case *model.Review:
		return s.review(ctx, p, v)
	case *model.StatusChange:
		return s.status(ctx, p, v)
	}
	return internal(fmt.Errorf("line %d decoded to %T", p.line, p.v))
}
