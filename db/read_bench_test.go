package db

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// The workstation's reads on one generated incident (seed 7, as the tui
// benchmarks use) of benchEvents events. The database is kept at
// SIGNOFF_READ_BENCH_DB when that is set, so a run can reuse it (and an
// older schema's copy measures the migration), else in a temporary
// directory for this run only.

func readBenchDB(b *testing.B) (*DB, string) {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("SIGNOFF_READ_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "read.db")
	}
	if _, err := os.Stat(path); err != nil {
		if err := buildReadBenchDB(ctx, path, benchEvents()); err != nil {
			os.Remove(path)
			b.Fatal(err)
		}
	}
	d, err := Open(ctx, path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	// A database built elsewhere (signoff gen, any seed) is read at its
	// first incident.
	var id string
	if err := d.sql.QueryRow("SELECT id FROM incidents ORDER BY seq LIMIT 1").Scan(&id); err != nil {
		b.Fatal(err)
	}
	return d, id
}

func buildReadBenchDB(ctx context.Context, path string, n int) error {
	d, err := Open(ctx, path, benchBuildClock)
	if err != nil {
		return err
	}
	defer d.Close()
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(fixtures.Generate(pw, fixtures.GenOptions{Incidents: 1, Events: n, Seed: 7}))
	}()
	_, err = d.ImportStream(ctx, fmt.Sprintf("generated-%d.ndjson", n), pr, "bench")
	pr.CloseWithError(err)
	return err
}

// BenchmarkReads times the calls the review workstation makes on the
// generated incident: the header counts, the list of incidents, the step
// of a row in the first page and of one in the middle, and searches that
// miss, hit near the cursor, and are too short for the search index.
func BenchmarkReads(b *testing.B) {
	ctx := context.Background()
	d, inc := readBenchDB(b)
	first, err := d.TimelineAfter(ctx, inc, nil, 256)
	if err != nil || len(first) == 0 {
		b.Fatal(err)
	}
	cursors := windowCursorsOf(b, d, inc)
	middle, err := d.TimelineAfter(ctx, inc, cursors["middle"], 256)
	if err != nil {
		b.Fatal(err)
	}
	from := middle[0].Cursor()
	calls := []struct {
		name string
		call func() error
	}{
		{"incident-summary", func() error { _, err := d.IncidentSummary(ctx, inc); return err }},
		{"incidents", func() error { _, err := d.Incidents(ctx); return err }},
		{"step-first-page", func() error { _, err := d.Step(ctx, inc, firstStep(b, first).ID); return err }},
		{"step-middle", func() error { _, err := d.Step(ctx, inc, firstStep(b, middle).ID); return err }},
		{"search-miss", func() error {
			r, err := d.SearchTimeline(ctx, inc, "no-such-text", from, true)
			return wantFound(r, err, false)
		}},
		{"search-miss-backward", func() error {
			r, err := d.SearchTimeline(ctx, inc, "no-such-text", from, false)
			return wantFound(r, err, false)
		}},
		{"search-hit-near", func() error {
			r, err := d.SearchTimeline(ctx, inc, "revoke", from, true)
			return wantFound(r, err, true)
		}},
		{"search-short-miss", func() error {
			r, err := d.SearchTimeline(ctx, inc, "q!", from, true)
			return wantFound(r, err, false)
		}},
		// What the review screen now runs: one step of at most 50,000
		// events, from the start, where the unbounded walk is longest.
		{"search-short-miss-bounded", func() error {
			s, err := d.SearchWithin(ctx, inc, model.TimelineFilter{Text: "q!"}, start, true, 50_000)
			if err == nil && (s.Row != nil || s.End) {
				return fmt.Errorf("the bounded search found %v, end %v", s.Row, s.End)
			}
			return err
		}},
		{"search-short-miss-from-start", func() error {
			r, err := d.SearchTimeline(ctx, inc, "q!", start, true)
			return wantFound(r, err, false)
		}},
	}
	for _, c := range calls {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func firstStep(b *testing.B, rows []model.TimelineRow) model.TimelineRow {
	for _, r := range rows {
		if r.Subject != "" {
			return r
		}
	}
	b.Fatal("no step in the window")
	return model.TimelineRow{}
}

func wantFound(r *model.TimelineRow, err error, want bool) error {
	if err == nil && (r != nil) != want {
		return fmt.Errorf("search found %v, want found %v", r, want)
	}
	return err
}

// windowCursorsOf is windowCursors for any incident.
func windowCursorsOf(b *testing.B, d *DB, id string) map[string]*model.Cursor {
	var inc, total int64
	if err := d.sql.QueryRow("SELECT seq FROM incidents WHERE id = ?", id).Scan(&inc); err != nil {
		b.Fatal(err)
	}
	if err := d.sql.QueryRow("SELECT count(*) FROM events WHERE inc = ?", inc).Scan(&total); err != nil {
		b.Fatal(err)
	}
	var at int64
	var rid string
	if err := d.sql.QueryRow("SELECT at, id FROM events WHERE inc = ? ORDER BY at, id LIMIT 1 OFFSET ?", inc, total/2).Scan(&at, &rid); err != nil {
		b.Fatal(err)
	}
	return map[string]*model.Cursor{"middle": {At: fromNanos(at), ID: rid}}
}
