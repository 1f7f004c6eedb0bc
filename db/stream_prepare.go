package db

import (
	"encoding/json"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// preparer does on the decoding goroutine all of a record's work that does
// not need the database, once format has decoded and checked it: the
// canonical JSON of its chain payload, the hashed text of its entry but for
// prev and seq, and its timeline row. The writer is left the hash and the
// inserts.
type preparer struct {
	name, at, actor string
	incident        string // id of the latest incident line
	// gone is closed once the writer has returned: nothing more is read
	// from the batches (see shapeAfter).
	gone <-chan struct{}
}

// prepared is a record made ready for the writer.
type prepared struct {
	payload string
	tail    []byte
	row     eventRow // events and evidence
}

func (pr *preparer) prepare(p *parsed) error {
	var subject string
	switch v := p.v.(type) {
	case *model.Incident:
		// The writer writes the incident; later lines are its.
		p.kind, pr.incident = recIncident, v.ID
		return nil
	case *model.Person:
		p.kind, subject = recPerson, v.ID
	case *model.Agent:
		p.kind, subject = recAgent, v.ID
	case *model.Asset:
		p.kind, subject = recAsset, v.ID
	case *model.Evidence:
		p.kind, subject, p.rec.row = recEvidence, v.ID, rowOfEvidence(v)
	case *model.Event:
		p.kind, subject, p.rec.row = recEvent, v.ID, rowOfEvent(v)
	case *model.Review:
		p.kind, subject = recReview, v.Subject
	case *model.StatusChange:
		p.kind, subject = recStatus, v.ID
	}
	if err := refuseSessionKey(pr.name, p.line, p.v); err != nil {
		return err
	}
	payload, err := json.Marshal(p.v)
	if err != nil {
		return internal(err)
	}
	p.rec.payload = string(payload)
	p.rec.tail = chain.Tail(make([]byte, 0, len(payload)+128), pr.at, pr.actor, p.kind, pr.incident, subject, p.rec.payload)
	return nil
}
