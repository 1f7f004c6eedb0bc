package metrics

import (
	"os"
	"testing"

	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// BenchmarkFirstFrame is the dashboard from nothing to its first drawn
// frame: the store's aggregation, the summary and the view at 80x24, over
// the database db.TestBuildMetricsBenchDB builds (SIGNOFF_METRICS_DB), and
// in the same run over its copy on the PostgreSQL server
// SIGNOFF_TEST_POSTGRES names (BENCHMARKS.md, "PostgreSQL beside SQLite").
func BenchmarkFirstFrame(b *testing.B) {
	path := os.Getenv("SIGNOFF_METRICS_DB")
	if path == "" {
		b.Skip("set SIGNOFF_METRICS_DB to a database built by db.TestBuildMetricsBenchDB")
	}
	for _, engine := range dbtest.Engines() {
		b.Run("engine="+engine, func(b *testing.B) {
			store := dbtest.BenchOn(b, engine, "metrics-1m", path)
			for b.Loop() {
				m := New(tuitest.Common(store, "", nil), model.MetricsFilter{})
				m.SetSize(80, 24)
				m, _ = m.Update(m.Init()())
				if m.err != nil {
					b.Fatal(m.err)
				}
				_ = m.View()
			}
		})
	}
}
