package review

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// The JSON report writes hundreds of thousands of steps; encoding each by
// reflection (json.MarshalIndent) was a tenth of a large report's time.
// stepJSON appends a step as MarshalIndent(step, prefix, "  ") writes it,
// byte for byte: the same fields in the same order, the same omissions,
// null for a nil pointer or slice, strings escaped by format.AppendString
// (encoding/json's escaping), numbers and times formatted as encoding/json
// formats them. The tests hold it to MarshalIndent on every fixture, a
// generated incident and fuzzed records.

// stepJSON is an appending encoder at one prefix; its buffer is reused.
type stepJSON struct {
	b      []byte
	prefix string
	depth  int
	err    error
}

// step is rs as MarshalIndent(rs, prefix, "  ") gives it.
func (e *stepJSON) step(rs *ReportStep) []byte {
	e.b, e.depth, e.err = e.b[:0], 0, nil
	n := e.open('{')
	e.key(&n, "subject")
	e.str(rs.Subject)
	e.key(&n, "suggestion")
	e.eventPtr(rs.Suggestion)
	e.key(&n, "decision")
	e.eventPtr(rs.Decision)
	e.key(&n, "executions")
	if rs.Executions == nil {
		e.null()
	} else {
		m := e.open('[')
		for i := range rs.Executions {
			e.item(&m)
			e.event(&rs.Executions[i])
		}
		e.close(']', m)
	}
	e.key(&n, "tier")
	e.str(string(rs.Tier))
	e.key(&n, "proposed_verdict")
	if rs.ProposedVerdict == nil {
		e.null()
	} else {
		e.str(string(*rs.ProposedVerdict))
	}
	e.key(&n, "review")
	if rs.Review == nil {
		e.null()
	} else {
		e.review(rs.Review)
	}
	e.key(&n, "history")
	if rs.History == nil {
		e.null()
	} else {
		m := e.open('[')
		for i := range rs.History {
			e.item(&m)
			e.review(&rs.History[i])
		}
		e.close(']', m)
	}
	e.key(&n, "findings")
	e.findings(rs.Findings)
	e.close('}', n)
	return e.b
}

// findingList is fs as MarshalIndent(fs, prefix, "  ") gives it.
func (e *stepJSON) findingList(fs []Finding) []byte {
	e.b, e.depth, e.err = e.b[:0], 0, nil
	e.findings(fs)
	return e.b
}

func (e *stepJSON) findings(fs []Finding) {
	if fs == nil {
		e.null()
		return
	}
	m := e.open('[')
	for i := range fs {
		e.item(&m)
		f := &fs[i]
		n := e.open('{')
		e.key(&n, "code")
		e.str(f.Code)
		e.key(&n, "level")
		e.str(f.Level)
		e.key(&n, "subject")
		e.str(f.Subject)
		e.key(&n, "message")
		e.str(f.Message)
		e.close('}', n)
	}
	e.close(']', m)
}

func (e *stepJSON) review(r *ReviewRecord) {
	n := e.open('{')
	e.key(&n, "verdict")
	e.str(string(r.Verdict))
	e.key(&n, "outcome_changed")
	e.str(string(r.OutcomeChanged))
	e.key(&n, "ai_correct")
	e.str(string(r.AICorrect))
	e.key(&n, "reviewer")
	e.str(r.Reviewer)
	e.key(&n, "at")
	e.time(r.At)
	e.key(&n, "note")
	e.str(r.Note)
	e.optStr(&n, "key", r.Key)
	if r.Signed {
		e.key(&n, "signed")
		e.b = append(e.b, "true"...)
	}
	e.optStr(&n, "signature_check", string(r.SignatureCheck))
	e.close('}', n)
}

func (e *stepJSON) eventPtr(ev *model.Event) {
	if ev == nil {
		e.null()
		return
	}
	e.event(ev)
}

// event follows model.Event's fields and tags in order.
func (e *stepJSON) event(ev *model.Event) {
	n := e.open('{')
	e.key(&n, "id")
	e.str(ev.ID)
	e.key(&n, "at")
	e.time(ev.At)
	e.key(&n, "kind")
	e.str(string(ev.Kind))
	e.optStr(&n, "source", ev.Source)
	e.optStr(&n, "actor", ev.Actor)
	e.optStr(&n, "summary", ev.Summary)
	e.optStr(&n, "detail", ev.Detail)
	e.optStrings(&n, "evidence", ev.Evidence)
	e.optStr(&n, "agent", ev.Agent)
	if ev.Action != nil {
		e.key(&n, "action")
		e.action(ev.Action)
	}
	if ev.Confidence != nil {
		e.key(&n, "confidence")
		e.float(*ev.Confidence)
	}
	e.optStr(&n, "confidence_cue", ev.ConfidenceCue)
	if ev.Rank != 0 {
		e.key(&n, "rank")
		e.b = strconv.AppendInt(e.b, int64(ev.Rank), 10)
	}
	e.optStr(&n, "rationale", ev.Rationale)
	if len(ev.Alternatives) > 0 {
		e.key(&n, "alternatives")
		m := e.open('[')
		for i := range ev.Alternatives {
			e.item(&m)
			e.action(&ev.Alternatives[i])
		}
		e.close(']', m)
	}
	e.optStr(&n, "raw_output", ev.RawOutput)
	if ev.ExpiresAt != nil {
		e.key(&n, "expires_at")
		e.time(*ev.ExpiresAt)
	}
	e.optStr(&n, "suggestion", ev.Suggestion)
	e.optStr(&n, "owner", ev.Owner)
	e.optStr(&n, "outcome", string(ev.Outcome))
	e.optStrings(&n, "evidence_reviewed", ev.EvidenceReviewed)
	if len(ev.AlternativesRejected) > 0 {
		e.key(&n, "alternatives_rejected")
		m := e.open('[')
		for i := range ev.AlternativesRejected {
			e.item(&m)
			ra := &ev.AlternativesRejected[i]
			k := e.open('{')
			e.key(&k, "action")
			e.action(&ra.Action)
			e.key(&k, "reason")
			e.str(ra.Reason)
			e.close('}', k)
		}
		e.close(']', m)
	}
	if len(ev.Approvals) > 0 {
		e.key(&n, "approvals")
		m := e.open('[')
		for i := range ev.Approvals {
			e.item(&m)
			e.approval(&ev.Approvals[i])
		}
		e.close(']', m)
	}
	e.optStr(&n, "session_key", ev.SessionKey)
	e.signature(&n, ev.Signature)
	e.optStr(&n, "decision", ev.Decision)
	if ev.Automated {
		e.key(&n, "automated")
		e.b = append(e.b, "true"...)
	}
	e.optStr(&n, "result", string(ev.Result))
	e.close('}', n)
}

func (e *stepJSON) action(a *model.Action) {
	n := e.open('{')
	e.key(&n, "type")
	e.str(a.Type)
	e.optStr(&n, "target", a.Target)
	e.optStr(&n, "detail", a.Detail)
	e.close('}', n)
}

func (e *stepJSON) approval(a *model.Approval) {
	n := e.open('{')
	e.key(&n, "by")
	e.str(a.By)
	e.key(&n, "at")
	e.time(a.At)
	e.optStr(&n, "session_key", a.SessionKey)
	e.signature(&n, a.Signature)
	e.close('}', n)
}

func (e *stepJSON) signature(n *int, s *model.Signature) {
	if s == nil {
		return
	}
	e.key(n, "signature")
	k := e.open('{')
	e.key(&k, "key")
	e.str(s.Key)
	e.key(&k, "statement")
	e.str(s.Statement)
	e.key(&k, "sshsig")
	e.str(s.SSHSig)
	e.close('}', k)
}

// open starts an object or array; the count it returns is of its members.
func (e *stepJSON) open(c byte) int {
	e.b = append(e.b, c)
	e.depth++
	return 0
}

// close ends an object or array of n members: an empty one stays on its
// line, as MarshalIndent writes "[]" and "{}".
func (e *stepJSON) close(c byte, n int) {
	e.depth--
	if n > 0 {
		e.newline()
	}
	e.b = append(e.b, c)
}

func (e *stepJSON) newline() {
	e.b = append(e.b, '\n')
	e.b = append(e.b, e.prefix...)
	for range e.depth {
		e.b = append(e.b, ' ', ' ')
	}
}

// key starts the next member of an object; the names are plain ASCII.
func (e *stepJSON) key(n *int, name string) {
	e.item(n)
	e.b = append(e.b, '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':', ' ')
}

// item starts the next member of an object or array.
func (e *stepJSON) item(n *int) {
	if *n > 0 {
		e.b = append(e.b, ',')
	}
	*n++
	e.newline()
}

func (e *stepJSON) null() { e.b = append(e.b, "null"...) }

func (e *stepJSON) str(s string) { e.b = format.AppendString(e.b, s) }

func (e *stepJSON) optStr(n *int, name, s string) {
	if s != "" {
		e.key(n, name)
		e.str(s)
	}
}

func (e *stepJSON) optStrings(n *int, name string, ss []string) {
	if len(ss) == 0 {
		return
	}
	e.key(n, name)
	m := e.open('[')
	for _, s := range ss {
		e.item(&m)
		e.str(s)
	}
	e.close(']', m)
}

// time is time.Time's MarshalJSON. A time it refuses (a year outside
// 0–9999, an offset of a day or more) goes through it, for its error;
// so does an offset in seconds, which it rounds its own way.
func (e *stepJSON) time(t time.Time) {
	_, off := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || off%60 != 0 || off <= -24*3600 || off >= 24*3600 {
		e.marshal(t)
		return
	}
	e.b = append(e.b, '"')
	e.b = t.AppendFormat(e.b, time.RFC3339Nano)
	e.b = append(e.b, '"')
}

// float is encoding/json's float64 (format.AppendFloat); NaN and the
// infinities go through Marshal, for its error.
func (e *stepJSON) float(f float64) {
	b, err := format.AppendFloat(e.b, f)
	if err != nil {
		e.marshal(f)
		return
	}
	e.b = b
}

// marshal is encoding/json's answer for a value the fast path leaves to it.
func (e *stepJSON) marshal(v any) {
	b, err := json.Marshal(v)
	if err != nil && e.err == nil {
		e.err = err
	}
	e.b = append(e.b, b...)
}
