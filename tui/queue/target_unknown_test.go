package queue

import (
	"strings"
	"testing"
)

// A gated call whose target the mapping could not read lists as acting on
// an unknown target, not on nothing: its row says "target unknown".
func TestARowSaysATargetIsUnknown(t *testing.T) {
	store := openStore(t)
	action, raw := confirmCallRaw(t)
	action.Type, action.Target = "tool:iso", ""
	recordGated(t, store, "S-x1", action, raw)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := newTestModel(t, store, "alice", size[0], size[1])
		selectKey(t, m, "INC-2046/S-x1")
		var row string
		for _, l := range strings.Split(screen(m), "\n") {
			if i := strings.Index(l, "HIGH S-x1 "); i >= 0 {
				row = l[i:]
				break
			}
		}
		if !strings.Contains(row, "S-x1 tool:iso → target unknown") {
			t.Errorf("%dx%d: the row %q does not say its target is unknown", size[0], size[1], row)
		}
		checkFrame(t, m.View(), size[0], size[1])
	}
}
