package train

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

func TestAnOpenIncidentIsSaidUpFront(t *testing.T) {
	store := openFixtures(t)
	for _, c := range []struct {
		incident string
		open     bool
	}{{"INC-2046", true}, {"INC-2044", false}} {
		m := newTestModel(t, store, c.incident, "tomas", 80, 24)
		if got := strings.Contains(strings.Join(strings.Fields(screenText(m)), " "), "this incident is still open"); got != c.open {
			t.Errorf("%s: the warning is shown %v, want %v:\n%s", c.incident, got, c.open, screenText(m))
		}
		checkFrame(t, m.View(), 80, 24)
	}
}

func TestResumingARunLeftUnfinished(t *testing.T) {
	d := openSmall(t)
	ctx := context.Background()
	m := newTestModel(t, d, "INC-7", "alice", 80, 24)
	press(t, m, "space", "space", "r")
	typeText(t, m, "macro already blocked")
	press(t, m, "enter")
	if !press(t, m, "q") {
		t.Fatal("q did not leave")
	}
	left := runs(t, d, "INC-7")[0]
	if left.Finished || len(left.Choices) != 1 {
		t.Fatalf("the run left is %+v", left)
	}
	r := newTestModel(t, d, "INC-7", "alice", 80, 24, func(o *Options) { o.Resume = left.ID })
	if now := r.replay.now(); now == nil || now.ID != "S1" || r.phase != phaseWatch || r.choices != 1 {
		t.Fatalf("the resumed run is at %v in phase %d with %d choices", now, r.phase, r.choices)
	}
	if !strings.Contains(strings.Join(strings.Fields(screenText(r)), " "), "your 1 choice is kept; the replay goes on after S1") {
		t.Errorf("the resumed run does not say so:\n%s", screenText(r))
	}
	press(t, r, "space", "space", "space")
	if r.phase != phaseScore || r.card.Answered != 1 {
		t.Fatalf("the resumed run ended in phase %d, answered %v", r.phase, r.card)
	}
	all, err := d.TrainingRuns(ctx, "INC-7")
	if err != nil || len(all) != 2 || !all[1].Finished || len(all[1].Choices) != 1 || all[0].Finished {
		t.Errorf("runs after resuming: %+v, %v", all, err)
	}
}

// words are the names, name parts and ids of an incident's people, and
// the incident's id and title: what an anonymized run may not show, in
// any case (free text writes "Tomas" of tomas, "#inc-2045" of INC-2045).
func words(doc model.Document) []string {
	out := []string{doc.Incident.ID, doc.Incident.Title}
	for _, p := range doc.People {
		out = append(out, p.ID, p.Name)
		for _, part := range strings.Fields(p.Name) {
			if utf8.RuneCountInString(part) >= 3 {
				out = append(out, part)
			}
		}
	}
	return out
}

// hides is a check that a screen shows none of words(doc).
func hides(doc model.Document) func(t *testing.T, where, screen string) {
	var hidden []*regexp.Regexp
	for _, w := range words(doc) {
		hidden = append(hidden, regexp.MustCompile(`(?i)(^|[^\pL\pN])`+regexp.QuoteMeta(w)+`($|[^\pL\pN])`))
	}
	return func(t *testing.T, where, screen string) {
		t.Helper()
		plain := ansi.Strip(screen)
		for _, re := range hidden {
			if re.MatchString(plain) {
				t.Fatalf("%s shows %s:\n%s", where, re, plain)
			}
		}
	}
}

func TestAnAnonymizedRunHidesTheCase(t *testing.T) {
	store := openFixtures(t)
	for _, name := range fixtures.Incidents() {
		doc, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		check := hides(doc)
		t.Run(name+" shows no name, id or title of the case from start to scorecard", func(t *testing.T) {
			m := newTestModel(t, store, doc.Incident.ID, "trainee-x", 200, 60, func(o *Options) { o.Anonymize = true })
			for steps := 0; m.phase != phaseScore; steps++ {
				if steps > 500 {
					t.Fatal("the replay never ends")
				}
				check(t, "the screen", m.View()+"\n"+m.content())
				if m.phase == phaseChoose {
					press(t, m, "a")
					typeText(t, m, "go")
					press(t, m, "enter")
					check(t, "the reveal", m.content())
				}
				press(t, m, "space")
			}
			check(t, "the scorecard", m.View()+"\n"+m.content())
		})
	}
	t.Run("a choice is saved in the record's own terms, so it scores against the real decision", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "trainee-x", 80, 24, func(o *Options) { o.Anonymize = true })
		press(t, m, "space", "space", "a")
		typeText(t, m, "go")
		press(t, m, "enter")
		rs := runs(t, d, "INC-7")
		if c := rs[0].Choices[0]; c.Action == nil || c.Action.Target != "laptop-9" || c.Action.Detail != "cut it off" {
			t.Errorf("the saved choice is %+v", c.Action)
		}
	})
}

// A run left before its first choice (its process died, or it was left
// before its start was answered) is resumed from the start, and says so.
func TestResumingARunWithNoChoicesSaysSo(t *testing.T) {
	d := openSmall(t)
	left, err := d.StartTrainingRun(context.Background(), model.TrainingRun{Trainee: "alice", Incident: "INC-7", Hindsight: true,
		StartedAt: time.Date(2026, 9, 2, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	r := newTestModel(t, d, "INC-7", "alice", 80, 24, func(o *Options) { o.Resume = left.ID })
	want := fmt.Sprintf("Resumed run %d as run %d: no choices yet; the replay starts at the beginning.", left.ID, r.run.ID)
	if r.run.Resumes != left.ID || !strings.Contains(strings.Join(strings.Fields(screenText(r)), " "), want) {
		t.Errorf("the resumed run %+v does not say %q:\n%s", r.run, want, screenText(r))
	}
	checkFrame(t, r.View(), 80, 24)
}

// A run started anonymized is resumed anonymized, though the resume is
// not told (signoff train --resume without --anonymize): the run keeps
// its options, and the screen takes them from the run.
func TestAResumeHidesWhatTheRunHid(t *testing.T) {
	store := openFixtures(t)
	doc, err := fixtures.Load(fixtures.Incidents()[0])
	if err != nil {
		t.Fatal(err)
	}
	check := hides(doc)
	m := newTestModel(t, store, doc.Incident.ID, "trainee-x", 200, 60, func(o *Options) { o.Anonymize = true })
	for steps := 0; m.phase != phaseChoose; steps++ {
		if steps > 500 || m.phase == phaseScore {
			t.Fatal("the replay reaches no decision point")
		}
		press(t, m, "space")
	}
	press(t, m, "r")
	typeText(t, m, "not yet")
	press(t, m, "enter", "q")
	left := runs(t, store, doc.Incident.ID)[0]
	if !left.Anonymized || len(left.Choices) != 1 {
		t.Fatalf("the run left is %+v", left)
	}

	r := New(tuitest.Common(store, "trainee-x", ticking()), Options{Incident: doc.Incident.ID, Resume: left.ID})
	r.SetSize(200, 60)
	check(t, "the screen before the resume is answered", r.View())
	drive(t, &r, r.Init())
	if !r.run.Anonymized || r.run.Resumes != left.ID {
		t.Fatalf("the run resuming it is %+v", r.run)
	}
	if !strings.Contains(screenText(&r), "CASE") || !strings.Contains(screenText(&r)+r.content(), "person-") {
		t.Errorf("the resumed screen shows no pseudonyms:\n%s\n%s", screenText(&r), r.content())
	}
	for steps := 0; r.phase != phaseScore; steps++ {
		if steps > 500 {
			t.Fatal("the replay never ends")
		}
		check(t, "the resumed screen", r.View()+"\n"+r.content())
		if r.phase == phaseChoose {
			press(t, &r, "d")
			typeText(t, &r, "wait")
			press(t, &r, "enter")
			check(t, "the reveal", r.content())
		}
		press(t, &r, "space")
	}
	check(t, "the scorecard", r.View()+"\n"+r.content())
}

// An agent named after a person (its operator, say) is a name of the
// case too: --anonymize hides it in the agent's id, name and model.
func TestAnAnonymizedRunHidesAPersonNamedInAnAgent(t *testing.T) {
	d := openFixtures(t)
	doc := tuitest.SmallIncident()
	doc.Incident.ID = "INC-11"
	doc.Agents[0].ID, doc.Agents[0].Name, doc.Agents[0].Model = "alice-helper", "Alice's helper", "moreau-tuned"
	doc.Events[1].Agent = "alice-helper"
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportDocument(context.Background(), "agent.json", bytes.NewReader(b), "test"); err != nil {
		t.Fatal(err)
	}
	check := hides(doc)
	m := newTestModel(t, d, "INC-11", "trainee-x", 160, 48, func(o *Options) { o.Anonymize = true })
	for steps := 0; m.phase != phaseScore; steps++ {
		if steps > 50 {
			t.Fatal("the replay never ends")
		}
		check(t, "the screen", m.View()+"\n"+m.content())
		if m.phase == phaseChoose {
			press(t, m, "a")
			typeText(t, m, "go")
			press(t, m, "enter")
			check(t, "the reveal", m.content())
		}
		press(t, m, "space")
	}
	check(t, "the scorecard", m.View()+"\n"+m.content())
	if rs := runs(t, d, "INC-11"); len(rs[0].Choices) != 1 || rs[0].Choices[0].Action.Target != "laptop-9" {
		t.Errorf("the choice saved is %+v", rs[0].Choices)
	}
}
