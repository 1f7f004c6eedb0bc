package format

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// decodeDoc decodes text as a document, turning a panic into a failure.
func decodeDoc(t *testing.T, text string) (err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("decoding panicked: %v", r)
		}
	}()
	_, err = DecodeDocument("sample.json", strings.NewReader(text))
	return err
}

func TestEveryPrefixOfADocumentIsRefusedWithASentence(t *testing.T) {
	text := indented(t, sampleDoc())
	for i := 0; i < len(text); i++ {
		err := decodeDoc(t, text[:i])
		if model.ErrorCode(err) != model.EINVALID || !strings.HasPrefix(model.ErrorMessage(err), "sample.json") {
			t.Fatalf("the first %d bytes: got %v; want an EINVALID sentence naming the file", i, err)
		}
	}
}

func TestAProblemInsideTheIncidentNamesTheField(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"an unknown field", `"severity": "sev2"`, `"severity": "sev2", "colour": 1`, `line 6 column 25: incident INC-1: unknown field "colour"`},
		{"a key in other letter case", `"severity": "sev2"`, `"Severity": "sev2"`, `line 6 column 5: incident INC-1: field "Severity" is not part of the format (did you mean "severity"?)`},
		{"a bad date", `"opened_at": "2026-03-01T09:00:00Z"`, `"opened_at": "yesterday"`, `line 8 column 5: incident INC-1: field "opened_at" is "yesterday"; expected an RFC 3339 time`},
		{"the format", `"format": "signoff.incident/v1"`, `"format": 1`, `line 2 column 13: document: field "format" is 1; expected a string`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := indented(t, sampleDoc())
			if !strings.Contains(text, c.old) {
				t.Fatalf("the sample has no %s", c.old)
			}
			err := decodeDoc(t, strings.Replace(text, c.old, c.new, 1))
			wantError(t, err, model.EINVALID, c.want)
		})
	}
}

func TestARepeatedKeyIsRefusedNamingTheKeyAndTheLine(t *testing.T) {
	text := strings.Replace(indented(t, sampleDoc()), `"owner": "alice"`, `"owner": "ghost", "owner": "alice"`, 1)
	wantError(t, decodeDoc(t, text), model.EINVALID, `sample.json line 66 column 25: event D1: field "owner" appears twice`)

	escaped := strings.Replace(indented(t, sampleDoc()), `"owner": "alice"`, `"owner": "ghost", "\u006fwner": "alice"`, 1)
	wantError(t, decodeDoc(t, escaped), model.EINVALID, `field "owner" appears twice`)

	nested := strings.Replace(indented(t, sampleDoc()), `"type": "revoke_token"`, `"type": "revoke_token", "type": "rm"`, 1)
	wantError(t, decodeDoc(t, nested), model.EINVALID, `field "type" appears twice`)

	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident})
	dec := NewStreamDecoder("feed.ndjson")
	if _, err := dec.Decode(1, []byte(header)); err != nil {
		t.Fatal(err)
	}
	_, err := dec.Decode(2, []byte(`{"record": "person", "id": "bob", "name": "Bob", "authority": "high", "authority": "none"}`))
	wantError(t, err, model.EINVALID, `feed.ndjson line 2 column 71: person bob: field "authority" appears twice`)
}

func TestTheSameKeyInTwoObjectsIsNotARepeat(t *testing.T) {
	text := indented(t, sampleDoc()) // "id" in every record, "target" in every action
	if err := decodeDoc(t, text); err != nil {
		t.Fatal(err)
	}
}

func TestBytesThatAreNotUTF8AreRefusedNamingTheLine(t *testing.T) {
	text := strings.Replace(indented(t, sampleDoc()), `"title": "Leaked token"`, "\"title\": \"Leaked \xff token\"", 1)
	wantError(t, decodeDoc(t, text), model.EINVALID, "sample.json line 5 column 22: byte 0xFF is not valid UTF-8")

	dec := NewStreamDecoder("feed.ndjson")
	_, err := dec.Decode(3, []byte("{\"record\": \"incident\", \"title\": \"a\xc3\"}"))
	wantError(t, err, model.EINVALID, "feed.ndjson line 3 column 35: byte 0xC3 is not valid UTF-8")
}

func TestARefusedValueIsQuotedShort(t *testing.T) {
	long := strings.Repeat("A", 10000)
	cases := []struct{ name, old, new string }{
		{"a long id", `"id": "alice"`, `"id": "` + long + `"`},
		{"a long enum value", `"severity": "sev2"`, `"severity": "` + long + `"`},
		{"a long unknown field", `"severity": "sev2"`, `"severity": "sev2", "` + long + `": 1`},
		{"a megabyte value of the wrong type", `"confidence": 0.8`, `"confidence": "` + strings.Repeat("B", 1<<20) + `"`},
		{"a long reference", `"suggestion": "S1"`, `"suggestion": "` + long + `"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := indented(t, sampleDoc())
			if !strings.Contains(text, c.old) {
				t.Fatalf("the sample has no %s", c.old)
			}
			err := decodeDoc(t, strings.Replace(text, c.old, c.new, 1))
			msg := model.ErrorMessage(err)
			if err == nil || len(msg) > 400 || !strings.Contains(msg, "…") {
				t.Errorf("got a %d-byte sentence %.300q; want the value cut to about 80 characters", len(msg), msg)
			}
		})
	}
}

func TestAReferenceErrorNamesTheLineOfTheRecord(t *testing.T) {
	cases := []struct{ name, old, new, want string }{
		{"an unknown reviewer", `"reviewer": "alice"`, `"reviewer": "zed"`, `sample.json line 74: review of S1: reviewer "zed"`},
		{"an unknown asset", `"asset": "deploy-bot"`, `"asset": "nowhere"`, `sample.json line 35: evidence EV-1: field "asset" names unknown asset "nowhere"`},
		{"a verdict on a decision that answers a suggestion", `"subject": "S1"`, `"subject": "D1"`, `sample.json line 74: review of D1: field "subject" names a decision that answers suggestion S1`},
		{"a repeated person", `"people": [`, `"people": [{"id": "alice", "name": "A", "authority": "low"},`, `sample.json line 12: person alice appears twice`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := indented(t, sampleDoc())
			if !strings.Contains(text, c.old) {
				t.Fatalf("the sample has no %s", c.old)
			}
			wantError(t, decodeDoc(t, strings.Replace(text, c.old, c.new, 1)), model.EINVALID, c.want)
		})
	}
}
