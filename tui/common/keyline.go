package common

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// KeyLine draws km's short help in w cells. From ? on (? and the way
// out, which a screen's ShortHelp puts last) the keys always show: they
// are how a newcomer finds every other key and leaves. When the line is
// too wide the keys before them give way, from the right, and … says
// some did. A line with no ? is cut at the edge, as help.Model does.
func KeyLine(h help.Model, km help.KeyMap, w int) string {
	var keys []key.Binding
	at := -1
	for _, b := range km.ShortHelp() {
		if !b.Enabled() {
			continue
		}
		if b.Help().Key == "?" && at < 0 {
			at = len(keys)
		}
		keys = append(keys, b)
	}
	h.Width = 0 // the width is kept here, not by help.Model's cut
	line := h.ShortHelpView(keys)
	if lipgloss.Width(line) <= w || at < 0 {
		return FitLines(line, w)
	}
	head, tail := keys[:at], h.ShortHelpView(keys[at:])
	more := h.Styles.ShortSeparator.Render(" • ") + h.Styles.Ellipsis.Render("…") + h.Styles.ShortSeparator.Render(" • ")
	for n := len(head) - 1; n > 0; n-- {
		if line = h.ShortHelpView(head[:n]) + more + tail; lipgloss.Width(line) <= w {
			return line
		}
	}
	return FitLines(tail, w)
}
