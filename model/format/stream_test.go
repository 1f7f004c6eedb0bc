package format

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func line(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStreamDecoderReturnsEachRecordCheckedAndInUTC(t *testing.T) {
	doc := sampleDoc()
	cet := time.FixedZone("CET", 3600)
	ev := doc.Evidence[0]
	ev.CollectedAt = ev.CollectedAt.In(cet)
	lines := []string{
		line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: doc.Incident}),
		line(t, PersonLine{Record: RecordPerson, Person: doc.People[0]}),
		line(t, EvidenceLine{Record: RecordEvidence, Evidence: ev}),
		// the "record" field need not come first
		`{"id": "D1", "at": "2026-03-01T09:02:00Z", "kind": "note", "actor": "alice", "summary": "s", "record": "event"}`,
	}
	dec := NewStreamDecoder("feed.ndjson")
	var got []any
	for i, l := range lines {
		v, err := dec.Decode(i+1, []byte(l))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if err := dec.End(); err != nil {
		t.Fatal(err)
	}
	wantEv := doc.Evidence[0]
	want := []any{&doc.Incident, &doc.People[0], &wantEv,
		&model.Event{ID: "D1", At: t0.Add(2 * time.Minute), Kind: model.KindNote, Actor: "alice", Summary: "s"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %#v\nwant %#v", got, want)
	}
}

func TestStreamDecoderRefusesWhatOneLineCanTell(t *testing.T) {
	inc := sampleDoc().Incident
	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: inc})
	cases := []struct {
		name  string
		lines []string
		want  string
	}{
		{"the first record must be the incident", []string{`{"record": "person", "id": "alice", "name": "A"}`},
			`feed.ndjson line 1: the first record must be the incident`},
		{"an unknown record type is refused", []string{header, `{"record": "memo"}`},
			`feed.ndjson line 2: field "record" is "memo"; expected incident, person`},
		{"a line without a record field is refused", []string{`{"id": "x"}`},
			`feed.ndjson line 1: the line has no "record" field`},
		{"broken JSON is located", []string{header, `{"record": "person", "id": "alice",, "name": "A"}`},
			`feed.ndjson line 2 column 36: not valid JSON`},
		{"another format is refused", []string{strings.Replace(header, model.FormatV1, "signoff.incident/v2", 1)},
			`feed.ndjson line 1: field "format" is "signoff.incident/v2"`},
		{"the same incident twice is refused", []string{header, header},
			`feed.ndjson line 2: incident INC-1 already started at line 1 of this stream`},
		{"a record's own check names its line", []string{header, `{"record": "person", "id": "a b", "name": "A"}`},
			`feed.ndjson line 2: a person has a bad id "a b"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dec := NewStreamDecoder("feed.ndjson")
			var err error
			for i, l := range c.lines {
				if _, err = dec.Decode(i+1, []byte(l)); err != nil {
					break
				}
			}
			wantError(t, err, model.EINVALID, c.want)
		})
	}
}

func TestAStreamWithoutAnIncidentEndsInAnError(t *testing.T) {
	wantError(t, NewStreamDecoder("feed.ndjson").End(), model.EINVALID, "feed.ndjson: the stream holds no records")
}

func TestLineReaderCountsBlankLinesAndTrimsText(t *testing.T) {
	lr := NewLineReader("feed.ndjson", strings.NewReader("  {\"a\": 1}  \n\n \t\n{\"b\": 2}\r\n{\"c\": 3}"))
	var got []string
	for {
		n, text, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Repeat("+", n)+string(text))
	}
	want := []string{`+{"a": 1}`, `++++{"b": 2}`, `+++++{"c": 3}`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines are %q; want %q (one + per line number)", got, want)
	}
}

func TestLineReaderRefusesALineOverTheLimit(t *testing.T) {
	text := strings.Repeat("x", MaxLine) + "\n" + strings.Repeat("x", MaxLine+1) + "\n"
	lr := NewLineReader("feed.ndjson", strings.NewReader(text))
	if _, first, err := lr.Next(); err != nil || len(first) != MaxLine {
		t.Fatalf("a line of exactly MaxLine bytes gives %d bytes, %v", len(first), err)
	}
	_, _, err := lr.Next()
	wantError(t, err, model.EINVALID, "feed.ndjson line 2: the line is longer than 16 MiB")
	if _, _, err := lr.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the refusal Next gives %v; want io.EOF", err)
	}
}

// White space around a line is JSON's (space, tab, CR, LF) and no other:
// a document with a no-break space, NEL, line separator or form feed
// between its values is not JSON, and the same characters around a
// stream's line must not be quietly dropped either.
func TestLineReaderTrimsOnlyJSONWhiteSpace(t *testing.T) {
	lr := NewLineReader("feed.ndjson", strings.NewReader("\u00a0{\"a\": 1}\u0085\n\u2028\n\f\n\v{\"b\": 2}\n"))
	var got []string
	for {
		_, text, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(text))
	}
	want := []string{"\u00a0{\"a\": 1}\u0085", "\u2028", "\f", "\v{\"b\": 2}"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines are %q; want %q", got, want)
	}
	dec := NewStreamDecoder("feed.ndjson")
	_, err := dec.Decode(1, []byte("\u00a0"+`{"record": "incident"}`))
	wantError(t, err, model.EINVALID, "feed.ndjson line 1 column 1: not valid JSON")
}
