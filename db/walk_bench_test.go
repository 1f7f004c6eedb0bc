package db

import (
	"context"
	"runtime"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
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

// BenchmarkEachStep walks the same incident step by step, as findings and
// the report read it, and reports the steps walked and the heap in use.
func BenchmarkEachStep(b *testing.B) {
	d, inc := readBenchDB(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		var n int
		var peak uint64
		err := d.EachStep(ctx, inc, func(model.WalkStart) error { return nil }, func(*model.Step) error {
			if n++; n%50_000 == 0 {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n), "steps")
		b.ReportMetric(float64(peak)/(1<<20), "heap-MiB")
	}
}

// BenchmarkFindingsWalk is what `signoff findings` does: the step walk,
// each step checked by the rules as it comes.
func BenchmarkFindingsWalk(b *testing.B) {
	d, inc := readBenchDB(b)
	ctx := context.Background()
	p := review.DefaultPolicy()
	b.ResetTimer()
	for b.Loop() {
		var chk *review.StepChecker
		n := 0
		err := d.EachStep(ctx, inc, func(ws model.WalkStart) error {
			chk = review.NewStepChecker(ws, p)
			return nil
		}, func(s *model.Step) error {
			n += len(chk.Step(s))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n+len(chk.Finish())), "findings")
	}
}
