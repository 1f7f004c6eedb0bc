package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// A document is written as it is read, record by record, and checked
// against the records already written; what it refuses, and in which
// words, is what decoding the whole document (format.DecodeDocument,
// model.Document.Check) refuses.
func TestImportDocumentRefusesWhatTheWholeDocumentCheckRefuses(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		loop := sampleDoc()
		loop.Agents = append(loop.Agents,
			model.Agent{ID: "triage", Name: "Triage", Model: "m", Version: "1", Role: model.RoleTriage, Parent: "planner"},
			model.Agent{ID: "planner", Name: "Planner", Model: "m", Version: "1", Role: model.RoleTriage, Parent: "triage"})
		cases := map[string]func(string) string{
			"a repeated person": edit(`"people": [`, `"people": [
    {"id": "mara", "name": "M", "authority": "low"},`),
			"an agent with a person's id": edit(`"id": "remediator"`, `"id": "mara"`),
			"a repeated asset": edit(`"assets": [`, `"assets": [
    {"id": "deploy-bot", "kind": "host"},`),
			"a repeated evidence record": edit(`"evidence": [`, `"evidence": [
    {"id": "EV-1", "kind": "log", "collected_at": "2026-02-10T09:05:00Z", "collected_by": "alice"},`),
			"an event with an evidence record's id":   edit(`"id": "N1"`, `"id": "EV-1"`),
			"an event with another event's id":        edit(`"id": "N1"`, `"id": "E1"`),
			"an unknown commander":                    edit(`"commander": "alice"`, `"commander": "zed"`),
			"an agent whose operator is unknown":      edit(`"operator": "alice"`, `"operator": "zed"`),
			"a decision naming a later unknown event": edit(`"suggestion": "S1"`, `"suggestion": "S404"`),
			"an unknown reviewer":                     edit(`"reviewer": "mara"`, `"reviewer": "zed"`),
			"no incident": func(s string) string {
				i, j := strings.Index(s, `"incident": {`), strings.Index(s, `"people": [`)
				return s[:i] + s[j:]
			},
			"a wrong format":                 edit(`"format": "signoff.incident/v1"`, `"format": "signoff.incident/v0"`),
			"a loop in the agents' chains":   func(string) string { return docJSON(t, loop) },
			"two errors: the first one wins": edit(`"commander": "alice"`, `"commander": "zed", "summary": 1`),
			"a repeated status change": func(s string) string {
				return strings.Replace(s, `"reviews": [`, `"status_changes": [
    {"id": "SC1", "status": "contained", "by": "alice", "at": "2026-02-10T10:00:00Z", "rationale": "r"},
    {"id": "SC1", "status": "resolved", "by": "alice", "at": "2026-02-10T10:30:00Z", "rationale": "r"}
  ],
  "reviews": [`, 1)
			},
		}
		for name, change := range cases {
			t.Run(name, func(t *testing.T) {
				text := change(docJSON(t, sampleDoc()))
				_, want := format.DecodeDocument("sample.json", strings.NewReader(text))
				if want == nil {
					t.Fatal("the document decodes; the case is no test")
				}
				d := openTest(t)
				before := stateOf(t, d)
				_, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(text), "importer")
				if code(err) != code(want) || model.ErrorMessage(err) != model.ErrorMessage(want) {
					t.Errorf("the import said\n  %v (%s)\nthe whole document's check says\n  %v (%s)", err, code(err), want, code(want))
				}
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
			})
		}
	})
}

// Each record of a document is one chain entry, in the document's order
// (the incident, people, agents, assets, evidence, events, reviews, status
// changes), holding the record's canonical JSON; verify recomputes every
// hash.
func TestImportDocumentChainsEachRecordInDocumentOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		doc.StatusChanges = []model.StatusChange{{ID: "SC1", Status: model.StatusContained, By: "alice", At: ts("2026-02-10T10:00:00Z"), Rationale: "token revoked"}}
		importDoc(t, d, doc)
		doc.Normalize()
		var want []string
		add := func(kind, subject string, v any) {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, kind+" "+subject+" "+string(b))
		}
		add(recIncident, doc.Incident.ID, doc.Incident)
		for _, p := range doc.People {
			add(recPerson, p.ID, p)
		}
		for _, a := range doc.Agents {
			add(recAgent, a.ID, a)
		}
		for _, a := range doc.Assets {
			add(recAsset, a.ID, a)
		}
		for _, e := range doc.Evidence {
			add(recEvidence, e.ID, e)
		}
		for _, e := range doc.Events {
			add(recEvent, e.ID, e)
		}
		for _, r := range doc.Reviews {
			add(recReview, r.Subject, r)
		}
		for _, c := range doc.StatusChanges {
			add(recStatus, c.ID, c)
		}
		rows, err := d.sql.Query("SELECT kind, subject, payload FROM chain ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var kind, subject, payload string
			if err := rows.Scan(&kind, &subject, &payload); err != nil {
				t.Fatal(err)
			}
			got = append(got, kind+" "+subject+" "+payload)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("the chain holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		res, err := d.Verify(context.Background())
		if err != nil || !res.Intact {
			t.Errorf("verify after the import: %s, %v", res, err)
		}
	})
}

// A document is written as it is read, many batches before its end; a
// problem at its last record still leaves nothing of it.
func TestADocumentRefusedAtItsEndLeavesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		doc := sampleDoc()
		for i := range 3000 {
			doc.Events = append(doc.Events, model.Event{ID: fmt.Sprintf("N%d", 100+i), At: ts("2026-02-10T10:00:00Z"),
				Kind: model.KindNote, Actor: "alice", Summary: "still watching"})
		}
		text := docJSON(t, doc)
		for name, broken := range map[string]string{
			"an unknown reviewer in the last record": strings.Replace(text, `"reviewer": "mara"`, `"reviewer": "zed"`, 1),
			"broken JSON at the end":                 strings.TrimSuffix(text, "}") + "]",
			"the same id at the end":                 strings.Replace(text, `"id": "N3099"`, `"id": "N100"`, 1),
		} {
			t.Run(name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				before := stateOf(t, d)
				broken := strings.ReplaceAll(broken, "INC-1", "INC-2")
				_, err := d.ImportDocument(context.Background(), "big.json", strings.NewReader(broken), "importer")
				if code(err) != model.EINVALID {
					t.Fatalf("got %v; want EINVALID", err)
				}
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
			})
		}
		if res := importDoc(t, openTest(t), doc); res.Counts["events"] != 3007 {
			t.Errorf("the whole document imported %d events; want 3007", res.Counts["events"])
		}
	})
}
