package db

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// queueBenchDB holds incidents open incidents of perIncident pending
// suggestions each, as tui/queue's benchmarks build them, written as one
// record stream, at SIGNOFF_QUEUE_BENCH_DB when that is set.
func queueBenchDB(b *testing.B, incidents, perIncident int) string {
	b.Helper()
	path := os.Getenv("SIGNOFF_QUEUE_BENCH_DB") // kept between runs when set
	if path == "" {
		path = filepath.Join(b.TempDir(), "queue.db")
	} else if _, err := os.Stat(path); err == nil {
		return path
	}
	d, err := Open(context.Background(), path, benchBuildClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeQueueStream(pw, incidents, perIncident)) }()
	if _, err := d.ImportStream(context.Background(), "queue.ndjson", pr, "bench"); err != nil {
		b.Fatal(err)
	}
	return path
}

func writeQueueStream(w io.Writer, incidents, perIncident int) error {
	enc := json.NewEncoder(w)
	types := []string{"wipe_host", "isolate_host", "block_ip", "lookup", "revoke_token"}
	opened := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rec := func(kind string, v any) error {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		m["record"] = kind
		if kind == "incident" {
			m["format"] = model.FormatV1
		}
		return enc.Encode(m)
	}
	for i := range incidents {
		recs := []struct {
			kind string
			v    any
		}{
			{"incident", model.Incident{ID: fmt.Sprintf("INC-%05d", i), Title: "Synthetic open incident", Severity: model.Sev2, Status: model.StatusOpen, OpenedAt: opened}},
			{"person", model.Person{ID: "alice", Name: "Alice", Authority: model.AuthorityHigh}},
			{"agent", model.Agent{ID: "remediator", Name: "Remediation assistant", Role: model.RoleRemediation}},
			{"asset", model.Asset{ID: "host-1", Kind: "host"}},
			{"asset", model.Asset{ID: "key-1", Kind: "key", Privileged: true}},
			{"evidence", model.Evidence{ID: "EV-1", Kind: "log", Asset: "host-1", CollectedAt: opened, CollectedBy: "alice"}},
		}
		for _, r := range recs {
			if err := rec(r.kind, r.v); err != nil {
				return err
			}
		}
		for j := range perIncident {
			c := float64(j%10) / 10
			target := "host-1"
			if j%3 == 0 {
				target = "key-1"
			}
			e := model.Event{ID: fmt.Sprintf("S%d", j), At: opened.Add(time.Duration(i*perIncident+j) * time.Second),
				Kind: model.KindSuggestion, Agent: "remediator", Rank: j%4 + 1, Confidence: &c, ConfidenceCue: "synthetic",
				Action:    &model.Action{Type: types[j%len(types)], Target: target, Detail: "do the synthetic thing"},
				Rationale: "a synthetic rationale long enough to look like one an agent would write", Evidence: []string{"EV-1"}}
			if err := rec("event", e); err != nil {
				return err
			}
		}
	}
	return nil
}

// BenchmarkPendingQueue reads 10,000 pending suggestions across 1,000 open
// incidents: cold, on a store just opened (what the queue's first frame
// pays), and again on the same store with nothing written in between
// (what a refresh pays).
func BenchmarkPendingQueue(b *testing.B) {
	ctx := context.Background()
	path := queueBenchDB(b, 1000, 10)
	b.Run("first-read", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			d, err := Open(ctx, path, fixedClock)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			q, err := d.PendingQueue(ctx)
			if err != nil || len(q.Items) != 10_000 {
				b.Fatalf("%d items, %v", len(q.Items), err)
			}
			b.StopTimer()
			d.Close()
			b.StartTimer()
		}
	})
	b.Run("again", func(b *testing.B) {
		d, err := Open(ctx, path, fixedClock)
		if err != nil {
			b.Fatal(err)
		}
		defer d.Close()
		for b.Loop() {
			if q, err := d.PendingQueue(ctx); err != nil || len(q.Items) != 10_000 {
				b.Fatalf("%d items, %v", len(q.Items), err)
			}
		}
	})
}

// BenchmarkPendingQueueHead is the queue's first load in two parts: the
// head a 160x48 screen asks for (the sort keys of all 10,000 items, the
// first incidents' items in full), on a store just opened, then the rest
// (the whole read) on the same store.
func BenchmarkPendingQueueHead(b *testing.B) {
	ctx := context.Background()
	path := queueBenchDB(b, 1000, 10)
	policy := review.DefaultPolicy()
	pick := func(keys []model.PendingItem) []string {
		var ids []string
		for _, g := range review.QueueGroups(policy, keys)[:12] { // 144 rows of groups of ten
			ids = append(ids, g.Incident)
		}
		return ids
	}
	for b.Loop() {
		b.StopTimer()
		d, err := Open(ctx, path, fixedClock)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		h, err := d.PendingQueueHead(ctx, pick)
		if err != nil || len(h.Items) != 120 || h.Pending != 10_000 {
			b.Fatalf("%d items of %d, %v", len(h.Items), h.Pending, err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}

// claimQueue is queueBenchDB with 100 live claims, as a shift has them.
func claimQueue(b *testing.B) string {
	b.Helper()
	path := queueBenchDB(b, 1000, 10)
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	var n int
	d.sql.QueryRow("SELECT count(*) FROM queue_claims").Scan(&n)
	for i := n; i < 100; i++ {
		if _, err := d.Claim(context.Background(), fmt.Sprintf("INC-%05d", i), "S0", "alice", 24*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// BenchmarkPendingQueueWithClaims is BenchmarkPendingQueue's first read
// with 100 claims; BenchmarkSQLite3CLIQueue runs the same statements (the
// open incidents by their status in force, the targets' entries, their
// pending items, the live claims) in the sqlite3 command-line tool.
func BenchmarkPendingQueueWithClaims(b *testing.B) {
	ctx := context.Background()
	path := claimQueue(b)
	for b.Loop() {
		b.StopTimer()
		d, err := Open(ctx, path, fixedClock)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		q, err := d.PendingQueue(ctx)
		if err != nil || len(q.Items) != 10_000 || len(q.Claims) != 100 {
			b.Fatalf("%d items, %d claims, %v", len(q.Items), len(q.Claims), err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}

func BenchmarkSQLite3CLIQueue(b *testing.B) {
	cli, path, lists := cliQueue(b, "SELECT json_group_array(seq) FROM incidents")
	seqs := lists[0]
	sq := compose(&sqliteDialect)
	reportCLI(b, cli, path, func(n int) string {
		var script strings.Builder
		fmt.Fprintf(&script, ".parameter init\n.parameter set ?1 '%s'\n.output /dev/null\n", seqs)
		for i := 0; i < n; i++ {
			script.WriteString(sq.openIncidents + ";\n" + sq.preservedTargets + ";\n" + sq.firstApprovals + ";\n" +
				sq.targetAssets + ";\n" + sq.pendingCount + ";\n" + sq.pendingAll + ";\n")
			script.WriteString(strings.Replace(liveClaims, "?1", strconv.FormatInt(clock.UnixNano(), 10), 1) + ";\n")
		}
		return script.String()
	})
}

// BenchmarkSQLite3CLIQueueHead runs the head's statements in the sqlite3
// command-line tool: the live incidents, the privileged assets, the count
// and the sort keys of all 10,000 items, then, for the 12 incidents a
// 160x48 screen picks, their entries and what the whole read reads of
// them, and the live claims.
func BenchmarkSQLite3CLIQueueHead(b *testing.B) {
	cli, path, lists := cliQueue(b, "SELECT json_group_array(seq) FROM incidents",
		"SELECT json_group_array(seq) FROM (SELECT seq FROM incidents ORDER BY seq LIMIT 12)")
	seqs, picked := lists[0], lists[1]
	sq := compose(&sqliteDialect)
	reportCLI(b, cli, path, func(n int) string {
		var script strings.Builder
		script.WriteString(".parameter init\n.output /dev/null\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&script, ".parameter set ?1 '%s'\n", seqs)
			script.WriteString(sq.liveIncidents + ";\n" + sq.privilegedAssets + ";\n" + sq.pendingCount + ";\n" + sq.pendingKeys + ";\n")
			fmt.Fprintf(&script, ".parameter set ?1 '%s'\n", picked)
			script.WriteString(sq.openIncidentsIn + ";\n" + sq.preservedTargets + ";\n" + sq.firstApprovals + ";\n" + sq.targetAssets + ";\n" +
				sq.pendingCount + ";\n" + sq.pendingAll + ";\n")
			script.WriteString(strings.Replace(liveClaims, "?1", strconv.FormatInt(clock.UnixNano(), 10), 1) + ";\n")
		}
		return script.String()
	})
}

// cliQueue is the sqlite3 tool and claimQueue's database for it, with
// the answers of lists (each one JSON list) to set as its parameters.
func cliQueue(b *testing.B, lists ...string) (cli, path string, got []string) {
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 command-line tool")
	}
	path = claimQueue(b)
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	got = make([]string, len(lists))
	for i, q := range lists {
		if err := d.sql.QueryRow(q).Scan(&got[i]); err != nil {
			b.Fatal(err)
		}
	}
	return cli, path, got
}

// reportCLI runs script(b.N) in the sqlite3 command-line tool on path and
// reports its time per op less that of script(0), the tool's start-up.
func reportCLI(b *testing.B, cli, path string, script func(n int) string) {
	run := func(n int) time.Duration {
		cmd := exec.Command(cli, "-batch", path)
		cmd.Stdin = strings.NewReader(script(n))
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			b.Fatalf("sqlite3: %v: %s", err, out)
		}
		return time.Since(start)
	}
	base := run(0)
	b.ResetTimer()
	total := run(b.N)
	b.StopTimer()
	b.ReportMetric(float64((total-base).Nanoseconds())/float64(b.N), "cli-ns/op")
}
