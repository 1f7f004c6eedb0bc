package review

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

func TestTheIncidentsStatusFromTheReviewWorkstation(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("at %dx%d the commander reopens a resolved incident and the header says so", size[0], size[1]), func(t *testing.T) {
			store := openFixtures(t)
			a := newTestApp(t, store, "alice", testIncident, size[0], size[1])
			press(t, a, "S")
			text := tuitest.Text(a.View())
			for _, want := range []string{"Incident status · esc to go back", "CHANGE STATUS · INC-2041 · now resolved (as imported)",
				"[closed]", "no status change recorded; INC-2041 is as imported"} {
				if !strings.Contains(text, want) {
					t.Errorf("the status form lacks %q:\n%s", want, text)
				}
			}
			tuitest.CheckFrame(t, a.View(), size[0], size[1])
			press(t, a, "left", "left", "left", "enter")
			for _, r := range "the stolen token was used again" {
				press(t, a, string(r))
			}
			press(t, a, "enter")
			if a.screen.statusForm != nil {
				t.Fatalf("the form is still open:\n%s", tuitest.Text(a.View()))
			}
			if want := "Recorded ST-1: INC-2041 is now open (was resolved)."; a.screen.status != want {
				t.Errorf("status %q; want %q", a.screen.status, want)
			}
			if text := tuitest.Text(a.View()); !strings.Contains(text, "open since 09-01 10:00 UTC by alice") {
				t.Errorf("the header does not say since when and by whom:\n%s", text)
			}
			// The longer status must not cut who you act as off the
			// header: at 80 columns the line goes on to a third.
			if text := tuitest.Text(a.View()); !strings.Contains(text, "you: alice · commander alice") {
				t.Errorf("the header does not say whole who acts:\n%s", text)
			}
			tuitest.CheckFrame(t, a.View(), size[0], size[1])
			history, err := store.StatusHistory(context.Background(), testIncident)
			if err != nil || len(history) != 1 || history[0].Rationale != "the stolen token was used again" {
				t.Fatalf("history %+v, %v", history, err)
			}
			press(t, a, "S")
			if text := tuitest.Text(a.View()); !strings.Contains(text, "ST-1 2026-09-01 10:00:00 UTC → open by alice: the stolen") {
				t.Errorf("the history is not shown:\n%s", text)
			}
			press(t, a, "esc")
			if a.screen.statusForm != nil {
				t.Errorf("esc does not close the status form")
			}
		})
	}
}

func TestTheStatusFormSaysUpFrontWhoMayNotChangeIt(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, testIncident, 160, 48)
	press(t, a, "S")
	if text := tuitest.Text(a.View()); !strings.Contains(text, "you (mara, medium) cannot change it: the policy lets its commander (alice) and people with authority high change it") {
		t.Fatalf("the form does not say mara may not change it:\n%s", text)
	}
	press(t, a, "enter")
	for _, r := range "done" {
		press(t, a, string(r))
	}
	press(t, a, "enter", "y", "enter")
	if text := tuitest.Text(a.View()); !strings.Contains(text, "mara (authority medium) cannot change the status of INC-2041") {
		t.Errorf("the refusal is not shown:\n%s", text)
	}
	if sum, _ := store.IncidentSummary(context.Background(), testIncident); sum.Status != model.StatusResolved {
		t.Errorf("the status changed to %s", sum.Status)
	}
}
