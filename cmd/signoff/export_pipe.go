package main

import (
	"context"
	"errors"

	"github.com/signoff/signoff/model"
)

// The record walk (reading, decoding, the steps) fills one core; judging,
// mapping and encoding each record took about as long again after it.
// pipeRecords runs the two on their own goroutines, in order, with a few
// batches of records between them, so memory stays flat. A record and its
// step are not changed once the walk hands them out, so the second
// goroutine reads them as they are.

// pipeBatch records go over at a time; pipeDepth batches may wait.
const (
	pipeBatch = 256
	pipeDepth = 4
)

// errConsumerStopped ends the walk when the other side has failed.
var errConsumerStopped = errors.New("the export stopped writing")

// pipeRecords calls each for every record walk hands out, in order, on a
// second goroutine. Records handed out before the walk failed are still
// written, as they were when each ran inside the walk. The error of each
// comes first; then the walk's.
func pipeRecords(parent context.Context, walk func(context.Context, func(model.TimelineRecord) error) error, each func(model.TimelineRecord) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	batches := make(chan []model.TimelineRecord, pipeDepth)
	done := make(chan error, 1)
	go func() {
		var err error
		for batch := range batches {
			for i := 0; i < len(batch) && err == nil; i++ {
				if err = each(batch[i]); err != nil {
					cancel()
				}
			}
		}
		done <- err
	}()
	batch := make([]model.TimelineRecord, 0, pipeBatch)
	werr := walk(ctx, func(rec model.TimelineRecord) error {
		batch = append(batch, rec)
		if len(batch) < pipeBatch {
			return nil
		}
		// A select with both cases ready picks either, and the other side
		// drains the channel after it failed: look at ctx first, or the walk
		// could go on for batches after writing stopped.
		if ctx.Err() != nil {
			return errConsumerStopped
		}
		select {
		case batches <- batch:
		case <-ctx.Done():
			return errConsumerStopped
		}
		batch = make([]model.TimelineRecord, 0, pipeBatch)
		return nil
	})
	if len(batch) > 0 {
		batches <- batch // the other side reads to the end, so this never waits for ever
	}
	close(batches)
	if err := <-done; err != nil {
		return err
	}
	if errors.Is(werr, errConsumerStopped) && parent.Err() != nil {
		return parent.Err() // stopped from outside (ctrl+c), not by the writing side
	}
	return werr
}
