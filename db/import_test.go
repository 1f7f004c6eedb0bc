package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestImportDocumentStoresEveryRecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		res := importDoc(t, d, sampleDoc())
		want := map[string]int{"people": 2, "agents": 1, "assets": 1, "evidence": 1, "events": 7, "reviews": 1}
		if res.Incident != "INC-1" || !res.Created {
			t.Errorf("result is %+v; want INC-1 created", res)
		}
		for k, n := range want {
			if res.Counts[k] != n {
				t.Errorf("counted %d %s; want %d", res.Counts[k], k, n)
			}
		}
		s, err := d.IncidentSummary(context.Background(), "INC-1")
		if err != nil {
			t.Fatal(err)
		}
		got := [7]int{s.Events, s.Suggestions, s.Decisions, s.Executions, s.Pending, s.Subjects, s.Reviewed}
		if got != [7]int{7, 2, 2, 1, 1, 3, 1} {
			t.Errorf("events, suggestions, decisions, executions, pending, subjects, reviewed = %v; want [7 2 2 1 1 3 1]", got)
		}
		if s.Title != "Leaked deploy token" {
			t.Errorf("title %q", s.Title)
		}
	})
}

// edit replaces the first occurrence of old in the sample document.
func edit(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("sample has no " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

func TestImportDocumentRefusesBadInputAndChangesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name string
			edit func(string) string
			code string
			want string
		}{
			{"an unknown field is refused with its line", edit(`"source": "secret-scanner",`, `"source": "secret-scanner", "sauce": 1,`),
				model.EINVALID, `sample.json line 62 column 35: event E1: unknown field "sauce"`},
			{"a bad enum is refused", edit(`"severity": "sev1"`, `"severity": "sev9"`),
				model.EINVALID, `sample.json line 3: incident INC-1: field "severity" is "sev9"; expected sev1, sev2, sev3 or sev4`},
			{"a bad timestamp is refused", edit(`"at": "2026-02-10T09:10:00Z"`, `"at": "yesterday"`),
				model.EINVALID, `event S1: field "at" is "yesterday"; expected an RFC 3339 time`},
			{"a wrong type is refused", edit(`"confidence": 0.86`, `"confidence": "high"`),
				model.EINVALID, `event S1: field "confidence" is "high"; expected a number`},
			{"a confidence out of range is refused", edit(`"confidence": 0.86`, `"confidence": 1.4`),
				model.EINVALID, `suggestion S1: field "confidence" is 1.4; expected a number from 0 to 1`},
			{"a duplicate id is refused", edit(`"id": "N1"`, `"id": "E1"`),
				model.EINVALID, `sample.json line 118: event E1: the id is already used`},
			{"a decision naming a missing suggestion is refused", edit(`"suggestion": "S1"`, `"suggestion": "S404"`),
				model.EINVALID, `event D1: field "suggestion" names unknown event "S404"`},
			{"an unknown owner is refused", edit(`"owner": "alice",`, `"owner": "mallory",`),
				model.EINVALID, `decision D1: field "owner" names "mallory"`},
			{"a missing evidence id is refused", edit(`"evidence_reviewed": [
        "EV-1"`, `"evidence_reviewed": [
        "EV-9"`),
				model.EINVALID, `event D1: field "evidence_reviewed" names unknown evidence "EV-9"`},
			{"broken JSON is refused with its position", edit(`"title": "Leaked deploy token",`, `"title": "Leaked deploy token",,`),
				model.EINVALID, `sample.json line 5 column 36: not valid JSON`},
			{"an unknown top-level field is refused", edit(`"format":`, `"formats": 1, "format":`),
				model.EINVALID, `sample.json line 2 column 3: document: unknown field "formats"`},
			{"a field name in other letter case is refused", edit(`"source": "secret-scanner",`, `"Source": "secret-scanner",`),
				model.EINVALID, `sample.json line 62 column 7: event E1: field "Source" is not part of the format (did you mean "source"?)`},
			{"a nested field name in other letter case is refused", edit(`"type": "revoke_token"`, `"TYPE": "revoke_token"`),
				model.EINVALID, `: event S1: field "TYPE" is not part of the format (did you mean "type"?)`},
			{"a field name in other letter case is refused when escaped", edit(`"source": "secret-scanner",`, `"\u0053ource": "secret-scanner",`),
				model.EINVALID, `event E1: field "Source" is not part of the format (did you mean "source"?)`},
			{"a top-level field name in other letter case is refused", edit(`"format":`, `"Format":`),
				model.EINVALID, `sample.json line 2 column 3: document: field "Format" is not part of the format (did you mean "format"?)`},
			{"a verdict on a decision that answers a suggestion is refused", edit(`"subject": "S1"`, `"subject": "D1"`),
				model.EINVALID, `review of D1: field "subject" names a decision that answers suggestion S1`},
			{"an incident that exists is a conflict", func(s string) string { return s },
				model.ECONFLICT, `sample.json: incident INC-1 already exists`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				before := stateOf(t, d)
				text := docJSON(t, sampleDoc())
				if c.code != model.ECONFLICT {
					text = strings.ReplaceAll(text, "INC-1", "INC-2")
					c.want = strings.ReplaceAll(c.want, "INC-1", "INC-2")
				}
				_, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(c.edit(text)), "importer")
				wantError(t, err, c.code, c.want)
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
			})
		}
	})
}
