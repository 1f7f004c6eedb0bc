package tui

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/signoff/signoff/model"
)

// waitFor waits until the program has drawn every text; the limit only
// stops a broken run from hanging. Waiting for a selected row ("▸ ") as well
// as a title keeps a key from arriving before the rows it acts on.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, text := range texts {
			if !bytes.Contains(b, []byte(text)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func reviewsBy(t *testing.T, s model.Store, person string) []model.Review {
	t.Helper()
	doc, err := s.Document(context.Background(), testIncident)
	if err != nil {
		t.Fatal(err)
	}
	var out []model.Review
	for _, r := range doc.Reviews {
		if r.Reviewer == person {
			out = append(out, r)
		}
	}
	return out
}

func TestEndToEndRecordsAVerdict(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("at %dx%d the reviewer jumps to an unreviewed step, accepts the proposal and quits", size[0], size[1]), func(t *testing.T) {
			store := openFixtures(t)
			before := len(reviewsBy(t, store, reviewer))
			app := programApp(store, reviewer, Options{Incident: testIncident})
			tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(size[0], size[1]))
			waitFor(t, tm, testIncident, "▸ ")
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]")})
			waitFor(t, tm, "Step S")
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")})
			waitFor(t, tm, "Review verdict for")
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
			waitFor(t, tm, "Saved:")
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))

			after := reviewsBy(t, store, reviewer)
			if len(after) != before+1 {
				t.Fatalf("mara has %d verdicts after the run, want %d", len(after), before+1)
			}
			var saved *model.Review
			for i := range after {
				if after[i].At.Equal(clock) {
					saved = &after[i]
				}
			}
			if saved == nil || saved.OutcomeChanged != "yes" {
				t.Errorf("the verdict saved in the run is %+v", saved)
			}
		})
	}
}

func TestEndToEndFromTheDashboardToAStep(t *testing.T) {
	store := openFixtures(t)
	want := firstListedSuggestion(t, store)
	app := programApp(store, reviewer, Options{})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(160, 48))
	waitFor(t, tm, "pick an incident")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("M")})
	waitFor(t, tm, "AI TRUST METRICS")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitFor(t, tm, "SUGGESTIONS BEHIND", "▸ ")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	// The step pane's title names the suggestion once its step has loaded.
	waitFor(t, tm, "[Step "+want.Suggestion+"]")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))

	final := tm.FinalModel(t).(*App)
	if final.review.Incident() != want.Incident {
		t.Errorf("the review screen is on %s, want %s", final.review.Incident(), want.Incident)
	}
	if r := final.review.Selected(); r == nil || r.ID != want.Suggestion {
		t.Errorf("the selected row is %v, want %s", r, want.Suggestion)
	}
}
