package db

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// feed is a stream whose decision (line 5) refers forward to its suggestion
// (line 6) and whose evidence comes last: order within a stream is free.
const feed = `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-9", "title": "Odd CI key use", "severity": "sev2", "status": "open", "opened_at": "2026-02-12T08:00:00Z", "commander": "bob"}
{"record": "person", "id": "bob", "name": "Bob Ngata", "authority": "high"}

{"record": "agent", "id": "triage", "name": "Triage model", "role": "triage"}
{"record": "event", "id": "D7", "at": "2026-02-12T09:20:00+01:00", "kind": "decision", "suggestion": "S7", "owner": "bob", "outcome": "approved", "action": {"type": "disable_account", "target": "ci-key"}, "evidence_reviewed": ["EV-7"]}
{"record": "event", "id": "S7", "at": "2026-02-12T08:10:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "disable_account", "target": "ci-key"}, "confidence": 0.7}
{"record": "asset", "id": "ci-key", "kind": "key"}
{"record": "review", "subject": "S7", "reviewer": "bob", "at": "2026-02-13T08:00:00Z", "verdict": "followed", "outcome_changed": "no", "ai_correct": "yes"}
{"record": "evidence", "id": "EV-7", "kind": "log", "asset": "ci-key", "collected_at": "2026-02-12T08:05:00Z", "collected_by": "bob"}
`

func importStream(t testing.TB, d *DB, name, text string) ([]model.ImportResult, error) {
	t.Helper()
	return d.ImportStream(context.Background(), name, strings.NewReader(text), "feeder")
}

// only is the result of a stream that must hold exactly one incident.
func only(t testing.TB, results []model.ImportResult, err error) model.ImportResult {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 {
		t.Fatalf("%d results %+v; want one incident", len(results), results)
	}
	return results[0]
}

func TestImportStreamAcceptsForwardReferences(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		results, err := importStream(t, d, "feed.ndjson", feed)
		res := only(t, results, err)
		if !res.Created || res.Counts["events"] != 2 || res.Counts["evidence"] != 1 || res.Counts["reviews"] != 1 {
			t.Errorf("result %+v", res)
		}
		e, err := d.Event(context.Background(), "INC-9", "D7")
		if err != nil {
			t.Fatal(err)
		}
		if got := e.At.Format("15:04Z07:00"); got != "08:20Z" {
			t.Errorf("the decision's time was stored as %s; want it in UTC, 08:20Z", got)
		}
	})
}

func TestImportStreamAppendsToAnExistingIncident(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
			t.Fatal(err)
		}
		more := strings.SplitN(feed, "\n", 2)[0] + "\n" +
			`{"record": "event", "id": "S8", "at": "2026-02-12T09:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "revoke_key", "target": "ci-key"}}` + "\n"
		results, err := importStream(t, d, "more.ndjson", more)
		res := only(t, results, err)
		if res.Created || res.Counts["events"] != 1 {
			t.Errorf("result %+v; want one event appended", res)
		}
		s, err := d.IncidentSummary(context.Background(), "INC-9")
		if err != nil {
			t.Fatal(err)
		}
		if s.Suggestions != 2 || s.Pending != 1 {
			t.Errorf("after appending: %d suggestions, %d pending; want 2 and 1", s.Suggestions, s.Pending)
		}
	})
}

func TestImportStreamRefusesBadInputAndChangesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name, text, code, want string
		}{
			{"a broken line names its line and column", strings.Replace(feed, `"name": "Bob Ngata",`, `"name": "Bob Ngata",,`, 1),
				model.EINVALID, `feed.ndjson line 2 column 55: not valid JSON`},
			{"an unknown field names its line, record and field", strings.Replace(feed, `"kind": "key"`, `"kind": "key", "colour": "red"`, 1),
				model.EINVALID, `feed.ndjson line 7 column 52: asset ci-key: unknown field "colour"`},
			{"a field name in other letter case is refused", strings.Replace(feed, `"name": "Bob Ngata"`, `"Name": "Bob Ngata"`, 1),
				model.EINVALID, `feed.ndjson line 2 column 35: person bob: field "Name" is not part of the format (did you mean "name"?)`},
			{"a nested field name in other letter case is refused", strings.Replace(feed, `"action": {"type": "disable_account"`, `"action": {"Type": "disable_account"`, 1),
				model.EINVALID, `feed.ndjson line 5 column 158: event D7: field "Type" is not part of the format (did you mean "type"?)`},
			{"the record field in other letter case is refused", strings.Replace(feed, `{"record": "asset"`, `{"Record": "asset"`, 1),
				model.EINVALID, `feed.ndjson line 7 column 2: asset ci-key: field "Record" is not part of the format (did you mean "record"?)`},
			{"a field name that folds to a field of the format is refused", strings.Replace(feed, `"kind": "key"`, `"\u212aind": "key"`, 1),
				model.EINVALID, "feed.ndjson line 7 column 37: asset ci-key: field \"\u212aind\" is not part of the format (did you mean \"kind\"?)"},
			{"a confidence out of range is refused", strings.Replace(feed, `"confidence": 0.7`, `"confidence": 1.4`, 1),
				model.EINVALID, `feed.ndjson line 6: suggestion S7: field "confidence" is 1.4; expected a number from 0 to 1`},
			{"a bad timestamp is refused", strings.Replace(feed, `"at": "2026-02-12T08:10:00Z"`, `"at": "12/02/2026"`, 1),
				model.EINVALID, `feed.ndjson line 6 column 33: event S7: field "at" is "12/02/2026"; expected an RFC 3339 time`},
			{"a reference that never resolves is refused at its line", strings.Replace(feed, `"suggestion": "S7"`, `"suggestion": "S404"`, 1),
				model.EINVALID, `feed.ndjson line 5: event D7: field "suggestion" names unknown event "S404"`},
			{"a missing evidence id is refused", strings.Replace(feed, `"evidence_reviewed": ["EV-7"]`, `"evidence_reviewed": ["EV-0"]`, 1),
				model.EINVALID, `feed.ndjson line 5: event D7: field "evidence_reviewed" names unknown evidence "EV-0"`},
			{"an unknown commander is refused", strings.Replace(feed, `"commander": "bob"`, `"commander": "zed"`, 1),
				model.EINVALID, `feed.ndjson line 1: incident INC-9: field "commander" names "zed"`},
			{"a duplicate id in the stream is refused", feed + `{"record": "event", "id": "S7", "at": "2026-02-12T08:10:00Z", "kind": "note", "actor": "bob", "summary": "x"}` + "\n",
				model.EINVALID, `feed.ndjson line 10: event S7: the id is already used by an earlier record of this stream`},
			{"an unknown record type is refused", feed + `{"record": "memo", "id": "M1"}` + "\n",
				model.EINVALID, `feed.ndjson line 10: field "record" is "memo"`},
			{"a first line that is not the incident is refused", strings.SplitN(feed, "\n", 2)[1],
				model.EINVALID, `feed.ndjson line 1: the first record must be the incident`},
			{"an empty stream is refused", "\n\n", model.EINVALID, `feed.ndjson: the stream holds no records`},
			{"a record that exists is a conflict", sampleHeader(t, "") + `{"record": "event", "id": "S1", "at": "2026-02-12T08:10:00Z", "kind": "note", "actor": "alice", "summary": "x"}` + "\n",
				model.ECONFLICT, `feed.ndjson line 2: event S1 already exists in incident INC-1`},
			{"a verdict on a stored decision that answers a suggestion names its line", sampleHeader(t, "") +
				`{"record": "review", "subject": "D1", "reviewer": "mara", "at": "2026-02-13T08:00:00Z", "verdict": "followed", "outcome_changed": "no", "ai_correct": "yes"}` + "\n",
				model.EINVALID, `feed.ndjson line 2: review of D1: field "subject" names a decision that answers suggestion S1`},
			{"a verdict on a decision later in the stream names its line", strings.Replace(feed, `"subject": "S7"`, `"subject": "D7"`, 1),
				model.EINVALID, `feed.ndjson line 8: review of D7: field "subject" names a decision that answers suggestion S7`},
			{"a header that differs from the stored incident is a conflict", sampleHeader(t, model.StatusOpen),
				model.ECONFLICT, `feed.ndjson line 1: incident INC-1 already exists with a different "status"`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantStreamRefused(t, "feed.ndjson", c.text, c.code, c.want) })
		}
	})
}

// wantStreamRefused imports the sample document, then the stream text,
// which must be refused with code and a message containing want, changing
// nothing.
func wantStreamRefused(t *testing.T, name, text, code, want string) {
	t.Helper()
	d := openTest(t)
	importDoc(t, d, sampleDoc())
	before := stateOf(t, d)
	_, err := importStream(t, d, name, text)
	wantError(t, err, code, want)
	if after := stateOf(t, d); after != before {
		t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
	}
}

// sampleHeader is the sample incident as a stream's first line, with
// another status when one is given.
func sampleHeader(t *testing.T, status model.Status) string {
	line := format.IncidentLine{Record: format.RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident}
	if status != "" {
		line.Status = status
	}
	b, err := json.Marshal(line)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}
