package common

import "github.com/charmbracelet/bubbles/key"

// openHelp is a screen's full help as it shows once open: its ? closes
// it again, so the key says that rather than "more keys"; and ctrl+c is
// added to the last group when the screen lists no key for it, since it
// quits from every screen (asking first over unsaved work). The screen's
// own bindings are left as they are: these are copies.
func openHelp(groups [][]key.Binding) [][]key.Binding {
	out := make([][]key.Binding, len(groups))
	quits := false
	for i, group := range groups {
		out[i] = make([]key.Binding, len(group))
		for j, b := range group {
			switch {
			case !b.Enabled():
			case b.Help().Key == "?":
				b.SetHelp("?", "close help")
			case b.Help().Key == "ctrl+c":
				quits = true
			}
			out[i][j] = b
		}
	}
	if !quits {
		quit := DefaultKeyMap().Quit
		if len(out) == 0 {
			return [][]key.Binding{{quit}}
		}
		out[len(out)-1] = append(out[len(out)-1], quit)
	}
	return out
}
