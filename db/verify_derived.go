package db

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// The derived tables are what the queue (pending_items), the metrics
// (suggestion_facts, suggestion_cells) and the incident list
// (incident_counts) read instead of the record. Verify recomputes them
// from the rows it has just checked against the chain, as their SQL
// definitions (the *_derived views) do, and compares, naming the first
// difference of each record: a deleted pending item can no longer hide a
// suggestion from the queue, nor an edited fact bend the metrics.
//
// The tally holds a few words per suggestion of the record (about 50 MB
// at a million events); the views in SQL would cost as much again as the
// rest of verify.

// derived is the tally of what the derived tables must hold.
type derived struct {
	incidents map[int64]*incidentTally
	// sugs finds a suggestion's tally by a hash of (incident, id), seeded
	// afresh by every verify, so no record can be made to collide.
	seed    maphash.Seed
	sugs    map[uint64]int32 // index in tallies
	tallies []sugTally
	names   []string // agent names and action types, by index
	nameIDs map[string]uint32
	words   []string // outcomes, verdicts and hindsight, by code
	codes   map[string]uint8
	faults  faults
}

type sugKey struct {
	inc int64
	id  string
}

type incidentTally struct {
	events, suggestions, decisions, executions, subjects int
	reviewed                                             map[string]bool
}

// sugTally is what one suggestion's fact needs: the suggestion itself
// (seq 0 until it is met: answers may come first), and the latest of its
// answers and verdicts. Kept small: there is one per suggestion.
type sugTally struct {
	seq, at       int64
	decAt         int64
	revAt, revSeq int64
	confidence    float64
	actionHash    uint64 // of the suggested action, 0 without one
	decActionHash uint64 // of the final decision's action, 0 without one
	decID         string
	inc           int64
	agent, action uint32 // in names
	flags         uint8
	// Codes of the final decision's outcome and the verdict in force
	// (derived.word): a string of a payload would keep the whole payload.
	outcome, verdict, aiCorrect uint8
}

const (
	hasConfidence = 1 << iota
	answered      // some event names it as its suggestion
	executed      // an execution does
	decided
	reviewed
)

func (s *sugTally) is(f uint8) bool { return s.flags&f != 0 }

func newDerived() *derived {
	return &derived{incidents: map[int64]*incidentTally{}, seed: maphash.MakeSeed(), sugs: map[uint64]int32{},
		nameIDs: map[string]uint32{}, words: []string{""}, codes: map[string]uint8{"": 0}}
}

// code is the small number that stands for one of the few words an
// outcome, verdict or hindsight is; a record with more distinct words than
// fit (only a tampered one) shares the last code among the rest.
func (d *derived) code(w string) uint8 {
	if c, ok := d.codes[w]; ok {
		return c
	}
	if len(d.words) == 255 {
		return 255
	}
	c := uint8(len(d.words))
	w = strings.Clone(w)
	d.words, d.codes[w] = append(d.words, w), c
	return c
}

func (d *derived) word(c uint8) string {
	if int(c) < len(d.words) {
		return d.words[c]
	}
	return "(another word)"
}

// expect makes room for the suggestions the record holds.
func (d *derived) expect(n int) { d.tallies = slices.Grow(d.tallies, n) }

func (d *derived) incident(seq int64) {
	if d.incidents[seq] == nil {
		d.incidents[seq] = &incidentTally{reviewed: map[string]bool{}}
	}
}

func (d *derived) tallyOf(inc int64) *incidentTally {
	d.incident(inc)
	return d.incidents[inc]
}

// sug is the tally of a suggestion, made on first sight. The pointer is
// good until the next call, which may grow the tallies.
func (d *derived) sug(inc int64, id string) *sugTally {
	k := maphash.Comparable(d.seed, sugKey{inc, id})
	if i, ok := d.sugs[k]; ok {
		return &d.tallies[i]
	}
	d.sugs[k] = int32(len(d.tallies))
	d.tallies = append(d.tallies, sugTally{inc: inc})
	return &d.tallies[len(d.tallies)-1]
}

func (d *derived) intern(s string) uint32 {
	if n, ok := d.nameIDs[s]; ok {
		return n
	}
	n := uint32(len(d.names))
	s = strings.Clone(s) // not a slice of a payload, which it would keep
	d.names, d.nameIDs[s] = append(d.names, s), n
	return n
}

// actionHash tells actions apart as model.SameAction does: type, target
// and detail, each length-prefixed. 0 stands for no action.
func actionHash(a *model.Action) uint64 {
	h := fnv64()
	for _, f := range [...]string{a.Type, a.Target, a.Detail} {
		h = h.add(strconv.Itoa(len(f))).add(":").add(f)
	}
	return uint64(h) | 1
}

type fnv uint64

func fnv64() fnv { return 14695981039346656037 }

func (h fnv) add(s string) fnv {
	for i := 0; i < len(s); i++ {
		h ^= fnv(s[i])
		h *= 1099511628211
	}
	return h
}

// event tallies one timeline row (an event or evidence) with what its
// payload says.
func (d *derived) event(seq, inc int64, r *eventRow, x *eventExtra) {
	t := d.tallyOf(inc)
	if r.Kind != string(model.KindEvidence) {
		t.events++
	}
	if r.Starts {
		t.subjects++
	}
	switch model.EventKind(r.Kind) {
	case model.KindSuggestion:
		t.suggestions++
		s := d.sug(inc, r.ID)
		s.seq, s.at, s.agent, s.action = seq, r.At, d.intern(r.Actor), d.intern(r.Action)
		if x.hasAction {
			s.actionHash = actionHash(&x.action)
		}
		if x.confidence != nil {
			s.confidence, s.flags = *x.confidence, s.flags|hasConfidence
		}
	case model.KindDecision:
		t.decisions++
	case model.KindExecution:
		t.executions++
	}
	if r.Suggestion == "" {
		return
	}
	s := d.sug(inc, r.Suggestion)
	s.flags |= answered
	switch model.EventKind(r.Kind) {
	case model.KindExecution:
		s.flags |= executed
	case model.KindDecision:
		// The final decision is the last by time, then id (the view's order).
		if !s.is(decided) || r.At > s.decAt || (r.At == s.decAt && r.ID > s.decID) {
			s.flags |= decided
			s.decAt, s.decID, s.outcome, s.decActionHash = r.At, strings.Clone(r.ID), d.code(string(x.outcome)), 0
			if x.hasAction {
				s.decActionHash = actionHash(&x.action)
			}
		}
	}
}

// review tallies one verdict.
func (d *derived) review(seq, inc int64, r *model.Review) {
	if t := d.tallyOf(inc); !t.reviewed[r.Subject] {
		t.reviewed[strings.Clone(r.Subject)] = true
	}
	s := d.sug(inc, r.Subject)
	at := r.At.UnixNano()
	// The verdict in force is the last by time, then by recording.
	if !s.is(reviewed) || at > s.revAt || (at == s.revAt && seq > s.revSeq) {
		s.flags |= reviewed
		s.revAt, s.revSeq, s.verdict, s.aiCorrect = at, seq, d.code(string(r.Verdict)), d.code(string(r.AICorrect))
	}
}

// fact is one row of suggestion_facts.
type fact struct {
	seq, inc, at                     int64
	month, agent, action             string
	confidence                       sql.NullFloat64
	bin                              int64
	state, proposed, reviewed, aiCor sql.NullString
}

// factOf is the fact the record says a suggestion has, as
// suggestion_facts_derived defines it.
func (d *derived) factOf(inc int64, s *sugTally) fact {
	f := fact{seq: s.seq, inc: inc, at: s.at, agent: d.names[s.agent], action: d.names[s.action], bin: -1}
	// From the nanoseconds: whole seconds by "/" round towards zero, which
	// before 1970 can cross the end of a month.
	f.month = time.Unix(0, s.at).UTC().Format("2006-01")
	if s.is(hasConfidence) {
		f.confidence = sql.NullFloat64{Float64: s.confidence, Valid: true}
		f.bin = int64(model.Bin(s.confidence))
	}
	outcome := model.Outcome(d.word(s.outcome))
	state := "pending"
	switch {
	case s.is(decided) && outcome == model.OutcomeDeferred:
		state = "deferred"
	case s.is(decided):
		state = "decided"
	case s.is(executed):
		state = "auto_executed"
	}
	f.state = sql.NullString{String: state, Valid: true}
	same := s.decActionHash == s.actionHash
	switch {
	case state == "auto_executed":
		f.proposed = sql.NullString{String: "followed", Valid: true}
	case s.is(decided) && outcome == model.OutcomeApproved && same:
		f.proposed = sql.NullString{String: "followed", Valid: true}
	case s.is(decided) && (outcome == model.OutcomeApproved || outcome == model.OutcomeModified):
		f.proposed = sql.NullString{String: "modified", Valid: true}
	case s.is(decided) && outcome == model.OutcomeRejected:
		f.proposed = sql.NullString{String: "ignored", Valid: true}
	}
	if s.is(reviewed) {
		f.reviewed = sql.NullString{String: d.word(s.verdict), Valid: true}
		f.aiCor = sql.NullString{String: d.word(s.aiCorrect), Valid: s.aiCorrect != 0}
	}
	return f
}

// firstDifference names the first column in which two facts differ.
func (a fact) firstDifference(b fact) string {
	switch {
	case a.inc != b.inc:
		return "incident"
	case a.at != b.at:
		return "time"
	case a.month != b.month:
		return "month"
	case a.agent != b.agent:
		return "agent"
	case a.action != b.action:
		return "action"
	case a.confidence != b.confidence:
		return "confidence"
	case a.bin != b.bin:
		return "confidence bin"
	case a.state != b.state:
		return "state"
	case a.proposed != b.proposed:
		return "proposed verdict"
	case a.reviewed != b.reviewed:
		return "reviewed verdict"
	case a.aiCor != b.aiCor:
		return "hindsight"
	}
	return ""
}

func show(s sql.NullString) string {
	if !s.Valid {
		return "none"
	}
	return model.Quote(s.String)
}

// met is a suggestion of the record with its tally, in seq order.
type met struct {
	inc int64
	t   *sugTally
}

// compare reads each derived table in key order beside the tally.
func (d *derived) compare(ctx context.Context, tx readOn, v *verifier) error {
	ks := make([]met, 0, len(d.tallies))
	for i := range d.tallies {
		if t := &d.tallies[i]; t.seq != 0 {
			ks = append(ks, met{t.inc, t})
		}
	}
	slices.SortFunc(ks, func(a, b met) int { return cmp.Compare(a.t.seq, b.t.seq) })
	steps := []func(context.Context, readOn, []met, *verifier) error{d.compareFacts, d.compareCells, d.comparePending, d.compareCounts}
	for _, step := range steps {
		if err := step(ctx, tx, ks, v); err != nil {
			return err
		}
	}
	return d.nameSubjects(ctx, tx.Tx)
}

// nameSubjects fills in the id of the suggestion a fault is about: the
// tally keeps none.
func (d *derived) nameSubjects(ctx context.Context, tx *sql.Tx) error {
	for i := range d.faults.list {
		f := &d.faults.list[i]
		if f.Subject != "" || f.Seq == 0 || f.Table == "incident_counts" {
			continue
		}
		err := tx.QueryRowContext(ctx, "SELECT id FROM events WHERE seq = ?", f.Seq).Scan(&f.Subject)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
	}
	return nil
}

func (d *derived) fault(seq int64, table, subject, reason string) {
	d.faults.add(chain.Fault{Seq: seq, Table: table, Subject: subject, Reason: reason})
}

func (d *derived) compareFacts(ctx context.Context, tx readOn, ks []met, v *verifier) error {
	rows, err := tx.rows(ctx, `SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
		FROM suggestion_facts ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var got fact
		if err := rows.Scan(&got.seq, &got.inc, &got.at, &got.month, &got.agent, &got.action, &got.confidence, &got.bin,
			&got.state, &got.proposed, &got.reviewed, &got.aiCor); err != nil {
			return err
		}
		for ; i < len(ks) && ks[i].t.seq < got.seq; i++ {
			d.fault(ks[i].t.seq, "suggestion_facts", "", "the suggestion has no row in suggestion_facts, so the metrics leave it out; the row was deleted")
		}
		if i == len(ks) || ks[i].t.seq != got.seq {
			d.fault(got.seq, "suggestion_facts", "", "the row names no suggestion of the record, so it was inserted outside signoff")
			continue
		}
		want := d.factOf(ks[i].inc, ks[i].t)
		if col := want.firstDifference(got); col != "" {
			d.fault(got.seq, "suggestion_facts", "", fmt.Sprintf("its %s differs from what the record says (%s), so the metrics are wrong; the row was altered", col, describeFact(col, want)))
		}
		i++
	}
	for ; i < len(ks); i++ {
		d.fault(ks[i].t.seq, "suggestion_facts", "", "the suggestion has no row in suggestion_facts, so the metrics leave it out; the row was deleted")
	}
	return rows.Err()
}

func describeFact(col string, f fact) string {
	switch col {
	case "state":
		return show(f.state)
	case "proposed verdict":
		return show(f.proposed)
	case "reviewed verdict":
		return show(f.reviewed)
	case "hindsight":
		return show(f.aiCor)
	case "agent":
		return model.Quote(f.agent)
	case "action":
		return model.Quote(f.action)
	case "confidence":
		if !f.confidence.Valid {
			return "none"
		}
		return strconv.FormatFloat(f.confidence.Float64, 'g', -1, 64)
	}
	return "another value"
}

// cell is one row of suggestion_cells, the sums of the facts of a group.
type cell struct {
	counts [14]int64
	sums   [3]float64
}

type cellKey struct {
	agent, action, month string
	bin                  int64
}

// cellOfFact is what one fact adds to its group: model's rule, which
// suggestion_facts' generated columns say in SQL.
func cellOfFact(f fact) cell {
	sf := model.SuggestionFact{
		State: model.SuggestionState(f.state.String), Proposed: model.Verdict(f.proposed.String),
		Reviewed: model.Verdict(f.reviewed.String), AICorrect: model.AICorrect(f.aiCor.String),
	}
	if f.confidence.Valid {
		sf.Confidence = &f.confidence.Float64
	}
	m := sf.Cell()
	return cell{
		counts: [14]int64{int64(m.Suggestions), int64(m.Pending), int64(m.AutoExecuted), int64(m.Decided),
			int64(m.Followed), int64(m.Modified), int64(m.Ignored), int64(m.DecidedFollowed), int64(m.DecidedOverridden),
			int64(m.FollowedJudged), int64(m.FollowedCorrect), int64(m.IgnoredJudged), int64(m.IgnoredCorrect), int64(m.Scored)},
		sums: [3]float64{m.ConfidenceSum, m.OutcomeSum, m.SquaredErrorSum},
	}
}

var cellCountNames = [14]string{"suggestions", "pending", "auto_executed", "decided", "followed", "modified", "ignored",
	"decided_followed", "decided_overridden", "followed_judged", "followed_correct", "ignored_judged", "ignored_correct", "scored"}

func (d *derived) compareCells(ctx context.Context, tx readOn, ks []met, v *verifier) error {
	want := map[cellKey]*cell{}
	for _, k := range ks {
		f := d.factOf(k.inc, k.t)
		key := cellKey{f.agent, f.action, f.month, f.bin}
		c := want[key]
		if c == nil {
			c = &cell{}
			want[key] = c
		}
		add := cellOfFact(f)
		for i := range c.counts {
			c.counts[i] += add.counts[i]
		}
		for i := range c.sums {
			c.sums[i] += add.sums[i]
		}
	}
	rows, err := tx.rows(ctx, `SELECT agent, action, month, bin, suggestions, pending, auto_executed, decided, followed,
		modified, ignored, decided_followed, decided_overridden, followed_judged, followed_correct, ignored_judged,
		ignored_correct, scored, confidence_sum, outcome_sum, squared_error_sum FROM suggestion_cells
		ORDER BY agent, action, month, bin`)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[cellKey]bool{}
	for rows.Next() {
		var k cellKey
		var got cell
		dest := []any{&k.agent, &k.action, &k.month, &k.bin}
		for i := range got.counts {
			dest = append(dest, &got.counts[i])
		}
		for i := range got.sums {
			dest = append(dest, &got.sums[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		seen[k] = true
		name := fmt.Sprintf("%s/%s/%s/%d", k.agent, k.action, k.month, k.bin)
		w := want[k]
		if w == nil {
			w = &cell{}
		}
		for i := range got.counts {
			if got.counts[i] != w.counts[i] {
				d.fault(0, "suggestion_cells", name, fmt.Sprintf("its %s is %d where the record gives %d, so the metrics are wrong; the row was altered", cellCountNames[i], got.counts[i], w.counts[i]))
				break
			}
		}
		for i, col := range [...]string{"confidence_sum", "outcome_sum", "squared_error_sum"} {
			// Sums kept by adding and subtracting can differ in the last bits.
			if diff := math.Abs(got.sums[i] - w.sums[i]); diff > 1e-9*math.Max(1, math.Abs(w.sums[i])) {
				d.fault(0, "suggestion_cells", name, fmt.Sprintf("its %s is %g where the record gives %g, so the metrics are wrong; the row was altered", col, got.sums[i], w.sums[i]))
				break
			}
		}
	}
	for k, w := range want {
		if !seen[k] && w.counts[0] > 0 {
			d.fault(0, "suggestion_cells", fmt.Sprintf("%s/%s/%s/%d", k.agent, k.action, k.month, k.bin), "the group has no row in suggestion_cells, so the metrics leave it out; the row was deleted")
		}
	}
	return rows.Err()
}

// comparePending holds pending_items to the suggestions no event answers,
// each row to its suggestion's payload.
func (d *derived) comparePending(ctx context.Context, tx readOn, ks []met, v *verifier) error {
	var pending []met
	for _, k := range ks {
		if !k.t.is(answered) {
			pending = append(pending, k)
		}
	}
	rows, err := tx.rows(ctx, `SELECT p.seq, p.inc, p.id, p.at, p.agent, p.action, coalesce(p.target, ''), p.detail,
		coalesce(p.confidence, ''), p.rank, coalesce(p.expires_at, ''), coalesce(c.payload, '')
		FROM pending_items p LEFT JOIN chain c ON c.seq = p.seq ORDER BY p.seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	const missing = "the suggestion is pending but has no row in pending_items, so the queue hides it; the row was deleted"
	i := 0
	for rows.Next() {
		var seq, inc, at, rank int64
		var id, agent, action, target, detail, confidence, expires, payload string
		if err := rows.Scan(&seq, &inc, &id, &at, &agent, &action, &target, &detail, &confidence, &rank, &expires, &payload); err != nil {
			return err
		}
		for ; i < len(pending) && pending[i].t.seq < seq; i++ {
			d.fault(pending[i].t.seq, "pending_items", "", missing)
		}
		if i == len(pending) || pending[i].t.seq != seq {
			d.fault(seq, "pending_items", id, "the row names no pending suggestion of the record, so the queue shows what is not pending; it was inserted outside signoff")
			continue
		}
		k := pending[i]
		i++
		row, x, err := eventOf(payload)
		var col string
		switch {
		case err != nil:
			col = "suggestion"
		case inc != k.inc || id != row.ID:
			col = "id"
		case at != row.At:
			col = "time"
		case agent != row.Actor:
			col = "agent"
		case action != row.Action || target != row.Target || detail != x.action.Detail:
			col = "action"
		case !sameNumber(confidence, x.confidence):
			col = "confidence"
		case rank != int64(x.rank):
			col = "rank"
		case expires != x.expiresAt:
			col = "expiry"
		}
		if col != "" {
			d.fault(seq, "pending_items", id, "its "+col+" differs from the suggestion's, so the queue shows what the AI did not suggest; the row was altered")
		}
	}
	for ; i < len(pending); i++ {
		d.fault(pending[i].t.seq, "pending_items", "", missing)
	}
	return rows.Err()
}

// sameNumber compares the JSON number pending_items keeps with a payload's.
func sameNumber(text string, f *float64) bool {
	if text == "" || text == "null" {
		return f == nil
	}
	g, err := strconv.ParseFloat(text, 64)
	return err == nil && f != nil && g == *f
}

// compareCounts holds incident_counts to the record's rows.
func (d *derived) compareCounts(ctx context.Context, tx readOn, ks []met, v *verifier) error {
	pending := map[int64]int{}
	for _, k := range ks {
		if !k.t.is(answered) {
			pending[k.inc]++
		}
	}
	rows, err := tx.rows(ctx, `SELECT inc, events, suggestions, decisions, executions, pending, subjects, reviewed
		FROM incident_counts ORDER BY inc`)
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for rows.Next() {
		var inc int64
		var got [7]int
		if err := rows.Scan(&inc, &got[0], &got[1], &got[2], &got[3], &got[4], &got[5], &got[6]); err != nil {
			return err
		}
		seen[inc] = true
		t := d.incidents[inc]
		if t == nil {
			d.fault(inc, "incident_counts", "", "the row counts an incident the record does not have, so it was inserted outside signoff")
			continue
		}
		want := [7]int{t.events, t.suggestions, t.decisions, t.executions, pending[inc], t.subjects, len(t.reviewed)}
		for i, col := range [...]string{"events", "suggestions", "decisions", "executions", "pending", "subjects", "reviewed"} {
			if got[i] != want[i] {
				d.fault(inc, "incident_counts", v.incidents[inc], fmt.Sprintf("it counts %d %s where the record has %d, so the incident list is wrong; the row was altered", got[i], col, want[i]))
				break
			}
		}
	}
	for inc := range d.incidents {
		if !seen[inc] {
			d.fault(inc, "incident_counts", v.incidents[inc], "the incident has no row in incident_counts, so the incident list leaves it out; the row was deleted")
		}
	}
	return rows.Err()
}
