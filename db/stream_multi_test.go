package db

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// feedAs is feed (INC-9) as another incident: ids are unique within an
// incident only, so the same record ids may appear again.
func feedAs(id string) string { return strings.ReplaceAll(feed, `"id": "INC-9"`, `"id": "`+id+`"`) }

func TestImportStreamOfSeveralIncidents(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		results, err := importStream(t, d, "three.ndjson", feed+feedAs("INC-10")+feedAs("INC-11"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range results {
			got = append(got, r.Incident)
			if !r.Created || r.Counts["events"] != 2 || r.Counts["evidence"] != 1 || r.Counts["reviews"] != 1 {
				t.Errorf("result %+v; want a new incident with 2 events, 1 evidence and 1 review", r)
			}
		}
		if strings.Join(got, " ") != "INC-9 INC-10 INC-11" {
			t.Fatalf("results name %v; want INC-9 INC-10 INC-11 in stream order", got)
		}
		for _, id := range got {
			s, err := d.IncidentSummary(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if s.Suggestions != 1 || s.Decisions != 1 {
				t.Errorf("%s holds %d suggestions and %d decisions; want 1 and 1", id, s.Suggestions, s.Decisions)
			}
		}
		var facts int
		if err := d.sql.QueryRow("SELECT count(*) FROM suggestion_facts").Scan(&facts); err != nil {
			t.Fatal(err)
		}
		if facts != 3 {
			t.Errorf("%d trust-metric facts; want one for the suggestion of each of the 3 incidents", facts)
		}
	})
}

func TestImportStreamOfGeneratedIncidents(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		var buf bytes.Buffer
		o := fixtures.GenOptions{Incidents: 3, Events: 60, Seed: 5}
		if err := fixtures.Generate(&buf, o); err != nil {
			t.Fatal(err)
		}
		d := openTest(t)
		results, err := importStream(t, d, "gen.ndjson", buf.String())
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != 3 {
			t.Fatalf("%d results; want 3", len(results))
		}
		for n, r := range results {
			if want := fixtures.GenIncidentID(o.Seed, n); r.Incident != want || r.Counts["events"] != o.Events {
				t.Errorf("result %d is %s with %d events; want %s with %d", n, r.Incident, r.Counts["events"], want, o.Events)
			}
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Errorf("verify after importing three incidents: %s, %v", res, err)
		}
	})
}

func TestImportStreamOfSeveralIncidentsIsAllOrNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		// leak is an incident whose decision names S7, a suggestion of INC-9.
		leak := `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-10", "title": "Other", "severity": "sev3", "status": "open", "opened_at": "2026-02-12T10:00:00Z", "commander": "bob"}
{"record": "person", "id": "bob", "name": "Bob Ngata", "authority": "high"}
{"record": "event", "id": "D8", "at": "2026-02-12T10:20:00Z", "kind": "decision", "suggestion": "S7", "owner": "bob", "outcome": "approved", "action": {"type": "notify_internal"}}
`
		// stranger is an incident whose commander is a person of INC-9 only.
		stranger := `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-10", "title": "Other", "severity": "sev3", "status": "open", "opened_at": "2026-02-12T10:00:00Z", "commander": "bob"}
`
		cases := []struct {
			name, text, code, want string
		}{
			{"an error in the third incident refuses the first two as well", feed + feedAs("INC-10") + strings.Replace(feedAs("INC-11"), `"confidence": 0.7`, `"confidence": 1.4`, 1),
				model.EINVALID, `three.ndjson line 24: suggestion S7: field "confidence" is 1.4`},
			{"a decision cannot answer a suggestion of an earlier incident", feed + leak,
				model.EINVALID, `three.ndjson line 12: event D8: field "suggestion" names unknown event "S7"`},
			{"an incident cannot name a person of an earlier incident", feed + stranger,
				model.EINVALID, `three.ndjson line 10: incident INC-10: field "commander" names "bob"`},
			{"an incident cannot appear twice in one stream", feed + feedAs("INC-10") + feed,
				model.EINVALID, `three.ndjson line 19: incident INC-9 already started at line 1 of this stream`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantStreamRefused(t, "three.ndjson", c.text, c.code, c.want) })
		}
	})
}
