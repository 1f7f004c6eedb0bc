package review

import "strconv"

// PendingCount is how a count of pending suggestions reads wherever one is
// shown (the picker, the review screen, `signoff incidents` and
// `status`): "5 pending", or "5 pending (2 gate ended)" when the gate of
// some already answered its agent. Those stay pending (docs/GATE.md), but
// a decision on one runs nothing, so a count that hid them would overstate
// the live work.
func PendingCount(pending, gateEnded int) string {
	s := strconv.Itoa(pending) + " pending"
	if gateEnded > 0 {
		s += " (" + strconv.Itoa(gateEnded) + " gate ended)"
	}
	return s
}
