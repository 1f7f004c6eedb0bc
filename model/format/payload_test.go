package format_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// samePayload decodes a payload both ways and says how they differ, or "".
func samePayload[T any](payload string, fast func(string, *T) error) string {
	var want, got T
	werr := json.Unmarshal([]byte(payload), &want)
	gerr := fast(payload, &got)
	switch {
	case (werr == nil) != (gerr == nil):
		return "encoding/json says " + errText(werr) + ", the fast decoder " + errText(gerr)
	case werr == nil && !reflect.DeepEqual(want, got):
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(got)
		return "encoding/json gives " + string(w) + ", the fast decoder " + string(g)
	}
	return ""
}

func errText(err error) string {
	if err == nil {
		return "nothing wrong"
	}
	return err.Error()
}

// canonical is what the store keeps of a record: encoding/json's bytes.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPayloadsDecodeFastAsEncodingJSONDecodesThem(t *testing.T) {
	var events, evidence, reviews []string
	for _, name := range fixtures.Incidents() {
		doc, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range doc.Events {
			events = append(events, canonical(t, e))
		}
		for _, e := range doc.Evidence {
			evidence = append(evidence, canonical(t, e))
		}
		for _, r := range doc.Reviews {
			reviews = append(reviews, canonical(t, r))
		}
	}
	var gen bytes.Buffer
	if err := fixtures.Generate(&gen, fixtures.GenOptions{Incidents: 1, Events: 2000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&gen)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Record string `json:"record"`
		}
		json.Unmarshal(sc.Bytes(), &rec)
		switch rec.Record {
		case "event":
			var e model.Event
			json.Unmarshal(sc.Bytes(), &e)
			events = append(events, canonical(t, e))
		case "evidence":
			var e model.Evidence
			json.Unmarshal(sc.Bytes(), &e)
			evidence = append(evidence, canonical(t, e))
		case "review":
			var r model.Review
			json.Unmarshal(sc.Bytes(), &r)
			reviews = append(reviews, canonical(t, r))
		}
	}
	// Records nobody writes, which must still mean what encoding/json
	// makes of them.
	events = append(events,
		`{"id":"S1","at":"2026-01-05T08:00:00Z","kind":"suggestion","raw_output":"{\"a\":\"\u00e9\\u00e9 \\ud83d\\ude00 \\ud800 x\"}"}`,
		`{"id":"S1","ID":"S2","at":"2026-01-05T08:00:00Z"}`,
		`{"id":"S1","id":"S2"}`,
		`{"id":null,"at":"2026-01-05T08:00:00+00:00"}`,
		`{"id":"S1","at":"2026-01-05T08:00:00.000Z"}`,
		`{"id":"S1","confidence":1e400}`,
		`{"id":"S1","rank":1.5}`,
		`{"id":"S1","rank":-0,"automated":true,"evidence":[],"alternatives":[]}`,
		`{"id":"S1","action":{},"signature":{},"approvals":[{"by":"a","at":"2026-01-05T08:00:00Z","signature":{"key":"k"}}]}`,
		`{"id":"S1","unknown":1}`,
		"{\"id\":\"S\xff1\"}",
		"{\"id\":\"S\x011\"}",
		`{"id":"S1"} trailing`,
		` { "id" : "S1" , "evidence" : [ "EV-1" , "EV-2" ] } `,
		`null`,
		`{"id":"\ud83d"}`,
		`{"id":"a\/b\"c\\d\b\f\n\r\t"}`,
	)
	evidence = append(evidence, `{"id":"EV-1","collected_at":"2026-01-05T08:00:00.5Z","asset":"h"}`, `{"id":"EV-1","Asset":"h"}`)
	reviews = append(reviews, `{"subject":"S1","at":"2026-01-05T08:00:00Z","note":"n\u2028"}`, `{"subject":"S1","verdict":7}`)
	for _, p := range events {
		if diff := samePayload(p, format.DecodeEvent); diff != "" {
			t.Errorf("event %s: %s", p, diff)
		}
	}
	for _, p := range evidence {
		if diff := samePayload(p, format.DecodeEvidence); diff != "" {
			t.Errorf("evidence %s: %s", p, diff)
		}
	}
	for _, p := range reviews {
		if diff := samePayload(p, format.DecodeReview); diff != "" {
			t.Errorf("review %s: %s", p, diff)
		}
	}
	if len(events) < 2000 || len(evidence) < 100 || len(reviews) < 100 {
		t.Errorf("only %d events, %d evidence records and %d verdicts were compared", len(events), len(evidence), len(reviews))
	}
}

// The fast path must take signoff's own payloads: a fallback on every one
// would be correct and slow.
func TestCanonicalPayloadsTakeTheFastPath(t *testing.T) {
	doc, err := fixtures.Load(fixtures.Incidents()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Events {
		p := canonical(t, e)
		if !format.FastEvent(p) {
			t.Errorf("event %s left the fast path", p)
		}
	}
	for _, e := range doc.Evidence {
		p := canonical(t, e)
		if !format.FastEvidence(p) {
			t.Errorf("evidence %s left the fast path", p)
		}
	}
}

func FuzzPayloadsDecodeAsEncodingJSON(f *testing.F) {
	f.Add(`{"id":"S1","at":"2026-01-05T08:00:00Z","kind":"suggestion","action":{"type":"t","target":"x"},"confidence":0.5,"rank":2,"evidence":["E"]}`)
	f.Add(`{"subject":"S1","reviewer":"r","at":"2026-01-05T08:00:00.123456789Z","verdict":"followed"}`)
	f.Add(`{"id":"EV-1","collected_at":"2026-01-05T08:00:00Z","summary":"a\u00e9\"b"}`)
	f.Fuzz(func(t *testing.T, p string) {
		for _, diff := range []string{samePayload(p, format.DecodeEvent), samePayload(p, format.DecodeEvidence), samePayload(p, format.DecodeReview)} {
			if diff != "" {
				t.Errorf("%q: %s", p, diff)
			}
		}
	})
}

func BenchmarkDecodeEvent(b *testing.B) {
	var gen bytes.Buffer
	fixtures.Generate(&gen, fixtures.GenOptions{Incidents: 1, Events: 5000, Seed: 3})
	var payloads []string
	sc := bufio.NewScanner(&gen)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if bytes.Contains(sc.Bytes(), []byte(`"record":"event"`)) {
			var e model.Event
			json.Unmarshal(sc.Bytes(), &e)
			b, _ := json.Marshal(e)
			payloads = append(payloads, string(b))
		}
	}
	b.Run("fast", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var e model.Event
			if err := format.DecodeEvent(payloads[i%len(payloads)], &e); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			var e model.Event
			if err := json.Unmarshal([]byte(payloads[i%len(payloads)]), &e); err != nil {
				b.Fatal(err)
			}
		}
	})
}
