package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// Verify recomputes the whole audit chain, checks every row of the record
// against the entry it came from and every derived table against the
// record, and runs SQLite's own integrity check of the file. It reports
// every fault it finds, first in seq order first: a broken chain cannot be
// repaired, so a later change must not hide behind an earlier one. It
// cannot see entries cut off the end or a chain recomputed from scratch;
// VerifyCheckpoint can.
func (d *DB) Verify(ctx context.Context) (chain.VerifyResult, error) {
	// The marks cost 63 hashes kept; a remembered check compares them.
	return d.verify(ctx, nil, true)
}

// tables maps a chain entry kind to the table holding its row.
var tables = map[string]string{
	recIncident: "incidents", recPerson: "people", recAgent: "agents", recAsset: "assets",
	recEvidence: "events", recEvent: "events", recQueued: "events", recReview: "reviews", recApproval: "queue_approvals",
	recStatus: "status_changes", recHandoff: "handoff_notes",
}

// tableOf is the table a fault at an entry of that kind names: the
// entry's row's, or the chain's for a kind signoff does not write.
func tableOf(kind string) string {
	if table := tables[kind]; table != "" {
		return table
	}
	return "chain"
}

// checked is an entry on its way from the chain walk to the row checker,
// with whether the walk found it sound.
type checked struct {
	model.ChainEntry
	bad bool
}

// verify walks the chain on this goroutine (linking and hashing go in
// order) and hands runs of entries to a second goroutine that checks their
// rows and tallies what the derived tables must hold, so the two halves of
// the work overlap; SQLite's integrity check runs on a third. With marks
// it keeps the hashes a new checkpoint holds.
func (d *DB) verify(ctx context.Context, cp *chain.Checkpoint, marks bool) (chain.VerifyResult, error) {
	integrity := make(chan integrityCheck, 1)
	go func() {
		found, err := d.eng.Integrity(ctx, maxDamage)
		integrity <- integrityCheck{found, err}
	}()
	res, err := d.walkAll(ctx, cp, marks)
	ic := <-integrity
	if ic.err != nil && len(ic.found) == 0 && ctx.Err() != nil {
		// Stopped (ctrl+c): the check was cut short, which says nothing
		// about the file, and noting it as damage would outlive this run.
		return chain.VerifyResult{}, internal(ctx.Err())
	}
	if ic.err != nil && len(ic.found) == 0 {
		ic.found = []string{"SQLite cannot read it: " + ic.err.Error()}
	}
	if len(ic.found) > 0 {
		// The walk may have stopped at the damage, or read it as data:
		// what it found is reported after the damage, not instead of it.
		d.eng.Damaged("SQLite's integrity check: " + ic.found[0])
		res.Intact, res.Damage = false, ic.found
		return res, nil
	}
	if err != nil {
		return chain.VerifyResult{}, err
	}
	d.eng.ClearDamage()
	return res, nil
}

type integrityCheck struct {
	found []string
	err   error
}

// maxDamage bounds the problems quick_check lists.
const maxDamage = 100

func (d *DB) walkAll(ctx context.Context, cp *chain.Checkpoint, marks bool) (chain.VerifyResult, error) {
	chainTx, rowsTx, last, end, err := d.verifyTxs(ctx)
	if err != nil {
		return chain.VerifyResult{}, err
	}
	defer end()
	held, err := d.heldFault(ctx, chainTx, last)
	if err != nil {
		return chain.VerifyResult{}, d.fail(err)
	}
	raw := d.openVerifyReads(ctx, chainTx)
	res, err := d.walkRange(ctx, chainTx, rowsTx, raw, last, cp, marks, walkStart{}, held)
	raw.close()
	if errors.As(err, new(rawFailed)) {
		if verifyRawStopped != nil {
			verifyRawStopped(err)
		}
		// Read again on the transactions, which say what they always did
		// (verify_raw.go).
		return d.walkRange(ctx, chainTx, rowsTx, nil, last, cp, marks, walkStart{}, held)
	}
	return res, err
}

// walkStart is where a walk begins: after entry seq, whose hash is head. The
// zero start is the chain's beginning, and the walk then also compares
// the derived tables, which only the whole record can be compared with.
type walkStart struct {
	seq  int64
	head []byte
}

// walkRange walks the chain after entry from.seq; held, when not nil, is a fault
// found before the walk (heldFault), reported in its place among the walk's.
// raw's connections, where not nil, read the chain and the rows instead of
// the transactions; when they cannot, walkRange returns rawFailed.
func (d *DB) walkRange(ctx context.Context, chainTx, rowsTx *sql.Tx, raw *verifyReads, last int64, cp *chain.Checkpoint, marks bool, from walkStart, held *chain.Fault) (chain.VerifyResult, error) {
	if raw == nil {
		raw = &verifyReads{}
	}
	v, err := d.openCursors(ctx, rowsTx, raw.rows, from.seq)
	if err != nil {
		return chain.VerifyResult{}, err
	}
	defer v.close()
	whole := from.seq == 0
	if whole {
		var suggestions int
		if err := rowsTx.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE kind = 'suggestion'").Scan(&suggestions); err != nil {
			return chain.VerifyResult{}, d.fail(err)
		}
		v.derived.expect(suggestions)
	} else if err := v.knowIncidents(ctx, rowsTx, from.seq); err != nil {
		return chain.VerifyResult{}, d.fail(err)
	}
	var entries entryRows
	if raw.chain != nil {
		st, err := raw.chain.Prepare(verifyChain, from.seq)
		if err != nil {
			return chain.VerifyResult{}, rawFailed{err.Error()}
		}
		entries = &rawEntries{rawRows: rawRows{ctx: ctx, st: st}}
	} else {
		rows, err := chainTx.QueryContext(ctx, verifyChain, from.seq)
		if err != nil {
			return chain.VerifyResult{}, d.fail(err)
		}
		entries = sqlEntries{rows}
	}
	defer entries.Close()

	runs := make(chan []checked, verifyRuns)
	free := make(chan []checked, verifyRuns+2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for run := range runs {
			for i := range run {
				v.rowOf(&run[i])
			}
			select {
			case free <- run[:0]:
			default:
			}
		}
	}()
	w := &chainWalk{cp: cp}
	if marks {
		w.marks = chain.MarkSeqs(last)
	}
	if cp != nil {
		w.cpMarks = cp.AllMarks()
	}
	res, err := d.walk(entries, w, runs, free, from)
	close(runs)
	<-done
	if err != nil {
		return chain.VerifyResult{}, err
	}
	for _, c := range v.cursors {
		if c.err != nil {
			return chain.VerifyResult{}, d.failRead(c.err)
		}
	}
	v.leftover()
	for _, c := range v.cursors {
		// A cursor that stopped among the rows no entry accounted for
		// would leave the rest unreported.
		if c.err != nil {
			return chain.VerifyResult{}, d.failRead(c.err)
		}
	}
	if whole {
		if err := v.derived.compare(ctx, readOn{rowsTx, raw.rows}, v); err != nil {
			return chain.VerifyResult{}, d.failRead(err)
		}
		if err := d.belowOne(ctx, rowsTx, &w.faults); err != nil {
			return chain.VerifyResult{}, err
		}
		found, err := d.triggerFaults(ctx, rowsTx)
		if err != nil {
			return chain.VerifyResult{}, d.fail(err)
		}
		// After the record's own: an entry edited once a trigger was
		// dropped is what the first sentence should name.
		for _, f := range found {
			v.derived.faults.add(f)
		}
	}
	if cp != nil && res.Entries < cp.Entries {
		w.faults.add(chain.Fault{Seq: res.Entries + 1, Table: "chain", Subject: "", Reason: fmt.Sprintf("the chain ends after %d entries but the checkpoint recorded %d, so entries were cut off the end", res.Entries, cp.Entries)})
	}
	if held != nil {
		w.faults.add(*held)
	}
	res.Marks = w.kept
	// The record's own faults come first; the derived tables' follow, as
	// what is derived from an altered record is bound to differ too.
	w.faults.merge(&v.faults)
	record, derived := w.faults.sorted(), v.derived.faults.sorted()
	res.Faults = append(record, derived[:min(len(derived), chain.MaxFaults-len(record))]...)
	res.Count = w.faults.count + v.derived.faults.count
	if res.Count == 0 {
		res.Intact = true
		return res, nil
	}
	res.Fault = res.Faults[0]
	return res, nil
}

// Entries go to the row checker in runs of verifyRun, at most verifyRuns
// runs ahead of it: large enough that handing over costs nothing.
const (
	verifyRun  = 1024
	verifyRuns = 4
)

const verifyChain = "SELECT seq, at, actor, kind, incident, subject, payload, prev, hash FROM chain WHERE seq > ? ORDER BY seq"

// chainWalk is what the chain walk keeps: its faults, the checkpoint it
// compares with, and the hashes a new checkpoint keeps.
type chainWalk struct {
	faults faults
	cp     *chain.Checkpoint
	marks  []int64 // seqs whose hashes to keep, ascending
	kept   []chain.Mark

	cpMarks    []chain.Mark // the checkpoint's marks, head last
	cpNext     int          // the next of cpMarks to compare
	cpMatched  int64        // the last checkpoint mark found unchanged
	cpDiffered bool
	keepNext   int
}

// mark keeps the entry's stored hash when a new checkpoint marks it, and
// compares it with the hash a checkpoint recorded for it.
func (w *chainWalk) mark(e *model.ChainEntry, table string, hash []byte) {
	for w.keepNext < len(w.marks) && w.marks[w.keepNext] < e.Seq {
		w.keepNext++
	}
	if w.keepNext < len(w.marks) && w.marks[w.keepNext] == e.Seq {
		w.kept = append(w.kept, chain.Mark{Seq: e.Seq, Hash: hex.EncodeToString(hash)})
	}
	for w.cpNext < len(w.cpMarks) && w.cpMarks[w.cpNext].Seq < e.Seq {
		w.cpNext++
	}
	if w.cpDiffered || w.cpNext == len(w.cpMarks) || w.cpMarks[w.cpNext].Seq != e.Seq {
		return
	}
	if hex.EncodeToString(hash) == w.cpMarks[w.cpNext].Hash {
		w.cpMatched = e.Seq
		return
	}
	w.cpDiffered = true
	var since string
	switch {
	case w.cpMatched > 0:
		since = fmt.Sprintf(", from an entry after %d (the last it records unchanged) on", w.cpMatched)
	case len(w.cpMarks) > 1:
		since = ", from this entry (the first it marks) or one before it on"
	default:
		since = "; the checkpoint marks no earlier entry, so where the recomputation began is not known (a checkpoint taken now marks 63 entries across the chain)"
	}
	w.faults.add(chain.Fault{Seq: e.Seq, Table: table, Subject: e.Subject, Reason: "its hash differs from the one the checkpoint recorded for it, so the chain was recomputed since the checkpoint was taken" + since})
}

// walk reads the chain in seq order and checks that each entry follows
// the last and hashes to its hash. A fault does not stop it: an entry
// that does not link is checked against the hash it links to, and the
// next one against its own stored hash, so one change is one fault and
// the rest of the chain is still checked.
func (d *DB) walk(entries entryRows, w *chainWalk, runs chan<- []checked, free <-chan []checked, from walkStart) (chain.VerifyResult, error) {
	res := chain.VerifyResult{Head: model.GenesisHash, Entries: from.seq}
	l := chain.NewLinker(model.GenesisHash)
	if from.seq > 0 {
		l = relink(from.head)
		res.Head = l.HeadHex()
	}
	run := make([]checked, 0, verifyRun)
	var (
		prev, hash   []byte
		at, lastAt   int64
		atText, tail = "", []byte(nil)
		expect       = from.seq + 1
	)
	for entries.Next() {
		var c checked
		e := &c.ChainEntry
		if err := entries.scan(e, &at, &prev, &hash); err != nil {
			return res, d.failRead(err)
		}
		// An import stamps all its entries with one time: format it once.
		if atText == "" || at != lastAt {
			atText, lastAt = chain.Time(fromNanos(at)), at
		}
		e.At = fromNanos(at)
		table := tableOf(e.Kind)
		fault := func(seq int64, reason string) {
			w.faults.add(chain.Fault{Seq: seq, Table: table, Subject: e.Subject, Reason: reason})
			c.bad = true
		}
		switch {
		case e.Seq != expect:
			w.faults.add(chain.Fault{Seq: expect, Table: "chain", Subject: "", Reason: fmt.Sprintf("the chain jumps from entry %d to entry %d, so entries were removed", expect-1, e.Seq)})
			if head := l.Head(); !bytes.Equal(prev, head[:]) {
				l = relink(prev)
			}
		case !followsHead(l, prev):
			fault(e.Seq, "it does not link to the entry before it, so entries were removed, reordered or inserted")
			l = relink(prev)
		}
		if !linked(l, e, atText, &tail, hash) && !c.bad {
			fault(e.Seq, "its contents do not match its hash, so the entry was altered")
		}
		if table == "chain" && !c.bad {
			fault(e.Seq, fmt.Sprintf("its kind %s is not one signoff writes", model.Quote(e.Kind)))
		}
		// Go on from the hash stored with it: the next entry links to that.
		l.Follow(hash)
		if e.Seq == 1 {
			res.First = hex.EncodeToString(hash)
		}
		w.mark(e, table, hash)
		res.Entries, expect = e.Seq, e.Seq+1
		if run = append(run, c); len(run) == verifyRun {
			runs <- run
			run = d.nextRun(free)
		}
	}
	if err := entries.Err(); err != nil {
		return res, d.failRead(err)
	}
	runs <- run
	if res.Entries > from.seq {
		res.Head = l.HeadHex()
	}
	return res, nil
}

// relink starts a linker over the hash an entry says it follows.
func relink(prev []byte) *chain.Linker {
	l := chain.NewLinker(model.GenesisHash)
	l.Follow(prev)
	return l
}

// followsHead reports whether an entry's prev is the linker's head.
func followsHead(l *chain.Linker, prev []byte) bool {
	head := l.Head()
	return bytes.Equal(prev, head[:])
}

// linked hashes e after the linker's head and reports whether the sum is
// the hash stored with it.
func linked(l *chain.Linker, e *model.ChainEntry, atText string, tail *[]byte, hash []byte) bool {
	*tail = chain.Tail((*tail)[:0], atText, e.Actor, e.Kind, e.Incident, e.Subject, e.Payload)
	_, sum := l.Link(e.Seq, *tail)
	return bytes.Equal(sum[:], hash)
}

// nextRun reuses a run the row checker is done with, or makes one.
func (d *DB) nextRun(free <-chan []checked) []checked {
	select {
	case run := <-free:
		return run
	default:
		return make([]checked, 0, verifyRun)
	}
}
