package review

import "strconv"

// PendingCount is how a count of pending suggestions reads wherever one is
// shown (the picker, the review screen, `signoff incidents` and
// `status`): "5 pending", or "5 pending (2 gate ended)" when the gate of
// some already answered its agent. Those stay pending (docs/GATE.md), but
// a decision on one runs nothing, so a count that hid them would overstate
// the live work.
func PendingCount(pending, gateEnded int) string {
	return strconv.Itoa(pending) + " pending" + GateEndedCount(gateEnded)
}

// GateEndedCount is what follows any count of pending work some of whose
// gates already answered their agents: " (2 gate ended)", or "" for none.
func GateEndedCount(gateEnded int) string {
	if gateEnded == 0 {
		return ""
	}
	return " (" + strconv.Itoa(gateEnded) + " gate ended)"
}
