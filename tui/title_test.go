package tui

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// The title is written once, before the program starts, by whoever runs
// it; the program itself never sets it, since Bubble Tea writes a title
// outside the lock that guards the frame being drawn.
func TestTheTitleIsWrittenBeforeTheProgramNotByIt(t *testing.T) {
	store := openFixtures(t)
	for start, want := range map[Start]string{StartReview: "signoff", StartQueue: "signoff queue", StartMetrics: "signoff"} {
		a := testApp(store, Options{Start: start})
		var out bytes.Buffer
		if err := a.WriteTitle(&out); err != nil || out.String() != "\x1b]2;"+want+"\a" {
			t.Errorf("start %d wrote %q, %v; want the title %q", start, out.String(), err, want)
		}
		var titled bool
		var walk func(tea.Cmd)
		walk = func(c tea.Cmd) {
			if c == nil {
				return
			}
			msg := c()
			if msg == nil {
				return
			}
			if strings.Contains(reflect.TypeOf(msg).String(), "WindowTitle") {
				titled = true
			}
			if b, ok := msg.(tea.BatchMsg); ok {
				for _, c := range b {
					walk(c)
				}
			}
		}
		walk(a.Init())
		if titled {
			t.Errorf("start %d: Init asks Bubble Tea to set the title", start)
		}
	}
}
