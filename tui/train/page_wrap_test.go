package train

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// The training pages wrap as the review screen does: an accent stays on
// the line of the letter it sits on.
func TestTrainingPagesKeepAnAccentWithItsLetter(t *testing.T) {
	p := &page{width: 5}
	p.add(lipgloss.NewStyle(), safe("abcde\u0301fgh"), 0)
	p.field(lipgloss.NewStyle(), "", lipgloss.NewStyle(), safe("bcde\u0301fgh"))
	want := []string{"abcde\u0301", "fgh", " bcde\u0301", " fgh"}
	if len(p.lines) != len(want) {
		t.Fatalf("lines %q, want %q", p.lines, want)
	}
	for i := range want {
		if p.lines[i] != want[i] {
			t.Errorf("line %d is %q, want %q", i, p.lines[i], want[i])
		}
	}
}
