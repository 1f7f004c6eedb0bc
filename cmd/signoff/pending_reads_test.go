package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// oneByOne is a store that counts the events read one at a time.
type oneByOne struct {
	*db.DB
	events int
}

func (s *oneByOne) Event(ctx context.Context, incident, id string) (model.Event, error) {
	s.events++
	return s.DB.Event(ctx, incident, id)
}

// pending reads the gated calls it lists in one go, not one event per
// gated item: a thousand gated calls must not cost a thousand reads.
func TestPendingReadsTheGatedCallsInOneGo(t *testing.T) {
	path := gateDB(t)
	for _, id := range []string{"mcpr_a", "mcpr_b", "mcpr_c"} {
		gatedCall(t, path, id, `{"ip":"198.51.100.9","n":"`+id+`"}`)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := &oneByOne{DB: d}
	var out bytes.Buffer
	a := &app{stdout: &out}
	if err := a.pending(context.Background(), s, review.DefaultPolicy(), "", true); err != nil {
		t.Fatal(err)
	}
	var lines []pendingLine
	if err := json.Unmarshal(out.Bytes(), &lines); err != nil || len(lines) != 3 {
		t.Fatalf("pending --json: %v %s", err, out.String())
	}
	for _, l := range lines {
		var args map[string]string
		if err := json.Unmarshal(l.Arguments, &args); err != nil || "S-"+args["n"] != l.ID || l.Call == "" {
			t.Errorf("%s: call %q, arguments %s (%v)", l.ID, l.Call, l.Arguments, err)
		}
	}
	if s.events != 0 {
		t.Errorf("pending read %d events one at a time", s.events)
	}
}
