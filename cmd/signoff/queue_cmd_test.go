package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

func TestApproveRejectAndDeferFromTheCommandLine(t *testing.T) {
	path := demoDB(t)
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"a medium analyst approves a medium action", []string{"--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap to undo", "--evidence", "EV-3"},
			0, "recorded D-S5: approved INC-2046/S5 block_ip → attacker-ip (medium tier), owner tomas", ""},
		{"deciding it again tells who decided it", []string{"--as", "alice", "reject", "INC-2046/S5", "--rationale", "no"},
			2, "", "already decided by tomas at"},
		{"a medium analyst cannot approve a critical action", []string{"--as", "tomas", "approve", "INC-2046/S3", "--rationale", "x"},
			2, "", "tomas (authority medium) cannot approve S3 of INC-2046"},
		{"an agent cannot decide", []string{"--as", "remediator", "approve", "INC-2046/S8", "--rationale", "x"},
			2, "", "remediator is an AI agent"},
		{"the rationale is required", []string{"--as", "alice", "approve", "INC-2046/S8"},
			2, "", `approve needs --rationale`},
		{"a rejection cannot carry an action detail", []string{"--as", "alice", "reject", "INC-2046/S8", "--rationale", "x", "--action-detail", "y"},
			2, "", "unknown flag: --action-detail"},
		{"a bare id used by several incidents is ambiguous", []string{"--as", "alice", "approve", "S3", "--rationale", "x"},
			2, "", "name it as INCIDENT/S3"},
		{"the first approval of a critical action awaits a second", []string{"--as", "alice", "approve", "INC-2046/S3", "--rationale", "token is public", "--evidence", "EV-1,EV-2"},
			0, "first approval of INC-2046/S3 recorded by alice", ""},
		{"the same person cannot give the second", []string{"--as", "alice", "approve", "INC-2046/S3", "--rationale", "again"},
			2, "", "alice already gave the first approval"},
		{"a second person makes it final", []string{"--as", "dave", "approve", "INC-2046/S3", "--rationale", "agreed"},
			0, "approved by alice and dave", ""},
		{"a low-authority person defers a low action", []string{"--as", "bob", "defer", "INC-2046/S8", "--rationale", "after the token"},
			0, "recorded D-S8: deferred", ""},
		{"a modification records the new detail", []string{"--as", "dave", "approve", "INC-2046/S4", "--rationale", "snapshot first", "--action-detail", "Snapshot the disk, then delete"},
			0, "first approval of INC-2046/S4", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := signoff(t, path, "", s.args...)
			if r.code != s.code || !strings.Contains(r.stdout, s.stdout) || !strings.Contains(r.stderr, s.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", r.code, r.stdout, r.stderr, s.code, s.stdout, s.stderr)
			}
		})
	}
	r := signoff(t, path, "", "decisions")
	var lines []model.DecisionLine
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var d model.DecisionLine
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatalf("decisions printed %q: %v", l, err)
		}
		lines = append(lines, d)
	}
	if len(lines) != 3 || lines[0].Decision != "D-S5" || lines[1].Decision != "D-S3" || lines[2].Decision != "D-S8" {
		t.Fatalf("decisions %+v", lines)
	}
	r = signoff(t, path, "", "decisions", "--since", itoa64(lines[1].Seq))
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, `"decision":"D-S8"`) {
		t.Errorf("--since %d printed %q; want D-S8 only", lines[1].Seq, r.stdout)
	}
	for _, key := range []string{`"seq"`, `"incident"`, `"suggestion"`, `"decision"`, `"owner"`, `"outcome"`, `"action"`, `"approvals"`, `"at"`} {
		if !strings.Contains(r.stdout, key) {
			t.Errorf("a decision line lacks %s: %s", key, r.stdout)
		}
	}
	r = signoff(t, path, "", "export", "INC-2046")
	if r.code != 0 || !strings.Contains(r.stdout, `"id": "D-S3"`) {
		t.Fatalf("export lacks D-S3: %d %s", r.code, r.stderr)
	}
	file := filepath.Join(t.TempDir(), "inc.json")
	if err := os.WriteFile(file, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, tempDB(t), "", "import", file); r.code != 0 {
		t.Errorf("the export with queue decisions does not import: %s", r.stderr)
	}
}

func itoa64(n int64) string { b, _ := json.Marshal(n); return string(b) }

// syncBuffer is a buffer two goroutines may use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestDecisionsFollowPrintsNewDecisionsUntilInterrupted(t *testing.T) {
	path := demoDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"--db", path, "decisions", "--follow"}, strings.NewReader(""), &out, &errb)
	}()
	if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	deadline := time.Now().Add(30 * time.Second) // only stops a broken run from hanging
	for !strings.Contains(out.String(), `"decision":"D-S5"`) {
		if time.Now().After(deadline) {
			t.Fatalf("--follow never printed D-S5; stderr %q", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("interrupted --follow exited %d: %s", code, errb.String())
	}
}

// TestOneDecisionWinsAcrossProcessesAndGoroutines runs several built
// binaries and several in-process deciders on one suggestion at once.
func TestOneDecisionWinsAcrossProcessesAndGoroutines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "signoff")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := demoDB(t)
	people := []string{"tomas", "alice", "dave", "mara", "tomas", "alice"}
	type outcome struct {
		who            string
		code           int
		stdout, stderr string
	}
	results := make([]outcome, 2*len(people))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, who := range people {
		cmd := exec.Command(bin, "--db", path, "--as", who, "approve", "INC-2046/S5", "--rationale", "race "+who)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				code = -1
			}
			results[i] = outcome{who, code, o.String(), e.String()}
		}()
		go func() {
			defer wg.Done()
			<-start
			var o, e bytes.Buffer
			code := run(context.Background(), []string{"--db", path, "--as", who, "approve", "INC-2046/S5", "--rationale", "race " + who},
				strings.NewReader(""), &o, &e)
			results[len(people)+i] = outcome{who, code, o.String(), e.String()}
		}()
	}
	close(start)
	wg.Wait()
	winner := ""
	for _, r := range results {
		if r.code == 0 {
			if winner != "" {
				t.Fatalf("two deciders won: %s and %s", winner, r.who)
			}
			winner = r.who
		}
	}
	if winner == "" {
		t.Fatalf("nobody won: %+v", results)
	}
	// A loser of the winner's own person is told "by you (winner)".
	loser := regexp.MustCompile(`already decided by (you \()?` + winner + `\)? at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`)
	for _, r := range results {
		if r.code != 0 && (r.code != 2 || !loser.MatchString(r.stderr)) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %s", r.who, r.code, r.stderr, winner)
		}
	}
	r := signoff(t, path, "", "decisions")
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, `"owner":"`+winner+`"`) {
		t.Errorf("decisions after the race: %q; want exactly one, by %s", r.stdout, winner)
	}
}

// racyStore commits a decision through another connection at the first
// look at the data version, before reading it: the moment between the
// two steps of --follow where a decision used to wait for an unrelated
// write.
type racyStore struct {
	*db.DB
	once   sync.Once
	commit func()
}

func (r *racyStore) DataVersion(ctx context.Context) (int64, error) {
	r.once.Do(r.commit)
	return r.DB.DataVersion(ctx)
}

func TestDecisionsFollowPrintsADecisionCommittedBetweenItsSteps(t *testing.T) {
	path := demoDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func() *db.DB {
		s, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	reader, writer := open(), open()
	src := &racyStore{DB: reader, commit: func() {
		_, err := writer.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
			Outcome: model.OutcomeApproved, Rationale: "cheap"}, review.DecisionChecker(review.DefaultPolicy()))
		if err != nil {
			t.Error(err)
		}
	}}
	var out syncBuffer
	a := &app{stdout: &out, stderr: &out}
	done := make(chan error)
	go func() { done <- a.streamDecisions(ctx, src, 0, true, nil) }()
	// Nothing else writes: only --follow's own reading can find D-S5.
	deadline := time.Now().Add(5 * followPoll)
	for !strings.Contains(out.String(), `"decision":"D-S5"`) {
		if time.Now().After(deadline) {
			t.Fatalf("--follow did not print the decision committed between its steps: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// The trial's own command line: an approval whose changed detail holds a
// byte that is not UTF-8 exited 0 and left a record that never verified
// again. It is refused, and the record still verifies.
func TestAnApprovalWithABadByteIsRefusedAndTheRecordStillVerifies(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "ok", "--action-detail", "bad \xff byte")
	if r.code != exitUsage || !strings.Contains(r.stderr, `field "action_detail" is not valid UTF-8 (byte 0xFF)`) {
		t.Fatalf("exit %d, %q", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatalf("verify after the refusal: exit %d, %q", r.code, r.stderr)
	}
}
