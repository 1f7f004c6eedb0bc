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
// the first line is the incident; the other records follow in any order and
// may refer forward. A stream for an incident that exists appends to it
// (new ids only). The stream is decoded line by line and never held whole.
func (d *DB) ImportStream(ctx context.Context, name string, r io.Reader, actor string) (ImportResult, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return ImportResult{}, d.fail(err)
	}
	defer tx.Rollback()
	w, err := newWriter(ctx, tx, actor)
	if err != nil {
		return ImportResult{}, d.fail(err)
	}
	defer w.close()
	s := &stream{d: d, name: name, w: w, refs: newStreamRefs(tx)}
	defer s.refs.close()
	if err := s.read(ctx, r); err != nil {
		return s.res, err
	}
	if err := s.finish(ctx); err != nil {
		return s.res, err
	}
	return s.res, d.fail(tx.Commit())
}

// stream is one stream import in progress.
type stream struct {
	d    *DB
	name string
	w    *writer
	refs *streamRefs
	res  ImportResult
	line int
	from int64 // first seq written by this stream

	// deferred records whose references did not resolve when they were
	// read: they may point forward. Only their seq and line are kept.
	deferred []deferredRef
	header   model.Incident
}

type deferredRef struct {
	seq  int64
	line int
}

func (s *stream) read(ctx context.Context, r io.Reader) error {
	br := bufio.NewReaderSize(r, 256<<10)
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if long = append(long, chunk...); len(long) > maxLine {
				return at(s.name, s.line+1, 0, fmt.Sprintf("the line is longer than %d MiB", maxLine>>20))
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return model.Errorf(model.EINVALID, "cannot read %s: %v", s.name, err)
		}
		line := chunk
		if long != nil {
			line = append(long, chunk...)
			long = nil
		}
		if len(line) > 0 {
			s.line++
			if t := bytes.TrimSpace(line); len(t) > 0 {
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				if rerr := s.record(ctx, t); rerr != nil {
					return rerr
				}
			}
		}
		if err != nil {
			break
		}
	}
	if s.res.Incident == "" {
		return at(s.name, 0, 0, "the stream holds no records; its first line must be the incident ({\"record\": \"incident\", \"format\": \""+model.FormatV1+"\", …})")
	}
	return nil
}

// record decodes, validates and writes one line.
func (s *stream) record(ctx context.Context, b []byte) error {
	kind, err := recordKind(b)
	if err != nil {
		return s.problem(b, err)
	}
	if s.res.Incident == "" && kind != recIncident {
		return at(s.name, s.line, 0, fmt.Sprintf("the first record must be the incident ({\"record\": \"incident\", …}), not a %s", kind))
	}
	switch kind {
	case recIncident:
		var v incidentLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.incident(ctx, &v)
	case recPerson:
		var v personLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.person(ctx, &v.Person)
	case recAgent:
		var v agentLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.agent(ctx, &v.Agent)
	case recAsset:
		var v assetLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.asset(ctx, &v.Asset)
	case recEvidence:
		var v evidenceLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.evidence(ctx, &v.Evidence)
	case recEvent:
		var v eventLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.event(ctx, &v.Event)
	case recReview:
		var v reviewLine
		if err := s.decode(b, kind, &v); err != nil {
			return err
		}
		return s.review(ctx, &v.Review)
	}
	return at(s.name, s.line, 0, fmt.Sprintf("field \"record\" is %q; expected %s", kind, recordKinds))
}

func (s *stream) decode(b []byte, kind string, v any) error {
	if err := strict(b, v); err != nil {
		return s.problem(b, diagnose(kind, b, 0, v, err))
	}
	return nil
}

func (s *stream) problem(b []byte, err error) error {
	var pr problem
	if !errors.As(err, &pr) {
		return at(s.name, s.line, 0, err.Error())
	}
	if pr.off < 0 {
		return at(s.name, s.line, 0, pr.msg)
	}
	_, col := lineCol(b, pr.off)
	return at(s.name, s.line, col, pr.msg)
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
