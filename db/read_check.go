package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/model/format"
)

// Readers check what they read. verify checks the whole record, but a
// tampered record must not flow on unflagged through the commands and
// screens that read it (findings, export, decisions, the queue). So every
// chain entry a read goes through is checked on its own, at a cost
// proportional to what the read returns: its contents against its own
// hash, its link to the entry before it, and the link of the entry after
// it, which catches an entry whose hash was recomputed to match a change.
// What this cannot see (rows deleted, a chain recomputed from the altered
// entry to the end) is verify's and the checkpoint's to find.
//
// A fault found is kept by the store (ReadFault), so a command can say so
// when it ends and the workstation can show it. Readers that hand a record
// on to act upon refuse it instead: decisions stops before a decision whose
// entry does not verify, and a decision on a suggestion whose entry does
// not verify is refused.

// entryColumns is what a read selects of each chain entry (aliased c) it
// goes through: the entry, and the hashes its links are checked against.
const entryColumns = `c.seq, c.at, c.actor, c.kind, c.incident, c.subject, c.payload, c.prev, c.hash,
	(SELECT p.hash FROM chain p WHERE p.seq = c.seq - 1), (SELECT n.prev FROM chain n WHERE n.seq = c.seq + 1)`

// bareEntryColumns is entryColumns without the neighbours' hashes, for
// reads whose entries a pass over the incident checked (read_scan.go).
const bareEntryColumns = `c.seq, c.at, c.actor, c.kind, c.incident, c.subject, c.payload, c.prev, c.hash`

// readEntry is one entry as a read selected it.
type readEntry struct {
	model.ChainEntry
	prev, hash    []byte
	before, after []byte // the hash of the entry before, the prev of the one after (nil: none)
	bare          bool   // read without before and after (bareEntryColumns)
	// row is the id of the row a step walk read the entry through, which
	// the entry must be the record of (reader.ofRow); "" for any.
	row string
}

// scanEntry scans entryColumns, then into rest the columns after them.
func scanEntry(row interface{ Scan(...any) error }, rest ...any) (readEntry, error) {
	var r readEntry
	var at int64
	dest := append([]any{&r.Seq, &at, &r.Actor, &r.Kind, &r.Incident, &r.Subject, &r.Payload, &r.prev, &r.hash, &r.before, &r.after}, rest...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	r.At = fromNanos(at)
	return r, nil
}

// scanBareEntry scans bareEntryColumns, then into rest the columns after
// them.
func scanBareEntry(row interface{ Scan(...any) error }, rest ...any) (readEntry, error) {
	r := readEntry{bare: true}
	var at int64
	dest := append([]any{&r.Seq, &at, &r.Actor, &r.Kind, &r.Incident, &r.Subject, &r.Payload, &r.prev, &r.hash}, rest...)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	r.At = fromNanos(at)
	return r, nil
}

// fault is what is wrong with the entry on its own, or nil.
func (r *readEntry) fault() *chain.Fault {
	table := tableOf(r.Kind)
	bad := func(reason string) *chain.Fault {
		return &chain.Fault{Seq: r.Seq, Table: table, Subject: r.Subject, Reason: reason}
	}
	before := r.before
	if r.Seq == 1 {
		before = make([]byte, len(r.prev)) // the genesis hash is all zeros
	}
	l := chain.NewLinker(model.GenesisHash)
	l.Follow(r.prev)
	switch _, sum := l.Link(r.Seq, chain.EntryTail(nil, &r.ChainEntry)); {
	case !bytes.Equal(sum[:], r.hash):
		return bad("its contents do not match its hash, so the entry was altered")
	case before == nil || !bytes.Equal(before, r.prev):
		return bad("it does not link to the entry before it, so entries were removed, reordered or inserted")
	case r.after != nil && !bytes.Equal(r.after, r.hash):
		return bad("the entry after it does not link to it, so it was altered and its hash recomputed")
	}
	return nil
}

// reader is one read of the record: a transaction, and the faults of the
// entries it went through, which the store also keeps.
type reader struct {
	querier
	d      *DB
	faults []chain.Fault
	cover  *coverage // what a pass over an incident checked (read_scan.go)
	// settled, when set, hears from a pass on this reader how far it has
	// checked: every entry up to the seq is settled in the coverage.
	settled func(c *coverage, upTo int64)
	// win, when set, is the window a pass on this reader fills for a
	// step walk (walk_window.go).
	win *payloadWindow
	// incident, when set, is the one incident the read goes through
	// (walks, exports): every entry it reads must name it.
	incident string
}

func (d *DB) reader(q querier) *reader { return &reader{querier: q, d: d} }

// incidentReader is a reader of one whole incident: an entry it reads
// that names another incident came through a row moved from that
// incident's part of the derived tables. The entry verifies on its own,
// and a walk would judge, and an export write, another incident's record
// as this one's.
func (d *DB) incidentReader(q querier, incident string) *reader {
	return &reader{querier: q, d: d, incident: incident}
}

// fault is what is wrong with an entry the reader went through: the
// entry's own fault, else a row moved from another incident.
func (r *reader) fault(e *readEntry) *chain.Fault {
	if f := e.fault(); f != nil {
		return f
	}
	if r.incident == "" {
		return nil
	}
	return movedFault(e, r.incident)
}

// movedFault is the fault of an entry read through a row of incident
// that names another incident: the row was moved; nil when it names
// incident.
func movedFault(e *readEntry, incident string) *chain.Fault {
	if e.Incident == incident {
		return nil
	}
	return &chain.Fault{Seq: e.Seq, Table: tableOf(e.Kind), Subject: e.Subject,
		Reason: fmt.Sprintf("the row belongs to another incident than the entry's %s, so it was altered", e.Incident)}
}

// note keeps a fault a read met, and tells the store's reads of it.
func (r *reader) note(f chain.Fault) {
	r.faults = append(r.faults, f)
	r.d.reads.note(f)
}

// check checks one entry read and keeps its fault, if any.
func (r *reader) check(e *readEntry) {
	if r.cover.covers(e) {
		return // the pass over its incident checked it, and kept its fault
	}
	if f := r.fault(e); f != nil {
		r.note(*f)
	}
}

// checkRead checks an entry a read went through, unless the pass over
// its incident already did, and returns its fault or nil. A bare entry
// outside the pass has its neighbours' hashes read first.
func (r *reader) checkRead(ctx context.Context, e *readEntry) (*chain.Fault, error) {
	if r.cover.covers(e) {
		if f, ok := r.cover.faults[e.Seq]; ok {
			return &f, nil
		}
		return nil, nil
	}
	if e.bare {
		err := r.QueryRowContext(ctx, "SELECT (SELECT hash FROM chain WHERE seq = ?1 - 1), (SELECT prev FROM chain WHERE seq = ?1 + 1)", e.Seq).
			Scan(&e.before, &e.after)
		if err != nil {
			return nil, err
		}
		e.bare = false
	}
	f := r.fault(e)
	if f != nil {
		r.note(*f)
	}
	return f, nil
}

// refuse is the refusal of acting on what was read, when any entry it
// went through does not verify.
func (r *reader) refuse(what string) error {
	if len(r.faults) == 0 {
		return nil
	}
	return tampered(what, r.faults[0])
}

// tampered is the sentence of a refusal to act on a record that does not
// verify.
func tampered(what string, f chain.Fault) error {
	return model.Errorf(model.ETAMPERED, "%s: the record was changed outside signoff at %s; run `signoff verify`", what, f)
}

// readFaults is what the store's reads have found so far.
type readFaults struct {
	mu    sync.Mutex
	first chain.Fault
	count int
}

func (rf *readFaults) note(f chain.Fault) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if rf.count == 0 || f.Seq < rf.first.Seq {
		rf.first = f
	}
	rf.count++
}

// ReadFault says what the store's reads have found wrong with the chain
// entries they went through: a sentence naming the first such entry, or
// "" when every entry read so far verified.
func (d *DB) ReadFault() string {
	rf := &d.reads
	rf.mu.Lock()
	defer rf.mu.Unlock()
	if rf.count == 0 {
		return ""
	}
	s := fmt.Sprintf("the record was changed outside signoff: %s", rf.first)
	if rf.count > 1 {
		if n := rf.count - 1; n == 1 {
			s += " (and 1 more entry that does not verify was read)"
		} else {
			s += fmt.Sprintf(" (and %d more entries that do not verify were read)", n)
		}
	}
	return s + "; run `signoff verify`"
}

// records decodes the payloads of the entries a query selects (its first
// columns are entryColumns), checking each entry.
func records[T any](ctx context.Context, r *reader, query string, args ...any) ([]T, error) {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect[T](r, rows, "")
}

// recordOf is records of a query selecting the incident inc's record of that
// id (its arguments ?1 and ?2): the entry the row points at must be the
// entry of that id. A row pointed at another intact entry of its kind
// (bob's person row at alice's entry) would read as that one: a decision
// by bob judged on alice's authority.
func recordOf[T any](ctx context.Context, r *reader, query string, inc int64, id string) ([]T, error) {
	rows, err := r.QueryContext(ctx, query, inc, id)
	if err != nil {
		return nil, err
	}
	return collect[T](r, rows, id)
}

// collect decodes the payload of every entry rows select.
func collect[T any](r *reader, rows *sql.Rows, subject string) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		r.check(&e)
		var v T
		if !r.ofKind(&e, &v) || !r.ofSubject(&e, subject) {
			continue
		}
		if err := decodeEntry(&e, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// payloadOf decodes the payload of the entry with that seq, checking it.
func payloadOf(ctx context.Context, r *reader, seq int64, v any) error {
	e, err := scanEntry(r.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", seq))
	if err != nil {
		return err
	}
	r.check(&e)
	return decodeEntry(&e, v)
}

// decodeEntry decodes the payload of an entry a read went through. A
// payload that does not decode is not one signoff wrote (it writes
// canonical JSON of the record), whatever its hash says: the chain may
// have been recomputed over it. The read stops there with the sentence
// of any entry that does not verify, naming the entry.
func decodeEntry(e *readEntry, v any) error {
	err := unmarshalPayload(e.Payload, v)
	if err == nil {
		return nil
	}
	return tampered("a record read does not decode", notARecord(e.Seq, e.Kind, e.Subject, err))
}

// notARecord is the fault of an entry whose payload is not a record
// signoff wrote; why is what decoding it said.
func notARecord(seq int64, kind, subject string, why error) chain.Fault {
	return chain.Fault{Seq: seq, Table: tableOf(kind), Subject: subject,
		Reason: fmt.Sprintf("its payload is not a record signoff wrote (%v), so the entry was written outside signoff", why)}
}

// unmarshalPayload decodes a stored payload; the kinds a whole-incident
// read meets by the million take format's fast decoders, which mean the
// same as encoding/json.
func unmarshalPayload(payload string, v any) error {
	switch v := v.(type) {
	case *model.Event:
		return format.DecodeEvent(payload, v)
	case *model.Evidence:
		return format.DecodeEvidence(payload, v)
	case *model.Review:
		return format.DecodeReview(payload, v)
	}
	return json.Unmarshal([]byte(payload), v)
}

// ofRow reports whether the entry e, read through a row of the reader's
// incident, is that row's record: of the incident, of the kind v holds,
// and the entry of id (any, when id is ""). When it is not, the row is to
// be left out: a row moved onto another entry (a suggestion's at a
// person's, a decision's at another decision's) would put that record
// where the row stands, and the rules would judge what the record does
// not hold. A wrong kind or id is noted here; an entry of another
// incident is named by the entry's own check (reader.fault), on its own
// or at the end of the pass.
func (r *reader) ofRow(e *readEntry, v any, id string) bool {
	return e.Incident == r.incident && r.ofKind(e, v) && r.ofSubject(e, id)
}

// ofKind reports whether the entry is of the kind v holds, noting a fault
// when it is not. A derived row pointed at an intact entry of another
// kind (a person's among the agents) reads as that entry: intact, and
// decoded as the wrong record, since decoding ignores what it does not
// know. Such an entry is left out of what is read, and the read does not
// verify.
func (r *reader) ofKind(e *readEntry, v any) bool {
	var kinds []string
	switch v.(type) {
	case *model.Person:
		kinds = []string{recPerson}
	case *model.Agent:
		kinds = []string{recAgent}
	case *model.Asset:
		kinds = []string{recAsset}
	case *model.Evidence:
		kinds = []string{recEvidence}
	case *model.Event:
		kinds = []string{recEvent, recQueued}
	case *model.Review:
		kinds = []string{recReview}
	case *model.StatusChange:
		kinds = []string{recStatus}
	case *model.HandoffNote:
		kinds = []string{recHandoff}
	case *model.PendingApproval:
		kinds = []string{recApproval}
	default:
		return true
	}
	if slices.Contains(kinds, e.Kind) {
		return true
	}
	f := chain.Fault{Seq: e.Seq, Table: tableOf(e.Kind), Subject: e.Subject,
		Reason: fmt.Sprintf("a row of %s points at it, but it is an entry of kind %s", tableOf(kinds[0]), model.Quote(e.Kind))}
	r.note(f)
	return false
}

// ofSubject reports whether the entry is the one of that subject (any,
// when subject is ""), noting a fault when it is not.
func (r *reader) ofSubject(e *readEntry, subject string) bool {
	if subject == "" || e.Subject == subject {
		return true
	}
	f := chain.Fault{Seq: e.Seq, Table: tableOf(e.Kind), Subject: e.Subject,
		Reason: fmt.Sprintf("the row of %s points at it, but it is the entry of %s", model.Quote(subject), model.Quote(e.Subject))}
	r.note(f)
	return false
}
