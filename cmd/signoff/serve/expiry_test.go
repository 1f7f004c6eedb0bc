package serve

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A key given valid-before a moment still to come (a contractor's last
// day) stops speaking for its person at that moment, with nothing in the
// file changing then: its open session ends, as a removed line's does.
func TestASessionEndsWhenItsKeyRunsPastValidBefore(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	var now atomic.Int64
	now.Store(t0.UnixNano())
	f := start(t, 1, 2, func(c *Config) { c.Clock = func() time.Time { return time.Unix(0, now.Load()).UTC() } })
	line := "p02 valid-before=\"20260601130000Z\" " + strings.TrimPrefix(rosterLine("p02", f.keys["p02"]), "p02 ")
	if err := os.WriteFile(f.signers, []byte(rosterLine("p01", f.keys["p01"])+line), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	tm := f.open("p02", 80, 24)
	tm.must(wait, "signoff · p02 (")

	now.Store(t0.Add(2 * time.Hour).UnixNano())
	if code, err := tm.exit(wait); err != nil || code != 1 || !strings.Contains(tm.errs.String(), "no longer speaks for p02") {
		t.Fatalf("past its valid-before: exit %d, %v, stderr %q", code, err, tm.errs.String())
	}
}
