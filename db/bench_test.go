package db

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/model/format"
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
	stopAhead()
	dropSharedSchemas()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func importFile(dbPath, stream string) ([]model.ImportResult, error) {
	d, err := Open(context.Background(), dbPath, benchBuildClock)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	f, err := os.Open(stream)
	if err != nil {
		return nil, err
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
		events = res[0].Counts["events"]
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
	d, err := Open(context.Background(), bench.db, fixedClock)
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

// BenchmarkSQLite3CLIWindow runs the same window query (the SQL of
// TimelineAfter, same parameters) in the sqlite3 command-line tool on the
// same database, b.N times in one process; the time of a run with no
// queries (start-up, opening) is subtracted.
func BenchmarkSQLite3CLIWindow(b *testing.B) {
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 command-line tool")
	}
	benchSetup(b)
	d, err := Open(context.Background(), bench.db, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	cursors := windowCursors(b, d)
	var inc int64
	d.sql.QueryRow("SELECT seq FROM incidents WHERE id = ?", bench.id).Scan(&inc)
	d.Close()
	run := func(b *testing.B, c *model.Cursor, n int) time.Duration {
		at, id := int64(math.MinInt64), ""
		if c != nil {
			at, id = c.At.UnixNano(), c.ID
		}
		var script strings.Builder
		fmt.Fprintf(&script, ".parameter init\n.parameter set ?1 %d\n.parameter set ?2 %d\n.parameter set ?3 '%s'\n.parameter set ?4 100\n.output /dev/null\n",
			inc, at, strings.ReplaceAll(id, "'", "''"))
		for i := 0; i < n; i++ {
			script.WriteString(timelineAfter + ";\n")
		}
		cmd := exec.Command(cli, "-batch", bench.db)
		cmd.Stdin = strings.NewReader(script.String())
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
		return time.Since(start)
	}
	for _, pos := range []string{"start", "middle", "end"} {
		b.Run(pos, func(b *testing.B) {
			base := run(b, cursors[pos], 0)
			b.ResetTimer()
			total := run(b, cursors[pos], b.N)
			b.StopTimer()
			b.ReportMetric(float64((total-base).Nanoseconds())/float64(b.N), "cli-ns/op")
		})
	}
}

// BenchmarkVerify recomputes the chain of the generated incident.
func BenchmarkVerify(b *testing.B) {
	benchSetup(b)
	benchVerify(b, bench.db)
}

// benchVerify verifies the database at path b.N times and reports the
// entries verified a second.
func benchVerify(b *testing.B, path string) {
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	b.ResetTimer()
	var res chain.VerifyResult
	for i := 0; i < b.N; i++ {
		if res, err = d.Verify(context.Background()); err != nil || !res.Intact {
			b.Fatalf("%s, %v", res, err)
		}
	}
	b.ReportMetric(float64(res.Entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(res.Entries), "entries")
}

// BenchmarkParseLines decodes generated stream lines strictly and prepares
// them for writing, without the database: the work of the parsing
// goroutine of an import.
func BenchmarkParseLines(b *testing.B) {
	var buf strings.Builder
	if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: 20_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pr := &preparer{name: "gen.ndjson", at: chain.Time(clock), actor: "bench"}
		dec := format.NewStreamDecoder(pr.name)
		for n, line := range lines {
			if p := pr.parse(dec, n+1, []byte(line)); p.err != nil {
				b.Fatal(p.err)
			}
		}
	}
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
