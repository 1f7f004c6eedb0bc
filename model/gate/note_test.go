package gate

import (
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func TestEndOfReadsTheGatesOwnNotesOnTheirSuggestionOnly(t *testing.T) {
	at := time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC)
	note := func(sug, summary string) model.Event {
		return model.Event{ID: NoteID(sug, at), Kind: model.KindNote, Actor: NoteActor, At: at, Summary: summary}
	}
	stopped := note("S-toolu_1", StoppedNote("S-toolu_1", "claude", ClaudeCode))
	cases := []struct {
		name string
		note model.Event
		sug  string
		want *model.GateEnd
	}{
		{"a stopped gate's note says stopped", stopped, "S-toolu_1",
			&model.GateEnd{How: model.GateStopped, At: at}},
		{"a wait that ran out telling the agent no says timed out", note("S-abc-2", TimedOutNote("S-abc-2", 10*time.Minute, "soc", LangChainHITL, ToldNo)), "S-abc-2",
			&model.GateEnd{How: model.GateTimedOut, At: at}},
		{"Claude Code told to ask its user says so", note("S-x", TimedOutNote("S-x", time.Minute, "claude", ClaudeCode, ToldAskUser)), "S-x",
			&model.GateEnd{How: model.GateTimedOut, At: at, AskedUser: true}},
		{"the note of S-abc-2 is not one on S-abc", note("S-abc-2", StoppedNote("S-abc-2", "soc", OpenAIMCP)), "S-abc", nil},
		{"a note naming another suggestion in its summary is not read", note("S-1", StoppedNote("S-2", "soc", OpenAIMCP)), "S-1", nil},
		{"a note by someone else is not the gate's", func() model.Event { e := stopped; e.Actor = "mallory"; return e }(), "S-toolu_1", nil},
		{"an alert is not a note", func() model.Event { e := stopped; e.Kind = model.KindAlert; return e }(), "S-toolu_1", nil},
		{"an id without the time is not the gate's", func() model.Event { e := stopped; e.ID = "N-S-toolu_1"; return e }(), "S-toolu_1", nil},
		{"another summary is not an ending", note("S-1", "The gate waiting on S-1 was stopped; all fine"), "S-1", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := EndOf(c.note, c.sug)
			if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
				t.Fatalf("EndOf(%q, %q) = %+v, want %+v", c.note.ID, c.sug, got, c.want)
			}
		})
	}
}

func TestNoteSuggestionUndoesNoteID(t *testing.T) {
	for _, id := range []string{"S-1", "S-abc-12", "S-toolu_01-9", "S-2-"} {
		if got := NoteSuggestion(NoteID(id, time.UnixMilli(1764657000123))); got != id {
			t.Errorf("NoteSuggestion(NoteID(%q)) = %q", id, got)
		}
	}
	for _, id := range []string{"N-S-x", "N--1", "N-S-1-", "N-S-1-12a", "X-S-1-12"} {
		if got := NoteSuggestion(id); got != "" {
			t.Errorf("NoteSuggestion(%q) = %q, want none", id, got)
		}
	}
}

func TestReadNoteKnowsTheNoteOfAGateThatWaitsAgain(t *testing.T) {
	at := time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC)
	note := func(sug, summary string) model.Event {
		return model.Event{ID: NoteID(sug, at), Kind: model.KindNote, Actor: NoteActor, At: at, Summary: summary}
	}
	cases := []struct {
		name       string
		note       model.Event
		sug        string
		end, known bool
	}{
		{"a gate asked again waits: known, no ending", note("S-1", AskedAgainNote("S-1", "claude", ClaudeCode)), "S-1", false, true},
		{"a stopped gate's note is known, with its ending", note("S-1", StoppedNote("S-1", "claude", ClaudeCode)), "S-1", true, true},
		{"asked again for another suggestion is not read", note("S-1", AskedAgainNote("S-2", "claude", ClaudeCode)), "S-1", false, false},
		{"asked again by someone else is not the gate's", func() model.Event {
			e := note("S-1", AskedAgainNote("S-1", "claude", ClaudeCode))
			e.Actor = "mallory"
			return e
		}(), "S-1", false, false},
		{"another note of the gate's shape is not known", note("S-1", "Agent claude waits on S-1"), "S-1", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			end, known := ReadNote(c.note, c.sug)
			if (end != nil) != c.end || known != c.known {
				t.Fatalf("ReadNote(%q) = %+v, %v; want ending %v, known %v", c.note.Summary, end, known, c.end, c.known)
			}
		})
	}
}

func TestWaitingCountsTheGatesThatStillWait(t *testing.T) {
	at := time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC)
	note := func(summary string) model.Event {
		at = at.Add(time.Second)
		return model.Event{ID: NoteID("S-1", at), Kind: model.KindNote, Actor: NoteActor, At: at, Summary: summary}
	}
	again := func() model.Event { return note(AskedAgainNote("S-1", "claude", ClaudeCode)) }
	stopped := func(othersWait bool) model.Event {
		return note(StoppedNoteFor("S-1", "claude", ClaudeCode, nil, othersWait))
	}
	decision := &model.Event{ID: "D-S-1", Outcome: model.OutcomeApproved, Owner: "priya"}
	cases := []struct {
		name  string
		notes []model.Event
		want  int
	}{
		{"the gate that recorded the call waits until it notes otherwise", nil, 1},
		{"a gate asked again while the first waits makes two", []model.Event{again()}, 2},
		{"one of two stopped leaves one", []model.Event{again(), stopped(true)}, 1},
		{"both stopped leave none", []model.Event{again(), stopped(true), stopped(false)}, 0},
		{"a gate stopped as a decision landed has stopped", []model.Event{note(StoppedNoteFor("S-1", "claude", ClaudeCode, decision, false))}, 0},
		{"a wait that ran out is not counted: past it none waits", []model.Event{note(TimedOutNote("S-1", time.Minute, "claude", ClaudeCode, ToldAskUser))}, 1},
		{"another suggestion's notes are not counted", []model.Event{{ID: NoteID("S-2", at), Kind: model.KindNote, Actor: NoteActor,
			Summary: AskedAgainNote("S-2", "claude", ClaudeCode)}}, 1},
		{"never fewer than none", []model.Event{stopped(false), stopped(false)}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Waiting(c.notes, "S-1"); got != c.want {
				t.Errorf("Waiting = %d, want %d", got, c.want)
			}
		})
	}
}

func TestAStopNoteReadsLiveWhileAnotherGateWaits(t *testing.T) {
	at := time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC)
	note := func(summary string) model.Event {
		return model.Event{ID: NoteID("S-1", at), Kind: model.KindNote, Actor: NoteActor, At: at, Summary: summary}
	}
	decision := &model.Event{ID: "D-S-1", Outcome: model.OutcomeModified, Owner: "tomas"}
	cases := []struct {
		name       string
		summary    string
		end, known bool
	}{
		{"stopped while another waits: known, live", StoppedNoteFor("S-1", "claude", ClaudeCode, nil, true), false, true},
		{"stopped with none waiting: ended", StoppedNoteFor("S-1", "claude", ClaudeCode, nil, false), true, true},
		{"stopped as a decision landed: known, no ending", StoppedNoteFor("S-1", "claude", ClaudeCode, decision, false), false, true},
		{"a wait that ran out with the words of one that waits is not known", TimedOutNote("S-1", time.Minute, "claude", ClaudeCode, ToldNo) + stillWaits, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			end, known := ReadNote(note(c.summary), "S-1")
			if (end != nil) != c.end || known != c.known {
				t.Fatalf("ReadNote(%q) = %+v, %v; want ending %v, known %v", c.summary, end, known, c.end, c.known)
			}
		})
	}
	if got := StoppedNoteFor("S-1", "claude", ClaudeCode, decision, false); got != "The gate waiting on S-1 was stopped as D-S-1 (modified by tomas) landed, before it answered with it; agent claude (Claude Code) was told no, and D-S-1 was not run by this gate" {
		t.Errorf("the note of a gate stopped as a decision landed: %q", got)
	}
}
