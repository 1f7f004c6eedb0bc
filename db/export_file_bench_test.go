package db

import (
	"context"
	"testing"
)

// BenchmarkExportFile exports an incident of a kept file
// (benchIncidentFile) to nowhere, so the export can be profiled on a large
// record without importing it again.
func BenchmarkExportFile(b *testing.B) {
	d, inc := benchIncidentFile(b)
	for b.Loop() {
		var n countingWriter
		if err := d.Export(context.Background(), inc, &n); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/(1<<20), "MiB")
	}
}
