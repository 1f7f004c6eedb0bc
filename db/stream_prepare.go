package db

import "encoding/json"

// preparer does on the decoding goroutine all of a record's work that does
// not need the database: validation, normalisation, the canonical JSON of
// its chain payload, the hashed text of its entry but for prev and seq,
// and its timeline row. The writer is left the hash and the inserts.
type preparer struct {
	name, at, actor string
	incident        string // id of the latest incident line
}

// prepared is a record made ready for the writer.
type prepared struct {
	payload string
	tail    []byte
	row     eventRow // events and evidence
}

func (pr *preparer) prepare(p *parsed) error {
	var (
		err     error
		subject string
		v       any
	)
	switch l := p.v.(type) {
	case *incidentLine:
		// The writer checks and writes the incident; later lines are its.
		pr.incident = l.ID
		return nil
	case *personLine:
		err, subject, v = l.Validate(), l.ID, &l.Person
	case *agentLine:
		err, subject, v = l.Validate(), l.ID, &l.Agent
	case *assetLine:
		err, subject, v = l.Validate(), l.ID, &l.Asset
	case *evidenceLine:
		e := &l.Evidence
		if err = firstErr(e.Validate(), evidenceTimes(e)); err == nil {
			e.Normalize()
			p.rec.row = rowOfEvidence(e)
		}
		subject, v = e.ID, e
	case *eventLine:
		e := &l.Event
		if err = firstErr(e.Validate(), eventTimes(e)); err == nil {
			e.Normalize()
			p.rec.row = rowOfEvent(e)
		}
		subject, v = e.ID, e
	case *reviewLine:
		r := &l.Review
		if err = firstErr(r.Validate(), reviewTimes(r)); err == nil {
			r.Normalize()
		}
		subject, v = r.Subject, r
	}
	if err != nil {
		return within(pr.name, p.line, err)
	}
	payload, err := json.Marshal(v)
	if err != nil {
		return internal(err)
	}
	p.rec.payload = string(payload)
	p.rec.tail = chainTail(make([]byte, 0, len(payload)+128), pr.at, pr.actor, p.kind, pr.incident, subject, p.rec.payload)
	return nil
}
