package common

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/tui/safetext"
)

// flowSep joins the parts Flow lays out.
const flowSep = " · "

// Flow lays parts out, joined by " · ", on lines at most w cells wide, the
// lines after the first starting with indent: a part that does not fit
// where the line stands starts the next line whole, so a name or a count
// is never cut in half at the edge. Only a part wider than a line on its
// own is wrapped across lines. The parts are sanitised here.
func Flow(parts []string, indent string, w int) []safetext.Text {
	var lines []safetext.Text
	line := ""
	room := func() int {
		if len(lines) == 0 {
			return max(1, w)
		}
		return max(1, w-ansi.StringWidth(indent))
	}
	push := func(l string) {
		if len(lines) > 0 {
			l = indent + l
		}
		lines = append(lines, safetext.Text(l))
	}
	for _, p := range parts {
		part := string(safetext.LineWidth(p, max(1, w)*maxStatusLines))
		switch {
		case line == "":
			line = part
		case ansi.StringWidth(line+flowSep+part) <= room():
			line += flowSep + part
		default:
			push(line)
			line = part
		}
		for r := room(); ansi.StringWidth(line) > r; r = room() {
			push(ansi.Cut(line, 0, r))
			line = ansi.Cut(line, r, ansi.StringWidth(line))
		}
	}
	if line != "" {
		push(line)
	}
	return lines
}

// WrapWords sanitises a sentence and wraps it to w cells at spaces only,
// painted line by line: an id or a date with a hyphen in it (INC-2041,
// 2026-11-25) stays whole on its line, where Wrap may break after the
// hyphen. Only a word wider than a line is cut across lines.
func WrapWords(st lipgloss.Style, text string, w int) string {
	w = max(1, w)
	lines := fillWords(safetext.LineWidth(text, w*maxStatusLines), w)
	for i, l := range lines {
		lines[i] = Paint(st, safetext.Text(l))
	}
	return strings.Join(lines, "\n")
}
