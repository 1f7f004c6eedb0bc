package review

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// flat is a screen's text with its lines, box borders and runs of spaces
// joined, so a wrapped sentence reads as one.
func flat(a *App) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(screenText(a), "│", " ")), " ")
}

func TestAVerdictAgainstTheRecord(t *testing.T) {
	ctx := context.Background()
	// On INC-2041 S4 alice approved the AI's action unchanged: the record
	// shows "followed".
	const shows = "ignored disagrees with the record, which shows followed: alice approved S4's action unchanged (D4)."
	t.Run("needs a note, then a confirmation that states the disagreement, then saves", func(t *testing.T) {
		store := openFixtures(t)
		a := openAt(t, store, reviewer, testIncident, "S4", 80, 24)
		press(t, a, "i", "enter")
		if a.screen.form == nil || !strings.Contains(flat(a), shows) || !strings.Contains(flat(a), "Write a note saying why") {
			t.Fatalf("saving a disagreeing verdict without a note did not ask for one:\n%s", screenText(a))
		}
		if !a.screen.form.InNote() {
			t.Errorf("the form did not move to the note")
		}
		send(t, a, tuitest.Read("the token had been dead for a day")...)
		press(t, a, "ctrl+s")
		if !a.screen.form.confirming || !strings.Contains(flat(a), shows) || !strings.Contains(flat(a), "y saves it") {
			t.Fatalf("the form did not ask to confirm the disagreement:\n%s", screenText(a))
		}
		checkFrame(t, a.View(), 80, 24)
		press(t, a, "n")
		if a.screen.form == nil || a.screen.form.confirming {
			t.Fatalf("a key other than y did not go back to the form")
		}
		press(t, a, "ctrl+s", "y")
		if a.screen.form != nil {
			t.Fatalf("y did not save: %s", a.screen.form.err)
		}
		st, err := store.Step(ctx, testIncident, "S4")
		if err != nil {
			t.Fatal(err)
		}
		if r := st.LatestReview(); r == nil || r.Verdict != model.VerdictIgnored || r.Note != "the token had been dead for a day" {
			t.Errorf("the store holds %+v", r)
		}
	})
	t.Run("the proposed verdict saves at once", func(t *testing.T) {
		store := openFixtures(t)
		a := openAt(t, store, reviewer, testIncident, "S4", 80, 24)
		press(t, a, "f", "enter")
		if a.screen.form != nil {
			t.Errorf("the verdict the record shows asked for more: %s", a.screen.form.err)
		}
	})
	t.Run("none on a step an automation ran on the AI's word is refused with a sentence", func(t *testing.T) {
		store := openFixtures(t)
		a := openAt(t, store, reviewer, testIncident, "S5", 80, 24)
		const why = "S5 is an AI suggestion (from triage), so its verdict cannot be none (no AI): choose followed, modified or ignored."
		press(t, a, "x")
		if a.screen.form != nil {
			t.Fatal("x opened the form on an AI suggestion")
		}
		if !strings.Contains(flat(a), why) {
			t.Errorf("the screen does not say why:\n%s", screenText(a))
		}
		checkFrame(t, a.View(), 80, 24)
		press(t, a, "a", "x")
		if a.screen.form.verdict != model.VerdictFollowed || !strings.Contains(flat(a), why) {
			t.Errorf("x in the form gave %q and said:\n%s", a.screen.form.verdict, screenText(a))
		}
		if strings.Contains(screenText(a), "x no AI") {
			t.Errorf("the help offers x on an AI step")
		}
	})
}
