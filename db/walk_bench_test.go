package db

import (
	"context"
	"runtime"
	"testing"

	"github.com/signoff/signoff/model"
)

// BenchmarkEachRecord walks the generated incident the read benchmarks
// use (SIGNOFF_READ_BENCH_DB, or benchEvents events built for the run):
// every record, each with its step, as the exports read it. It reports the
// records walked and the heap in use at the end of the walk, which must
// not grow with the incident.
func BenchmarkEachRecord(b *testing.B) {
	d, inc := readBenchDB(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		var n int
		var peak uint64
		err := d.EachRecord(ctx, inc, func(r model.TimelineRecord) error {
			if n++; n%200_000 == 0 {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "records")
		b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
	}
}
