package db

import (
	"context"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
)

// noIncident is the error for an incident id that is not stored. An id
// that reads like a stored one ("INC‐2041" with a U+2010 hyphen, typed or
// pasted for "INC-2041") is refused the same way, but the sentence names
// the stored id, both spelt so they can be told apart (model.Spelt): "no
// such incident" alone would baffle whoever sees the two as one id. Only
// a miss pays for this: it reads every incident id, in the order
// recorded, so the first stored of several look-alikes is named.
func (d *DB) noIncident(ctx context.Context, q querier, id string) error {
	ids, err := incidentIDs(ctx, q)
	if err != nil {
		return d.fail(err)
	}
	var stored alike.Index
	for _, s := range ids {
		stored.Add(s)
	}
	if twin, ok := stored.Find(id); ok {
		return model.Errorf(model.ENOTFOUND, "there is no incident %s in the database; %s is stored and reads like it", model.Spelt(id), model.Spelt(twin))
	}
	return model.Errorf(model.ENOTFOUND, "there is no incident %s in the database", id)
}
