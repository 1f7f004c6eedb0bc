package statusform

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// run sends keys (names or text runes) to a form and returns it and the
// last message a key produced.
func run(m Model, keys ...string) (Model, tea.Msg) {
	var last tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		if len([]rune(k)) > 1 && tuitest.Key(k).Type == tea.KeyRunes {
			for _, r := range k {
				m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		} else {
			m, cmd = m.Update(tuitest.Key(k))
		}
		if cmd != nil {
			last = cmd()
		}
	}
	return m, last
}

func TestTheStatusForm(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	cases := []struct {
		name    string
		current model.Status
		pending int
		keys    []string
		submit  *model.StatusRequest
		says    string
	}{
		{"containing an open incident needs only a rationale", model.StatusOpen, 3, []string{"enter", "gateway isolated", "enter"},
			&model.StatusRequest{Incident: "INC-7", Status: model.StatusContained, Person: "alice", Rationale: "gateway isolated"}, ""},
		{"the status in force is not a change", model.StatusOpen, 0, []string{"left", "enter", "x", "enter"},
			nil, "INC-7 is already open"},
		{"a change without rationale is stopped", model.StatusOpen, 0, []string{"enter", "enter"},
			nil, "A rationale is required"},
		{"closing over pending work needs the box ticked", model.StatusContained, 2, []string{"right", "enter", "done", "enter"},
			nil, "2 suggestions are pending"},
		{"closing asks for a typed confirmation", model.StatusContained, 0, []string{"right", "enter", "done", "enter", "enter"},
			nil, "Type INC-7 or y"},
		{"closing with the box ticked defers all", model.StatusContained, 2, []string{"right", "enter", "done", "enter", "space", "enter", "y", "enter"},
			&model.StatusRequest{Incident: "INC-7", Status: model.StatusClosed, Person: "alice", Rationale: "done", DeferPending: true, DeferShown: 2}, ""},
		{"reopening a closed incident", model.StatusClosed, 0, []string{"left", "left", "left", "enter", "seen again", "enter"},
			&model.StatusRequest{Incident: "INC-7", Status: model.StatusOpen, Person: "alice", Rationale: "seen again"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, last := run(New(st, "INC-7", "alice", tc.current, tc.pending), tc.keys...)
			sub, ok := last.(SubmitMsg)
			switch {
			case tc.submit != nil && (!ok || !reflect.DeepEqual(sub.Request, *tc.submit)):
				t.Errorf("submitted %+v; want %+v", last, *tc.submit)
			case tc.submit == nil && ok:
				t.Errorf("submitted %+v", sub.Request)
			}
			if text := tuitest.Text(strings.Join(m.Lines(80), "\n")); !strings.Contains(text, tc.says) {
				t.Errorf("the form does not say %q:\n%s", tc.says, text)
			}
		})
	}
}

func TestTextReadInOneGoStaysText(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	m, _ := run(New(st, "INC-7", "alice", model.StatusOpen, 0), "enter")
	// What a paste or tmux send-keys -l delivers: one message of many runes.
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("gateway isolated, enter the next phase")})
	if got := m.Request().Rationale; got != "gateway isolated, enter the next phase" {
		t.Errorf("the rationale is %q", got)
	}
	// On the status line letters begin the rationale (status_line_test.go):
	// only → moves the status, however the presses arrive.
	m, _ = run(New(st, "INC-7", "alice", model.StatusOpen, 0), "right", "right")
	if m.Choice() != model.StatusClosed {
		t.Errorf("→ → on the status chose %s; want closed", m.Choice())
	}
}

func TestTheHistoryNamesTheKeyBehindEachChange(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	key := "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	m := New(st, "INC-7", "alice", model.StatusClosed, 0)
	m.SetHistory(HistoryMsg{Incident: "INC-7", History: []model.StatusChange{
		{ID: "ST-1", Status: model.StatusContained, By: "alice", At: at, Rationale: "isolated", SessionKey: key},
		{ID: "ST-2", Status: model.StatusClosed, By: "dave", At: at.Add(time.Hour), Rationale: "done", Signature: &model.Signature{Key: key}},
		{ID: "ST-3", Status: model.StatusOpen, By: "bob", At: at.Add(2 * time.Hour), Rationale: "back"},
		{ID: "ST-4", Status: model.StatusClosed, By: "dave", At: at.Add(3 * time.Hour), Rationale: "over", Signature: &model.Signature{Key: key}},
	}, Proofs: []review.Proof{{State: review.ProofLoggedIn, Key: key}, {State: review.ProofSigned, Key: key}, {},
		{State: review.ProofBroken, Key: key, Problem: "it does not verify over its statement"}}})
	text := tuitest.Text(strings.Join(m.Lines(160), "\n"))
	for _, want := range []string{
		"ST-1 2026-11-25 09:00:00 UTC → contained by alice · " + key + " (logged in): isolated",
		"ST-2 2026-11-25 10:00:00 UTC → closed by dave · " + key + " (signed): done",
		"ST-3 2026-11-25 11:00:00 UTC → open by bob: back",
		"ST-4 2026-11-25 12:00:00 UTC → closed by dave · " + key + " ⚠ signature does not verify: it does not verify over its",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the history does not say %q:\n%s", want, text)
		}
	}
}

// A refusal that counted the pending work again shows the new count, with
// "defer them all" unticked to be chosen again for what is pending now.
func TestARefusalThatCountedAgainShowsWhatIsPendingNow(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	refused := model.Errorf(model.ECONFLICT, "the queue changed since you looked")
	ticked := func() Model {
		m, _ := run(New(st, "INC-7", "alice", model.StatusContained, 2), "right", "enter", "done", "enter", "space")
		if !m.Request().DeferPending {
			t.Fatal("the box is not ticked")
		}
		return m
	}
	m := ticked()
	m.Refused(SavedMsg{Err: refused, Counted: true, Pending: 3})
	text := tuitest.Text(strings.Join(m.Lines(80), "\n"))
	if !strings.Contains(text, "[ ] defer the 3 suggestions still pending") || m.Request().DeferPending {
		t.Errorf("after a third suggestion arrived the form reads:\n%s", text)
	}
	if _, last := run(m, "space", "enter", "y", "enter"); last.(SubmitMsg).Request.DeferShown != 3 {
		t.Errorf("ticked again, it submits %+v; want the 3 shown", last)
	}

	m = ticked()
	m.Refused(SavedMsg{Err: refused, Counted: true, Pending: 0})
	if _, last := run(m, "enter", "y", "enter"); last.(SubmitMsg).Request.DeferPending {
		t.Errorf("with nothing pending any more it submits %+v", last)
	}

	m = ticked()
	m.Refused(SavedMsg{Err: refused})
	if !m.Request().DeferPending || m.Request().DeferShown != 2 {
		t.Errorf("a refusal that did not count again changed the form: %+v", m.Request())
	}
}

func TestEscOverATypedRationaleAsksBeforeItIsLost(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	cases := []struct {
		name      string
		keys      []string
		asks      bool
		cancelled bool
		rationale string
	}{
		{"y after esc discards it", []string{"enter", "gateway isolated", "esc", "y"}, true, true, ""},
		{"any other key after esc keeps it, and typing goes on", []string{"enter", "gateway isolated", "esc", "n", "!"}, true, false, "gateway isolated!"},
		{"with nothing typed esc closes at once", []string{"right", "esc"}, false, true, ""},
		{"esc in the confirm step still goes back to the form", []string{"right", "enter", "done", "enter", "esc"}, false, false, "done"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := New(st, "INC-7", "alice", model.StatusContained, 0)
			cancelled := false
			for _, k := range tc.keys {
				var last tea.Msg
				m, last = run(m, k)
				if _, ok := last.(CancelMsg); ok {
					cancelled = true
				}
				if k == "esc" && tc.asks {
					if text := tuitest.Text(strings.Join(m.Lines(80), "\n")); cancelled || !strings.Contains(text, "Discard") {
						t.Errorf("esc over a typed rationale did not ask:\n%s", text)
					}
				}
			}
			if cancelled != tc.cancelled {
				t.Fatalf("after %v the form closed: %v, want %v", tc.keys, cancelled, tc.cancelled)
			}
			if !cancelled && m.Request().Rationale != tc.rationale {
				t.Errorf("after %v the rationale is %q, want %q", tc.keys, m.Request().Rationale, tc.rationale)
			}
		})
	}
}

// Closing over pending suggestions whose gate already answered its agent
// counts them as pending, and says so beside the box and in the
// confirmation; a refusal that counted again shows the new number.
func TestTheFormSaysWhichPendingGatesEnded(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	m, _ := run(New(st, "INC-7", "alice", model.StatusContained, 3).WithGateEnded(2), "right", "enter", "done", "enter")
	text := tuitest.Text(strings.Join(m.Lines(200), "\n"))
	if !strings.Contains(text, "defer the 3 suggestions still pending") ||
		!strings.Contains(text, "2 of them: their gates already answered their agents, so what is recorded for them runs nothing; they count as pending all the same.") {
		t.Errorf("the form does not say 2 of the 3 gates ended:\n%s", text)
	}
	m, _ = run(m, "space", "enter")
	if text := tuitest.Text(strings.Join(m.Lines(200), "\n")); !strings.Contains(text, "and defer 3 suggestions as alice") ||
		!strings.Contains(text, "2 of them: their gates already answered") {
		t.Errorf("the confirmation does not say 2 of the 3 gates ended:\n%s", text)
	}
	m, _ = run(New(st, "INC-7", "alice", model.StatusContained, 3), "right", "enter", "done", "enter", "space")
	m.Refused(SavedMsg{Err: model.Errorf(model.ECONFLICT, "changed"), Counted: true, Pending: 3, GateEnded: 1})
	if text := tuitest.Text(strings.Join(m.Lines(200), "\n")); !strings.Contains(text, "1 of them: its gate already answered its agent") {
		t.Errorf("after a recount the form does not say 1 gate ended:\n%s", text)
	}
}

// What stops a close over pending work, and what the footer says once a
// close deferred it, count the items whose gate ended apart, as the form
// and every other pending count do.
func TestTheRefusalAndTheRecordedLineSayWhichGatesEnded(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	m, _ := run(New(st, "INC-7", "alice", model.StatusContained, 3).WithGateEnded(2), "right", "enter", "done", "enter")
	if text := tuitest.Text(strings.Join(m.Lines(200), "\n")); !strings.Contains(text,
		"3 suggestions are pending (2 gate ended): decide or defer each first, or tick the box to defer them all as alice.") {
		t.Errorf("the form's refusal does not count the gates that ended:\n%s", text)
	}
	res := model.StatusResult{Incident: "INC-7", Previous: model.StatusContained,
		Change:            model.StatusChange{ID: "ST-2", Status: model.StatusClosed, By: "alice"},
		Deferred:          []model.Event{{ID: "D-S1"}, {ID: "D-S2"}, {ID: "D-S3"}},
		DeferredGateEnded: []string{"S1", "S3"}}
	if got, want := Recorded(res), "Recorded ST-2: INC-7 is now closed (was contained); 3 suggestions deferred as alice (2 gate ended)."; got != want {
		t.Errorf("Recorded says %q, want %q", got, want)
	}
	res.DeferredGateEnded = nil
	if got, want := Recorded(res), "Recorded ST-2: INC-7 is now closed (was contained); 3 suggestions deferred as alice."; got != want {
		t.Errorf("Recorded says %q, want %q", got, want)
	}
}
