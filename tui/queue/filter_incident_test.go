package queue

import (
	"strings"
	"testing"
)

// A filter naming an incident that matches nothing says why: an incident
// that is not stored but reads like one that is ("INC‐2046", U+2010) is
// named beside the stored one, both spelt, as a command line names it;
// one not stored at all is said to be absent; a stored one with nothing
// pending keeps "nothing pending matches".
func TestAFilterOnAnIncidentThatIsNotStoredSaysWhichStoredOneItReadsLike(t *testing.T) {
	cases := []struct{ name, filter, says string }{
		{"an id that reads like a stored one", "incident:INC\u20102046",
			`there is no incident "INC‐2046" (spelt "INC\u20102046") in the database; "INC-2046" is stored and reads like it; esc clears the filter.`},
		{"an id that reads like none", "incident:INC-9999", `there is no incident INC-9999 in the database; esc clears the filter.`},
		{"a stored incident with nothing pending", "incident:INC-2041", `Nothing pending matches incident:INC-2041; esc clears the filter.`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newTestModel(t, openStore(t), "alice", 80, 24)
			press(t, m, "/")
			typeText(t, m, c.filter)
			press(t, m, "enter")
			// The footer wraps the sentence where it likes, within an id too.
			flat := strings.Join(strings.Fields(screen(m)), "")
			if !strings.Contains(flat, strings.Join(strings.Fields(c.says), "")) {
				t.Errorf("the screen does not say %q:\n%s", c.says, screen(m))
			}
			checkFrame(t, m.View(), 80, 24)
		})
	}
}
