package db

import (
	"context"
	"os"
	"testing"
)

// BenchmarkExportFile exports incident SIGNOFF_BENCH_INCIDENT of the
// database named by SIGNOFF_BENCH_DB to nowhere, so the export can be
// profiled on a large record without importing it again.
func BenchmarkExportFile(b *testing.B) {
	path, inc := os.Getenv("SIGNOFF_BENCH_DB"), os.Getenv("SIGNOFF_BENCH_INCIDENT")
	if path == "" || inc == "" {
		b.Skip("SIGNOFF_BENCH_DB and SIGNOFF_BENCH_INCIDENT name no incident to export")
	}
	ctx := context.Background()
	d, err := Open(ctx, path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for b.Loop() {
		var n countingWriter
		if err := d.Export(ctx, inc, &n); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/(1<<20), "MiB")
	}
}
