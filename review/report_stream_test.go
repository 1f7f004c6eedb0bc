package review

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// streamDocs are the documents the streamed report is held to: every
// fixture, the hostile one, and a synthetic incident larger than
// SummariseOver steps.
func streamDocs(t *testing.T) map[string]model.Document {
	docs := map[string]model.Document{"steps": stepsDoc(t), "hostile": hostileDoc(t, evil), "synthetic": synthDoc(4000)}
	for _, name := range fixtures.Incidents() {
		d, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = d
	}
	return docs
}

// encoded is the report as `signoff report --format json` wrote it before
// it streamed: the whole Report through json.Encoder, indented.
func encoded(t *testing.T, r Report) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestStreamedReportsAreTheWholeDocumentsReports(t *testing.T) {
	p := DefaultPolicy()
	for name, doc := range streamDocs(t) {
		t.Run(name+" streams the bytes the whole document gives", func(t *testing.T) {
			whole := BuildReport(doc, p, testChain)
			steps := Steps(doc)

			var js bytes.Buffer
			j := NewReportJSON(&js, doc.WalkStart(), p)
			for i := range steps {
				if err := j.Step(&steps[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := j.Close(testChain); err != nil {
				t.Fatal(err)
			}
			if want := encoded(t, whole); js.String() != want {
				t.Errorf("the streamed JSON differs from the whole report's (%d bytes against %d)", js.Len(), len(want))
			}

			var all bytes.Buffer
			a := NewMarkdownAll(&all, doc.WalkStart(), p)
			for i := range steps {
				a.Tally(&steps[i])
			}
			a.Begin(testChain)
			for i := range steps {
				a.Step(&steps[i])
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			if want := whole.Markdown(); all.String() != want {
				t.Errorf("--all differs from the whole report's Markdown (%d bytes against %d)", all.Len(), len(want))
			}

			var md bytes.Buffer
			m := NewMarkdownReport(&md, doc.WalkStart(), p)
			for i := range steps {
				m.Step(&steps[i])
			}
			if err := m.Close(testChain); err != nil {
				t.Fatal(err)
			}
			if len(steps) <= SummariseOver && md.String() != whole.Markdown() {
				t.Errorf("a report of %d steps is not the whole report", len(steps))
			}
			if len(steps) > SummariseOver && md.String() == whole.Markdown() {
				t.Errorf("a report of %d steps is not summarised", len(steps))
			}
		})
	}
}

// A large incident's Markdown keeps every finding and every step that
// needs a person's eye, says how many routine steps it leaves out and how
// to get them, and lists no step in full.
func TestALargeIncidentsMarkdownIsASummary(t *testing.T) {
	doc := synthDoc(4000)
	p := DefaultPolicy()
	whole := BuildReport(doc, p, testChain)
	var md bytes.Buffer
	m := NewMarkdownReport(&md, doc.WalkStart(), p)
	steps := Steps(doc)
	for i := range steps {
		m.Step(&steps[i])
	}
	m.Close(testChain)
	out := md.String()
	attention, routine := 0, 0
	for i := range whole.Steps {
		s := &whole.Steps[i]
		line := "| " + mdCell(s.Subject) + " |"
		if len(attentionReasons(s)) > 0 {
			attention++
			if !strings.Contains(out, line) {
				t.Errorf("step %s needs a person's eye (%v) and is not listed", s.Subject, attentionReasons(s))
			}
		} else {
			routine++
			if strings.Contains(out, " "+line) {
				t.Errorf("routine step %s is listed", s.Subject)
			}
		}
	}
	if attention == 0 || routine == 0 {
		t.Fatalf("the synthetic incident has %d steps needing an eye and %d routine ones; the test needs both", attention, routine)
	}
	for _, f := range whole.Findings {
		if item := "- **" + f.Level + "** `" + f.Code + "` on " + mdText(f.Subject) + ": " + mdText(f.words()); !strings.Contains(out, item) {
			t.Errorf("finding %s on %s is missing", f.Code, f.Subject)
		}
	}
	for _, want := range []string{
		plural(routine, "routine step"),
		"signoff report " + doc.Incident.ID + " --all",
		"### Owners per action",
		"### Trust in the AI agents",
		"## Steps that need a person's eye",
		"## Audit chain",
		"## Framework mapping",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary does not say %q", want)
		}
	}
	if strings.Contains(out, "### 1. ") || strings.Contains(out, "**AI suggestion**") {
		t.Error("the summary lists steps in full")
	}
	if len(out) > len(whole.Markdown())/5 {
		t.Errorf("the summary is %d bytes, the whole report %d", len(out), len(whole.Markdown()))
	}
}
