package db

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// A reader that goes through a whole incident (findings, the report, the
// exports) checks its entries in chain order first, in one pass: each
// entry against its hash and against the hashes stored either side of it,
// which in chain order are the rows read just before and just after. That
// is the check read_check.go makes of each entry on its own, without two
// lookups per entry. What the reader then reads of the incident, on the
// same transaction, is covered: only an entry outside the pass (which no
// intact record has) is checked on its own.

// lastOfIncident is the last entry of an incident's rows (NULL when it
// has none): its rows all name it, and each table's (inc, …) index holds
// their seqs.
const lastOfIncident = `SELECT max(m) FROM (
	SELECT max(seq) AS m FROM events WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM reviews WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM people WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM agents WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM assets WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM status_changes WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM handoff_notes WHERE inc = ?1
	UNION ALL SELECT max(seq) FROM queue_approvals WHERE inc = ?1) AS t`

// spanEnd is the last entry a pass over the incident whose entry is inc
// reads: the incident's last entry in the chain (chain_incident), or the
// last its rows name or the chain's own last when either is later. Read
// to there, a row deleted from the derived tables that was the incident's
// very last record is read too, and its section no longer matches; the
// derived tables alone would end the pass before it. An entry's incident
// is hashed text: one changed to move it out of the incident breaks its
// hash, which verify names.
func spanEnd(ctx context.Context, q querier, inc int64, incident string) (int64, error) {
	var end int64
	var of string
	switch err := q.QueryRowContext(ctx, "SELECT seq, incident FROM chain ORDER BY seq DESC LIMIT 1").Scan(&end, &of); {
	case err == nil && of == incident:
		return max(inc, end), nil
	case err != nil && err != sql.ErrNoRows:
		return 0, err
	}
	var last, own sql.NullInt64
	if err := q.QueryRowContext(ctx, lastOfIncident, inc).Scan(&last); err != nil {
		return 0, err
	}
	if err := q.QueryRowContext(ctx, lastInChain, incident).Scan(&own); err != nil {
		return 0, err
	}
	return max(inc, last.Int64, own.Int64), nil
}

// lastInChain is an incident's last entry in the chain, on chain_incident.
const lastInChain = `SELECT max(seq) FROM chain WHERE incident = ?`

// scanChain is the chain between two seqs, in order, with the hashes
// either side of it.
const scanChain = `SELECT seq, at, actor, kind, incident, subject, payload, prev, hash FROM chain
	WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq`

// coverage is what a pass over an incident checked: the entries between
// lo and hi that name the incident (a bit each), and the faults among them;
// and, for an export to hold its sections to, how many of those entries
// each section of a document has and the sum of their seqs.
type coverage struct {
	lo, hi   int64
	incident string
	checked  []uint64
	faults   map[int64]chain.Fault
	sections [len(exportSections)]sectionTally
	// suggestions counts the incident's suggestions: each begins a step,
	// which the step walk holds its steps to (unwalked). actions counts
	// its suggestions, decisions and executions: each belongs to a step.
	suggestions, actions int64
	// rows, for a step walk, is what the derived tables give the incident
	// in each section, tallied on the pass's snapshot (tallyRows).
	rows *[len(exportSections)]sectionTally
}

// eventKind is the kind an event entry's payload names: its canonical
// JSON has the id and the time, then the kind, and a quote inside a
// string is escaped, so the first kind member is the event's.
func eventKind(payload string) string {
	i := strings.Index(payload, `"kind":"`)
	if i < 0 {
		return ""
	}
	rest := payload[i+len(`"kind":"`):]
	if j := strings.IndexByte(rest, '"'); j >= 0 {
		return rest[:j]
	}
	return ""
}

// countAction counts an event entry of the incident that belongs to a step.
func (c *coverage) countAction(payload string) {
	switch model.EventKind(eventKind(payload)) {
	case model.KindSuggestion:
		c.suggestions++
		c.actions++
	case model.KindDecision, model.KindExecution:
		c.actions++
	}
}

// covers reports whether the pass checked e.
func (c *coverage) covers(e *readEntry) bool { return c.coversSeq(e.Seq) }

// coversSeq reports whether the pass checked the entry with that seq.
func (c *coverage) coversSeq(seq int64) bool {
	if c == nil || seq < c.lo || seq > c.hi {
		return false
	}
	i := seq - c.lo
	return c.checked[i/64]&(1<<(i%64)) != 0
}

// count is how many entries the pass checked.
func (c *coverage) count() int64 {
	if c == nil {
		return 0
	}
	n := 0
	for _, w := range c.checked {
		n += bits.OnesCount64(w)
	}
	return int64(n)
}

func (c *coverage) mark(seq int64) {
	i := seq - c.lo
	c.checked[i/64] |= 1 << (i % 64)
}

// scanIncident checks every entry of the incident whose entry is inc, in
// chain order, keeping the faults (also in the store's ReadFault), and
// makes the reader count them as checked.
func (r *reader) scanIncident(ctx context.Context, inc int64, incident string) error {
	through := inc // the last seq the pass read
	if r.win != nil {
		// However the pass ends, a walk waiting on the window goes on.
		defer func() { r.win.end(through) }()
	}
	if passEnded != nil {
		defer func() { passEnded(through) }()
	}
	hi, err := spanEnd(ctx, r, inc, incident)
	if err != nil {
		return err
	}
	c := &coverage{lo: inc, hi: hi, incident: incident, faults: map[int64]chain.Fault{}, checked: make([]uint64, (hi-inc)/64+1)}
	// The entry after the span is read and checked too: an incident's
	// last entries, their incident changed and their rows deleted, begin
	// there, and their hashes say so.
	rows, err := r.QueryContext(ctx, scanChain, inc, hi+1)
	if err != nil {
		return err
	}
	defer rows.Close()
	s := &chainScan{r: r, c: c, l: chain.NewLinker(model.GenesisHash), win: r.win}
	if inc > 1 {
		// The hash the first entry must link to.
		if err := r.QueryRowContext(ctx, "SELECT hash FROM chain WHERE seq = ?", inc-1).Scan(&s.lastHash); err != nil && err != sql.ErrNoRows {
			return err
		}
		s.lastSeq = inc - 1
	}
	var row scannedRow
	for n := 1; rows.Next(); n++ {
		if err := rows.Scan(&row.seq, &row.at, &row.actor, &row.kind, &row.incident, &row.subject, &row.payload, &row.prev, &row.hash); err != nil {
			return err
		}
		s.next(&row)
		through = row.seq
		if besidePassRead != nil && r.settled != nil {
			besidePassRead(ctx, row.seq)
		}
		if r.settled != nil && n%settledEvery == 0 {
			// Every entry before this row is settled now.
			r.settled(c, row.seq-1)
			if err := ctx.Err(); err != nil {
				return err // the read stopped the pass while it waited
			}
		}
		if n%stopEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err // the read stopped the pass
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if s.waiting {
		// The last entry of the incident: the entry after it must link to it.
		var after []byte
		err := r.QueryRowContext(ctx, "SELECT prev FROM chain WHERE seq = ?", s.pending.seq+1).Scan(&after)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		s.settle(after)
	}
	r.cover = c
	if r.settled != nil {
		r.settled(c, hi)
	}
	return nil
}

// stopEvery is how many rows the pass reads between looking whether the
// read beside it stopped it: the driver may hand over a few more rows
// before the context's end closes them.
const stopEvery = 256

// passEnded, when set, hears the last entry a pass read as it ends:
// tests see how far a pass went.
var passEnded func(through int64)

// besidePassRead, when set, hears each entry a pass beside an export reads
// (one that tells a reader what it settled), with the pass's context:
// tests hold the pass where they need it, as a slow disk or a busy core
// would.
var besidePassRead func(ctx context.Context, seq int64)

// settledEvery is how many rows the pass reads between telling a reader
// that waits on it how far it has settled (a variable so tests can make
// the small sample cross many of them).
var settledEvery = 4096

// scannedRow is one chain row as the pass reads it: the bytes SQLite
// hands over, valid until the next row; but the payload, a string the
// driver made, which a walk's window keeps (walk_window.go).
type scannedRow struct {
	seq, at                        int64
	actor, kind, incident, subject sql.RawBytes
	payload                        string
	prev, hash                     sql.RawBytes
}

// chainScan is a pass in progress.
type chainScan struct {
	r        *reader
	c        *coverage
	l        *chain.Linker
	win      *payloadWindow // a walk's, which takes the payloads read; or nil
	tail     []byte
	atText   string
	lastAt   int64
	lastSeq  int64
	lastHash []byte
	// pending is the incident's entry just checked, waiting (while
	// waiting is set) for the next row's link to it. Its buffers are
	// reused from entry to entry: the pass goes through a million.
	pending pendingEntry
	waiting bool
	faulty  bool // pending already has a fault
}

// pendingEntry is what a fault of the entry after it would name.
type pendingEntry struct {
	seq                 int64
	kind, subject, hash []byte
}

func (s *chainScan) next(row *scannedRow) {
	if row.seq > s.lastSeq+1 {
		// Seqs are dense and the pass reads every row of its span, so a
		// gap is entries removed. Named here, whoever they belonged to:
		// when the entries either side are another incident's, no link
		// this pass checks shows it.
		s.fault(chain.Fault{Seq: s.lastSeq + 1, Table: "chain",
			Reason: fmt.Sprintf("the chain jumps from entry %d to entry %d, so entries were removed", s.lastSeq, row.seq)})
	}
	if s.waiting {
		var after []byte
		if row.seq == s.pending.seq+1 {
			after = row.prev
		} else {
			after = nil // a gap: no entry after it
		}
		s.settle(after)
	}
	var before []byte
	if s.lastSeq == row.seq-1 {
		before = s.lastHash
	}
	if row.seq == 1 {
		before = make([]byte, len(row.prev))
	}
	if row.at != s.lastAt || s.atText == "" {
		s.atText, s.lastAt = chain.Time(fromNanos(row.at)), row.at
	}
	if string(row.incident) != s.c.incident {
		// Another incident's entry in the span is checked too: one of
		// this incident's, its incident changed and its row deleted,
		// left both sides of every count one short, and the pass that
		// hashed only this incident's entries passed it (a hostile
		// review; the entry's incident is hashed text).
		if f := s.check(row, before); f != nil {
			s.fault(*f)
		}
	} else {
		s.c.mark(row.seq)
		if i := sectionOf(string(row.kind)); i >= 0 {
			s.c.sections[i].n++
			s.c.sections[i].sum += row.seq
			if i == eventsSection {
				s.c.countAction(row.payload)
			}
		}
		f := s.check(row, before)
		p := &s.pending
		p.seq, p.kind, p.subject = row.seq, append(p.kind[:0], row.kind...), append(p.subject[:0], row.subject...)
		s.waiting, s.faulty = true, f != nil
		if f != nil {
			s.fault(*f)
		}
		if s.win != nil {
			s.win.put(row.seq, row.payload, row.kind, row.subject)
		}
	}
	s.lastSeq, s.lastHash = row.seq, append(s.lastHash[:0], row.hash...)
	if s.waiting {
		s.pending.hash = append(s.pending.hash[:0], row.hash...)
	}
}

// check is readEntry.fault for a row read in chain order, less the link
// of the entry after it, which settle checks.
func (s *chainScan) check(row *scannedRow, before []byte) *chain.Fault {
	table := tableOf(string(row.kind))
	bad := func(reason string) *chain.Fault {
		return &chain.Fault{Seq: row.seq, Table: table, Subject: string(row.subject), Reason: reason}
	}
	// As readEntry.fault: a prev of the wrong length hashes after the
	// genesis hash.
	if len(row.prev) == chain.Size {
		s.l.Follow(row.prev)
	} else {
		s.l.Follow(genesis[:])
	}
	s.tail = tailBytes(s.tail[:0], s.atText, row.actor, row.kind, row.incident, row.subject, row.payload)
	switch _, sum := s.l.Link(row.seq, s.tail); {
	case !bytes.Equal(sum[:], row.hash):
		return bad("its contents do not match its hash, so the entry was altered")
	case before == nil || !bytes.Equal(before, row.prev):
		return bad("it does not link to the entry before it, so entries were removed, reordered or inserted")
	}
	return nil
}

// settle checks that the entry after the pending one links to it.
func (s *chainScan) settle(after []byte) {
	e := &s.pending
	s.waiting = false
	if s.faulty || after == nil || bytes.Equal(after, e.hash) {
		return
	}
	s.fault(chain.Fault{Seq: e.seq, Table: tableOf(string(e.kind)), Subject: string(e.subject), Reason: "the entry after it does not link to it, so it was altered and its hash recomputed"})
}

func (s *chainScan) fault(f chain.Fault) {
	s.c.faults[f.Seq] = f
	s.r.note(f)
}

// incidentCheck is the pass over an incident beside a read of it: on a
// second read transaction holding the same snapshot, so the two run on
// both cores, or first on the read's own transaction when a write landed
// between the two beginning. What the read goes through before the pass
// is done is noted, and checked against it at the end.
type incidentCheck struct {
	r      *reader // the read's
	done   chan error
	cancel context.CancelFunc // stops the pass
	pass   *reader
	passTx *besideRead
	lo, hi int64 // the snapshot's entries from the incident's on
	// mu guards seen and beyond: a walk reads on two goroutines
	// (walk_evidence.go).
	mu     sync.Mutex
	seen   []uint64       // entries read while the pass ran, a bit each
	beyond []int64        // and those outside lo…hi
	win    *payloadWindow // the payloads the pass read, for a step walk; or nil
}

// startCheck begins the pass over the incident whose entry is inc, for a
// read on tx through r.
func (d *DB) startCheck(ctx context.Context, tx *sql.Tx, r *reader, inc int64, incident string) (*incidentCheck, error) {
	return d.startPass(ctx, tx, r, inc, incident, false)
}

// startPass is startCheck; with window, a pass beside the read keeps the
// payloads it reads in a window for it (walk_window.go), which the read
// must close when it ends.
func (d *DB) startPass(ctx context.Context, tx *sql.Tx, r *reader, inc int64, incident string, window bool) (*incidentCheck, error) {
	c := &incidentCheck{r: r, lo: inc}
	passTx, last, err := d.besideTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	if passTx == nil {
		// A write landed in between: check first, on the read's snapshot.
		err := r.scanIncident(ctx, inc, incident)
		if err == nil && window {
			err = r.tallyRows(ctx, inc)
		}
		return c, d.fail(err)
	}
	c.hi, c.passTx, c.done = last, passTx, make(chan error, 1)
	ctx, c.cancel = context.WithCancel(ctx)
	c.seen = make([]uint64, (last-inc)/64+1)
	c.pass = d.reader(passTx.Tx)
	if window {
		c.win = newWindow(inc)
		c.pass.win = c.win
	}
	go func() {
		err := c.pass.scanIncident(ctx, inc, incident)
		if err == nil && window {
			err = c.pass.tallyRows(ctx, inc)
		}
		c.done <- err
	}()
	return c, nil
}

// tallyRows counts, on the pass's snapshot, the rows each section of the
// derived tables gives the incident, which a step walk holds to the
// entries the pass counted (sectionsHeld): the walk reads the roster, the
// status changes and the evidence from those rows, and a row deleted
// there made up findings ("owner alice is not a known person") with no
// warning. On the pass's goroutine it costs the walk nothing: the pass
// ends well before the walk.
func (r *reader) tallyRows(ctx context.Context, inc int64) error {
	var rows [len(exportSections)]sectionTally
	plain := r.d.sq.plainTallies
	for i, q := range r.d.sq.sectionTallies {
		err := r.QueryRowContext(ctx, q, inc).Scan(&rows[i].n, &rows[i].sum)
		if err != nil && q != plain[i] && ctx.Err() == nil {
			// The index it names was dropped outside signoff: counted
			// without it, slower, rather than every read that tallies
			// failing as an internal error (a hostile review).
			err = r.QueryRowContext(ctx, plain[i], inc).Scan(&rows[i].n, &rows[i].sum)
		}
		if err != nil {
			return err
		}
	}
	rows[eventsSection].n -= rows[eventsSection-1].n
	rows[eventsSection].sum -= rows[eventsSection-1].sum
	r.cover.rows = &rows
	return nil
}

// covered reports whether the entry with that seq needs no check of its
// own: the pass checked it, or will be asked about it at the end.
func (c *incidentCheck) covered(seq int64) bool {
	if c.done == nil {
		return c.r.cover.coversSeq(seq)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq < c.lo || seq > c.hi {
		c.beyond = append(c.beyond, seq)
	} else {
		i := seq - c.lo
		c.seen[i/64] |= 1 << (i % 64)
	}
	return true
}

// finish waits for the pass and checks on their own the entries read that
// it did not cover; a read that ends early stops the pass instead (stop).
func (c *incidentCheck) finish(ctx context.Context) error {
	if c.done == nil {
		return nil
	}
	if err := c.endPass(); err != nil {
		return err
	}
	c.r.cover = c.pass.cover
	c.r.faults = append(c.r.faults, c.pass.faults...)
	var alone []int64
	for w, word := range c.seen {
		for word != 0 {
			b := int64(bits.TrailingZeros64(word))
			word &^= 1 << b
			if seq := c.lo + int64(w)*64 + b; !c.r.cover.coversSeq(seq) {
				alone = append(alone, seq)
			}
		}
	}
	for _, seq := range append(alone, c.beyond...) {
		e, err := scanEntry(c.r.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", seq))
		if err != nil {
			return err
		}
		c.r.check(&e)
	}
	return nil
}

// stop ends the pass at once, for a read that ends early, and waits for
// it, so the pass never outlives the read: it does not read the rest of
// the incident, and its transaction goes back to the pool. After finish
// it does nothing.
func (c *incidentCheck) stop() {
	if c.done != nil {
		c.cancel()
		c.endPass()
	}
}

// endPass waits for the pass to end and gives its transaction back.
func (c *incidentCheck) endPass() error {
	c.win.close() // the read has ended: the pass need not wait for it
	err := <-c.done
	c.cancel()
	c.passTx.end()
	c.done = nil
	return err
}

// genesis is the hash the first entry links to, raw.
var genesis [chain.Size]byte

// tailBytes is chain.Tail of fields read as bytes, without making a
// string of each; the readers' tests hold it to the stored hashes.
func tailBytes(b []byte, at string, actor, kind, incident, subject []byte, payload string) []byte {
	b = appendField(b, at)
	for _, f := range [...][]byte{actor, kind, incident, subject} {
		b = appendField(b, f)
	}
	return appendField(b, payload)
}

// appendField appends one length-prefixed field of the hashed text.
func appendField[T string | []byte](b []byte, f T) []byte {
	b = strconv.AppendInt(b, int64(len(f)), 10)
	b = append(b, ':')
	b = append(b, f...)
	return append(b, '\n')
}
