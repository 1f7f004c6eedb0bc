package train

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

func openSmall(t testing.TB) *db.DB {
	t.Helper()
	d := openFixtures(t)
	b, err := json.Marshal(tuitest.SmallIncident())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportDocument(context.Background(), "small.json", bytes.NewReader(b), "test"); err != nil {
		t.Fatal(err)
	}
	return d
}

func runs(t *testing.T, d *db.DB, incident string) []model.TrainingRun {
	t.Helper()
	rs, err := d.TrainingRuns(context.Background(), incident)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestRunsAreSaved(t *testing.T) {
	t.Run("a whole run is saved finished, with the choice, its rationale and the time it took", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24)
		press(t, m, "space", "space", "r")
		typeText(t, m, "macro already blocked")
		press(t, m, "enter", "space", "space", "space")
		if m.phase != phaseScore {
			t.Fatalf("the screen is in phase %d, not the scorecard", m.phase)
		}
		rs := runs(t, d, "INC-7")
		if len(rs) != 1 || !rs[0].Finished || rs[0].EndedAt == nil || len(rs[0].Choices) != 1 {
			t.Fatalf("saved runs %+v; want one finished run with one choice", rs)
		}
		c := rs[0].Choices[0]
		// The ticking clock is read once at the prompt and once at the choice.
		if c.Subject != "S1" || c.Outcome != model.OutcomeRejected || c.Rationale != "macro already blocked" || c.Took != 5*time.Second {
			t.Errorf("saved choice %+v", c)
		}
		if rs[0].Authority != model.AuthorityHigh {
			t.Errorf("alice is judged with authority %q, want her own, high", rs[0].Authority)
		}
		out := screenText(m)
		for _, want := range []string{"agreed with 0 of 1", "scored 1 of 1 judged", "macro already blocked", "better safe"} {
			if !strings.Contains(out, want) {
				t.Errorf("the scorecard lacks %q:\n%s", want, out)
			}
		}
		if !press(t, m, "q") {
			t.Errorf("q on the scorecard does not quit")
		}
	})
	t.Run("q leaves and saves the run unfinished with the choices made so far", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "newbie", 80, 24)
		press(t, m, "space", "space", "a")
		typeText(t, m, "looks bad")
		press(t, m, "enter")
		if !press(t, m, "q") {
			t.Fatalf("q does not quit")
		}
		rs := runs(t, d, "INC-7")
		if len(rs) != 1 || rs[0].Finished || rs[0].EndedAt == nil || len(rs[0].Choices) != 1 || rs[0].Authority != "" {
			t.Fatalf("saved runs %+v; want one ended, unfinished run with one choice and no authority judged", rs)
		}
	})
	t.Run("no rationale, no reveal: enter on an empty rationale saves nothing", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24)
		press(t, m, "space", "space", "a", "enter")
		if m.phase != phaseForm || !strings.Contains(screenText(m), "Write a short rationale") {
			t.Errorf("phase %d, screen:\n%s", m.phase, screenText(m))
		}
		if rs := runs(t, d, "INC-7"); len(rs[0].Choices) != 0 {
			t.Errorf("a choice was saved: %+v", rs[0].Choices)
		}
		if strings.Contains(m.content(), "better safe") {
			t.Errorf("the real rationale shows before the choice")
		}
	})
	t.Run("a modification that keeps the AI's action is refused: it is an approval", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24)
		press(t, m, "space", "space", "m", "tab")
		typeText(t, m, "same thing")
		press(t, m, "enter")
		if m.phase != phaseForm || !strings.Contains(screenText(m), "the AI's own action") {
			t.Errorf("phase %d, screen:\n%s", m.phase, screenText(m))
		}
		if rs := runs(t, d, "INC-7"); len(rs[0].Choices) != 0 {
			t.Errorf("an unchanged modification was saved: %+v", rs[0].Choices)
		}
	})
}

func TestKeysAndReveal(t *testing.T) {
	t.Run("choice keys do nothing until a decision point, and next does nothing until the choice", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24)
		press(t, m, "a")
		if m.phase != phaseWatch {
			t.Errorf("a moved the watch phase to %d", m.phase)
		}
		press(t, m, "space", "space", "space", "n")
		if m.phase != phaseChoose || m.replay.now().ID != "S1" {
			t.Errorf("next passed the decision point: phase %d at %s", m.phase, m.replay.now().ID)
		}
	})
	t.Run("the reveal shows the real decision, the execution, the findings, the review and the diff", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 160, 48)
		press(t, m, "space", "space", "m")
		typeText(t, m, " for an hour")
		press(t, m, "tab")
		typeText(t, m, "short isolation")
		press(t, m, "enter")
		out := normal(m.content())
		for _, want := range []string{"better safe", "X1", "succeeded", "FINDINGS", "the macro was blocked already",
			"AIcorrectno", "[-foranhour-]", "hindsight0.5of1"} {
			if !strings.Contains(out, normal(want)) {
				t.Errorf("the reveal lacks %q:\n%s", want, m.content())
			}
		}
	})
	t.Run("--no-hindsight keeps the review out of the reveal and the scorecard", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 160, 48, func(o *Options) { o.NoHindsight = true })
		press(t, m, "space", "space", "r")
		typeText(t, m, "no")
		press(t, m, "enter")
		reveal := m.content()
		press(t, m, "space", "space", "space")
		for _, out := range []string{reveal, m.content()} {
			if strings.Contains(out, "the macro was blocked") || strings.Contains(out, "AI correct") {
				t.Errorf("the review shows with --no-hindsight:\n%s", out)
			}
			if !strings.Contains(out, "--no-hindsight") {
				t.Errorf("the screen does not say the review is hidden:\n%s", out)
			}
		}
	})
	t.Run("--authority overrides the trainee's own", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24, func(o *Options) { o.Authority = model.AuthorityLow })
		if !strings.Contains(screenText(m), "authority low") {
			t.Errorf("header: %s", screenText(m))
		}
	})
	t.Run("an unknown incident asks for the full-screen error naming it", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-404", "alice", 80, 24)
		if err := fatal[m]; err == nil || !strings.Contains(model.ErrorMessage(err), "INC-404") {
			t.Errorf("the screen asked for the full-screen error with %v", err)
		}
	})
}
