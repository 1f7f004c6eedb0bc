package review

import (
	"strings"
	"testing"
)

// a accepts what the record proposes; on a step where it proposes
// nothing (a suggestion still pending) the key is not offered, and
// pressed it says so plainly rather than opening a form that cannot save.
func TestAcceptIsOfferedOnlyWhenSomethingIsProposed(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		a := openAt(t, openFixtures(t), reviewer, "INC-2046", "S3", size[0], size[1])
		if r := selected(t, a); r.ID != "S3" {
			t.Fatalf("opened on %s, want S3", r.ID)
		}
		lines := strings.Split(screenText(a), "\n")
		if last := lines[len(lines)-1]; strings.Contains(last, "accept") {
			t.Errorf("the key line offers a on a pending suggestion: %q", last)
		}
		press(t, a, "a")
		text := screenText(a)
		if a.screen.form != nil {
			t.Fatalf("a opened the verdict form with nothing proposed:\n%s", text)
		}
		if flat := strings.Join(strings.Fields(text), " "); !strings.Contains(flat, "Nothing proposed for this step") {
			t.Errorf("a did not say nothing is proposed:\n%s", text)
		}
		if strings.Contains(text, "(a accepts)") {
			t.Errorf("the step still says a accepts:\n%s", text)
		}
		checkFrame(t, a.View(), size[0], size[1])
	}
}
