package db

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// A record may be 16 MiB. Held 512 to a batch, as small records are, a
// stream of large records took 4.8 GB to import 0.9 GB; batches are cut
// by size as well as by count.
func TestAWriteBatchIsFullOnceItsRecordsAreLarge(t *testing.T) {
	w := &writer{link: chain.NewLinker(model.GenesisHash)}
	large := strings.Repeat("x", batchBytes/2)
	w.queue(recEvent, "N1", large, nil)
	if w.pending.full() {
		t.Fatal("one record of half the budget fills the batch; want room for another")
	}
	w.queue(recEvent, "N2", large, nil)
	if !w.pending.full() {
		t.Errorf("two records of %d bytes each, %d pending: the batch is not full; want it full", len(large), len(w.pending.chain))
	}
}

func TestParsedRecordsAreSentOnceTheirBatchIsLarge(t *testing.T) {
	out := make(chan []parsed, 4)
	b := newParsedBatches(out, make(chan struct{}))
	large := strings.Repeat("x", parseBytes/2)
	b.add(parsed{line: 1, rec: prepared{payload: large}})
	if len(out) != 0 {
		t.Fatal("one record of half the budget was sent alone; want it batched")
	}
	b.add(parsed{line: 2, rec: prepared{payload: large}})
	if len(out) != 1 {
		t.Errorf("two records of %d bytes each are still held; want them sent", len(large))
	}
}
