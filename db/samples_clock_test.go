package db

import (
	"testing"
	"time"
)

// samplesImported is when the tests import the bundled incidents: an
// import refuses times ahead of the store's clock (import_times.go), and
// the latest sample (INC-2046) runs to 2026-11-25 08:55, after the tests'
// clock (2026-03-01). It is the moment dbtest.SamplesImported names.
var samplesImported = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// samplesClock fixes the store's clock at samplesImported, for a test
// whose store imports the samples and times nothing else it checks.
var samplesClock = WithClock(func() time.Time { return samplesImported })

// asOfSamples runs f, which imports bundled incidents, with the store's
// clock at samplesImported, and gives the store the test's clock back
// after, however f ends.
func asOfSamples(d *DB, f func()) {
	saved := d.clock
	d.clock = func() time.Time { return samplesImported }
	defer func() { d.clock = saved }()
	f()
}

// benchBuildClock is the clock of a store that builds a benchmark's
// database: what it imports runs far into the future of the tests' clock
// (a million generated events from 2026-01-05 to mid-year, the metrics
// benchmark's 10,000 incidents from 2024 to 2036), and an import refuses
// times ahead of the store's clock.
var benchBuildClock = WithClock(func() time.Time { return time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC) })

// queueDay is a clock on INC-2046's day: after its records, and after the
// feed lines the tests append to it, and before its S6 expires (10:26).
var queueDay = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// onQueueDay fixes the store's clock at queueDay.
var onQueueDay = WithClock(func() time.Time { return queueDay })

// openQueueOnItsDay is openQueue with the store's clock at queueDay, for a
// test that appends to INC-2046 at its own times or exports what the
// queue decided: an import refuses times ahead of the clock, and a
// decision before the suggestion it answers.
func openQueueOnItsDay(t *testing.T) *DB {
	t.Helper()
	d := openTest(t, onQueueDay)
	loadFixture(t, d, "inc-2046-mcp-token-open-queue.json")
	loadFixture(t, d, "inc-2041-ide-extension-token-theft.json")
	return d
}
