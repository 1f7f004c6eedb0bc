package db

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// Tests with several processes on one database: the test binary runs
// itself as a child (childEnv names what the child does) that writes
// through the store and prints "ack" after each write it was told
// committed. The parent counts the acknowledgements, kills children at
// will, and then reads what the database holds.

const (
	childEnv   = "SIGNOFF_TEST_CHILD"
	childDB    = "SIGNOFF_TEST_CHILD_DB"
	childName  = "SIGNOFF_TEST_CHILD_NAME"
	childN     = "SIGNOFF_TEST_CHILD_N"
	childInput = "SIGNOFF_TEST_CHILD_INPUT"
)

// runChild is the child's whole life; its exit status says how it ended.
func runChild(what string) int {
	ctx := context.Background()
	d, err := Open(ctx, os.Getenv(childDB))
	if err != nil {
		fmt.Println("err", err)
		return 3
	}
	defer d.Close()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	switch what {
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(childN))
		name := os.Getenv(childName)
		// Verdicts that agree with the record: S1 was modified, D2 has no AI.
		subjects := []string{"S1", "D2"}
		verdicts := []model.Verdict{model.VerdictModified, model.VerdictNone}
		for i := 0; i < n; i++ {
			note := fmt.Sprintf("%s write %d", name, i)
			_, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: subjects[i%2], Reviewer: "mara",
				Verdict: verdicts[i%2], OutcomeChanged: "unknown", AICorrect: "unknown", Note: note})
			if err != nil {
				fmt.Fprintln(out, "err", model.ErrorCode(err), err)
				return 3
			}
			fmt.Fprintln(out, "ack", note)
			out.Flush()
		}
	case "importer":
		f, err := os.Open(os.Getenv(childInput))
		if err != nil {
			fmt.Fprintln(out, "err", err)
			return 3
		}
		defer f.Close()
		fmt.Fprintln(out, "start")
		out.Flush()
		if _, err := d.ImportStream(ctx, "feed.ndjson", bufio.NewReader(f), "importer"); err != nil {
			fmt.Fprintln(out, "err", err)
			return 3
		}
		fmt.Fprintln(out, "ack import")
	}
	return 0
}

// child starts the test binary as a child doing what, with env.
func child(t *testing.T, what, dbPath string, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), append([]string{childEnv + "=" + what, childDB + "=" + dbPath}, env...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stdout)
}

// sharedDB is a database holding sampleDoc, closed, for children to open.
func sharedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	d.Close()
	return path
}

// notesOf are the notes of the reviews the database holds.
func notesOf(t *testing.T, d *DB) map[string]int {
	t.Helper()
	rows, err := d.sql.Query("SELECT json_extract(payload, '$.note') FROM chain WHERE kind = 'review'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	notes := map[string]int{}
	for rows.Next() {
		var note string
		rows.Scan(&note)
		notes[note]++
	}
	return notes
}

// writersPerTest and writesPerWriter are the load of the many-writers
// test: eight processes, each writing two hundred verdicts at once.
const (
	writersPerTest  = 8
	writesPerWriter = 200
)

func TestManyProcessesWriteAtOnceAndNothingIsLost(t *testing.T) {
	if testing.Short() {
		t.Skip("runs eight processes")
	}
	path := sharedDB(t)
	var wg sync.WaitGroup
	acks := make([][]string, writersPerTest)
	fails := make([]string, writersPerTest)
	for w := 0; w < writersPerTest; w++ {
		cmd, out := child(t, "writer", path, childName+"="+fmt.Sprintf("writer %d", w), childN+"="+strconv.Itoa(writesPerWriter))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for out.Scan() {
				line := out.Text()
				if note, ok := strings.CutPrefix(line, "ack "); ok {
					acks[w] = append(acks[w], note)
				} else {
					fails[w] = line
				}
			}
			cmd.Wait()
		}()
	}
	wg.Wait()
	for w, f := range fails {
		if f != "" {
			t.Errorf("writer %d surfaced an error after %d writes: %s", w, len(acks[w]), f)
		}
	}
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	notes := notesOf(t, d)
	lost := 0
	for _, a := range acks {
		for _, note := range a {
			if notes[note] != 1 {
				lost++
			}
		}
	}
	total := 0
	for _, a := range acks {
		total += len(a)
	}
	if lost > 0 || total != writersPerTest*writesPerWriter {
		t.Errorf("%d writes acknowledged of %d; %d of them are not in the database exactly once", total, writersPerTest*writesPerWriter, lost)
	}
	if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
		t.Errorf("after the writers: %s, %v", res, err)
	}
}

// A process killed at any moment leaves a database that opens, verifies
// and holds every write it acknowledged, and nothing half-written.
func TestKillingAWriterMidBurstLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	for round := 0; round < 5; round++ {
		path := sharedDB(t)
		cmd, out := child(t, "writer", path, childName+"=burst", childN+"=100000")
		kill := 5 + r.Intn(60) // acknowledgements before the kill
		var acked []string
		for len(acked) < kill && out.Scan() {
			if note, ok := strings.CutPrefix(out.Text(), "ack "); ok {
				acked = append(acked, note)
			} else {
				t.Fatalf("the writer failed: %s", out.Text())
			}
		}
		cmd.Process.Kill()
		// A write may have committed after its last acknowledgement was read.
		for out.Scan() {
			if note, ok := strings.CutPrefix(out.Text(), "ack "); ok {
				acked = append(acked, note)
			}
		}
		cmd.Wait()
		d, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Fatalf("round %d: after the kill: %s, %v", round, res, err)
		}
		notes := notesOf(t, d)
		for _, note := range acked {
			if notes[note] != 1 {
				t.Errorf("round %d: %q was acknowledged but is held %d times", round, note, notes[note])
			}
		}
		if extra := len(notes) - 1 - len(acked); extra > 1 { // sampleDoc's own review, and one unacknowledged at most
			t.Errorf("round %d: %d writes more than acknowledged", round, extra)
		}
		d.Close()
	}
}

func TestKillingAnImportMidStreamLeavesNothingPartial(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes")
	}
	var buf bytes.Buffer
	if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: 20000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	stream := filepath.Join(t.TempDir(), "feed.ndjson")
	if err := os.WriteFile(stream, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	id := fixtures.GenIncidentID(9, 0)
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	imported := 0
	for round := 0; round < 6; round++ {
		path := sharedDB(t)
		cmd, out := child(t, "importer", path, childInput+"="+stream)
		if !out.Scan() || out.Text() != "start" {
			t.Fatalf("the importer did not start: %s", out.Text())
		}
		time.Sleep(time.Duration(r.Intn(900)) * time.Millisecond)
		cmd.Process.Kill()
		acked := false
		for out.Scan() {
			acked = acked || out.Text() == "ack import"
		}
		cmd.Wait()
		d, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Fatalf("round %d: after the kill: %s, %v", round, res, err)
		}
		sum, err := d.IncidentSummary(context.Background(), id)
		switch {
		case err == nil && sum.Events != 20000:
			t.Errorf("round %d: the killed import left %d of its 20000 events", round, sum.Events)
		case err == nil:
			imported++
		case acked:
			t.Errorf("round %d: the import was acknowledged but the incident is not there: %v", round, err)
		case model.ErrorCode(err) != model.ENOTFOUND:
			t.Errorf("round %d: %v", round, err)
		}
		d.Close()
	}
	t.Logf("%d of 6 imports finished before the kill", imported)
}
