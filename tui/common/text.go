package common

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// Proof says which key proves who made a record, and how: "SHA256:…
// (signed)" only for a signature that holds (review.Proof, judged by the
// policy's roster as the findings are), "SHA256:… (logged in)" for the key
// of a signoff serve session, and a signature that does not hold as
// "SHA256:… ⚠ signature does not verify: why"; "" when nothing proves it.
// A screen paints the last in its error style (ProofBroken).
func Proof(p review.Proof) safetext.Text {
	key := safetext.Line(p.Key)
	switch p.State {
	case review.ProofNone:
		return ""
	case review.ProofLoggedIn:
		return key + " (logged in)"
	case review.ProofSigned:
		return key + " (signed)"
	case review.ProofUnlisted:
		return key + " (signature holds; no roster names whose key)"
	}
	return key + " ⚠ signature does not verify: " + safetext.Line(p.Problem)
}

// ProofBroken reports whether Proof says a signature does not hold.
func ProofBroken(p review.Proof) bool { return p.State == review.ProofBroken }

// Wide is the width from which screens set panes side by side.
const Wide = 120

// Paint applies a style to safe text. Styling comes after sanitising, so a
// style can never wrap raw incident data.
func Paint(st lipgloss.Style, t safetext.Text) string { return st.Render(string(t)) }

// Pad fills safe text with spaces to exactly w cells (cutting it if wider).
func Pad(s safetext.Text, w int) safetext.Text {
	s = safetext.Truncate(s, w)
	if n := w - ansi.StringWidth(string(s)); n > 0 {
		return s + safetext.Text(strings.Repeat(" ", n))
	}
	return s
}

// Fit makes a rendered line exactly w cells wide. A line cut where it
// holds more than blanks ends in … (safetext.Ellipsis), so a cut is never
// taken for the whole: "5 p" read as all there is of "5 pending".
func Fit(line string, w int) string {
	n := ansi.StringWidth(line)
	if n <= w {
		return line + strings.Repeat(" ", w-n)
	}
	return cut(line, w)
}

// cut cuts a line wider than w to w cells, ending in … unless only
// blanks were cut.
func cut(line string, w int) string {
	if ansi.StringWidth(strings.TrimRight(ansi.Strip(line), " ")) <= w {
		return ansi.Truncate(line, w, "") // only padding is cut
	}
	return ansi.Truncate(line, w, safetext.Ellipsis)
}

// FitLines cuts every line to w cells: help.Model can overrun its width
// when not even its ellipsis fits.
func FitLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, safetext.Ellipsis)
	}
	return strings.Join(lines, "\n")
}

// ClipLines cuts every line to w cells, not padding them: a line cut
// where it held more than blanks ends in …, as Fit's do (a number, a
// column heading or a chart cut at a narrow terminal says it was cut).
func ClipLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = cut(l, w)
		}
	}
	return strings.Join(lines, "\n")
}

// FullHelp draws help.Model's columns on a wide screen; on a narrow one
// (where help.Model would drop whole columns) it flows every working key
// into lines. Every screen's full help is drawn here, so it reads the same
// on each: ? says it closes the help it opened, and ctrl+c, which quits
// from every screen, is listed on every screen (openHelp).
func FullHelp(h help.Model, km help.KeyMap, w int) string {
	groups := openHelp(km.FullHelp())
	if w >= Wide {
		return h.FullHelpView(groups)
	}
	var lines []string
	line := ""
	for _, group := range groups {
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			item := h.ShortHelpView([]key.Binding{b})
			switch {
			case line == "":
				line = item
			case lipgloss.Width(line)+3+lipgloss.Width(item) <= w:
				line += h.Styles.ShortSeparator.Render(" • ") + item
			default:
				lines = append(lines, line)
				line = item
			}
		}
	}
	return FitLines(strings.Join(append(lines, line), "\n"), w)
}

// NewHelp returns a help model drawn with the shared styles.
func (c Common) NewHelp() help.Model {
	h := help.New()
	h.Styles = c.Styles.Help
	h.Width = c.Width
	return h
}

// Send is a command that delivers msg: how a screen's command answers the
// router (a store failing, a run closed). A key asks with Asking.Ask.
func Send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// maxStatusLines bounds how many lines one sentence may take when wrapped:
// a status or error is read whole, but a hostile megabyte is not.
const maxStatusLines = 6

// WrapLines sanitises a sentence from anywhere (a status, a store's
// error) and wraps it to w cells, so it is read whole, never cut at the
// edge of the terminal.
func WrapLines(text string, w int) []string {
	w = max(1, w)
	t := safetext.LineWidth(text, w*maxStatusLines)
	return WrapText(t, w, "")
}

// WrapText wraps safe text to w cells, breaking at spaces and at the
// breakpoints, and keeps every character whole: x/ansi's Wrap reads an
// ASCII letter on its own, so it can start a line with the accent (or
// keycap mark) that belongs to the last letter of the line before. Line
// breaks in t are kept, and a mark that begins one of t's own lines
// stays there.
func WrapText(t safetext.Text, w int, breakpoints string) []string {
	var out []string
	for _, para := range strings.Split(string(t), "\n") {
		lines := strings.Split(ansi.Wrap(para, w, breakpoints), "\n")
		out = append(out, lines[0])
		for _, l := range lines[1:] {
			n := leadingMarks(l)
			out[len(out)-1] += l[:n]
			if n == 0 || n < len(l) {
				out = append(out, l[n:])
			}
		}
	}
	return out
}

// HardwrapText cuts safe text into lines of exactly w cells (the last
// shorter), keeping every space: a value's runs of spaces stay on screen
// as they are, so text padded inside it cannot start a line of its own
// and pass for another field. A combining mark stays with its letter, as
// in WrapText; line breaks in t are kept.
func HardwrapText(t safetext.Text, w int) []string {
	var out []string
	for _, para := range strings.Split(string(t), "\n") {
		lines := strings.Split(ansi.Hardwrap(para, max(1, w), true), "\n")
		out = append(out, lines[0])
		for _, l := range lines[1:] {
			n := leadingMarks(l)
			out[len(out)-1] += l[:n]
			if n == 0 || n < len(l) {
				out = append(out, l[n:])
			}
		}
	}
	return out
}

// leadingMarks is the length in bytes of the combining marks (accents,
// variation selectors, keycaps) that begin s: they take no cell of their
// own once joined to the letter before.
func leadingMarks(s string) int {
	for i, r := range s {
		if !unicode.In(r, unicode.Mn, unicode.Me) {
			return i
		}
	}
	return len(s)
}

// Wrap is WrapLines painted in one style, joined into lines.
func Wrap(st lipgloss.Style, text string, w int) string {
	lines := WrapLines(text, w)
	for i, l := range lines {
		lines[i] = Paint(st, safetext.Text(l))
	}
	return strings.Join(lines, "\n")
}

// Count spells a number with its noun, singular or plural: "1 event",
// "3 events", "2 entries".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + Plural(noun)
}

// Plural is the plural of an English noun of the screens' vocabulary.
func Plural(noun string) string {
	switch {
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}

// PendingCount is an incident's pending count as shown, saying how many
// of them their gate already answered (review.PendingCount): numbers only.
func PendingCount(sum model.IncidentSummary) safetext.Text {
	return safetext.Text(review.PendingCount(sum.Pending, sum.PendingGateEnded))
}

// ReviewProgress is "3/5 reviewed", or "no review steps" for an incident
// of only alerts and notes, where "0/0 reviewed" would read as a review
// done.
func ReviewProgress(sum model.IncidentSummary) safetext.Text {
	if sum.Subjects == 0 {
		return "no review steps"
	}
	return safetext.Text(strconv.Itoa(sum.Reviewed) + "/" + strconv.Itoa(sum.Subjects) + " reviewed")
}
