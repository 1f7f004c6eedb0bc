// Package tuitest holds what the screens' tests share: a monochrome
// context, key messages by name, Bubble Tea's loop without a terminal, and
// the checks every frame must pass. Only tests import it.
package tuitest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
)

// PlainRenderer draws without colour on a dark background, so views
// compare as text.
func PlainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// Common is a monochrome screen context for person, with the clock
// fixed (time.Now when nil).
func Common(store model.Store, person string, clock func() time.Time) common.Common {
	return common.New(common.Options{Ctx: context.Background(), Store: store, Person: person, Clock: clock,
		Renderer: PlainRenderer()})
}

var named = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
	"backspace": tea.KeyBackspace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft,
	"right": tea.KeyRight, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome,
	"end": tea.KeyEnd, "ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU,
	"ctrl+r": tea.KeyCtrlR, "ctrl+b": tea.KeyCtrlB, "ctrl+f": tea.KeyCtrlF,
}

// Key is the message a key press sends: a named key ("enter", "ctrl+s",
// "space") or the runes typed.
func Key(name string) tea.KeyMsg {
	if name == "space" || name == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	if t, ok := named[name]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// Run is Bubble Tea's loop without a terminal: it runs cmd, hands its
// message to update, runs what update returns, and stops when nothing is
// left. It reports whether a command asked to quit.
func Run(t testing.TB, update func(tea.Msg) tea.Cmd, cmd tea.Cmd) bool {
	t.Helper()
	cmdType := reflect.TypeOf(tea.Cmd(nil))
	queue := []tea.Cmd{cmd}
	quit := false
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100000 {
			t.Fatal("the model never settles")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if msg == nil {
			continue
		}
		// Batches and sequences carry commands; run them in order.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			quit = true
			continue
		}
		queue = append(queue, update(msg))
	}
	return quit
}

// Text is a view without styles, trailing spaces cut from each line.
func Text(view string) string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// CheckFrame fails when a frame does not fit the terminal: more lines
// than rows, or a line wider than the columns.
func CheckFrame(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("the frame has %d lines for %d rows", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide for %d columns: %q", i+1, n, w, ansi.Strip(l))
		}
	}
}

// Read is what Bubble Tea makes of text a terminal read in one go (a fast
// typist over SSH, `tmux send-keys -l`): one message per word, holding
// all its characters, and one space key between words.
func Read(text string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			out = append(out, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		}
		if w != "" {
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(w)})
		}
	}
	return out
}

// Paste is the message a bracketed paste of text sends.
func Paste(text string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true}
}
