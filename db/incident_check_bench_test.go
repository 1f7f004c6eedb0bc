package db

import (
	"context"
	"os"
	"testing"
)

// benchIncidentFile opens the database SIGNOFF_BENCH_DB names, closed when
// the benchmark ends, and gives incident SIGNOFF_BENCH_INCIDENT of it; it
// skips the benchmark when they name none.
func benchIncidentFile(b *testing.B) (*DB, string) {
	path, inc := os.Getenv("SIGNOFF_BENCH_DB"), os.Getenv("SIGNOFF_BENCH_INCIDENT")
	if path == "" || inc == "" {
		b.Skip("SIGNOFF_BENCH_DB and SIGNOFF_BENCH_INCIDENT name no incident")
	}
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d, inc
}

// BenchmarkCheckIncidentFile is the workstation's background check of the
// incident it opens (CheckIncident), on a kept file (benchIncidentFile).
func BenchmarkCheckIncidentFile(b *testing.B) {
	d, inc := benchIncidentFile(b)
	for b.Loop() {
		pass, err := d.CheckIncident(context.Background(), inc)
		if err != nil || len(pass.Faults) > 0 {
			b.Fatal(pass.Faults, err)
		}
		b.ReportMetric(float64(pass.Entries), "entries")
	}
}
