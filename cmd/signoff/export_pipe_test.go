package main

import (
	"context"
	"errors"
	"testing"

	"github.com/signoff/signoff/model"
)

// fakeWalk hands out n records numbered by their Event.Rank, then fails
// with err (if any).
func fakeWalk(n int, err error, handed *int) func(context.Context, func(model.TimelineRecord) error) error {
	return func(ctx context.Context, fn func(model.TimelineRecord) error) error {
		for i := range n {
			if ferr := fn(model.TimelineRecord{Event: &model.Event{Rank: i}}); ferr != nil {
				return ferr
			}
			*handed = i + 1
		}
		return err
	}
}

func TestPipeRecordsKeepsTheWalksOrder(t *testing.T) {
	for _, n := range []int{0, 1, pipeBatch - 1, pipeBatch, pipeBatch*pipeDepth*3 + 7} {
		var handed int
		var got []int
		err := pipeRecords(context.Background(), fakeWalk(n, nil, &handed), func(rec model.TimelineRecord) error {
			got = append(got, rec.Event.Rank)
			return nil
		})
		if err != nil || len(got) != n {
			t.Fatalf("%d records: got %d, %v", n, len(got), err)
		}
		for i, r := range got {
			if r != i {
				t.Fatalf("%d records: record %d came as number %d", n, i, r)
			}
		}
	}
}

func TestPipeRecordsWritesWhatCameBeforeTheWalkFailed(t *testing.T) {
	tampered := errors.New("entry 9 does not verify")
	var handed, written int
	err := pipeRecords(context.Background(), fakeWalk(pipeBatch+10, tampered, &handed), func(model.TimelineRecord) error {
		written++
		return nil
	})
	if !errors.Is(err, tampered) || written != pipeBatch+10 {
		t.Fatalf("wrote %d of %d records, %v; want all, then the walk's error", written, pipeBatch+10, err)
	}
}

func TestPipeRecordsStopsTheWalkWhenWritingFails(t *testing.T) {
	full := errors.New("no space left on device")
	var handed, written int
	total := pipeBatch * pipeDepth * 20
	err := pipeRecords(context.Background(), fakeWalk(total, nil, &handed), func(model.TimelineRecord) error {
		if written == 3 {
			return full
		}
		written++
		return nil
	})
	if !errors.Is(err, full) {
		t.Fatalf("got %v, want the writer's error", err)
	}
	if handed > pipeBatch*(pipeDepth+3) {
		t.Fatalf("the walk went on to record %d of %d after writing failed", handed, total)
	}
}
