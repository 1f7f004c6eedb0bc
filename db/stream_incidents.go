package db

import (
	"context"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// claimIncident refuses a new incident whose id reads like one stored or
// created earlier by this import, and takes it. The stored ids are read
// once per import, in the order recorded, so a pair stored before the
// rule is named by its first id every time; the import holds the write
// lock, so none appear meanwhile.
func (s *stream) claimIncident(ctx context.Context, id string) error {
	if s.incidents == nil {
		stored, err := incidentIDs(ctx, s.w.tx)
		if err != nil {
			return s.fail(err)
		}
		s.incidents = &alike.Index{}
		for _, other := range stored {
			s.incidents.Add(other)
		}
	}
	if other, ok := s.incidents.Find(id); ok {
		return format.InFile(s.name, s.line, model.IncidentClash(id, other))
	}
	s.incidents.Add(id)
	return nil
}
