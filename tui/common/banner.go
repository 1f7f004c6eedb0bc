package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/tui/safetext"
)

// ChainBanner is the red "⚠ AUDIT CHAIN BROKEN: …" over a screen w wide
// and h tall, one line each, nil when problem is "". The sentence is
// wrapped, not cut at the edge: its end says what to do (run signoff
// verify, or accept a backup restored on purpose with --forget). It takes
// at most a quarter of the screen (and maxStatusLines); a sentence longer
// than that ends with an ellipsis.
func (c Common) ChainBanner(problem string, w, h int) []string {
	if problem == "" || w <= 0 {
		return nil
	}
	lines := fillWords(safetext.LineWidth("⚠ AUDIT CHAIN BROKEN: "+problem, w*maxStatusLines), w)
	if n := max(1, min(maxStatusLines, h/4)); len(lines) > n {
		lines = lines[:n]
		lines[n-1] = string(safetext.Truncate(safetext.Text(lines[n-1]+" "+safetext.Ellipsis), w))
	}
	for i, l := range lines {
		lines[i] = Fit(Paint(c.Styles.Banner, safetext.Text(l)), w)
	}
	return lines
}

// fillWords wraps safe text to w cells at spaces only, so a command in it
// (signoff verify --forget) is never split at its hyphens; a word wider
// than a line is cut across lines.
func fillWords(t safetext.Text, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Split(string(t), " ") {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
		if ansi.StringWidth(line) > w {
			parts := strings.Split(ansi.Hardwrap(line, w, true), "\n")
			lines = append(lines, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
		}
	}
	return append(lines, line)
}
