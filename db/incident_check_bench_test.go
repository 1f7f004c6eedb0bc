package db

import (
	"context"
	"os"
	"testing"
)

// BenchmarkCheckIncidentFile is the workstation's background check of the
// incident it opens (CheckIncident), on incident SIGNOFF_BENCH_INCIDENT of
// the database named by SIGNOFF_BENCH_DB.
func BenchmarkCheckIncidentFile(b *testing.B) {
	path, inc := os.Getenv("SIGNOFF_BENCH_DB"), os.Getenv("SIGNOFF_BENCH_INCIDENT")
	if path == "" || inc == "" {
		b.Skip("SIGNOFF_BENCH_DB and SIGNOFF_BENCH_INCIDENT name no incident to check")
	}
	ctx := context.Background()
	d, err := Open(ctx, path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for b.Loop() {
		pass, err := d.CheckIncident(ctx, inc)
		if err != nil || len(pass.Faults) > 0 {
			b.Fatal(pass.Faults, err)
		}
		b.ReportMetric(float64(pass.Entries), "entries")
	}
}
