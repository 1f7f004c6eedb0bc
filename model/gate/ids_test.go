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

func TestFreeNoteIDTakesTheNextMillisecondNoRecordHolds(t *testing.T) {
	at := time.UnixMilli(1764657000123)
	taken := map[string]bool{NoteID("S-x", at): true, NoteID("S-x", at.Add(time.Millisecond)): true,
		NoteID("S-x", at.Add(3*time.Millisecond)): true, "X-S-x": true}
	held := func(id string) bool { return taken[id] }
	cases := []struct {
		name, id, want string
	}{
		{"a free id is kept", NoteID("S-x", at.Add(2*time.Millisecond)), NoteID("S-x", at.Add(2*time.Millisecond))},
		{"a run of taken ids is stepped over to the first free one", NoteID("S-x", at), NoteID("S-x", at.Add(2*time.Millisecond))},
		{"a note on another suggestion is not moved by these", NoteID("S-y", at), NoteID("S-y", at)},
		{"an id that is no note id is left as it is", "X-S-x", "X-S-x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := FreeNoteID(c.id, held)
			if got != c.want {
				t.Errorf("FreeNoteID(%q) = %q; want %q", c.id, got, c.want)
			}
			if NoteSuggestion(got) != NoteSuggestion(c.id) {
				t.Errorf("FreeNoteID(%q) = %q names another suggestion", c.id, got)
			}
		})
	}
}
