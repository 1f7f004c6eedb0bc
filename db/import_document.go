package db

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// ImportDocument imports one incident document (signoff.incident/v1) as
// actor, all or nothing. An incident that already exists is ECONFLICT; any
// problem with the file is EINVALID naming the file, line and record.
//
// The document is read as a stream of records (format.ReadDocument) and
// written as a record stream is, in one transaction: it is never held
// whole, so a document of any size imports in the memory of a stream,
// whatever the order of its lists (see parseDocument).
// What needs every record (unique ids, references, agent chains) is
// checked against the records already written in the transaction, and
// worded as model.Document.Check words it.
func (d *DB) ImportDocument(ctx context.Context, name string, r io.Reader, actor string) (model.ImportResult, error) {
	tx, done, err := d.eng.BeginImport(ctx)
	if err != nil {
		return model.ImportResult{}, d.fail(err)
	}
	defer done()
	defer tx.Rollback()
	w, err := d.newWriter(ctx, tx, actor, d.now())
	if err != nil {
		return model.ImportResult{}, d.fail(err)
	}
	s := &stream{d: d, name: name, w: w, document: true}
	defer s.closeRefs()
	// Both goroutines remove the early records' file when they end: the
	// reading one may outlive this function, and either may panic.
	early := newSpool(name)
	defer early.remove()
	if err := s.read(ctx, func(pr *preparer, out chan<- []parsed, done <-chan struct{}) {
		parseDocument(pr, r, early, out, done)
	}); err != nil {
		return model.ImportResult{}, err
	}
	if err := s.finish(ctx); err != nil {
		return model.ImportResult{}, err
	}
	if len(s.done) != 1 {
		return model.ImportResult{}, internal(fmt.Errorf("%s: a document was read as %d incidents", name, len(s.done)))
	}
	if err := tx.Commit(); err != nil {
		return model.ImportResult{}, d.fail(err)
	}
	return s.done[0], nil
}

// errStopped ends the reading of a document whose writer has stopped.
var errStopped = errors.New("the import stopped")

// parseDocument reads a document record by record and sends them in
// batches as parseLines sends a stream's lines, the incident first: the
// records a document puts before its incident (a tool that sorts keys
// puts "events" before "incident") wait in early until it comes, since
// every entry names its incident, and are decoded again then.
func parseDocument(pr *preparer, r io.Reader, early *spool, out chan<- []parsed, done <-chan struct{}) {
	defer close(out)
	defer early.remove()
	b := newParsedBatches(out, done)
	incident := false
	send := func(p parsed) error {
		p.err = pr.prepare(&p)
		if !b.add(p) {
			return errStopped
		}
		return nil
	}
	err := format.ReadDocument(pr.name, r, func(rec format.DocRecord) error {
		if incident {
			return send(parsed{line: rec.Line, v: rec.Value})
		}
		if _, ok := rec.Value.(*model.Incident); !ok {
			return early.add(rec)
		}
		incident = true
		if err := send(parsed{line: rec.Line, v: rec.Value}); err != nil {
			return err
		}
		return sendEarly(pr.name, early, send)
	})
	switch {
	case format.IsShape(err):
		// Sent even when the writer has stopped: it waits for the
		// document's shape (stream.read), unless it has returned.
		b.batch = append(b.batch, parsed{err: err})
		select {
		case out <- b.batch:
		case <-pr.gone:
		}
	case errors.Is(err, errStopped):
	case err != nil:
		b.add(parsed{err: err})
	default:
		b.flush()
	}
}

// sendEarly decodes again the records held before the incident and sends
// them in the order they came, then lets go of them.
func sendEarly(name string, early *spool, send func(parsed) error) error {
	for {
		line, list, raw, err := early.next()
		if errors.Is(err, io.EOF) {
			early.remove()
			return nil
		}
		if err != nil {
			return err
		}
		v, err := format.DecodeDocRecord(list, raw)
		if err != nil {
			return internal(fmt.Errorf("%s: the record on line %d, held until the incident came, decodes differently: %w", name, line, err))
		}
		if err := send(parsed{line: line, v: v}); err != nil {
			return err
		}
	}
}

// finishDocument checks a document's incident once all its records are
// read, in the order model.Document.Check does: the incident's
// references, the agents', their chains, then every other record's.
func (s *stream) finishDocument(ctx context.Context) error {
	if err := s.header.CheckRefs(s.refs); err != nil {
		return format.InFile(s.name, s.headerLine, err)
	}
	for _, d := range s.deferred {
		if d.agent {
			if err := s.recheck(ctx, d); err != nil {
				return err
			}
		}
	}
	if s.res.Counts["agents"] > 0 {
		if line, err := s.agentLoop(ctx); err != nil {
			return format.InFile(s.name, line, err)
		}
	}
	for _, d := range s.deferred {
		if !d.agent {
			if err := s.recheck(ctx, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// documentProblem refuses the record on the current line in the words of
// model.Document.Check.
func (s *stream) documentProblem(msg, id string) error {
	return format.ErrorAt(s.name, s.line, 0, fmt.Sprintf(msg, id))
}
