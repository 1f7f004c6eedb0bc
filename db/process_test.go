package db

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
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
	// childDecide names the suggestions a writer decides: P-<it>-<i>.
	childDecide = "SIGNOFF_TEST_CHILD_DECIDE"
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
			if decisions := os.Getenv(childDecide); decisions != "" {
				// Each writer decides suggestions of its own, between its verdicts.
				s := fmt.Sprintf("P-%s-%d", decisions, i)
				if _, err := d.Decide(ctx, model.DecideRequest{Incident: queueIncident, Suggestion: s, Person: "alice",
					Outcome: model.OutcomeApproved, Rationale: note}, rules); err != nil {
					fmt.Fprintln(out, "err", model.ErrorCode(err), err)
					return 3
				}
				fmt.Fprintln(out, "decided", s)
				out.Flush()
			}
		}
	case "racer":
		// Every racer decides the same suggestions, in an order of its own.
		person := os.Getenv(childName)
		order := rand.New(rand.NewSource(int64(len(person)) + time.Now().UnixNano())).Perm(racedSuggestions)
		for _, i := range order {
			s := fmt.Sprintf("P-race-%d", i)
			_, err := d.Decide(ctx, model.DecideRequest{Incident: queueIncident, Suggestion: s, Person: person,
				Outcome: model.OutcomeApproved, Rationale: "mine"}, rules)
			switch {
			case err == nil:
				fmt.Fprintln(out, "won", s)
			case model.ErrorCode(err) == model.ECONFLICT:
				fmt.Fprintln(out, "lost", s, model.ErrorMessage(err))
			default:
				fmt.Fprintln(out, "err", model.ErrorCode(err), err)
				return 3
			}
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

// sharedDB is a database holding sampleDoc and an open incident whose
// queue holds suggestions for every writer and the race, closed, for
// children to open: a file, or a schema on the PostgreSQL server.
func sharedDB(t *testing.T) string {
	t.Helper()
	return childrenDB(t, true)
}

// sampleDB is sharedDB without the queue, which the tests that kill a
// process never decide from: eleven rounds importing its 1,640
// suggestions each were a good part of their time.
func sampleDB(t *testing.T) string {
	t.Helper()
	return childrenDB(t, false)
}

func childrenDB(t *testing.T, queue bool) string {
	t.Helper()
	address := freshAddress(t)
	d, err := Open(context.Background(), address)
	if err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	if queue {
		if _, err := d.ImportStream(context.Background(), "queue.ndjson", strings.NewReader(queueFeed()), "importer"); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()
	return address
}

// queueIncident holds the suggestions the children decide.
const queueIncident = "INC-Q"

// racedSuggestions is how many suggestions the racers all decide.
const racedSuggestions = 40

// queueFeed is the stream of queueIncident: a low-tier suggestion
// P-<w>-<i> for each write of each writer, P-race-<i> for the race, and
// the people who decide them.
func queueFeed() string {
	var b strings.Builder
	b.WriteString(`{"record": "incident", "format": "signoff.incident/v1", "id": "INC-Q", "title": "Many writers", "severity": "sev3", "status": "open", "opened_at": "2026-02-20T08:00:00Z", "commander": "alice"}` + "\n")
	for _, p := range []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"} {
		fmt.Fprintf(&b, `{"record": "person", "id": %q, "name": %q, "authority": "high"}`+"\n", p, p)
	}
	b.WriteString(`{"record": "agent", "id": "triage", "name": "Triage model", "role": "triage", "model": "m", "version": "1"}` + "\n")
	b.WriteString(`{"record": "asset", "id": "host-1", "kind": "host"}` + "\n")
	suggest := func(id string) {
		fmt.Fprintf(&b, `{"record": "event", "id": %q, "at": "2026-02-20T09:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "enrich", "target": "host-1"}, "confidence": 0.5}`+"\n", id)
	}
	for w := 0; w < writersPerTest; w++ {
		for i := 0; i < writesPerWriter; i++ {
			suggest(fmt.Sprintf("P-%d-%d", w, i))
		}
	}
	for i := 0; i < racedSuggestions; i++ {
		suggest(fmt.Sprintf("P-race-%d", i))
	}
	return b.String()
}

// notesOf are the notes of the reviews the database holds.
func notesOf(t *testing.T, d *DB) map[string]int {
	t.Helper()
	rows, err := d.sql.Query("SELECT payload FROM chain WHERE kind = 'review'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	notes := map[string]int{}
	for rows.Next() {
		var payload string
		var r model.Review
		if err := rows.Scan(&payload); err != nil || json.Unmarshal([]byte(payload), &r) != nil {
			t.Fatalf("%s: %v", payload, err)
		}
		notes[r.Note]++
	}
	return notes
}

// writersPerTest and writesPerWriter are the load of the many-writers
// test: eight processes, each writing two hundred verdicts at once.
const (
	writersPerTest  = 8
	writesPerWriter = 200
)

// Eight processes each record two hundred verdicts and two hundred
// decisions at once, on one database: every write acknowledged is held
// exactly once, nothing else is, and the record verifies.
func TestManyProcessesWriteAtOnceAndNothingIsLost(t *testing.T) {
	if testing.Short() {
		t.Skip("runs eight processes")
	}
	eachEngine(t, func(t *testing.T) {
		path := sharedDB(t)
		var wg sync.WaitGroup
		acks := make([][]string, writersPerTest)
		decided := make([][]string, writersPerTest)
		fails := make([]string, writersPerTest)
		for w := 0; w < writersPerTest; w++ {
			cmd, out := child(t, "writer", path, childName+"="+fmt.Sprintf("writer %d", w), childN+"="+strconv.Itoa(writesPerWriter),
				childDecide+"="+strconv.Itoa(w))
			wg.Add(1)
			go func() {
				defer wg.Done()
				for out.Scan() {
					line := out.Text()
					if note, ok := strings.CutPrefix(line, "ack "); ok {
						acks[w] = append(acks[w], note)
					} else if s, ok := strings.CutPrefix(line, "decided "); ok {
						decided[w] = append(decided[w], s)
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
				t.Errorf("writer %d surfaced an error after %d verdicts and %d decisions: %s", w, len(acks[w]), len(decided[w]), f)
			}
		}
		d, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		notes := notesOf(t, d)
		lost, total := 0, 0
		for _, a := range acks {
			total += len(a)
			for _, note := range a {
				if notes[note] != 1 {
					lost++
				}
			}
		}
		if want := writersPerTest * writesPerWriter; lost > 0 || total != want || len(notes) != want+1 {
			t.Errorf("%d verdicts acknowledged of %d, %d held; %d of them are not held exactly once", total, want, len(notes)-1, lost)
		}
		lines, err := d.DecisionsSince(context.Background(), 0, 10*writersPerTest*writesPerWriter)
		if err != nil {
			t.Fatal(err)
		}
		held := map[string]int{}
		for _, l := range lines {
			held[l.Suggestion]++
		}
		lost, total = 0, 0
		for _, ds := range decided {
			total += len(ds)
			for _, s := range ds {
				if held[s] != 1 {
					lost++
				}
			}
		}
		if want := writersPerTest * writesPerWriter; lost > 0 || total != want || len(lines) != want {
			t.Errorf("%d decisions acknowledged of %d, %d in the stream; %d of them are not there exactly once", total, want, len(lines), lost)
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Errorf("after the writers: %s, %v", res, err)
		}
	})
}

// Processes deciding the same suggestions at once: exactly one decides
// each, and every other is told who decided it and when.
func TestProcessesRacingToDecideLeaveOneDecisionEach(t *testing.T) {
	if testing.Short() {
		t.Skip("runs several processes")
	}
	eachEngine(t, func(t *testing.T) {
		path := sharedDB(t)
		racers := []string{"bob", "carol", "dave", "erin", "frank", "grace"}
		var mu sync.Mutex
		winners := map[string][]string{}
		losses := map[string][]string{} // suggestion -> the losers' sentences
		var wg sync.WaitGroup
		for _, person := range racers {
			cmd, out := child(t, "racer", path, childName+"="+person)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for out.Scan() {
					f := strings.SplitN(out.Text(), " ", 3)
					mu.Lock()
					switch {
					case f[0] == "won":
						winners[f[1]] = append(winners[f[1]], person)
					case f[0] == "lost" && len(f) == 3:
						losses[f[1]] = append(losses[f[1]], f[2])
					default:
						t.Errorf("%s: %s", person, out.Text())
					}
					mu.Unlock()
				}
				cmd.Wait()
			}()
		}
		wg.Wait()
		for i := 0; i < racedSuggestions; i++ {
			s := fmt.Sprintf("P-race-%d", i)
			if len(winners[s]) != 1 || len(losses[s]) != len(racers)-1 {
				t.Errorf("%s: won by %v, lost %d times", s, winners[s], len(losses[s]))
				continue
			}
			for _, l := range losses[s] {
				if !strings.Contains(l, "already decided by "+winners[s][0]+" at ") {
					t.Errorf("%s was decided by %s; a loser was told %q", s, winners[s][0], l)
				}
			}
		}
		d, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		lines, err := d.DecisionsSince(context.Background(), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != racedSuggestions {
			t.Errorf("the decisions stream holds %d decisions; want one for each of %d suggestions", len(lines), racedSuggestions)
		}
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Errorf("after the race: %s, %v", res, err)
		}
	})
}

// A process killed at any moment leaves a database that opens, verifies
// and holds every write it acknowledged, and nothing half-written.
func TestKillingAWriterMidBurstLosesNothingAcknowledged(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		if testing.Short() {
			t.Skip("kills processes")
		}
		r := rand.New(rand.NewSource(time.Now().UnixNano()))
		for round := 0; round < 5; round++ {
			path := sampleDB(t)
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
	})
}

func TestKillingAnImportMidStreamLeavesNothingPartial(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
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
		// The first round runs whole and times the import, so the kills
		// of the others land inside it however fast this machine is.
		var whole time.Duration
		for round := 0; round < 6; round++ {
			path := sampleDB(t)
			cmd, out := child(t, "importer", path, childInput+"="+stream)
			if !out.Scan() || out.Text() != "start" {
				t.Fatalf("the importer did not start: %s", out.Text())
			}
			began := time.Now()
			if round > 0 {
				time.Sleep(time.Duration(r.Int63n(int64(whole) * 8 / 10)))
				cmd.Process.Kill()
			}
			acked := false
			for out.Scan() {
				acked = acked || out.Text() == "ack import"
			}
			err := cmd.Wait()
			if round == 0 {
				if err != nil || !acked {
					t.Fatalf("the whole import: acknowledged %v, %v", acked, err)
				}
				whole = time.Since(began)
			}
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
				if round > 0 {
					imported++
				}
			case acked:
				t.Errorf("round %d: the import was acknowledged but the incident is not there: %v", round, err)
			case model.ErrorCode(err) != model.ENOTFOUND:
				t.Errorf("round %d: %v", round, err)
			}
			d.Close()
		}
		t.Logf("%d of 5 imports finished before the kill (a whole one took %s)", imported, whole.Round(time.Millisecond))
	})
}
