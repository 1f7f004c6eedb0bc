package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// Copy moves a whole record from one database to another, on either
// engine: a team's SQLite file onto its PostgreSQL server, or a server's
// record into a file. What it copies is the audit chain, entry for entry
// with its seq, time, actor and hashes, so the copy verifies with the same
// head and entry count; the tables that index the chain are written from
// the entries as every write writes them, and the derived tables are
// computed afresh. Training runs come along. Claims on queue items do
// not: they are a shift's coordination and lapse within the hour.
//
// The source must verify (a record changed outside signoff is not copied:
// the copy would no longer show what was changed; ETAMPERED, as any check
// that finds the chain does not hold) and the destination must hold no
// record. The copy is one transaction: all or nothing.

// CopyResult says what Copy copied and what the copy verified as.
type CopyResult struct {
	Entries      int64  // audit-chain entries copied
	Head         string // the chain's head
	TrainingRuns int
	Verified     chain.VerifyResult // the destination's verify after the copy
}

// copyEvery is how often Copy reports its progress, in entries.
const copyEvery = 50_000

// Copy copies src's record into dst; progress, when not nil, hears how
// many entries are done (of total) as it goes.
func Copy(ctx context.Context, src, dst *DB, progress func(done, total int64)) (CopyResult, error) {
	before, err := CopySource(ctx, src)
	if err != nil {
		return CopyResult{}, err
	}
	return copyVerified(ctx, src, dst, before, progress)
}

// CopySource is the check of src a copy starts from: the whole record,
// refused (ETAMPERED) when it does not verify. A caller that runs it
// before opening the destination leaves nothing there for a source that
// is refused (signoff copy).
func CopySource(ctx context.Context, src *DB) (chain.VerifyResult, error) {
	before, err := src.Verify(ctx)
	if err != nil {
		return before, err
	}
	if !before.Intact {
		return before, model.Errorf(model.ETAMPERED, "%s was not copied: %s", src.Address(), before)
	}
	return before, nil
}

// CopyChecked is Copy of a source CopySource checked as before.
func CopyChecked(ctx context.Context, src, dst *DB, before chain.VerifyResult, progress func(done, total int64)) (CopyResult, error) {
	return copyVerified(ctx, src, dst, before, progress)
}

// copyVerified copies src, which verified as before, into dst.
func copyVerified(ctx context.Context, src, dst *DB, before chain.VerifyResult, progress func(done, total int64)) (CopyResult, error) {
	var res CopyResult
	read, err := src.readTx(ctx)
	if err != nil {
		return res, err
	}
	defer read.Rollback()
	if clean := dst.q.CleanBeforeCopy; clean != "" {
		if _, err := dst.eng.DB().ExecContext(ctx, clean); err != nil {
			return res, dst.fail(err)
		}
	}
	tx, done, err := dst.eng.BeginImport(ctx)
	if err != nil {
		return res, dst.fail(err)
	}
	defer done()
	defer tx.Rollback()
	if err := dst.mustBeEmpty(ctx, tx); err != nil {
		return res, err
	}
	w, err := dst.newWriter(ctx, tx, "", dst.now())
	if err != nil {
		return res, dst.fail(err)
	}
	c := &copier{src: src, dst: dst, w: w, incs: map[string]int64{}, progress: progress, verified: before}
	if err := c.entries(ctx, read); err != nil {
		return res, err
	}
	if err := c.marks(ctx, read); err != nil {
		return res, err
	}
	for _, inc := range c.order {
		if err := dst.refreshFacts(ctx, tx, inc, inc); err != nil {
			return res, dst.fail(err)
		}
	}
	if res.TrainingRuns, err = c.training(ctx, read); err != nil {
		return res, err
	}
	if compact := dst.q.CompactAfterCopy; compact != "" {
		if _, err := tx.ExecContext(ctx, compact); err != nil {
			return res, dst.fail(err)
		}
	}
	if analyze := dst.q.AnalyzeAfterCopy; analyze != "" {
		if _, err := tx.ExecContext(ctx, analyze); err != nil {
			return res, dst.fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return res, dst.fail(err)
	}
	res.Entries, res.Head = c.w.seq, c.w.link.HeadHex()
	if res.Verified, err = dst.Verify(ctx); err != nil {
		return res, err
	}
	if !res.Verified.Intact || res.Verified.Entries != res.Entries || res.Verified.Head != res.Head {
		return res, model.Errorf(model.ETAMPERED, "the copy in %s does not verify as its source: %s", dst.Address(), res.Verified)
	}
	return res, nil
}

// mustBeEmpty refuses a destination that already holds a record.
func (d *DB) mustBeEmpty(ctx context.Context, tx *sql.Tx) error {
	var entries, runs int64
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM chain), (SELECT count(*) FROM training_runs)").Scan(&entries, &runs); err != nil {
		return d.fail(err)
	}
	if entries > 0 || runs > 0 {
		return model.Errorf(model.ECONFLICT, "%s already holds a record (%d audit-chain entries, %d training runs); copy only into an empty database, so no record is mixed into another", d.Address(), entries, runs)
	}
	return nil
}

// copier writes the entries it reads as the writer writes them, its time,
// actor and incident following each entry's.
type copier struct {
	src, dst *DB
	w        *writer
	incs     map[string]int64 // incident id -> its entry's seq
	order    []int64          // incidents' seqs, in the order written
	progress func(done, total int64)
	total    int64
	// verified is the source's check, made before its reading began: the
	// chain copied must hold the chain it verified (checkedHead).
	verified chain.VerifyResult
}

// checkedHead refuses a source whose chain is not, at the entry its check
// ended on, the chain that check verified: rewritten or cut short in the
// moment between them, it would be copied unchecked and verify as the
// record in its new place.
func (c *copier) checkedHead(seq int64, hash string) error {
	if seq == c.verified.Entries && hash != c.verified.Head || seq < c.verified.Entries {
		return model.Errorf(model.ETAMPERED, "%s was not copied: its chain changed between its check and the copy (the check ended at entry %d, head %s; the copy found entry %d, hash %s); copy again with the writers stopped",
			c.src.Address(), c.verified.Entries, c.verified.Head, seq, hash)
	}
	return nil
}

func (c *copier) entries(ctx context.Context, read *sql.Tx) error {
	var err error
	if c.total, err = lastEntry(ctx, read); err != nil {
		return c.src.fail(err)
	}
	rows, err := read.QueryContext(ctx, verifyChain, 0)
	if err != nil {
		return c.src.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e model.ChainEntry
		var at int64
		var prev, hash []byte
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload, &prev, &hash); err != nil {
			return c.src.fail(err)
		}
		e.At = fromNanos(at)
		if err := c.entry(ctx, &e, hash); err != nil {
			return err
		}
		if c.progress != nil && e.Seq%copyEvery == 0 {
			c.progress(e.Seq, c.total)
		}
	}
	if err := rows.Err(); err != nil {
		return c.src.fail(err)
	}
	if c.w.seq < c.verified.Entries {
		if err := c.checkedHead(c.w.seq, c.w.link.HeadHex()); err != nil {
			return err
		}
	}
	if err := c.flush(ctx); err != nil {
		return err
	}
	if c.progress != nil {
		c.progress(c.w.seq, c.total)
	}
	return nil
}

// entry writes one entry of the source and the row it indexes.
func (c *copier) entry(ctx context.Context, e *model.ChainEntry, hash []byte) error {
	w := c.w
	if e.Seq != w.seq+1 {
		return model.Errorf(model.ETAMPERED, "%s was not copied: its chain jumps from entry %d to %d", c.src.Address(), w.seq, e.Seq)
	}
	inc := c.incs[e.Incident]
	if !e.At.Equal(w.at) || e.Actor != w.actor || e.Incident != w.incID || e.Kind == recIncident {
		// The writer stamps what it flushes with its time, actor and incident.
		if err := c.flush(ctx); err != nil {
			return err
		}
		w.at, w.atText, w.actor, w.incID, w.inc = e.At, chain.Time(e.At), e.Actor, e.Incident, inc
	}
	seq := w.queue(e.Kind, e.Subject, e.Payload, w.tail(nil, e.Kind, e.Subject, e.Payload))
	got := w.pending.chain[len(w.pending.chain)-1].hash
	if hex.EncodeToString(got[:]) != hex.EncodeToString(hash) {
		return model.Errorf(model.ETAMPERED, "%s was not copied: entry %d does not hash as recorded", c.src.Address(), e.Seq)
	}
	if e.Seq == c.verified.Entries {
		if err := c.checkedHead(e.Seq, hex.EncodeToString(got[:])); err != nil {
			return err
		}
	}
	bad := func(err error) error {
		return model.Errorf(model.EINVALID, "%s was not copied: entry %d (%s %s) cannot be read: %v", c.src.Address(), e.Seq, e.Kind, e.Subject, err)
	}
	switch e.Kind {
	case recIncident:
		var i model.Incident
		if err := json.Unmarshal([]byte(e.Payload), &i); err != nil {
			return bad(err)
		}
		if err := c.flush(ctx); err != nil {
			return err
		}
		c.incs[e.Incident], c.order, w.inc = seq, append(c.order, seq), seq
		return c.exec(ctx, "INSERT INTO incidents (seq, id, opened_at) VALUES (?, ?, ?)", seq, e.Subject, i.OpenedAt.UnixNano())
	case recPerson, recAgent, recAsset:
		if err := c.flush(ctx); err != nil {
			return err
		}
		table := tables[e.Kind]
		return c.exec(ctx, "INSERT INTO "+table+" (seq, inc, id) VALUES (?, ?, ?)", seq, inc, e.Subject)
	case recEvidence, recEvent, recQueued:
		row, err := evidenceRowOf(e.Payload)
		if e.Kind != recEvidence {
			row, err = eventRowOf(e.Payload)
		}
		if err != nil {
			return bad(err)
		}
		if !c.canHold(row) || (row.Kind == string(model.KindSuggestion) || row.Kind == string(model.KindDecision)) && c.escapesNUL(e.Payload) {
			return c.nul(e)
		}
		w.pending.events = append(w.pending.events, pendingEvent{seq: seq, row: row, what: e.Kind})
	case recReview:
		var r model.Review
		if err := decodeReview(e.Payload, &r); err != nil {
			return bad(err)
		}
		if c.escapesNUL(e.Payload) {
			return c.nul(e)
		}
		w.pending.reviews = append(w.pending.reviews, pendingReview{seq: seq, review: &r})
	case recApproval:
		var a model.PendingApproval
		if err := json.Unmarshal([]byte(e.Payload), &a); err != nil {
			return bad(err)
		}
		if err := c.flush(ctx); err != nil {
			return err
		}
		return c.exec(ctx, "INSERT INTO queue_approvals (seq, inc, suggestion, person, at) VALUES (?, ?, ?, ?, ?)", seq, inc, a.Suggestion, a.By, a.At.UnixNano())
	case recStatus:
		var s model.StatusChange
		if err := json.Unmarshal([]byte(e.Payload), &s); err != nil {
			return bad(err)
		}
		if err := c.flush(ctx); err != nil {
			return err
		}
		return c.exec(ctx, insertStatus, seq, inc, s.ID, string(s.Status), s.By, s.At.UnixNano())
	case recHandoff:
		var n model.HandoffNote
		if err := json.Unmarshal([]byte(e.Payload), &n); err != nil {
			return bad(err)
		}
		if err := c.flush(ctx); err != nil {
			return err
		}
		return c.exec(ctx, "INSERT INTO handoff_notes (seq, inc, person, at) VALUES (?, ?, ?, ?)", seq, inc, n.By, n.At.UnixNano())
	default:
		return model.Errorf(model.EINVALID, "%s was not copied: entry %d is of a kind (%s) this signoff does not know", c.src.Address(), e.Seq, model.Quote(e.Kind))
	}
	if w.pending.full() {
		return c.flush(ctx)
	}
	return nil
}

func (c *copier) flush(ctx context.Context) error {
	if err := c.w.flush(ctx); err != nil {
		return c.dst.fail(err)
	}
	return nil
}

func (c *copier) exec(ctx context.Context, query string, args ...any) error {
	return c.dst.fail(c.w.exec(ctx, query, args...))
}

// marks copies the queue_decisions marks: those of decisions recorded
// before queue decisions had an entry kind of their own (migration 0010)
// are known by their mark alone.
func (c *copier) marks(ctx context.Context, read *sql.Tx) error {
	return c.copyRows(ctx, read, "SELECT seq, inc, suggestion FROM queue_decisions ORDER BY seq",
		"INSERT INTO queue_decisions (seq, inc, suggestion) VALUES (?, ?, ?)", 3)
}

// training copies the training runs and their choices, keeping their ids.
func (c *copier) training(ctx context.Context, read *sql.Tx) (int, error) {
	var runs int
	if err := read.QueryRowContext(ctx, "SELECT count(*) FROM training_runs").Scan(&runs); err != nil {
		return 0, c.src.fail(err)
	}
	if runs == 0 {
		return 0, nil
	}
	// In id order, a run resumed is copied before the run that resumes it.
	err := c.copyRows(ctx, read, `SELECT id, inc, trainee, authority, hindsight, started_at, ended_at, finished, session_key, resumes, anonymized
		FROM training_runs ORDER BY id`, `INSERT INTO training_runs (id, inc, trainee, authority, hindsight, started_at, ended_at, finished, session_key, resumes, anonymized)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, 11, 4, 7, 10)
	if err == nil {
		err = c.copyRows(ctx, read, `SELECT run, subject, at, outcome, action, target, detail, rationale, took_ns
			FROM training_choices ORDER BY run, subject`, `INSERT INTO training_choices (run, subject, at, outcome, action, target, detail, rationale, took_ns)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, 9)
	}
	if err == nil && c.dst.q.AfterCopy != "" {
		_, err = c.w.tx.ExecContext(ctx, c.dst.q.AfterCopy)
		err = c.dst.fail(err)
	}
	return runs, err
}

// copyRows copies what a query selects into an insert of as many values,
// row by row; the columns at bools are flags, which SQLite keeps as
// numbers and PostgreSQL as booleans.
func (c *copier) copyRows(ctx context.Context, read *sql.Tx, query, insert string, n int, bools ...int) error {
	rows, err := read.QueryContext(ctx, query)
	if err != nil {
		return c.src.fail(err)
	}
	defer rows.Close()
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return c.src.fail(err)
		}
		for _, b := range bools {
			vals[b] = flag(vals[b])
		}
		if err := c.exec(ctx, insert, vals...); err != nil {
			return err
		}
	}
	return c.src.fail(rows.Err())
}

// flag reads a stored flag as a bool.
func flag(v any) any {
	switch x := v.(type) {
	case int64:
		return x != 0
	case string:
		b, _ := strconv.ParseBool(x)
		return b
	case []byte:
		b, _ := strconv.ParseBool(string(x))
		return b
	}
	return v
}

// String is the sentence `signoff copy` prints.
func (r CopyResult) String() string {
	return fmt.Sprintf("copied %d audit-chain entries (head %s) and %s; the copy verifies: %d entries, head %s",
		r.Entries, r.Head, chain.Plural(r.TrainingRuns, "training run"), r.Verified.Entries, r.Verified.Head)
}

// nul refuses an entry the destination cannot store for a NUL, naming it,
// rather than fail later on the batch of rows it is written in.
func (c *copier) nul(e *model.ChainEntry) error {
	return model.Errorf(model.EINVALID, "%s was not copied: entry %d (%s %s of %s) holds the character U+0000 (NUL), which %s cannot store in text; "+
		"a record holding one moves only to a SQLite file (copy --to FILE.db)", c.src.Address(), e.Seq, e.Kind, e.Subject, e.Incident, c.dst.eng.Name())
}

// escapesNUL says whether a payload holds a NUL the destination refuses
// there: a server reads suggestions', decisions' and reviews' payloads
// with JSON functions that cannot unescape one.
func (c *copier) escapesNUL(payload string) bool {
	if c.dst.q.CanHold("\x00") || !strings.Contains(payload, `\u0000`) {
		return false
	}
	var v any
	return json.Unmarshal([]byte(payload), &v) == nil && holdsNUL(v)
}

func holdsNUL(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, 0)
	case []any:
		for _, e := range x {
			if holdsNUL(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range x {
			if strings.ContainsRune(k, 0) || holdsNUL(e) {
				return true
			}
		}
	}
	return false
}

// canHold says whether the destination can hold a timeline row's text (a
// server's cannot hold a NUL), so a copy that cannot be made names the
// entry rather than fail on a batch of rows. The other records' text lives
// in the chain's payload alone, which escapes a NUL.
func (c *copier) canHold(r eventRow) bool {
	for _, s := range []string{r.ID, r.Kind, r.Actor, r.Summary, r.Action, r.Target, r.Suggestion, r.Decision} {
		if !c.dst.q.CanHold(s) {
			return false
		}
	}
	return true
}
