package main

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// callWidth is the width the command line lays a gated call out in: the
// lines stay readable in an 80-column terminal and in a log.
const callWidth = 80

// maxCallLines bounds the lines one field of a gated call takes on the
// command line, so a call of megabytes does not flood the terminal; what
// is cut is counted, and pending --json prints it whole.
const maxCallLines = 40

// callLines lays out what an approval of a gated call lets run
// (review.GatedCall.Fields, as the queue's detail pane shows it), beside
// an action whose detail is detail: each field under a two-cell indent,
// "label: " then the text, its further lines under the text's start. The
// text is cut into lines at the width exactly (no space or character of
// an argument is dropped at a line's end), sanitised by safetext.
func callLines(c review.GatedCall, detail string) []string {
	var out []string
	for _, f := range c.Fields(detail) {
		lead := "  " + f.Label + ": "
		w := callWidth - len(lead)
		ls := common.HardwrapText(safetext.Line(f.Text), w)
		hidden := 0
		if len(ls) > maxCallLines {
			for _, l := range ls[maxCallLines:] {
				hidden += utf8.RuneCountInString(l)
			}
			ls = ls[:maxCallLines]
		}
		for i, l := range ls {
			if i == 0 {
				out = append(out, lead+l)
				continue
			}
			out = append(out, strings.Repeat(" ", len(lead))+l)
		}
		if hidden > 0 {
			out = append(out, strings.Repeat(" ", len(lead))+fmt.Sprintf("⋯ %d more characters: signoff pending --json has them whole", hidden))
		}
	}
	return out
}
