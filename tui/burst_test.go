package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/train"
	"github.com/signoff/signoff/tui/tuitest"
)

// burst hands the app keys as Bubble Tea does when they were read before
// any command ran: every key's Update first, then what they returned. A
// screen's ask sent as a command would arrive only after the last key.
func burst(t *testing.T, a *App, keys ...tea.KeyMsg) {
	t.Helper()
	var cmds []tea.Cmd
	for _, k := range keys {
		_, cmd := a.Update(k)
		cmds = append(cmds, cmd)
	}
	drive(t, a, tea.Batch(cmds...))
}

func keys(names ...string) []tea.KeyMsg {
	out := make([]tea.KeyMsg, len(names))
	for i, n := range names {
		out[i] = tuitest.Key(n)
	}
	return out
}

func TestKeysTypedInOneBurstGoWhereTheyWereTypedFor(t *testing.T) {
	store := openFixtures(t)
	pickerText := func(a *App) string { return tuitest.Text(a.picker.View()) }
	t.Run("P/quarantine read at once filters the queue, not the picker", func(t *testing.T) {
		for _, in := range [][]tea.KeyMsg{tuitest.Read("P/quarantine"), keys("P", "/", "q", "u", "a", "r", "a", "n", "t", "i", "n", "e")} {
			a := newTestApp(t, store, reviewer, "", 80, 24)
			burst(t, a, in...)
			if a.current != screenQueue || !a.queue.InText() {
				t.Fatalf("on screen %d, in text %v; want the queue's filter open", a.current, a.queue.InText())
			}
			if !strings.Contains(screenText(a), "quarantine") {
				t.Errorf("the queue's filter does not hold quarantine:\n%s", screenText(a))
			}
			if a.picker.Filtering() || strings.Contains(pickerText(a), "quarantine") {
				t.Errorf("the picker took keys typed for the queue:\n%s", pickerText(a))
			}
		}
	})
	t.Run("enter then ? read at once opens the review's help, not the picker's", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		before := pickerText(a)
		burst(t, a, keys("enter", "?")...)
		if a.current != screenReview {
			t.Fatalf("on screen %d; want the review", a.current)
		}
		if after := pickerText(a); after != before {
			t.Errorf("the picker took ? typed for the review screen:\n%s", after)
		}
		if !strings.Contains(screenText(a), "incident status") {
			t.Errorf("the review's full help is not on screen:\n%s", screenText(a))
		}
	})
	t.Run("enter then /token read at once searches the incident opened", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		burst(t, a, append(keys("enter"), tuitest.Read("/token")...)...)
		if a.current != screenReview || !a.review.InText() {
			t.Fatalf("on screen %d, review in text %v; want the review's search prompt open", a.current, a.review.InText())
		}
		if !strings.Contains(screenText(a), "token") || a.picker.Filtering() {
			t.Errorf("the search does not hold token, or the picker took it:\n%s", screenText(a))
		}
	})
	t.Run("a q the queue held until its rows came leaves when they come", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		burst(t, a, keys("P", "/", "esc", "q")...)
		if a.current != screenPicker {
			t.Errorf("on screen %d; want the picker, gone back to by the held q", a.current)
		}
	})
	for _, tc := range []struct{ name, open string }{{"queue", "P"}, {"review screen", "enter"}} {
		t.Run("q on the "+tc.name+" then /2043 read at once filters the picker", func(t *testing.T) {
			a := newTestApp(t, store, reviewer, "", 80, 24)
			press(t, a, tc.open)
			if a.current == screenPicker {
				t.Fatalf("%s did not leave the picker", tc.open)
			}
			left := a.current
			burst(t, a, tuitest.Read("q/2043")...)
			if a.current != screenPicker || !a.picker.Filtering() {
				t.Fatalf("on screen %d, picker filtering %v; want the picker's filter open", a.current, a.picker.Filtering())
			}
			if s := a.picker.Selected(); s == nil || s.ID != "INC-2043" {
				t.Errorf("the picker's filter did not get 2043:\n%s", screenText(a))
			}
			if left == screenQueue && a.queue.InText() || left == screenReview && a.review.InText() {
				t.Errorf("the %s took keys typed for the picker", tc.name)
			}
		})
	}
}

func TestKeysTypedWhileTrainingClosesItsRunGoToThePicker(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	startTraining(t, a)
	burst(t, a, tuitest.Read("q/2043")...)
	wantPickerFilteredTo2043(t, a)
	if run := a.train.Run(); run.Finished || a.train.Err() != nil {
		t.Errorf("the run was not closed unfinished: finished %v, %v", run.Finished, a.train.Err())
	}
	if len(a.held) != 0 {
		t.Errorf("%d keys still held", len(a.held))
	}
}

func TestKeysAfterAHeldQGoToTheScreenItLeavesFor(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	// The review screen holds all of these until its first rows: the
	// search opened and closed makes the q a key, and it leaves.
	burst(t, a, append(keys("enter", "/", "esc", "q"), tuitest.Read("/2043")...)...)
	wantPickerFilteredTo2043(t, a)
	if a.review.InText() {
		t.Error("the review screen, left, took keys typed for the picker")
	}
}

func TestCtrlCWhileTrainingClosesItsRunGoesBackOnce(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	startTraining(t, a)
	// ctrl+c read while the run is being closed (a slow store) must not
	// close it again, nor go back a second time once it is closed.
	var cmds []tea.Cmd
	for _, k := range keys("q", "ctrl+c") {
		_, cmd := a.Update(k)
		cmds = append(cmds, cmd)
	}
	if tuitest.Run(t, func(msg tea.Msg) tea.Cmd { _, next := a.Update(msg); return next }, tea.Batch(cmds...)) {
		t.Error("the workstation quit; want the picker the training was opened from")
	}
	if a.current != screenPicker {
		t.Errorf("on screen %d; want the picker", a.current)
	}
	if err := a.train.Err(); err != nil {
		t.Errorf("the run was closed twice: %v", err)
	}
}

func TestTheFullScreenErrorStaysWhenTrainingHasClosedItsRun(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	startTraining(t, a)
	_, closing := a.Update(tuitest.Key("q"))
	// Another load failed while the run was being closed.
	a.Update(common.FatalMsg{Err: errors.New("the database cannot be read")})
	drive(t, a, closing)
	if a.current != screenFatal {
		t.Errorf("on screen %d; want the full-screen error, left only by quitting:\n%s", a.current, screenText(a))
	}
}

func TestKeysAfterAQTheQueueHeldGoToThePicker(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	burst(t, a, append(keys("P", "/", "esc", "q"), tuitest.Read("/2043")...)...)
	wantPickerFilteredTo2043(t, a)
}

func TestTrainingLeftBeforeItsRunStartedClosesTheRun(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	inc := a.picker.Selected().ID
	// q read with T, before the store has answered the run's start.
	burst(t, a, keys("T", "q")...)
	if a.current != screenPicker {
		t.Errorf("on screen %d; want the picker", a.current)
	}
	runs, err := store.TrainingRuns(context.Background(), inc)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].EndedAt == nil || runs[0].Finished {
		t.Errorf("runs %+v; want one, closed unfinished", runs)
	}
}

func TestCtrlCLeavesTrainingAtOnceWhileItsRunIsBeingClosed(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	startTraining(t, a)
	inc := a.train.Run().Incident
	// The store has not answered the close (a hung connection): ctrl+c
	// is the way out, and must not wait for it.
	_, closing := a.Update(tuitest.Key("q"))
	_, cmd := a.Update(tuitest.Key("ctrl+c"))
	if a.current != screenPicker {
		t.Fatalf("on screen %d after ctrl+c; want the picker at once", a.current)
	}
	if drive(t, a, tea.Batch(closing, cmd)) || a.current != screenPicker {
		t.Errorf("on screen %d once the run was closed; want the picker, still", a.current)
	}
	if runs, err := store.TrainingRuns(context.Background(), inc); err != nil || len(runs) != 1 || runs[0].EndedAt == nil {
		t.Errorf("runs %+v (%v); want the one run, closed", runs, err)
	}
}

// Training as the first screen, left with ctrl+c while its run is being
// closed, quits before the close lands: whoever ran it learns from Settle
// and Training whether it landed, not from a run that merely looks left.
func TestTrainingQuitBeforeItsCloseLandedSaysSoUntilItLands(t *testing.T) {
	store := openFixtures(t)
	a := newTestAppWith(t, Options{Start: StartTraining, Training: train.Options{Incident: testIncident}}, store, reviewer, 80, 24)
	if a.train.Run().ID == 0 {
		t.Fatal("no training run started")
	}
	_, closing := a.Update(tuitest.Key("q"))
	_, quit := a.Update(tuitest.Key("ctrl+c"))
	if !drive(t, a, quit) {
		t.Fatal("ctrl+c while the run was being closed did not quit")
	}
	over, cancel := context.WithCancel(context.Background())
	cancel()
	a.Settle(over) // no more time to wait: the close has not answered
	if run, err := a.Training(); run.EndedAt != nil || err != nil {
		t.Errorf("run ended at %v (%v) before its close ran", run.EndedAt, err)
	}
	// The close lands after the program ended: its message has nobody to
	// go to.
	tuitest.Run(t, func(tea.Msg) tea.Cmd { return nil }, closing)
	a.Settle(context.Background())
	if run, err := a.Training(); run.EndedAt == nil || err != nil {
		t.Errorf("the close landed, but the run says ended at %v (%v)", run.EndedAt, err)
	}
}

// wantPickerFilteredTo2043 fails unless the picker is on show with its
// filter open on "2043", as the keys typed ahead for it left it.
func wantPickerFilteredTo2043(t *testing.T, a *App) {
	t.Helper()
	if a.current != screenPicker || !a.picker.Filtering() {
		t.Fatalf("on screen %d, picker filtering %v; want the picker's filter open", a.current, a.picker.Filtering())
	}
	if s := a.picker.Selected(); s == nil || s.ID != "INC-2043" {
		t.Errorf("the picker's filter did not get 2043:\n%s", screenText(a))
	}
}

// startTraining opens training from the picker and fails unless a run
// began.
func startTraining(t *testing.T, a *App) {
	t.Helper()
	press(t, a, "T")
	if a.current != screenTrain || a.train.Run().ID == 0 {
		t.Fatalf("on screen %d with run %d; want a training run started", a.current, a.train.Run().ID)
	}
}

// ctrl+c alone asks for the run's close and goes back at once: a store
// that hangs on the close must not hold the person (training as the first
// screen: cmd/signoff's TestTrainingLeftWhileItsCloseHangsDoesNotClaimItWasSaved).
func TestCtrlCAloneLeavesTrainingBeforeItsCloseLands(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	startTraining(t, a)
	inc := a.train.Run().Incident
	_, closing := a.Update(tuitest.Key("ctrl+c"))
	if a.current != screenPicker {
		t.Fatalf("on screen %d after ctrl+c, the close not answered yet; want the picker at once", a.current)
	}
	if drive(t, a, closing) || a.current != screenPicker || a.train.Err() != nil {
		t.Errorf("on screen %d once the run was closed (%v); want the picker, still", a.current, a.train.Err())
	}
	if runs, err := store.TrainingRuns(context.Background(), inc); err != nil || len(runs) != 1 || runs[0].EndedAt == nil {
		t.Errorf("runs %+v (%v); want the one run, closed", runs, err)
	}

}
