package db

import (
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
	benchVerify(b, path)
}
