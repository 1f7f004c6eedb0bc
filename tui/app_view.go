package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

func (a *App) View() string {
	if a.Width == 0 {
		return ""
	}
	var v string
	switch a.current {
	case screenFatal:
		return a.fatalView()
	case screenPicker:
		v = a.picker.View()
	case screenReview:
		v = a.review.View()
	case screenQueue:
		v = a.queue.View()
	case screenTrain:
		v = a.train.View()
	case screenMetrics:
		v = a.dash.View()
	}
	if a.bannerHeight(a.current) > 0 {
		v = a.banner(a.current) + "\n" + v
	}
	if a.confirm != "" {
		ask := safetext.Line("Unsaved " + a.confirm + ": quit and lose it? y quits, any other key stays")
		if a.confirmBack && len(a.back) > 0 {
			ask = safetext.Line("Unsaved " + a.confirm + ": go back and lose it? y goes back, any other key stays")
		}
		return replaceLastLine(v, common.Fit(common.Paint(a.Styles.Error, ask), a.Width))
	}
	return v
}

// fatalView is the full screen for a store that cannot be used: the
// sentence, and the way out.
func (a *App) fatalView() string {
	boxW := min(a.Width-2, 100)
	// The sentence wraps inside the box (its padding is two cells a
	// side): it is the one thing on this screen, read whole.
	msg := strings.Join(common.WrapLines(model.ErrorMessage(a.fatal), max(10, boxW-4)), "\n")
	body := common.Paint(a.Styles.Error, "signoff cannot go on") + "\n\n" + msg + "\n\n" +
		common.Paint(a.Styles.Muted, fatalHint(a.fatal))
	box := a.Styles.FatalBox.Width(boxW).Render(body)
	return lipgloss.Place(a.Width, a.Height, lipgloss.Center, lipgloss.Center, box)
}

// bannerHeight is the lines the router keeps above a screen: one while
// the database cannot be reached, and one for the audit chain's problem
// on the screens that have no banner of their own (the picker and the
// review screen show it themselves).
func (a *App) bannerHeight(s screen) int {
	if s == screenFatal {
		return 0
	}
	n := 0
	if a.offline != "" {
		n++
	}
	if a.unwatched != "" {
		n++
	}
	return n + len(a.chainBanner(s))
}

func (a *App) banner(s screen) string {
	var lines []string
	if a.offline != "" {
		text := safetext.LineWidth("⚠ DATABASE UNREACHABLE, reconnecting; the screen reads afresh once it is back: "+a.offline, a.Width)
		lines = append(lines, common.Fit(common.Paint(a.Styles.Banner, text), a.Width))
	}
	if a.unwatched != "" {
		text := safetext.LineWidth("⚠ NOT FOLLOWING THE RECORD: "+a.unwatched, a.Width)
		lines = append(lines, common.Fit(common.Paint(a.Styles.Banner, text), a.Width))
	}
	lines = append(lines, a.chainBanner(s)...)
	return strings.Join(lines, "\n")
}

// chainBanner is the audit chain's problem over the screens that have no
// banner of their own (the picker and the review screen show it
// themselves).
func (a *App) chainBanner(s screen) []string {
	if s == screenPicker || s == screenReview {
		return nil
	}
	problem := a.chain.shown()
	if a.private(s) {
		problem = a.train.PrivateProblem(problem)
	}
	return a.ChainBanner(problem, a.Width, a.Height)
}

// private reports whether s is a training run that hides the case
// (--anonymize): what the router shows over it must not name the records
// or the people the run hides (train.Model.PrivateProblem, PrivateErr).
func (a *App) private(s screen) bool {
	return s == screenTrain && a.built[screenTrain] && a.train.Hides()
}

// privateErr is err as the full-screen error over s may show it.
func (a *App) privateErr(s screen, err error) error {
	if a.private(s) {
		return a.train.PrivateErr(err)
	}
	return err
}

func replaceLastLine(s, line string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return s[:i+1] + line
		}
	}
	return line
}

func fatalHint(err error) safetext.Text {
	if model.ErrorCode(err) == model.ENOTFOUND {
		return "Press q to quit. `signoff incidents` lists the incidents in this database."
	}
	return "Press q to quit. Check the --db path and run `signoff verify`, then start again."
}
