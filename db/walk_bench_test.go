package db

import (
	"context"
	"runtime"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// heapPeak counts what a walk hands over and samples the heap in use
// every so many, keeping the largest.
type heapPeak struct {
	every, n int
	peak     uint64
}

func (h *heapPeak) count() {
	if h.n++; h.n%h.every == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		h.peak = max(h.peak, ms.HeapInuse)
	}
}

func (h *heapPeak) report(b *testing.B, unit string) {
	b.ReportMetric(float64(h.n), unit)
	b.ReportMetric(float64(h.peak)/(1<<20), "heap-MiB")
}

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
		h := heapPeak{every: 200_000}
		err := d.EachRecord(ctx, inc, func(model.TimelineRecord) error {
			h.count()
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		h.report(b, "records")
	}
}

// BenchmarkEachStep walks the same incident step by step, as findings and
// the report read it, and reports the steps walked and the heap in use.
func BenchmarkEachStep(b *testing.B) {
	d, inc := readBenchDB(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		h := heapPeak{every: 50_000}
		err := d.EachStep(ctx, inc, func(model.WalkStart) error { return nil }, func(*model.Step) error {
			h.count()
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		h.report(b, "steps")
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

// BenchmarkExport writes the same incident as the native export does, to
// nowhere: the reading, the checks and the re-indenting, not the disk.
func BenchmarkExport(b *testing.B) {
	d, inc := readBenchDB(b)
	ctx := context.Background()
	for b.Loop() {
		var n countingWriter
		if err := d.Export(ctx, inc, &n); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/(1<<20), "MiB")
	}
}

// countingWriter counts the bytes written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
