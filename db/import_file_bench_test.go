package db

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkImportFile imports the stream named by SIGNOFF_BENCH_STREAM
// into a fresh database, with no setup import beside it, so the import
// alone can be profiled (-cpuprofile) on a large file built once.
func BenchmarkImportFile(b *testing.B) {
	stream := os.Getenv("SIGNOFF_BENCH_STREAM")
	if stream == "" {
		b.Skip("SIGNOFF_BENCH_STREAM names no stream to import")
	}
	var events int
	for i := 0; i < b.N; i++ {
		res, err := importFile(filepath.Join(b.TempDir(), "import.db"), stream)
		if err != nil {
			b.Fatal(err)
		}
		events = res[0].Counts["events"]
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(peakRSS(), "peak-MiB")
}
