package main

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/signoff/signoff/review"
)

// Ids come from the record: a subject of wide characters must not push
// the messages after it out of line.
func TestTheFindingsTableLinesUpWideSubjects(t *testing.T) {
	fs := []review.Finding{
		{Code: review.CodeNoRationale, Level: review.LevelWarning, Subject: "D1", Message: "first"},
		{Code: review.CodeNoRationale, Level: review.LevelWarning, Subject: "決定一", Message: "second"},
	}
	var out strings.Builder
	writeFindings(&out, "INC-1", fs)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := runewidth.StringWidth(lines[0][:strings.Index(lines[0], "MESSAGE")])
	for _, line := range lines[1:] {
		i := strings.LastIndex(line, "  ") + 2
		if got := runewidth.StringWidth(line[:i]); got != want {
			t.Errorf("the message starts at cell %d in %q; MESSAGE at %d", got, line, want)
		}
	}
}
