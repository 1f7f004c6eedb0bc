package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/tui/train"
	"github.com/signoff/signoff/tui/tuitest"
)

// screenProgram runs the workstation on a first screen other than review
// as a teatest program, with the clock given.
func screenProgram(t *testing.T, o Options, size [2]int) *teatest.TestModel {
	t.Helper()
	o.Poll, o.Renderer = time.Hour, tuitest.PlainRenderer()
	return teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(size[0], size[1]))
}

func TestEndToEndApprovesAnItemInTheQueue(t *testing.T) {
	clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	store := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	o := Options{Start: StartQueue}
	o.Store, o.Person, o.Clock = store, "tomas", func() time.Time { return clock }
	tm := screenProgram(t, o, [2]int{80, 24})
	waitFor(t, tm, "INC-2046/S3")
	for _, k := range []string{"j", "j", "j"} {
		tm.Send(tuitest.Key(k))
	}
	waitFor(t, tm, "block_ip → attacker-ip (ip)")
	tm.Send(tuitest.Key("a"))
	waitFor(t, tm, "Rationale (required)")
	tm.Type("single source, cheap to undo")
	tm.Send(tuitest.Key("enter"))
	waitFor(t, tm, "Recorded D-S5")
	tm.Send(tuitest.Key("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	lines, err := store.DecisionsSince(context.Background(), 0, 10)
	if err != nil || len(lines) != 1 || lines[0].Decision != "D-S5" || lines[0].Owner != "tomas" {
		t.Fatalf("decisions %+v, %v; want D-S5 by tomas", lines, err)
	}
}

func TestEndToEndTraining(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("at %dx%d a trainee walks a small incident, decides, sees the reveal and the scorecard", size[0], size[1]), func(t *testing.T) {
			store := openFixtures(t)
			raw, err := json.Marshal(tuitest.SmallIncident())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.ImportDocument(context.Background(), "small.json", bytes.NewReader(raw), "test"); err != nil {
				t.Fatal(err)
			}
			o := Options{Start: StartTraining, Training: train.Options{Incident: "INC-7"}}
			o.Store, o.Person = store, "alice"
			tm := screenProgram(t, o, size)
			key := func(s string) { tm.Send(tuitest.Key(s)) }
			waitFor(t, tm, "macro on laptop-9")
			key("space")
			waitFor(t, tm, "a macro started powershell")
			key("space")
			waitFor(t, tm, "YOUR CALL")
			key("r")
			tm.Type("not needed")
			key("enter")
			waitFor(t, tm, "REVEAL")
			key("space")
			waitFor(t, tm, "better safe")
			key("space")
			waitFor(t, tm, "carries")
			key("space")
			waitFor(t, tm, "SCORECARD")
			key("q")
			tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
			run, err := tm.FinalModel(t).(*App).Training()
			if err != nil || !run.Finished || len(run.Choices) != 1 {
				t.Errorf("final run %+v, %v", run, err)
			}
		})
	}
}

// A rationale that arrives a word at a time, as over a slow SSH link or
// from tmux send-keys -l, is recorded word for word: "delete" deletes
// nothing and "enter" submits nothing.
func TestEndToEndTextReadAtOnceIsRecordedAsTyped(t *testing.T) {
	clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	store := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	o := Options{Start: StartQueue}
	o.Store, o.Person, o.Clock = store, "tomas", func() time.Time { return clock }
	tm := screenProgram(t, o, [2]int{80, 24})
	waitFor(t, tm, "INC-2046/S3")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	waitFor(t, tm, "block_ip → attacker-ip (ip)")
	tm.Send(tuitest.Key("a"))
	waitFor(t, tm, "Rationale (required)")
	const rationale = "delete nothing, enter the block at the edge"
	for _, k := range tuitest.Read(rationale) {
		tm.Send(k)
	}
	tm.Send(tuitest.Key("enter"))
	waitFor(t, tm, "Recorded D-S5")
	tm.Send(tuitest.Key("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	lines, err := store.DecisionsSince(context.Background(), 0, 10)
	if err != nil || len(lines) != 1 {
		t.Fatalf("decisions %+v, %v; want one", lines, err)
	}
	d, err := store.Event(context.Background(), "INC-2046", lines[0].Decision)
	if err != nil || d.Rationale != rationale {
		t.Errorf("the decision's rationale is %q (%v), want %q", d.Rationale, err, rationale)
	}
}
