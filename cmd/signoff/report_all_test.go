package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/review"
)

// writingBetween is a store on which someone else writes as the second
// walk of an incident begins.
type writingBetween struct {
	database
	walks int
	write func()
}

func (w *writingBetween) EachStep(ctx context.Context, incident string, start func(model.WalkStart) error, step func(*model.Step) error) error {
	if w.walks++; w.walks == 2 {
		w.write()
	}
	return w.database.EachStep(ctx, incident, start, step)
}

func (w *writingBetween) EachStepChecked(ctx context.Context, incident string, start func(model.WalkStart) error, step func(*model.Step) error) (chain.Pass, error) {
	if w.walks++; w.walks == 2 {
		w.write()
	}
	return w.database.EachStepChecked(ctx, incident, start, step)
}

// report --all walks the incident twice; a write between the walks would
// give a summary of one state and steps of another.
func TestAReportOfEveryStepRefusesARecordThatMovedBetweenItsWalks(t *testing.T) {
	path := demoDB(t)
	ctx := context.Background()
	s, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	store := &writingBetween{database: s, write: func() {
		if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "watch S3 overnight"); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}}
	var out bytes.Buffer
	a := &app{stdout: &out}
	_, err = a.reportAll(ctx, store, "INC-2046", review.DefaultPolicy())
	if err == nil || !strings.Contains(err.Error(), "changed while the report was written") {
		t.Errorf("report --all over a record written between its walks: %v; want it refused", err)
	}
	store.walks = 0
	store.write = func() {}
	if _, err := a.reportAll(ctx, store, "INC-2046", review.DefaultPolicy()); err != nil {
		t.Errorf("report --all of a quiet record: %v", err)
	}
}
