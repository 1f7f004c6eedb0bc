package train

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// fieldCap bounds one field on screen: a hostile megabyte rationale costs
// no more than a long one.
const fieldCap = 2000

// The section titles every screen shares, said for training.
const (
	titleAI       = common.TitleAI
	titleHuman    = common.TitleHuman + " · the real one"
	titleExec     = common.TitleExec
	titleEvidence = common.TitleEvidence + " collected so far"
	titleFindings = common.TitleFindings + " on this step"
	titleReview   = common.TitleReview + " · hindsight"
	titleYou      = safetext.Text("◆ YOUR CHOICE")
)

// page builds wrapped lines of safe text at a width.
type page struct {
	width int
	lines []string
}

// safe sanitises a field from the store for one (wrapped) line.
func safe(s string) safetext.Text { return safetext.LineWidth(s, fieldCap) }

// add wraps safe text to the width, painting each line.
func (p *page) add(st lipgloss.Style, t safetext.Text, indent int) {
	w := max(4, p.width-indent)
	pad := strings.Repeat(" ", indent)
	for _, l := range common.WrapText(t, w, "") {
		p.lines = append(p.lines, pad+st.Render(l))
	}
}

// field adds "label value", the value wrapped under itself.
func (p *page) field(label lipgloss.Style, name string, value lipgloss.Style, t safetext.Text) {
	if t == "" {
		return
	}
	head := name + " "
	w := max(4, p.width-len(head))
	for i, l := range common.WrapText(t, w, "") {
		prefix := strings.Repeat(" ", len(head))
		if i == 0 {
			prefix = label.Render(head)
		}
		p.lines = append(p.lines, prefix+value.Render(l))
	}
}

// raw adds a line that is already safe and styled, cut to the width.
func (p *page) raw(s string) { p.lines = append(p.lines, ansi.Truncate(s, p.width, "…")) }

func (p *page) blank() { p.lines = append(p.lines, "") }

func (p *page) String() string { return strings.Join(p.lines, "\n") }

// actionText is "type → target: detail" in safe text.
func actionText(a *model.Action) safetext.Text {
	if a == nil {
		return "no action"
	}
	s := a.Type
	if a.Target != "" {
		s += " → " + a.Target
	}
	if a.Detail != "" {
		s += ": " + a.Detail
	}
	return safe(s)
}

func clock(e interface{ Format(string) string }) string { return e.Format("15:04:05") }
