package db

import (
	"context"
	"os"
	"testing"
)

// BenchmarkVerifyFile verifies the database named by SIGNOFF_BENCH_DB, so
// verify can be profiled on a large record without importing it again.
func BenchmarkVerifyFile(b *testing.B) {
	path := os.Getenv("SIGNOFF_BENCH_DB")
	if path == "" {
		b.Skip("SIGNOFF_BENCH_DB names no database to verify")
	}
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	b.ResetTimer()
	var res VerifyResult
	for i := 0; i < b.N; i++ {
		if res, err = d.Verify(context.Background()); err != nil || !res.Intact {
			b.Fatalf("%s, %v", res, err)
		}
	}
	b.ReportMetric(float64(res.Entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
