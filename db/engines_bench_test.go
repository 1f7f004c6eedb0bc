package db_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// The engines side by side (BENCHMARKS.md, "PostgreSQL beside SQLite"): each
// measurement runs on SQLite and, when SIGNOFF_TEST_POSTGRES names a
// server, on PostgreSQL, in one run:
//
//	SIGNOFF_TEST_POSTGRES=postgres://… go test ./db -run '^$' -bench Engines -benchtime 1x
//
// The incident is generated (SIGNOFF_BENCH_EVENTS events, default
// 1,000,000); the metrics read the database SIGNOFF_METRICS_DB names
// (db.TestBuildMetricsBenchDB builds it), copied onto the server once.

func engineEvents() int {
	if n, err := strconv.Atoi(os.Getenv("SIGNOFF_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var generated struct {
	once sync.Once
	path string
	err  error
}

// generatedStream is the generated incident as a stream file, written
// once per process.
func generatedStream(b *testing.B) string {
	generated.once.Do(func() {
		generated.path = filepath.Join(os.TempDir(), fmt.Sprintf("signoff-bench-events-%d.ndjson", engineEvents()))
		if _, err := os.Stat(generated.path); err == nil {
			return
		}
		f, err := os.Create(generated.path + ".tmp")
		if err != nil {
			generated.err = err
			return
		}
		w := bufio.NewWriter(f)
		if generated.err = fixtures.Generate(w, fixtures.GenOptions{Incidents: 1, Events: engineEvents(), Seed: 1}); generated.err == nil {
			generated.err = w.Flush()
		}
		if err := f.Close(); generated.err == nil {
			generated.err = err
		}
		if generated.err == nil {
			generated.err = os.Rename(generated.path+".tmp", generated.path)
		}
	})
	if generated.err != nil {
		b.Fatal(generated.err)
	}
	return generated.path
}

func importInto(ctx context.Context, d *db.DB, stream string) ([]model.ImportResult, error) {
	f, err := os.Open(stream)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return d.ImportStream(ctx, filepath.Base(stream), bufio.NewReader(f), "bench")
}

// EventsDB is the generated incident, imported, on engine.
func eventsDB(b *testing.B, engine string) *db.DB {
	stream := generatedStream(b)
	return dbtest.BenchDB(b, engine, fmt.Sprintf("events-%d", engineEvents()), func(d *db.DB) error {
		_, err := importInto(context.Background(), d, stream)
		return err
	})
}

// freshOn is an empty database on engine for one import: a file, or a
// schema of its own on the server, dropped after.
func freshOn(b *testing.B, engine string, i int) *db.DB {
	address := filepath.Join(b.TempDir(), fmt.Sprintf("import-%d.db", i))
	if engine == "postgres" {
		address = dbtest.FreshSchema(b)
	}
	d, err := db.Open(context.Background(), address)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	return d
}

// BenchmarkEnginesImport imports the generated incident into an empty
// database, one transaction; the database is opened (and, on PostgreSQL,
// its schema created) before the timer starts.
func BenchmarkEnginesImport(b *testing.B) {
	stream := generatedStream(b)
	for _, engine := range dbtest.Engines() {
		b.Run("engine="+engine, func(b *testing.B) {
			events := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				d := freshOn(b, engine, i)
				b.StartTimer()
				res, err := importInto(context.Background(), d, stream)
				if err != nil {
					b.Fatal(err)
				}
				events = res[0].Counts["events"]
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/import")
			b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkEnginesVerify verifies the generated incident's record.
func BenchmarkEnginesVerify(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run("engine="+engine, func(b *testing.B) {
			d := eventsDB(b, engine)
			var res chain.VerifyResult
			var err error
			for b.Loop() {
				if res, err = d.Verify(context.Background()); err != nil || !res.Intact {
					b.Fatalf("%s, %v", res, err)
				}
			}
			b.ReportMetric(float64(res.Entries), "entries")
			b.ReportMetric(float64(res.Entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// BenchmarkEnginesMetrics reads the trust metrics' sums over the metrics
// database's million suggestions: all of them (the cells every write
// keeps), and one agent's (aggregated from the facts at each read).
func BenchmarkEnginesMetrics(b *testing.B) {
	file := os.Getenv("SIGNOFF_METRICS_DB")
	if file == "" {
		b.Skip("set SIGNOFF_METRICS_DB to a database built by TestBuildMetricsBenchDB")
	}
	for _, engine := range dbtest.Engines() {
		d := dbtest.BenchOn(b, engine, "metrics-1m", file)
		for _, f := range []struct {
			name   string
			filter model.MetricsFilter
		}{{"all", model.MetricsFilter{}}, {"one-agent", model.MetricsFilter{Agent: "remediator"}}} {
			b.Run("engine="+engine+"/"+f.name, func(b *testing.B) {
				for b.Loop() {
					if cells, err := d.MetricCells(context.Background(), f.filter); err != nil || len(cells) == 0 {
						b.Fatalf("%d cells, %v", len(cells), err)
					}
				}
			})
		}
	}
}
