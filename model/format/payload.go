package format

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// Reading a whole incident decodes a million stored payloads, and
// encoding/json spends several microseconds on each. Stored payloads are
// the canonical JSON signoff wrote itself: one object, each field once,
// spelled as the model names it, times as time.Time writes them. The
// decoders below read exactly that shape; anything else (unknown or
// repeated keys, null, a time in another spelling, bytes that are not
// UTF-8) goes to encoding/json whole, so a payload means the same either
// way. Strings without escapes are taken as slices of the payload.

// DecodeEvent decodes a stored event payload as json.Unmarshal would.
func DecodeEvent(payload string, e *model.Event) error {
	d := payloadDecoder{s: payload}
	if d.event(e) && d.end() {
		return nil
	}
	*e = model.Event{}
	return json.Unmarshal([]byte(payload), e)
}

// DecodeEvidence decodes a stored evidence payload as json.Unmarshal would.
func DecodeEvidence(payload string, ev *model.Evidence) error {
	d := payloadDecoder{s: payload}
	if d.evidence(ev) && d.end() {
		return nil
	}
	*ev = model.Evidence{}
	return json.Unmarshal([]byte(payload), ev)
}

// DecodeReview decodes a stored verdict payload as json.Unmarshal would.
func DecodeReview(payload string, r *model.Review) error {
	d := payloadDecoder{s: payload}
	if d.review(r) && d.end() {
		return nil
	}
	*r = model.Review{}
	return json.Unmarshal([]byte(payload), r)
}

// payloadDecoder reads one payload; every method reports whether what it
// read is in the canonical shape.
type payloadDecoder struct {
	s string
	i int
}

func (d *payloadDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *payloadDecoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *payloadDecoder) end() bool {
	d.space()
	return d.i == len(d.s)
}

// object reads an object, handing each key to field, which reads its
// value; bit numbers the key so a repeated one is refused.
func (d *payloadDecoder) object(field func(key string) (bit int, ok bool)) bool {
	if !d.byte('{') {
		return false
	}
	if d.byte('}') {
		return true
	}
	var seen uint64
	for {
		d.space()
		key, ok := d.plain()
		if !ok || !d.byte(':') {
			return false
		}
		bit, ok := field(key)
		if !ok || seen&(1<<bit) != 0 {
			return false
		}
		seen |= 1 << bit
		if d.byte('}') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

// plain reads a string without escapes (a key).
func (d *payloadDecoder) plain() (string, bool) {
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	for j := start; j < len(d.s); j++ {
		switch c := d.s[j]; {
		case c == '"':
			d.i = j + 1
			return d.s[start:j], true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return "", false
		}
	}
	return "", false
}

// str reads a string value: a slice of the payload when it has no
// escapes, else its unescaped text.
func (d *payloadDecoder) str(v *string) bool {
	d.space()
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		return false
	}
	start := d.i + 1
	ascii := true
	for j := start; j < len(d.s); j++ {
		switch c := d.s[j]; {
		case c == '"':
			if !ascii && !utf8.ValidString(d.s[start:j]) {
				return false
			}
			*v, d.i = d.s[start:j], j+1
			return true
		case c == '\\':
			return d.escaped(start, v)
		case c < 0x20:
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return false
}

// escaped reads a string holding escapes from start (after its quote),
// unescaping it as encoding/json does: a lone surrogate becomes U+FFFD.
func (d *payloadDecoder) escaped(start int, v *string) bool {
	b := make([]byte, 0, 64)
	for j := start; j < len(d.s); {
		c := d.s[j]
		switch {
		case c == '"':
			if !utf8.Valid(b) {
				return false
			}
			*v, d.i = string(b), j+1
			return true
		case c < 0x20:
			return false
		case c != '\\':
			b = append(b, c)
			j++
			continue
		}
		if j+1 >= len(d.s) {
			return false
		}
		switch e := d.s[j+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(d.s, j+2)
			if !ok {
				return false
			}
			j += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(d.s, j+2); ok && j+1 < len(d.s) && d.s[j] == '\\' && d.s[j+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
						b = utf8.AppendRune(b, dec)
						j += 6
						continue
					}
				}
				r = unicode.ReplacementChar
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return false
		}
		j += 2
	}
	return false
}

// hex4 reads the four hex digits of a \u escape at i.
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// when reads a time as time.Time writes it (RFC 3339 with nanoseconds as
// needed); any other spelling goes to encoding/json.
func (d *payloadDecoder) when(t *time.Time) bool {
	var s string
	if !d.str(&s) {
		return false
	}
	p, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || p.Format(time.RFC3339Nano) != s {
		return false
	}
	*t = p
	return true
}

func (d *payloadDecoder) whenPtr(t **time.Time) bool {
	var v time.Time
	if !d.when(&v) {
		return false
	}
	*t = &v
	return true
}

// number reads the text of a JSON number.
func (d *payloadDecoder) number() (string, bool) {
	d.space()
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if n := digits(); n == 0 || (n > 1 && d.s[d.i-n] == '0') {
		return "", false
	}
	if d.i < len(d.s) && d.s[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return "", false
		}
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	return d.s[start:d.i], true
}

func (d *payloadDecoder) float(v **float64) bool {
	n, ok := d.number()
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return false
	}
	*v = &f
	return true
}

func (d *payloadDecoder) int(v *int) bool {
	n, ok := d.number()
	if !ok {
		return false
	}
	i, err := strconv.ParseInt(n, 10, strconv.IntSize)
	*v = int(i)
	return err == nil
}

func (d *payloadDecoder) bool(v *bool) bool {
	d.space()
	switch {
	case len(d.s)-d.i >= 4 && d.s[d.i:d.i+4] == "true":
		*v, d.i = true, d.i+4
	case len(d.s)-d.i >= 5 && d.s[d.i:d.i+5] == "false":
		*v, d.i = false, d.i+5
	default:
		return false
	}
	return true
}

// array reads an array, handing each element to item.
func (d *payloadDecoder) array(item func() bool) bool {
	if !d.byte('[') {
		return false
	}
	if d.byte(']') {
		return true
	}
	for {
		if !item() {
			return false
		}
		if d.byte(']') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

func (d *payloadDecoder) strings(v *[]string) bool {
	list := []string{}
	ok := d.array(func() bool {
		var s string
		if !d.str(&s) {
			return false
		}
		list = append(list, s)
		return true
	})
	*v = list
	return ok
}

func (d *payloadDecoder) action(a *model.Action) bool {
	return d.object(func(key string) (int, bool) {
		switch key {
		case "type":
			return 0, d.str(&a.Type)
		case "target":
			return 1, d.str(&a.Target)
		case "detail":
			return 2, d.str(&a.Detail)
		}
		return 0, false
	})
}

func (d *payloadDecoder) signature(s **model.Signature) bool {
	v := &model.Signature{}
	*s = v
	return d.object(func(key string) (int, bool) {
		switch key {
		case "key":
			return 0, d.str(&v.Key)
		case "statement":
			return 1, d.str(&v.Statement)
		case "sshsig":
			return 2, d.str(&v.SSHSig)
		}
		return 0, false
	})
}

func (d *payloadDecoder) approval(a *model.Approval) bool {
	return d.object(func(key string) (int, bool) {
		switch key {
		case "by":
			return 0, d.str(&a.By)
		case "at":
			return 1, d.when(&a.At)
		case "session_key":
			return 2, d.str(&a.SessionKey)
		case "signature":
			return 3, d.signature(&a.Signature)
		}
		return 0, false
	})
}

func (d *payloadDecoder) event(e *model.Event) bool {
	return d.object(func(key string) (int, bool) {
		switch key {
		case "id":
			return 0, d.str(&e.ID)
		case "at":
			return 1, d.when(&e.At)
		case "kind":
			return 2, d.str((*string)(&e.Kind))
		case "source":
			return 3, d.str(&e.Source)
		case "actor":
			return 4, d.str(&e.Actor)
		case "summary":
			return 5, d.str(&e.Summary)
		case "detail":
			return 6, d.str(&e.Detail)
		case "evidence":
			return 7, d.strings(&e.Evidence)
		case "agent":
			return 8, d.str(&e.Agent)
		case "action":
			e.Action = &model.Action{}
			return 9, d.action(e.Action)
		case "confidence":
			return 10, d.float(&e.Confidence)
		case "confidence_cue":
			return 11, d.str(&e.ConfidenceCue)
		case "rank":
			return 12, d.int(&e.Rank)
		case "rationale":
			return 13, d.str(&e.Rationale)
		case "alternatives":
			e.Alternatives = []model.Action{}
			return 14, d.array(func() bool {
				e.Alternatives = append(e.Alternatives, model.Action{})
				return d.action(&e.Alternatives[len(e.Alternatives)-1])
			})
		case "raw_output":
			return 15, d.str(&e.RawOutput)
		case "expires_at":
			return 16, d.whenPtr(&e.ExpiresAt)
		case "suggestion":
			return 17, d.str(&e.Suggestion)
		case "owner":
			return 18, d.str(&e.Owner)
		case "outcome":
			return 19, d.str((*string)(&e.Outcome))
		case "evidence_reviewed":
			return 20, d.strings(&e.EvidenceReviewed)
		case "alternatives_rejected":
			e.AlternativesRejected = []model.RejectedAlternative{}
			return 21, d.array(func() bool {
				e.AlternativesRejected = append(e.AlternativesRejected, model.RejectedAlternative{})
				r := &e.AlternativesRejected[len(e.AlternativesRejected)-1]
				return d.object(func(key string) (int, bool) {
					switch key {
					case "action":
						return 0, d.action(&r.Action)
					case "reason":
						return 1, d.str(&r.Reason)
					}
					return 0, false
				})
			})
		case "approvals":
			e.Approvals = []model.Approval{}
			return 22, d.array(func() bool {
				e.Approvals = append(e.Approvals, model.Approval{})
				return d.approval(&e.Approvals[len(e.Approvals)-1])
			})
		case "session_key":
			return 23, d.str(&e.SessionKey)
		case "signature":
			return 24, d.signature(&e.Signature)
		case "decision":
			return 25, d.str(&e.Decision)
		case "automated":
			return 26, d.bool(&e.Automated)
		case "result":
			return 27, d.str((*string)(&e.Result))
		}
		return 0, false
	})
}

func (d *payloadDecoder) evidence(ev *model.Evidence) bool {
	return d.object(func(key string) (int, bool) {
		switch key {
		case "id":
			return 0, d.str(&ev.ID)
		case "kind":
			return 1, d.str(&ev.Kind)
		case "asset":
			return 2, d.str(&ev.Asset)
		case "collected_at":
			return 3, d.when(&ev.CollectedAt)
		case "collected_by":
			return 4, d.str(&ev.CollectedBy)
		case "sha256":
			return 5, d.str(&ev.SHA256)
		case "uri":
			return 6, d.str(&ev.URI)
		case "summary":
			return 7, d.str(&ev.Summary)
		}
		return 0, false
	})
}

func (d *payloadDecoder) review(r *model.Review) bool {
	return d.object(func(key string) (int, bool) {
		switch key {
		case "subject":
			return 0, d.str(&r.Subject)
		case "reviewer":
			return 1, d.str(&r.Reviewer)
		case "at":
			return 2, d.when(&r.At)
		case "verdict":
			return 3, d.str((*string)(&r.Verdict))
		case "outcome_changed":
			return 4, d.str((*string)(&r.OutcomeChanged))
		case "ai_correct":
			return 5, d.str((*string)(&r.AICorrect))
		case "note":
			return 6, d.str(&r.Note)
		case "session_key":
			return 7, d.str(&r.SessionKey)
		case "signature":
			return 8, d.signature(&r.Signature)
		}
		return 0, false
	})
}
