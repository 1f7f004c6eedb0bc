package train

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// lostAnswer is a store whose server goes away after a choice's commit:
// the choice is saved, and the screen is told the server is away.
type lostAnswer struct {
	model.Store
	lost *bool
}

func (s lostAnswer) RecordTrainingChoice(ctx context.Context, run int64, c model.TrainingChoice) error {
	if err := s.Store.RecordTrainingChoice(ctx, run, c); err != nil || !*s.lost {
		return err
	}
	*s.lost = false
	return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server cannot be reached (connection refused)")
}

// A choice whose write landed but whose answer was lost is saved again
// with enter, as the footer says: the same write, answered as saved, and
// the reveal follows. The run holds the choice as it was first saved.
func TestAChoiceWhoseAnswerWasLostIsSavedAgain(t *testing.T) {
	d := openSmall(t)
	lost := true
	m := newTestModel(t, lostAnswer{d, &lost}, "INC-7", "alice", 80, 24)
	press(t, m, "space", "space", "r")
	typeText(t, m, "macro already blocked")
	press(t, m, "enter")
	if m.phase != phaseForm || !strings.Contains(screenText(m), "cannot be reached") {
		t.Fatalf("the lost answer is not said, in phase %d:\n%s", m.phase, screenText(m))
	}
	press(t, m, "enter")
	if m.phase != phaseReveal || fatal[m] != nil {
		t.Fatalf("enter again shows phase %d (full-screen error %v):\n%s", m.phase, fatal[m], screenText(m))
	}
	saved := runs(t, d, "INC-7")[0].Choices
	if len(saved) != 1 || len(m.run.Choices) != 1 || !saved[0].At.Equal(m.run.Choices[0].At) || saved[0].Took != m.run.Choices[0].Took {
		t.Errorf("the store holds %+v, the screen %+v; want the one choice as first saved", saved, m.run.Choices)
	}
}

// Another choice sent after the answer was lost is refused, saying what
// was saved, and an anonymized run says it in its pseudonyms.
func TestAnotherChoiceAfterALostAnswerSaysWhatWasSaved(t *testing.T) {
	store := openFixtures(t)
	doc, err := fixtures.Load(fixtures.Incidents()[0])
	if err != nil {
		t.Fatal(err)
	}
	check := hides(doc)
	lost := true
	m := newTestModel(t, lostAnswer{store, &lost}, doc.Incident.ID, "trainee-x", 200, 60, func(o *Options) { o.Anonymize = true })
	for steps := 0; m.phase != phaseChoose; steps++ {
		if steps > 500 || m.phase == phaseScore {
			t.Fatal("the replay reaches no decision point")
		}
		press(t, m, "space")
	}
	press(t, m, "a")
	typeText(t, m, "go")
	press(t, m, "enter")
	typeText(t, m, " now")
	press(t, m, "enter")
	screen := strings.Join(strings.Fields(screenText(m)), " ")
	if m.phase != phaseForm || !strings.Contains(screen, "already has another choice on") || !strings.Contains(screen, `because "go"`) {
		t.Fatalf("another choice is not refused saying what was saved, in phase %d:\n%s", m.phase, screenText(m))
	}
	check(t, "the refusal", m.View())
}
