package metrics

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Program is the dashboard on its own (`signoff metrics --tui`): it sizes
// the component to the terminal, quits on q, and quits with the chosen
// suggestion when the reader opens one, so the caller can show its step.
type Program struct {
	Dashboard Model
	Chosen    *OpenStepMsg
}

// NewProgram returns the standalone dashboard.
func NewProgram(o Options) Program {
	d := New(o)
	k := d.KeyMap()
	k.Quit.SetEnabled(true)
	k.Open.SetHelp("enter", "suggestions behind it / open the step")
	d.SetKeyMap(k)
	return Program{Dashboard: d}
}

func (p Program) Init() tea.Cmd { return p.Dashboard.Init() }

func (p Program) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.Dashboard.SetSize(msg.Width, msg.Height)
		return p, nil
	case OpenStepMsg:
		p.Chosen = &msg
		return p, tea.Quit
	case tea.KeyMsg:
		if key.Matches(msg, p.Dashboard.KeyMap().Quit) {
			return p, tea.Quit
		}
	}
	var cmd tea.Cmd
	p.Dashboard, cmd = p.Dashboard.Update(msg)
	return p, cmd
}

func (p Program) View() string { return p.Dashboard.View() }
