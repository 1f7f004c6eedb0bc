package serve

import (
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
)

// endWatcher is a workstation that closes when it is ended from outside.
type endWatcher struct{ reason string }

func (m endWatcher) Init() tea.Cmd { return nil }
func (m endWatcher) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if e, ok := msg.(common.EndMsg); ok {
		return endWatcher{reason: e.Reason}, tea.Quit
	}
	return m, nil
}
func (m endWatcher) View() string { return "" }

// A key revoked between the session's log-in and the start of its
// workstation ends the workstation as soon as it starts: it would
// otherwise show the incidents to the revoked key until it went idle.
func TestASessionEndedBeforeItsWorkstationStartsEndsIt(t *testing.T) {
	ss := &session{person: "p01"}
	ss.end("key revoked")
	p := tea.NewProgram(endWatcher{}, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	ss.started(p, nil)
	done := make(chan tea.Model, 1)
	go func() {
		m, _ := p.Run()
		done <- m
	}()
	select {
	case m := <-done:
		if got := m.(endWatcher).reason; got != "key revoked" {
			t.Errorf("the workstation ended with %q, want the revocation", got)
		}
	case <-time.After(wait):
		p.Kill()
		t.Fatal("a session ended before its workstation started kept its workstation open")
	}
}
