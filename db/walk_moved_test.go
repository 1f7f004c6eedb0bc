package db

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// Timeline rows pointed at entries of other kinds (a suggestion's row at
// an asset's entry, a decision's at a review's) left a step with nothing
// found for it, and the walk behind findings, the Timesketch and OCSF
// exports dereferenced it: a crash instead of an answer; a row whose
// entry decoded as an event without a kind crashed the Timesketch export.
// Such a row is left out, and the walk's reads do not verify.
func TestAWalkOverTimelineRowsMovedOntoOtherEntriesDoesNotCrash(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(),
			"UPDATE events SET seq = (SELECT seq FROM chain WHERE kind = 'asset' AND subject = 'deploy-bot') WHERE id = 'S1'",
			"UPDATE events SET seq = (SELECT seq FROM chain WHERE kind = 'review') WHERE id = 'D1'")
		n := 0
		sw, err := d.recordWalk(context.Background(), "INC-1", func(model.TimelineRecord) error { n++; return nil })
		if err != nil || n == 0 {
			t.Errorf("the walk handed out %d records and returned %v", n, err)
		}
		// The steps' reads name the first (walk_steps.go), the timeline's
		// its own.
		if got := d.ReadFault(); !strings.Contains(got, `(assets deploy-bot): a row of events points at it, but it is an entry of kind "asset"`) {
			t.Errorf("the store's reads say %q", got)
		}
		if !slices.ContainsFunc(sw.r.faults, func(f chain.Fault) bool {
			return f.Subject == "S1" && f.Reason == "its timeline row points at an entry that is not its record"
		}) {
			t.Errorf("the walk's faults: %v", sw.r.faults)
		}
	})
}
