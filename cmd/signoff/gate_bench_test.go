package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// The gate as an agent framework runs it: a process per call. Both
// benchmarks use the gate's test incident in a fresh database, the binary
// built once, and decide in this process, as the queue would.

func gateBench(b *testing.B) (string, *db.DB) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "gate.db")
	var out, errb strings.Builder
	if code := run(context.Background(), []string{"--db", path, "import", "testdata/gate/incident.ndjson"}, nil, &out, &errb); code != 0 {
		b.Fatal(errb.String())
	}
	store, err := db.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	return path, store
}

// startGate starts a gate on a Bash call no mapping pre-authorises; answered
// receives the moment its answer line arrived.
func startGate(b *testing.B, path, id string, mapped string) (*exec.Cmd, <-chan time.Time) {
	b.Helper()
	// A Read carries only its path: one with any other argument is not
	// pre-authorised.
	input := `{"command":"iptables -A INPUT -s 198.51.100.7 -j DROP"}`
	if mapped == "Read" {
		input = `{"file_path":"/srv/ir/work/x"}`
	}
	in := fmt.Sprintf(`{"hook_event_name":"PreToolUse","tool_name":"%s","tool_input":%s,"tool_use_id":"%s"}`, mapped, input, id)
	cmd := exec.Command(signoffBinary(b), "--db", path, "gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--map", gateMap)
	cmd.Stdin = strings.NewReader(in)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	answered := make(chan time.Time, 1)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	go func() {
		if _, err := bufio.NewReader(stdout).ReadString('\n'); err == nil {
			answered <- time.Now()
		}
		close(answered)
	}()
	return cmd, answered
}

// BenchmarkGateDecisionToAnswer: from the commit of a decision to the
// waiting gate's answer on its standard output.
func BenchmarkGateDecisionToAnswer(b *testing.B) {
	path, store := gateBench(b)
	ctx := context.Background()
	check := review.DecisionChecker(review.DefaultPolicy())
	var total, worst time.Duration
	for i := 0; b.Loop(); i++ {
		id := fmt.Sprintf("toolu_bench%d", i)
		cmd, answered := startGate(b, path, id, "Bash")
		for {
			if _, err := store.Event(ctx, "INC-7", "S-"+id); err == nil {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		// The gate is waiting, not starting; the jitter spreads the
		// decision over the gate's polling interval.
		time.Sleep(100*time.Millisecond + time.Duration(rand.Int64N(int64(gatePoll))))
		if _, err := store.Decide(ctx, model.DecideRequest{Incident: "INC-7", Suggestion: "S-" + id, Person: "tomas",
			Outcome: model.OutcomeApproved, Rationale: "bench"}, check); err != nil {
			b.Fatal(err)
		}
		decided := time.Now()
		at, ok := <-answered
		if !ok {
			b.Fatal("the gate did not answer")
		}
		cmd.Wait()
		d := at.Sub(decided)
		total += d
		worst = max(worst, d)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/answer")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ms-worst")
}

// BenchmarkGateStartup: from starting the gate process to its suggestion
// being in the record (watched through the data version), and, for a
// pre-authorised call, to its answer.
func BenchmarkGateStartup(b *testing.B) {
	path, store := gateBench(b)
	ctx := context.Background()
	var recorded, preAuthorised time.Duration
	for i := 0; b.Loop(); i++ {
		id := fmt.Sprintf("toolu_start%d", i)
		start := time.Now()
		cmd, _ := startGate(b, path, id, "Bash")
		for {
			if _, err := store.Event(ctx, "INC-7", "S-"+id); err == nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		recorded += time.Since(start)
		cmd.Process.Kill()
		cmd.Wait()

		start = time.Now()
		cmd, answered := startGate(b, path, id+"r", "Read")
		at, ok := <-answered
		if !ok {
			b.Fatal("the pre-authorised gate did not answer")
		}
		preAuthorised += at.Sub(start)
		cmd.Wait()
	}
	b.ReportMetric(float64(recorded.Microseconds())/float64(b.N)/1000, "ms-to-recorded")
	b.ReportMetric(float64(preAuthorised.Microseconds())/float64(b.N)/1000, "ms-pre-authorised-answer")
}
