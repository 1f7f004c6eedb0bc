package db

import (
	"context"
	"database/sql"
	"maps"

	"github.com/signoff/signoff/model/chain"
)

// An export must know an entry verifies before it writes its record, so
// it cannot leave the pass over the incident to the end as the walks do.
// It runs the pass on a second read transaction of the same snapshot and
// waits, entry by entry, until the pass has settled that far: the two
// work on both cores, and the pass reads the chain in order instead of the
// export looking up each entry's neighbours. What the pass settled comes
// over a channel as copies, so nothing is shared between the two.
//
// The pass never waits for the export: what it settled goes into a
// channel with room for all of it (a few words per 4,096 entries). The
// evidence comes first in a document but lies all along the chain, so
// the export spends its first seconds reading it on its own; a pass that
// waited for the export to take its word stood still all that time, and
// ran alone after it (issue 16: 3.8 s of evidence, then 6.3 s of pass).
// The export reads the events' payloads itself, two columns a row
// (exportFromPass): holding the pass's payloads instead would hold half
// the incident by the time the evidence is written.

// settledPart is what the pass settled since its last word: the bits of
// the coverage up to upTo, and the faults found; and the tallies of the
// sections so far (whole in the last part).
type settledPart struct {
	upTo     int64
	lo       int64
	checked  []uint64
	faults   map[int64]chain.Fault
	sections [len(exportSections)]sectionTally
}

// exportCheck is the export's view of the pass running beside it.
type exportCheck struct {
	parts    chan settledPart
	done     chan error
	cancel   context.CancelFunc // stops the pass
	passTx   *besideRead
	upTo     int64
	lo       int64
	checked  []uint64
	faults   map[int64]chain.Fault
	sections [len(exportSections)]sectionTally // the chain's, once finished
	err      error
	finished bool
}

// startExportCheck begins the pass over the incident whose entry is inc
// beside an export reading it on tx. When a write landed between the two
// transactions beginning, the pass runs first, in turn, on tx: checking
// each entry on its own instead would not see an entry removed.
func (d *DB) startExportCheck(ctx context.Context, tx *sql.Tx, inc int64, incident string) (*exportCheck, error) {
	passTx, last, err := d.besideTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	if passTx == nil {
		return d.exportCheckInTurn(ctx, tx, inc, incident)
	}
	// Room for every word the pass can send, so it never waits: one part
	// per settledEvery entries of the snapshot from the incident's first
	// on, and the last.
	room := (last-inc)/int64(settledEvery) + 2
	x := &exportCheck{parts: make(chan settledPart, room), done: make(chan error, 1), passTx: passTx, lo: inc, upTo: inc - 1,
		faults: map[int64]chain.Fault{}}
	ctx, x.cancel = context.WithCancel(ctx)
	pass := d.reader(passTx.Tx)
	sent, seen := inc-1, map[int64]bool{}
	pass.settled = func(c *coverage, upTo int64) {
		from, to := (sent+1-c.lo)/64, min((upTo-c.lo)/64+1, int64(len(c.checked)))
		part := settledPart{upTo: upTo, lo: c.lo, checked: append([]uint64(nil), c.checked[from:max(from, to)]...), faults: map[int64]chain.Fault{},
			sections: c.sections}
		for seq, f := range c.faults {
			if !seen[seq] {
				seen[seq], part.faults[seq] = true, f
			}
		}
		sent = upTo
		select {
		case x.parts <- part:
		case <-ctx.Done():
		}
	}
	go func() {
		err := pass.scanIncident(ctx, inc, incident)
		close(x.parts)
		x.done <- err
	}()
	return x, nil
}

// exportCheckInTurn runs the pass over the incident on the export's own
// transaction, and is what it settled: all of it.
func (d *DB) exportCheckInTurn(ctx context.Context, tx *sql.Tx, inc int64, incident string) (*exportCheck, error) {
	pass := d.reader(tx)
	if err := pass.scanIncident(ctx, inc, incident); err != nil {
		return nil, d.fail(err)
	}
	c := pass.cover
	return &exportCheck{lo: c.lo, upTo: c.hi, checked: c.checked, faults: c.faults, sections: c.sections, finished: true}, nil
}

// wait blocks until the pass has settled the entry with that seq, or is
// done; it reports whether the pass checked it, and its fault if any.
func (x *exportCheck) wait(seq int64) (checked bool, fault *chain.Fault, err error) {
	for x.upTo < seq && !x.finished {
		part, ok := <-x.parts
		if !ok {
			if err := x.finish(); err != nil {
				return false, nil, err
			}
			break
		}
		x.take(part)
	}
	if seq > x.upTo || !x.counted(seq) {
		return false, nil, nil
	}
	if f, ok := x.faults[seq]; ok {
		return true, &f, nil
	}
	return true, nil, nil
}

// counted reports whether the pass, as far as it has settled, counted the
// entry seq as the incident's and checked it.
func (x *exportCheck) counted(seq int64) bool {
	i := seq - x.lo
	return i >= 0 && i/64 < int64(len(x.checked)) && x.checked[i/64]&(1<<(i%64)) != 0
}

// removal waits for the pass and refuses the export when the pass found
// entries removed from the incident's part of the chain: a fault at a
// seq it did not check is a gap. No record written is the removed one's,
// so no record's check stopped the export; written whole, the document
// would import elsewhere as a record without the entries.
func (x *exportCheck) removal() error {
	if err := x.finish(); err != nil {
		return err
	}
	var first *chain.Fault
	for seq, f := range x.faults {
		if x.counted(seq) {
			continue // an entry the pass checked: the export stopped at it if it wrote it
		}
		if first == nil || seq < first.Seq {
			first = &f
		}
	}
	if first == nil {
		return nil
	}
	return tampered("export stopped before its end, so it is incomplete", *first)
}

// take merges what the pass settled into the view.
func (x *exportCheck) take(p settledPart) {
	first := (x.upTo + 1 - p.lo) / 64
	if need := first + int64(len(p.checked)); int64(len(x.checked)) < need {
		x.checked = append(x.checked, make([]uint64, need-int64(len(x.checked)))...)
	}
	for i, w := range p.checked {
		x.checked[first+int64(i)] |= w
	}
	maps.Copy(x.faults, p.faults)
	x.upTo, x.sections = p.upTo, p.sections
}

// unwritten is the first section whose records written (got) are not
// those of the incident's entries in the chain, as the finished pass
// counted them: a row gone from the derived tables, which the lists the
// export reads no longer hold, though its entry is intact. It is -1 when
// every section matches.
func (x *exportCheck) unwritten(got [len(exportSections)]sectionTally) int {
	for i := range got {
		if got[i] != x.sections[i] {
			return i
		}
	}
	return -1
}

// finish waits for the pass, so it never outlives the export, and
// returns its error.
func (x *exportCheck) finish() error {
	if !x.finished {
		for part := range x.parts {
			x.take(part)
		}
		x.err, x.finished = <-x.done, true
		x.cancel()
		x.passTx.end()
	}
	return x.err
}

// stop ends the pass at once, for an export that ends early (its writer
// failed, a record did not verify), and waits for it, so the pass never
// outlives the export: it does not read the rest of the incident, and
// its transaction goes back to the pool. After finish it does nothing.
func (x *exportCheck) stop() {
	if !x.finished {
		x.cancel()
		x.finish()
	}
}
