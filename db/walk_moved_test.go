package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
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
		err := d.EachRecord(context.Background(), "INC-1", func(model.TimelineRecord) error { n++; return nil })
		if err != nil || n == 0 {
			t.Errorf("the walk handed out %d records and returned %v", n, err)
		}
		if got := d.ReadFault(); !strings.Contains(got, "its timeline row points at an entry that is not its record") {
			t.Errorf("the store's reads say %q", got)
		}
	})
}
