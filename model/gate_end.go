package model

import "time"

// GateEnding is how the approval gate that waited on a suggestion stopped
// waiting with no decision (docs/GATE.md). The suggestion stays pending
// (no decision, no execution), but no agent waits for its answer.
type GateEnding string

const (
	// GateStopped: the gate was interrupted (SIGTERM, ctrl+c: the
	// framework gave up on it) and told its agent no.
	GateStopped GateEnding = "stopped"
	// GateTimedOut: its --wait ran out; the agent was told no, or (Claude
	// Code) to ask its user.
	GateTimedOut GateEnding = "timed_out"
)

func (g GateEnding) Valid() bool { return g == GateStopped || g == GateTimedOut }

// GateEnd is what the gate's note on a suggestion says: its agent was
// answered without a decision, so a decision recorded now runs nothing
// unless the agent asks again under the same call id.
type GateEnd struct {
	How GateEnding
	// At is when the note was recorded: when the agent was told.
	At time.Time
	// AskedUser: the agent was told to ask its user, not no.
	AskedUser bool
}
