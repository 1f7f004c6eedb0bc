package db

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// Benchmarks run on a generated incident of benchEvents events
// (SIGNOFF_BENCH_EVENTS, default 1,000,000), written once per process.

func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv("SIGNOFF_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var bench struct {
	once   sync.Once
	dir    string
	stream string // the generated NDJSON file
	db     string // a database holding it, imported once
	id     string
	err    error
}

func benchSetup(b *testing.B) {
	b.Helper()
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "signoff-bench-")
		if bench.err != nil {
			return
		}
		bench.stream = filepath.Join(bench.dir, "incident.ndjson")
		f, err := os.Create(bench.stream)
		if err != nil {
			bench.err = err
			return
		}
		o := fixtures.GenOptions{Incidents: 1, Events: benchEvents(), Seed: 1}
		bench.id = fixtures.GenIncidentID(o.Seed, 0)
		if bench.err = fixtures.Generate(f, o); bench.err != nil {
			return
		}
		if bench.err = f.Close(); bench.err != nil {
			return
		}
		bench.db = filepath.Join(bench.dir, "bench.db")
		_, bench.err = importFile(bench.db, bench.stream)
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func importFile(dbPath, stream string) (ImportResult, error) {
	d, err := Open(context.Background(), dbPath)
	if err != nil {
		return ImportResult{}, err
	}
	defer d.Close()
	f, err := os.Open(stream)
	if err != nil {
		return ImportResult{}, err
	}
	defer f.Close()
	return d.ImportStream(context.Background(), filepath.Base(stream), bufio.NewReader(f), "bench")
}

// peakRSS is the process's peak resident memory in MiB (Linux VmHWM).
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkImportStream imports the generated incident into a fresh
// database. peak-MiB is the process's peak RSS (it includes the generator
// run, which streams, and the Go runtime).
func BenchmarkImportStream(b *testing.B) {
	benchSetup(b)
	runtime.GC()
	b.ResetTimer()
	var events int
	for i := 0; i < b.N; i++ {
		res, err := importFile(filepath.Join(b.TempDir(), fmt.Sprintf("i%d.db", i)), bench.stream)
		if err != nil {
			b.Fatal(err)
		}
		events = res.Counts["events"]
	}
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(peakRSS(), "peak-MiB")
}

// windowCursors are the cursors just before rows 0, n/2 and n-100.
func windowCursors(b *testing.B, d *DB) map[string]*model.Cursor {
	cursors := map[string]*model.Cursor{"start": nil}
	var inc, total int64
	if err := d.sql.QueryRow("SELECT seq FROM incidents WHERE id = ?", bench.id).Scan(&inc); err != nil {
		b.Fatal(err)
	}
	if err := d.sql.QueryRow("SELECT count(*) FROM events WHERE inc = ?", inc).Scan(&total); err != nil {
		b.Fatal(err)
	}
	for name, offset := range map[string]int64{"middle": total / 2, "end": total - 101} {
		var at int64
		var id string
		if err := d.sql.QueryRow("SELECT at, id FROM events WHERE inc = ? ORDER BY at, id LIMIT 1 OFFSET ?", inc, offset).Scan(&at, &id); err != nil {
			b.Fatal(err)
		}
		cursors[name] = &model.Cursor{At: fromNanos(at), ID: id}
	}
	return cursors
}

// BenchmarkTimelineWindow reads 100 rows at the start, middle and end.
func BenchmarkTimelineWindow(b *testing.B) {
	benchSetup(b)
	d, err := Open(context.Background(), bench.db)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	cursors := windowCursors(b, d)
	for _, pos := range []string{"start", "middle", "end"} {
		b.Run(pos, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rows, err := d.TimelineAfter(context.Background(), bench.id, cursors[pos], 100)
				if err != nil || len(rows) != 100 {
					b.Fatalf("%d rows, %v", len(rows), err)
				}
			}
		})
	}
}
