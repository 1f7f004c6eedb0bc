package db

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/signoff/signoff/model"
)

// The lines of a record stream: each record type with its "record" field.
type (
	incidentLine struct {
		Record string `json:"record"`
		Format string `json:"format"`
		model.Incident
	}
	personLine struct {
		Record string `json:"record"`
		model.Person
	}
	agentLine struct {
		Record string `json:"record"`
		model.Agent
	}
	assetLine struct {
		Record string `json:"record"`
		model.Asset
	}
	evidenceLine struct {
		Record string `json:"record"`
		model.Evidence
	}
	eventLine struct {
		Record string `json:"record"`
		model.Event
	}
	reviewLine struct {
		Record string `json:"record"`
		model.Review
	}
)

const recordKinds = "incident, person, agent, asset, evidence, event or review"

// maxLine bounds one line of a stream, so a file without newlines cannot
// exhaust memory.
const maxLine = 16 << 20

// ImportStream imports an NDJSON record stream as actor, all or nothing:
// each incident line starts an incident, and the records after it, until
// the next incident line, belong to it in any order and may refer forward
// (within that incident only). A stream for an incident that exists appends
// to it (new ids only). It returns one result per incident, in stream
// order. The stream is decoded line by line and never held whole; every
// incident in it is written in one transaction, so a bad line anywhere
// refuses the whole file.
func (d *DB) ImportStream(ctx context.Context, name string, r io.Reader, actor string) ([]ImportResult, error) {
	tx, done, err := d.importTx(ctx)
	if err != nil {
		return nil, d.fail(err)
	}
	defer done()
	defer tx.Rollback()
	w, err := newWriter(ctx, tx, actor)
	if err != nil {
		return nil, d.fail(err)
	}
	defer w.close()
	s := &stream{d: d, name: name, w: w, lines: map[string]int{}}
	defer s.closeRefs()
	if err := s.read(ctx, r); err != nil {
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
	d     *DB
	name  string
	w     *writer
	line  int
	done  []ImportResult // incidents finished, in stream order
	lines map[string]int // incident id -> line of its incident record

	refs *streamRefs
	res  ImportResult
	from int64 // first seq written for this incident by this stream

	// deferred records whose references did not resolve when they were
	// read: they may point forward. Only their seq and line are kept.
	deferred   []deferredRef
	header     model.Incident
	headerLine int
}

func (s *stream) closeRefs() {
	if s.refs != nil {
		s.refs.close()
	}
}

type deferredRef struct {
	seq  int64
	line int
}

// parsed is one decoded line; the decoding runs on another goroutine than
// the writing, so the two overlap on a multi-core machine.
type parsed struct {
	line int
	kind string
	v    any // *incidentLine, *personLine, …
	rec  prepared
	err  error
}

const parseBatch = 256

func (s *stream) read(ctx context.Context, r io.Reader) error {
	batches := make(chan []parsed, 4)
	done := make(chan struct{})
	defer close(done)
	go parseLines(&preparer{name: s.name, at: s.w.atText, actor: s.w.actor}, r, batches, done)
	for batch := range batches {
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
				// with one of them is the one to report.
				if ferr := s.flush(ctx); ferr != nil {
					return ferr
				}
				return err
			}
		}
	}
	if s.res.Incident == "" {
		return at(s.name, 0, 0, "the stream holds no records; its first line must be the incident ({\"record\": \"incident\", \"format\": \""+model.FormatV1+"\", …})")
	}
	return nil
}

// parseLines reads and decodes the stream line by line, sending batches in
// order; it stops at the first error (sent as the last record) or when done
// is closed. Memory is bounded by the channel: lines are never accumulated.
func parseLines(pr *preparer, r io.Reader, out chan<- []parsed, done <-chan struct{}) {
	name := pr.name
	defer close(out)
	br := bufio.NewReaderSize(r, 256<<10)
	batch := make([]parsed, 0, parseBatch)
	send := func() bool {
		select {
		case out <- batch:
			batch = make([]parsed, 0, parseBatch)
			return true
		case <-done:
			return false
		}
	}
	var long []byte
	line := 0
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if long = append(long, chunk...); len(long) > maxLine {
				batch = append(batch, parsed{line: line + 1, err: at(name, line+1, 0, fmt.Sprintf("the line is longer than %d MiB", maxLine>>20))})
				send()
				return
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			batch = append(batch, parsed{line: line, err: model.Errorf(model.EINVALID, "cannot read %s: %v", name, err)})
			send()
			return
		}
		text := chunk
		if long != nil {
			text = append(long, chunk...)
			long = nil
		}
		if len(text) > 0 {
			line++
			if t := bytes.TrimSpace(text); len(t) > 0 {
				p := pr.parseLine(line, t)
				batch = append(batch, p)
				if p.err != nil || len(batch) == parseBatch {
					if !send() || p.err != nil {
						return
					}
				}
			}
		}
		if err != nil {
			break
		}
	}
	if len(batch) > 0 {
		send()
	}
}

// parseLine decodes one line strictly into the type its "record" names,
// and prepares the record for writing.
func (pr *preparer) parseLine(line int, b []byte) parsed {
	p := parsed{line: line}
	kind, err := recordKind(b)
	if err != nil {
		p.err = lineProblem(pr.name, line, b, err)
		return p
	}
	p.kind = kind
	switch kind {
	case recIncident:
		p.v = new(incidentLine)
	case recPerson:
		p.v = new(personLine)
	case recAgent:
		p.v = new(agentLine)
	case recAsset:
		p.v = new(assetLine)
	case recEvidence:
		p.v = new(evidenceLine)
	case recEvent:
		p.v = new(eventLine)
	case recReview:
		p.v = new(reviewLine)
	default:
		p.err = at(pr.name, line, 0, fmt.Sprintf("field \"record\" is %q; expected %s", kind, recordKinds))
		return p
	}
	if pr.incident == "" && kind != recIncident {
		p.err = at(pr.name, line, 0, fmt.Sprintf("the first record must be the incident ({\"record\": \"incident\", …}), not a %s", kind))
		return p
	}
	if err := strict(b, p.v); err != nil {
		p.err = lineProblem(pr.name, line, b, diagnose(kind, b, 0, p.v, err))
		return p
	}
	p.err = pr.prepare(&p)
	return p
}

// apply writes one decoded, validated record.
func (s *stream) apply(ctx context.Context, p *parsed) error {
	switch v := p.v.(type) {
	case *incidentLine:
		return s.incident(ctx, v)
	case *personLine:
		return s.person(ctx, p, &v.Person)
	case *agentLine:
		return s.agent(ctx, p, &v.Agent)
	case *assetLine:
		return s.asset(ctx, p, &v.Asset)
	case *evidenceLine:
		return s.evidence(ctx, p, &v.Evidence)
	case *eventLine:
		return s.event(ctx, p, &v.Event)
	case *reviewLine:
		return s.review(ctx, p, &v.Review)
	}
	return internal(fmt.Errorf("line %d decoded to %T", p.line, p.v))
}

func lineProblem(name string, line int, b []byte, err error) error {
	var pr problem
	if !errors.As(err, &pr) {
		return at(name, line, 0, err.Error())
	}
	if pr.off < 0 {
		return at(name, line, 0, pr.msg)
	}
	_, col := lineCol(b, pr.off)
	return at(name, line, col, pr.msg)
}

func (p problem) Error() string { return p.msg }

// recordKind reads the "record" field, quickly when it comes first (as
// writers put it) and by a full decode otherwise.
func recordKind(b []byte) (string, error) {
	rest, ok := bytes.CutPrefix(b, []byte("{"))
	if ok {
		rest = bytes.TrimLeft(rest, " \t")
		if rest, ok = bytes.CutPrefix(rest, []byte(`"record"`)); ok {
			rest = bytes.TrimLeft(rest, " \t")
			if rest, ok = bytes.CutPrefix(rest, []byte(":")); ok {
				rest = bytes.TrimLeft(rest, " \t")
				if rest, ok = bytes.CutPrefix(rest, []byte(`"`)); ok {
					if i := bytes.IndexAny(rest, `"\`); i > 0 && rest[i] == '"' {
						return string(rest[:i]), nil
					}
				}
			}
		}
	}
	var v struct {
		Record *string `json:"record"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return "", syntaxProblem(b, 0)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "record" {
			return "", problem{-1, "field \"record\" must be a string: one of " + recordKinds}
		}
		return "", problem{-1, "each line must be a JSON object with a \"record\" field (" + recordKinds + ")"}
	}
	if v.Record == nil {
		return "", problem{-1, "the line has no \"record\" field; expected one of " + recordKinds}
	}
	return *v.Record, nil
}
