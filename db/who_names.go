package db

import (
	"encoding/json"
	"fmt"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// claimName refuses a person or agent (what, id) whose display name reads
// like (package alike) the display name or the id of a person or agent
// already known, stored or of this stream, or whose id reads like the
// name of one, and takes it. A pair stored before names were held to the
// rule stays as recorded; a new party reading like either is refused
// naming the one recorded first.
func (r *streamRefs) claimName(name string, line int, what, id, display string) error {
	p := alike.Party{Kind: what, ID: id, Name: display}
	if c, ok := r.parties.Find(p); ok {
		return format.InFile(name, line, model.NameClash(what, id, display, c.ByName, c.Other.Kind, c.Other.ID, c.Other.Name, c.OtherName))
	}
	r.parties.Add(p)
	return nil
}

// addStored adds a stored person or agent (table "people" or "agents")
// to the parties by the name its entry's payload records.
func (r *streamRefs) addStored(table, id, payload string) error {
	var v struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(payload), &v); err != nil {
		return fmt.Errorf("the entry of %s %s: %w", table, id, err)
	}
	kind := "person"
	if table == "agents" {
		kind = "agent"
	}
	r.parties.Add(alike.Party{Kind: kind, ID: id, Name: v.Name})
	return nil
}
