package review

import (
	"strconv"

	"github.com/signoff/signoff/model"
)

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

// TargetUnknown is what a list of pending work shows in place of the
// target of a containment action that names none: a gated call whose
// target its mapping could not read (an unmapped tool:NAME, or a target
// that is no asset of the incident) still acts on something, and an empty
// place would read as nothing.
const TargetUnknown = "target unknown"

// PendingAction is an action as a list of pending work names it: "type →
// target", "type → target unknown" for a containment action (class c)
// with no target, and the type alone for a read or a communication.
func PendingAction(a model.Action, c model.ActionClass) string {
	switch {
	case a.Target != "":
		return a.Type + " → " + a.Target
	case c == model.ClassContainment:
		return a.Type + " → " + TargetUnknown
	}
	return a.Type
}
