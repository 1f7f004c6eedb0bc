package review

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// send hands the screen messages as a terminal read would deliver them.
func send(t *testing.T, a *App, msgs ...tea.KeyMsg) {
	t.Helper()
	for _, m := range msgs {
		drive(t, a, func() tea.Msg { return m })
	}
}

func TestTypedTextStaysText(t *testing.T) {
	store := openFixtures(t)
	const sentence = "then delete the GPU instance, please enter it"
	t.Run("a note typed in one read keeps every word and submits nothing", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S3", 80, 24)
		press(t, a, "a", "tab")
		send(t, a, tuitest.Read(sentence)...)
		if a.screen.form == nil {
			t.Fatal("a word of the note closed the form")
		}
		if got := a.screen.form.Review(reviewer).Note; got != sentence {
			t.Errorf("the note holds %q, want %q", got, sentence)
		}
	})
	t.Run("a pasted note keeps its lines", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S3", 80, 24)
		press(t, a, "a", "tab")
		send(t, a, tuitest.Paste("first line\nenter the second"))
		if got := a.screen.form.Review(reviewer).Note; got != "first line\nenter the second" {
			t.Errorf("the note holds %q", got)
		}
	})
	t.Run("verdict keys typed at once outside the note are one press each", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S3", 80, 24)
		press(t, a, "a")
		send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("moo")})
		r := a.screen.form.Review(reviewer)
		if r.Verdict != "modified" || r.OutcomeChanged != "no" {
			t.Errorf("after \"moo\" the form holds %+v", r)
		}
	})
	t.Run("a search typed in one read is the text searched", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "/")
		send(t, a, tuitest.Read("delete revoke_token")...)
		if got := a.screen.prompt.Value(); got != "delete revoke_token" {
			t.Errorf("the search field holds %q", got)
		}
	})
	t.Run("jjj in one read moves three rows", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		send(t, a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
		if a.screen.timeline.cursor != 3 {
			t.Errorf("the cursor is on row %d, want 3", a.screen.timeline.cursor)
		}
	})
	t.Run("text pasted on the timeline is not taken as commands", func(t *testing.T) {
		a := openAt(t, store, reviewer, testIncident, "S3", 80, 24)
		send(t, a, tuitest.Paste("fmiq"))
		if a.screen.form != nil || a.back != 0 {
			t.Errorf("a paste opened a form or left the screen")
		}
		if a.screen.status != common.PasteIgnored {
			t.Errorf("the footer says %q", a.screen.status)
		}
	})
	t.Run("a filter and a time are typed as text too", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "F")
		send(t, a, tuitest.Read("kind:ai unreviewed")...)
		if got := a.screen.prompt.Value(); got != "kind:ai unreviewed" {
			t.Errorf("the filter field holds %q", got)
		}
		press(t, a, "esc", "t")
		send(t, a, tuitest.Read("2026-03-10 09:30")...)
		if got := a.screen.prompt.Value(); !strings.HasPrefix(got, "2026-03-10 09:30") {
			t.Errorf("the time field holds %q", got)
		}
	})
}
