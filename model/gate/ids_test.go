package gate

import (
	"testing"
	"time"
)

func TestReservedKnowsEveryIdTheGateGivesItsRecordsAndNoOther(t *testing.T) {
	at := time.UnixMilli(1764657000123)
	cases := []struct {
		name     string
		id       string
		reserved bool
	}{
		{"the run of a pre-authorised call is the gate's", RunID("S-toolu_02Read"), true},
		{"the result of a call is the gate's", ResultID("S-toolu_01Bash"), true},
		{"the result of a call of a random batch is the gate's", ResultID("S-1a2b3c4d5e6f-2"), true},
		{"a note on a gated call is the gate's", NoteID("S-toolu_01Bash", at), true},
		{"a note on a call whose id ends in digits is the gate's", NoteID("S-abc-12", at), true},
		{"a suggestion's own id is not reserved", "S-toolu_01Bash", false},
		{"a feed's execution X1 is not reserved", "X1", false},
		{"an execution named after a feed's own suggestion is not reserved", "X-S1", false},
		{"a note on a suggestion the gate does not name is not reserved", NoteID("S1", at), false},
		{"a note id without its time is not reserved", "N-S-toolu_1", false},
		{"an id in another case is not the gate's", "x-S-toolu_1", false},
		{"a decision of the queue is not the gate's", "D-S-toolu_01Bash", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Reserved(c.id) != ""; got != c.reserved {
				t.Errorf("Reserved(%q) = %q; want reserved %v", c.id, Reserved(c.id), c.reserved)
			}
		})
	}
}
