package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"hash/crc32"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/model/format"
)

// The native export of an intact incident on SQLite reads the incident's
// part of the chain once, in seq order (issue 16): every entry's nine
// columns, checked as the pass checks them (its hash, its link to the
// entry before, the link of the entry after it), and each record routed
// to its section of the document. Looking the records up from the
// derived tables' indexes instead costs a chain lookup and a pread per
// record, and the pass beside it read every payload a second time.
//
// The document's sections are grouped while the chain interleaves them.
// A section is written straight out while it is the first one not yet
// whole; the records of the sections after it are re-indented into a
// spool of their own (memory, then an unlinked temporary file) and copied
// out when their turn comes. A section is whole when it has as many
// records as the derived tables give the incident; at the end the count
// and the sum of the seqs of each section must be what they give.
//
// Anything else goes the way it went before (export.go), on the same
// snapshot, and that way writes and says what it always did: an entry
// that does not verify, a gap, a record the document writer refuses, a
// section whose rows the derived tables count otherwise (a row moved
// from another incident). What was already written is the start of what
// that way writes (the sections before the one at fault are the same
// checked records): it is skipped, its checksum compared, and the rest
// written after it.

// exportSections are the sections of a document, in document order.
var exportSections = [...]string{"people", "agents", "assets", "evidence", "events", "reviews", "status_changes"}

// sectionOf is the section of a chain entry of that kind, or -1.
func sectionOf(kind string) int {
	switch kind {
	case recPerson:
		return 0
	case recAgent:
		return 1
	case recAsset:
		return 2
	case recEvidence:
		return 3
	case recEvent, recQueued:
		return 4
	case recReview:
		return 5
	case recStatus:
		return 6
	}
	return -1
}

// sectionTallies count the rows of each section the derived tables give
// an incident, and the sum of their seqs, from their indexes alone (on
// SQLite told which: the evidence's count through the table's key looked
// each row up, 0.74 s at a million events). The events without the
// evidence are the events less the evidence.
func sectionTallies(indexedBy func(index string) string) [len(exportSections)]string {
	return [...]string{
		"SELECT count(*), coalesce(sum(seq), 0) FROM people WHERE inc = ?",
		"SELECT count(*), coalesce(sum(seq), 0) FROM agents WHERE inc = ?",
		"SELECT count(*), coalesce(sum(seq), 0) FROM assets WHERE inc = ?",
		"SELECT count(*), coalesce(sum(seq), 0) FROM events" + indexedBy("events_asset_evidence") + " WHERE inc = ? AND kind = 'evidence'",
		"SELECT count(*), coalesce(sum(seq), 0) FROM events" + indexedBy("events_time") + " WHERE inc = ?",
		"SELECT count(*), coalesce(sum(seq), 0) FROM reviews WHERE inc = ?",
		"SELECT count(*), coalesce(sum(seq), 0) FROM status_changes WHERE inc = ?",
	}
}

// sectionTally is a section's count of records and the sum of their seqs.
type sectionTally struct{ n, sum int64 }

// eventsSection is the index of the events in exportSections; the
// evidence is the one before it.
const eventsSection = 4

// laterTally is the events' tally, read on the export's transaction while
// the chain is read beside it: at a million events it is 0.13 s of index
// reading that the chain read's goroutine has room for, and the events are
// spooled until the evidence, which runs to the chain's end, is whole.
type laterTally struct {
	done chan struct{}
	t    sectionTally
	err  error
}

// tallyEvents starts counting the incident's events section, less the
// evidence (counted already), beside the chain read.
func (x *orderExport) tallyEvents(ctx context.Context, inc int64) {
	l := &laterTally{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.err = x.tally.QueryRowContext(ctx, inc).Scan(&l.t.n, &l.t.sum)
		l.t.n -= x.want[eventsSection-1].n
		l.t.sum -= x.want[eventsSection-1].sum
	}()
	x.later = l
}

// eventsCounted waits for the events' tally, once, and makes it the
// section's.
func (x *orderExport) eventsCounted() error {
	l := x.later
	if l == nil {
		return nil
	}
	<-l.done
	x.later = nil
	if l.err != nil {
		return x.d.fail(l.err)
	}
	x.want[eventsSection] = l.t
	return nil
}

// orderBatch is how many chain rows go from the reading goroutine to the
// checking one at a time; orderDepth batches may wait.
const (
	orderBatch = 512
	orderDepth = 4
)

// chainInOrder is the chain between two seqs, in order: each entry's
// seq, time, payload, and in one column its actor, kind, incident and
// subject as the hashed text spells them (each its length in bytes, a
// colon, its bytes, a newline), followed by prev and hash. Four columns
// a row instead of nine: the pure-Go driver's cost is per column (at 1M
// entries, 2.8 s against 3.2–3.6 s reading the rows alone). Any entry
// this does not cut apart exactly does not verify here, and goes the
// lists' way, which reads it column by column.
const chainInOrder = `SELECT seq, at,
	octet_length(actor) || ':' || actor || char(10) || octet_length(kind) || ':' || kind || char(10) ||
	octet_length(incident) || ':' || incident || char(10) || octet_length(subject) || ':' || subject || char(10) || prev || hash,
	payload FROM chain WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq`

// orderRow is one chain row as read: fields (chainInOrder's third
// column) and the payload point into the batch's buffer.
type orderRow struct {
	seq, at         int64
	fields, payload []byte
}

// entryFields cuts chainInOrder's third column: the hashed text of the
// four short fields, the kind and incident among them, and the two
// hashes; ok is false when it is not four fields and two hashes.
func entryFields(b []byte) (text, kind, incident, prev, hash []byte, ok bool) {
	rest := b
	var f [4][]byte
	for i := range f {
		colon := bytes.IndexByte(rest, ':')
		if colon < 1 || colon > 19 {
			return nil, nil, nil, nil, nil, false
		}
		n := 0
		for _, d := range rest[:colon] {
			if d < '0' || d > '9' {
				return nil, nil, nil, nil, nil, false
			}
			n = n*10 + int(d-'0')
		}
		end := colon + 1 + n
		if n < 0 || end >= len(rest) || rest[end] != '\n' {
			return nil, nil, nil, nil, nil, false
		}
		f[i], rest = rest[colon+1:end], rest[end+1:]
	}
	if len(rest) != 2*chain.Size {
		return nil, nil, nil, nil, nil, false
	}
	return b[:len(b)-len(rest)], f[1], f[2], rest[:chain.Size], rest[chain.Size:], true
}

// orderRows is a batch of rows, and the buffer their fields and payloads
// point into. The checking goroutine hands a batch back only once it is
// done with the batch after it: the entry it holds until the next entry's
// link is checked may be the last of a batch.
type orderRows struct {
	rows []orderRow
	buf  []byte
}

// add appends a row, copying its fields and payload into the buffer.
func (b *orderRows) add(o orderRow, fields, payload []byte) {
	n := len(b.buf)
	b.buf = append(append(b.buf, fields...), payload...)
	o.fields = b.buf[n : n+len(fields) : n+len(fields)]
	o.payload = b.buf[n+len(fields) : len(b.buf) : len(b.buf)]
	b.rows = append(b.rows, o)
}

// send hands the batch over and returns an empty one to fill, a batch
// handed back or a new one; nil once stop is closed.
func (b *orderRows) send(batches chan<- *orderRows, free <-chan *orderRows, stop <-chan struct{}) *orderRows {
	select {
	case batches <- b:
	case <-stop:
		return nil
	}
	select {
	case b = <-free:
		b.rows, b.buf = b.rows[:0], b.buf[:0]
	default:
		b = &orderRows{}
	}
	return b
}

// errOtherWay is why the read in order hands the export over to the way
// of export.go; Export never returns it.
var errOtherWay = errors.New("export: the other way")

// exportInOrder writes the export of the incident whose entry is inc and
// whose head entry (checked) is head, reading its part of the chain once
// in seq order. It returns errOtherWay, having written nothing, when the
// incident's entries fill less than half of their span of the chain
// (incidents appended to in turns): export.go reads those by the lists
// of their seqs.
func (d *DB) exportInOrder(ctx context.Context, tx *sql.Tx, r *reader, inc int64, incident string, head readEntry, out io.Writer) error {
	var want [len(exportSections)]sectionTally
	for i, q := range d.sq.sectionTallies {
		if i == eventsSection {
			continue // counted beside the chain read (tallyEvents)
		}
		if err := tx.QueryRowContext(ctx, q, inc).Scan(&want[i].n, &want[i].sum); err != nil {
			return d.fail(err)
		}
	}
	// How many records to expect, to choose the way: the events as the
	// incident's counts keep them, until they are counted. A choice of
	// speed: both ways read the same span, and check what they write.
	var records int64
	if err := tx.QueryRowContext(ctx, "SELECT events FROM incident_counts WHERE inc = ?", inc).Scan(&records); err != nil && err != sql.ErrNoRows {
		return d.fail(err)
	}
	for _, t := range want {
		records += t.n
	}
	hi, err := spanEnd(ctx, tx, inc, incident)
	if err != nil {
		return d.fail(err)
	}
	if 2*records < hi-inc+1 {
		return errOtherWay
	}

	// The document's start, which each section's writer but the first
	// writes again: what its spool drops.
	var start byteCount
	if sw, err := format.NewDocumentWriter(&start, []byte(head.Payload)); err != nil || sw.Flush() != nil {
		return tampered("export of "+incident+" stopped before it began", notARecord(head.Seq, head.Kind, head.Subject, err))
	}
	dst := &exportDst{w: out}
	x := &orderExport{d: d, incident: incident, dst: dst, want: want}
	defer x.close()
	// The events' tally is prepared before anything is written: a schema
	// it cannot be read on is refused with nothing out, as before it was
	// read beside the chain.
	if x.tally, err = tx.PrepareContext(ctx, d.sq.sectionTallies[eventsSection]); err != nil {
		return d.fail(err)
	}
	err = x.start(int64(start), []byte(head.Payload))
	if err == nil {
		err = x.scan(ctx, tx, inc, hi, incident)
	}
	if err == nil {
		err = x.whole()
	}
	if err == nil {
		return nil
	}
	// What the spools' files refused is the temporary folder's fault, not
	// the record's: the lists' way needs no spool. (What the output
	// refused is not: that way would meet it too.)
	if err != errOtherWay && !errors.Is(err, errSpool) {
		return err
	}
	x.close()
	return d.exportAfter(ctx, tx, r, inc, incident, head, out, dst.n, dst.sum)
}

// exportAfter is the export of export.go on the same transaction, whose
// first n bytes, with that checksum, were written already. When that way
// writes other bytes than those (a row of a section written out already
// is missing from the derived tables, which that way reads), the export
// stops there: what was written is not a whole document.
func (d *DB) exportAfter(ctx context.Context, tx *sql.Tx, r *reader, inc int64, incident string, head readEntry, out io.Writer, n int64, sum uint32) error {
	p := &prefixOut{w: out, skip: n, want: sum}
	err := d.exportChecked(ctx, tx, r, inc, incident, head, p)
	if errors.Is(err, errNotThePrefix) || err == nil && p.skip > 0 {
		return model.Errorf(model.ETAMPERED, "export of %s stopped after %d bytes, so it is incomplete: its rows in the derived tables "+
			"do not match its entries in the audit chain, so the record was changed outside signoff; run `signoff verify`", incident, n)
	}
	return err
}

// orderExport is an export in seq order in progress.
type orderExport struct {
	d        *DB
	incident string
	dst      *exportDst
	want     [len(exportSections)]sectionTally
	got      [len(exportSections)]sectionTally
	// w writes each section, into its spool until its turn, then out.
	w     [len(exportSections)]*format.DocumentWriter
	spool [len(exportSections)]*sectionSpool
	cur   int // the section being written out; len(exportSections) when all are
	// later is the events' tally while it is being read (tallyEvents):
	// until then their count in want is not known. tally is its statement.
	later *laterTally
	tally *sql.Stmt
}

// start makes the sections' writers: each a document writer of its own;
// the spools of all but the first drop the document's start (skip bytes),
// which the first writes.
func (x *orderExport) start(skip int64, head []byte) error {
	for i, name := range exportSections {
		x.spool[i] = &sectionSpool{skip: skip, dst: x.dst}
		if i == 0 {
			x.spool[i].skip = 0
		}
		w, err := format.NewDocumentWriter(x.spool[i], head)
		if err != nil {
			return err
		}
		w.Section(name)
		x.w[i] = w
	}
	return x.turn()
}

// turn writes out the sections that are whole, in order, and makes the
// first that is not the one written straight out.
func (x *orderExport) turn() error {
	for x.cur < len(exportSections) {
		if x.cur == eventsSection {
			if err := x.eventsCounted(); err != nil {
				return err
			}
		}
		s := x.spool[x.cur]
		if err := s.out(); err != nil {
			return err
		}
		if x.got[x.cur].n < x.want[x.cur].n {
			return nil
		}
		if x.got[x.cur] != x.want[x.cur] {
			// The same count, other seqs: one the chain gives this
			// section is not among the derived tables' rows.
			return x.unlisted(x.cur)
		}
		x.w[x.cur].Section("") // ends the list
		if err := x.w[x.cur].Flush(); err != nil {
			return err
		}
		x.cur++
	}
	return nil
}

// record writes one checked record of section s (none: -1); a record
// beyond the count of its section stops the export (unlisted), one the
// writer refuses hands it over.
func (x *orderExport) record(s int, seq int64, payload []byte) error {
	if s < 0 {
		return nil
	}
	t := &x.got[s]
	counted := s != eventsSection || x.later == nil
	if t.n++; counted && t.n > x.want[s].n || s < x.cur {
		// A checked entry of this incident beyond what the derived
		// tables list for its section (a section is closed only at
		// their count and seq sum): the lists' way would leave it out
		// and write a document that looks whole.
		return x.unlisted(s)
	}
	t.sum += seq
	if err := x.w[s].Record(payload); err != nil {
		if errors.Is(err, format.ErrNotJSON) {
			return errOtherWay
		}
		return err
	}
	if s == x.cur && counted && t.n == x.want[s].n {
		return x.turn()
	}
	return nil
}

// unlisted stops the export at a checked entry of section s that the
// derived tables do not list for the incident: the lists' way would
// leave its record out and write a document that looks whole.
func (x *orderExport) unlisted(s int) error {
	return notTheChains(x.incident, x.dst.n, s)
}

// notTheChains is the refusal of an export of incident stopped after n
// bytes because the derived tables' rows of section s are not the
// incident's entries of that section in the chain.
func notTheChains(incident string, n int64, s int) error {
	return model.Errorf(model.ETAMPERED, "export of %s stopped after %d bytes, so it is incomplete: its rows in the derived tables "+
		"do not match its entries in the audit chain (its %s there are not the chain's), so the record was changed outside signoff; run `signoff verify`",
		incident, n, exportSections[s])
}

// whole is nil when every section has been written out, with the records
// and seqs the derived tables give it.
func (x *orderExport) whole() error {
	if err := x.turn(); err != nil {
		return err
	}
	if x.cur < len(exportSections) || x.got != x.want {
		return errOtherWay
	}
	return x.w[len(x.w)-1].Close() // ends the document
}

// close lets go of the spools' files, once the events' tally, which reads
// on the export's transaction, is done.
func (x *orderExport) close() {
	if x.later != nil {
		<-x.later.done
		x.later = nil
	}
	if x.tally != nil {
		x.tally.Close()
		x.tally = nil
	}
	for _, s := range x.spool {
		if s != nil {
			s.drop()
		}
	}
}

// scan reads the chain from inc to hi on a goroutine of its own and
// checks each entry of the incident here, as chainScan does; a record is
// written once the entry after it has been read (its link checked).
func (x *orderExport) scan(ctx context.Context, tx *sql.Tx, inc, hi int64, incident string) error {
	raw := x.d.openChainRead(ctx, tx)
	x.tallyEvents(ctx, inc)
	// Every entry read is checked, the other incidents' too, and the read
	// goes one entry past the span: an incident's last entries, their
	// incident changed and their rows deleted, begin there, and only
	// their hashes say so (a hostile review).
	c := &orderCheck{l: chain.NewLinker(model.GenesisHash), lastSeq: inc - 1, incident: incident, all: true}
	if inc > 1 {
		if err := tx.QueryRowContext(ctx, "SELECT hash FROM chain WHERE seq = ?", inc-1).Scan(&c.lastHash); err != nil && err != sql.ErrNoRows {
			if raw != nil {
				raw.Close() // its reader, which closes it, never starts
			}
			return x.d.fail(err)
		}
	}
	batches, free, stop, done := make(chan *orderRows, orderDepth), make(chan *orderRows, orderDepth+2), make(chan struct{}), make(chan error, 1)
	go func() {
		if raw != nil {
			done <- readRawInOrder(ctx, raw, inc, hi+1, batches, free, stop)
		} else {
			done <- readInOrder(ctx, tx, inc, hi+1, batches, free, stop)
		}
		close(batches)
	}()
	err := func() error {
		var held *orderRows // the batch before b: its last entry may be pending until b's first
		for b := range batches {
			for i := range b.rows {
				if err := c.next(&b.rows[i], x); err != nil {
					return err
				}
			}
			if held != nil {
				select {
				case free <- held:
				default:
				}
			}
			held = b
		}
		return nil
	}()
	close(stop)
	for range batches {
	}
	switch rerr := <-done; {
	case err != nil || rerr == nil:
	case raw != nil && ctx.Err() == nil:
		// The transaction's way meets whatever this was again, and says
		// it as it always did.
		err = errOtherWay
	default:
		err = x.d.fail(rerr)
	}
	if err != nil {
		return err
	}
	if c.waiting {
		// The incident's last entry: the entry after it must link to it.
		var after []byte
		if err := tx.QueryRowContext(ctx, "SELECT prev FROM chain WHERE seq = ?", c.pending.seq+1).Scan(&after); err != nil && err != sql.ErrNoRows {
			return x.d.fail(err)
		}
		if err := c.settle(after, x); err != nil {
			return err
		}
	}
	if c.lastSeq < hi {
		return errOtherWay // entries removed from the span's end
	}
	return nil
}

// readInOrder reads the chain from inc to hi into batches until it is
// done or stop is closed.
func readInOrder(ctx context.Context, tx *sql.Tx, inc, hi int64, batches chan<- *orderRows, free <-chan *orderRows, stop <-chan struct{}) error {
	through := inc - 1
	if passEnded != nil {
		defer func() { passEnded(through) }()
	}
	rows, err := tx.QueryContext(ctx, chainInOrder, inc, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	var fields, payload sql.RawBytes
	b := &orderRows{}
	for rows.Next() {
		var o orderRow
		if err := rows.Scan(&o.seq, &o.at, &fields, &payload); err != nil {
			return err
		}
		through = o.seq
		b.add(o, fields, payload)
		if len(b.rows) == orderBatch {
			if b = b.send(batches, free, stop); b == nil {
				return nil
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(b.rows) > 0 {
		b.send(batches, free, stop)
	}
	return nil
}

// orderCheck is chainScan's check of an incident's entries in chain
// order, for a reader that stops at the first fault instead of keeping
// it: the export then goes the other way, which finds and says it.
type orderCheck struct {
	l        *chain.Linker
	incident string
	// all checks every entry's hash, not the incident's alone.
	all      bool
	tail     []byte
	atText   string
	lastAt   int64
	lastSeq  int64
	lastHash []byte
	pending  struct {
		seq     int64
		section int
		payload []byte
		hash    []byte
	}
	waiting bool
}

func (c *orderCheck) next(row *orderRow, x *orderExport) error {
	if row.seq != c.lastSeq+1 {
		return errOtherWay // entries removed
	}
	text, kind, incident, prev, hash, ok := entryFields(row.fields)
	if !ok {
		return errOtherWay
	}
	// The entry is checked before the one before it is written: checking
	// every entry (all), one that does not match its hash stops the
	// export before the record whose link it holds.
	mine := string(incident) == c.incident
	if mine || c.all {
		before := c.lastHash
		if row.seq == 1 {
			before = genesis[:]
		}
		if row.at != c.lastAt || c.atText == "" {
			c.atText, c.lastAt = chain.Time(fromNanos(row.at)), row.at
		}
		c.l.Follow(prev)
		c.tail = append(appendField(c.tail[:0], c.atText), text...)
		c.tail = appendField(c.tail, row.payload)
		if _, sum := c.l.Link(row.seq, c.tail); !bytes.Equal(sum[:], hash) || before == nil || !bytes.Equal(before, prev) {
			return errOtherWay
		}
	}
	if c.waiting {
		if err := c.settle(prev, x); err != nil {
			return err
		}
	}
	if mine {
		p := &c.pending
		p.seq, p.section, p.payload, p.hash = row.seq, sectionOf(string(kind)), row.payload, append(p.hash[:0], hash...)
		c.waiting = true
	}
	c.lastSeq, c.lastHash = row.seq, append(c.lastHash[:0], hash...)
	return nil
}

// settle checks that the entry after the pending one links to it (after
// is nil when there is none), and writes its record.
func (c *orderCheck) settle(after []byte, x *orderExport) error {
	c.waiting = false
	if after != nil && !bytes.Equal(after, c.pending.hash) {
		return errOtherWay
	}
	return x.record(c.pending.section, c.pending.seq, c.pending.payload)
}

// exportDst is the export's output: it counts what it writes, and keeps
// its checksum, so the other way can skip it.
type exportDst struct {
	w   io.Writer
	n   int64
	sum uint32
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (o *exportDst) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	o.sum = crc32.Update(o.sum, castagnoli, p[:n])
	o.n += int64(n)
	return n, err
}

// prefixOut drops the first skip bytes written to it, keeping their
// checksum, and writes the rest to w, once the checksum is want.
type prefixOut struct {
	w         io.Writer
	skip      int64
	sum, want uint32
}

// errNotThePrefix is a prefixOut's refusal of bytes that are not those
// written already.
var errNotThePrefix = errors.New("the export's second way wrote other bytes than its first")

func (p *prefixOut) Write(b []byte) (int, error) {
	switch {
	case p.skip == 0:
		return p.w.Write(b)
	case p.skip < 0:
		return 0, errNotThePrefix
	}
	k := min(int64(len(b)), p.skip)
	p.sum = crc32.Update(p.sum, castagnoli, b[:k])
	if p.skip -= k; p.skip > 0 {
		return len(b), nil
	}
	if p.sum != p.want {
		p.skip = -1 // refuse everything after
		return 0, errNotThePrefix
	}
	n, err := p.w.Write(b[k:])
	return int(k) + n, err
}

// byteCount counts the bytes written to it.
type byteCount int64

func (c *byteCount) Write(p []byte) (int, error) {
	*c += byteCount(len(p))
	return len(p), nil
}
