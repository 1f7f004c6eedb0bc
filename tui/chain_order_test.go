package tui

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// orderStore notes when the queue is read.
type orderStore struct {
	model.Store
	log *[]string
}

func (s orderStore) PendingQueue(ctx context.Context) (model.Queue, error) {
	*s.log = append(*s.log, "queue read")
	return s.Store.PendingQueue(ctx)
}

func (s orderStore) PendingQueueHead(ctx context.Context, pick func([]model.PendingItem) []string) (model.QueueHead, error) {
	*s.log = append(*s.log, "queue read")
	return s.Store.PendingQueueHead(ctx, pick)
}

// The background check of the chain waits for the first screen's data:
// started beside it, it takes one of the machine's cores from the first
// frame.
func TestChainCheckStartsAfterTheFirstScreenLoads(t *testing.T) {
	var log []string
	verify := func(context.Context) (string, error) {
		log = append(log, "chain check")
		return "", nil
	}
	a := testApp(orderStore{Store: openFixtures(t), log: &log}, Options{Start: StartQueue, VerifyChain: verify})
	drive(t, a, a.Init())
	if len(log) != 2 || log[0] != "queue read" || log[1] != "chain check" {
		t.Fatalf("started %q, want the queue read, then the chain check", log)
	}
}
