package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// sampleDoc is a small incident that passes every check.
func sampleDoc() model.Document {
	conf := 0.8
	return model.Document{
		Format:   model.FormatV1,
		Incident: model.Incident{ID: "INC-1", Title: "Leaked token", Severity: model.Sev2, Status: model.StatusResolved, OpenedAt: t0, Commander: "alice"},
		People:   []model.Person{{ID: "alice", Name: "Alice", Authority: model.AuthorityHigh}},
		Agents:   []model.Agent{{ID: "remediator", Name: "Remediation assistant", Role: model.RoleRemediation, Model: "m", Version: "1"}},
		Assets:   []model.Asset{{ID: "deploy-bot", Kind: "service_account", Privileged: true}},
		Evidence: []model.Evidence{{ID: "EV-1", Kind: "log", Asset: "deploy-bot", CollectedAt: t0, CollectedBy: "alice"}},
		Events: []model.Event{
			{ID: "S1", At: t0.Add(time.Minute), Kind: model.KindSuggestion, Agent: "remediator",
				Action: &model.Action{Type: "revoke_token", Target: "deploy-bot"}, Confidence: &conf, ConfidenceCue: "high"},
			{ID: "D1", At: t0.Add(2 * time.Minute), Kind: model.KindDecision, Suggestion: "S1", Owner: "alice",
				Outcome: model.OutcomeApproved, Action: &model.Action{Type: "revoke_token", Target: "deploy-bot"}, Rationale: "r",
				EvidenceReviewed: []string{"EV-1"}},
		},
		Reviews: []model.Review{{Subject: "S1", Reviewer: "alice", At: t0.Add(time.Hour), Verdict: model.VerdictFollowed,
			OutcomeChanged: "no", AICorrect: "yes"}},
	}
}

func indented(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantError(t *testing.T, err error, code, text string) {
	t.Helper()
	if model.ErrorCode(err) != code || !strings.Contains(model.ErrorMessage(err), text) {
		t.Fatalf("got %v (code %q); want %s containing %q", err, model.ErrorCode(err), code, text)
	}
}

func TestDecodeDocumentReturnsTheDocumentInUTC(t *testing.T) {
	doc := sampleDoc()
	doc.Events[0].At = doc.Events[0].At.In(time.FixedZone("CET", 3600))
	got, err := DecodeDocument("sample.json", strings.NewReader(indented(t, doc)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Events[0].At.Location() != time.UTC || !got.Events[0].At.Equal(doc.Events[0].At) {
		t.Errorf("the suggestion's time is %v; want the same instant in UTC", got.Events[0].At)
	}
	doc.Normalize()
	if indented(t, got) != indented(t, doc) {
		t.Errorf("the decoded document differs from the one encoded")
	}
}

func TestDecodeDocumentNamesTheFileLineAndRecordAtFault(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"an unknown field is located", `"kind": "log",`, `"kind": "log", "colour": 1,`,
			`sample.json line 37 column 22: evidence EV-1: unknown field "colour"`},
		{"a record's own check names its line", `"severity": "sev2"`, `"severity": "sev9"`,
			`sample.json line 3: incident INC-1: field "severity" is "sev9"`},
		{"a time the store cannot hold is refused", `"collected_at": "2026-03-01T09:00:00Z"`, `"collected_at": "2999-03-01T09:00:00Z"`,
			`evidence EV-1: field "collected_at" is 2999-03-01T09:00:00Z, outside the times signoff can store`},
		{"a reference is checked once the whole document is read", `"suggestion": "S1"`, `"suggestion": "S9"`,
			`sample.json line 56: event D1: field "suggestion" names unknown event "S9"`},
		{"text after the document is refused", `"format": "signoff.incident/v1",`, `"format": "signoff.incident/v1",`,
			`unexpected text after the end of the document`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := indented(t, sampleDoc())
			if !strings.Contains(text, c.old) {
				t.Fatalf("the sample has no %s", c.old)
			}
			text = strings.Replace(text, c.old, c.new, 1)
			if strings.HasPrefix(c.want, "unexpected") {
				text += " {}"
			}
			_, err := DecodeDocument("sample.json", strings.NewReader(text))
			wantError(t, err, model.EINVALID, c.want)
		})
	}
}

func TestTheDocumentWriterWritesWhatMarshalIndentWrites(t *testing.T) {
	noReviews := sampleDoc()
	noReviews.Reviews = nil
	empty := model.Document{Format: model.FormatV1, Incident: sampleDoc().Incident}
	empty.Normalize()
	for name, doc := range map[string]model.Document{"a whole document": sampleDoc(),
		"no reviews leaves the list out": noReviews, "empty lists stay lists": empty} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			compact := func(v any) []byte {
				j, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				return j
			}
			w, err := NewDocumentWriter(&b, compact(doc.Incident))
			if err != nil {
				t.Fatal(err)
			}
			write := func(section string, n int, record func(i int) any) {
				w.Section(section)
				for i := range n {
					if err := w.Record(compact(record(i))); err != nil {
						t.Fatal(err)
					}
				}
			}
			write("people", len(doc.People), func(i int) any { return doc.People[i] })
			write("agents", len(doc.Agents), func(i int) any { return doc.Agents[i] })
			write("assets", len(doc.Assets), func(i int) any { return doc.Assets[i] })
			write("evidence", len(doc.Evidence), func(i int) any { return doc.Evidence[i] })
			write("events", len(doc.Events), func(i int) any { return doc.Events[i] })
			write("reviews", len(doc.Reviews), func(i int) any { return doc.Reviews[i] })
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if want := indented(t, doc) + "\n"; b.String() != want {
				t.Errorf("the writer wrote\n%s\nwant\n%s", b.String(), want)
			}
		})
	}
}

func TestFirstDifferenceNamesTheFieldAsTheFormatSpellsIt(t *testing.T) {
	a := sampleDoc().Incident
	b := a
	if got := FirstDifference(a, b); got != "" {
		t.Errorf("equal incidents differ in %q", got)
	}
	b.Status, b.Summary = model.StatusOpen, "changed"
	if got := FirstDifference(a, b); got != "status" {
		t.Errorf("the first difference is %q; want status", got)
	}
	later := t0.Add(time.Hour)
	b = a
	b.ClosedAt = &later
	if got := FirstDifference(a, b); got != "closed_at" {
		t.Errorf("a new closing time differs in %q; want closed_at", got)
	}
}
