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

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
)

func TestAnIncidentFromOpenToClosedOnTheCommandLine(t *testing.T) {
	path := demoDB(t)
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"the status starts as imported", []string{"status", "INC-2046"},
			0, "INC-2046 is open, as imported; no status change has been recorded", ""},
		{"a change needs a rationale", []string{"--as", "alice", "status", "INC-2046", "contained"},
			2, "", "a status change needs --rationale TEXT"},
		{"an unknown status is refused", []string{"--as", "alice", "status", "INC-2046", "done", "--rationale", "x"},
			2, "", `"done" is not a status`},
		{"a medium analyst may not change it", []string{"--as", "tomas", "status", "INC-2046", "contained", "--rationale", "x"},
			2, "", "tomas (authority medium) cannot change the status of INC-2046: the policy lets its commander (alice) and people with authority high change it"},
		{"an agent may not change it", []string{"--as", "triage", "status", "INC-2046", "contained", "--rationale", "x"},
			2, "", "triage is an AI agent of incident INC-2046"},
		{"the commander contains it", []string{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked"},
			0, "recorded ST-1: INC-2046 is now contained (was open), by alice at", ""},
		{"closing with work pending names it", []string{"--as", "alice", "status", "INC-2046", "closed", "--rationale", "done"},
			2, "", "INC-2046 cannot be marked closed: 5 suggestions are still pending (S3 revoke_token → mcp-cloud-token, S4 delete_resource → mining-vm"},
		{"--defer-pending goes with closing only", []string{"--as", "alice", "status", "INC-2046", "open", "--rationale", "x", "--defer-pending"},
			2, "", "--defer-pending goes with resolved or closed"},
		{"a decision first", []string{"--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap to undo"},
			0, "recorded D-S5", ""},
		{"closing defers the rest as the closer", []string{"--as", "alice", "status", "INC-2046", "closed", "--rationale", "post-incident review done", "--defer-pending"},
			0, "recorded ST-2: INC-2046 is now closed (was contained), by alice at 2", ""},
		{"the queue decides nothing in a closed incident", []string{"--as", "alice", "approve", "INC-2046/S3", "--rationale", "x"},
			2, "", "already decided by you (alice)"},
		{"the status shows its history", []string{"status", "INC-2046"},
			0, "ST-2  2", ""},
		{"incidents lists the status in force", []string{"incidents"},
			0, "INC-2046  sev2  closed", ""},
		{"the closed incident has no findings of its lifecycle", []string{"findings", "INC-2046"},
			0, "", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := signoff(t, path, "", s.args...)
			if r.code != s.code || !strings.Contains(r.stdout, s.stdout) || !strings.Contains(r.stderr, s.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", r.code, r.stdout, r.stderr, s.code, s.stdout, s.stderr)
			}
		})
	}
	r := signoff(t, path, "", "status", "INC-2046", "--json")
	var shown statusShown
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || shown.Status != model.StatusClosed || shown.Imported != model.StatusOpen ||
		len(shown.History) != 2 || shown.History[1].Rationale != "post-incident review done" {
		t.Fatalf("status --json: %+v, %v", shown, err)
	}
	r = signoff(t, path, "", "report", "INC-2046")
	for _, want := range []string{"Status: closed", "## Status history", "| contained | Alice Moreau (alice) | token revoked | ST-1 |",
		"| closed | Alice Moreau (alice) | post-incident review done | ST-2 |"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	r = signoff(t, path, "", "report", "INC-2046", "--format", "json")
	var rep struct {
		Incident      model.Incident       `json:"incident"`
		StatusHistory []model.StatusChange `json:"status_history"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Incident.Status != model.StatusClosed || len(rep.StatusHistory) != 2 {
		t.Errorf("report --format json: status %s, %d changes, %v", rep.Incident.Status, len(rep.StatusHistory), err)
	}
	r = signoff(t, path, "", "decisions")
	if n := strings.Count(r.stdout, `"outcome":"deferred"`); n != 4 {
		t.Errorf("decisions streams %d deferrals; want 4 (S3, S4, S6, S8)", n)
	}
	r = signoff(t, path, "", "--as", "alice", "status", "INC-2046", "open", "--rationale", "the miner came back")
	if r.code != 0 || !strings.Contains(r.stdout, "now open (was closed)") {
		t.Errorf("reopening: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Errorf("verify after the lifecycle: %s %s", r.stdout, r.stderr)
	}
}

func TestAForcedCloseShowsInTheFindings(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "export", "INC-2046")
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	head := doc["incident"].(map[string]any)
	head["record"], head["format"] = "incident", model.FormatV1
	line, _ := json.Marshal(head)
	stream := string(line) + "\n" +
		`{"record": "status", "id": "SOAR-1", "status": "closed", "by": "tomas", "at": "2026-11-25T10:00:00Z", "rationale": "closed from the SOAR"}` + "\n"
	file := filepath.Join(t.TempDir(), "feed.ndjson")
	if err := os.WriteFile(file, []byte(stream), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, path, "", "import", file); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	r = signoff(t, path, "", "findings", "INC-2046", "--json")
	if r.code != 1 {
		t.Errorf("findings exit %d; want 1", r.code)
	}
	for _, want := range []string{`"code": "closed-with-pending"`, `"subject": "S3"`, `"code": "status-authority"`, `"subject": "SOAR-1"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("findings lack %s:\n%s", want, r.stdout)
		}
	}
	r = signoff(t, path, "", "export", "INC-2046")
	if !strings.Contains(r.stdout, `"status_changes": [`) {
		t.Errorf("the export lacks the status change")
	}
}

// TestTwoAnalystsClaimOneItemFromTwoProcesses races built binaries, one
// per analyst, on one item, round after round: each time exactly one holds
// it and the other is told who does.
func TestTwoAnalystsClaimOneItemFromTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "signoff")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	path := demoDB(t)
	items := []string{"INC-2046/S3", "INC-2046/S4", "INC-2046/S5", "INC-2046/S6", "INC-2046/S8"}
	for _, item := range items {
		type outcome struct {
			who            string
			code           int
			stdout, stderr string
		}
		results := make([]outcome, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, who := range []string{"alice", "dave"} {
			cmd := exec.Command(bin, "--db", path, "--as", who, "claim", item)
			var o, e bytes.Buffer
			cmd.Stdout, cmd.Stderr = &o, &e
			wg.Add(1)
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
		}
		close(start)
		wg.Wait()
		var winner, loser outcome
		switch {
		case results[0].code == 0 && results[1].code != 0:
			winner, loser = results[0], results[1]
		case results[1].code == 0 && results[0].code != 0:
			winner, loser = results[1], results[0]
		default:
			t.Fatalf("%s: not exactly one holder: %+v", item, results)
		}
		held := regexp.MustCompile(regexp.QuoteMeta(item) + ` is held by ` + winner.who + ` since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC`)
		if loser.code != 2 || !held.MatchString(loser.stderr) {
			t.Errorf("%s: %s exit %d, stderr %q; want exit 2 naming %s", item, loser.who, loser.code, loser.stderr, winner.who)
		}
		if !strings.Contains(winner.stdout, "claimed "+item+": held by "+winner.who) {
			t.Errorf("%s: %s printed %q", item, winner.who, winner.stdout)
		}
	}
	// A third connection, as another analyst's queue: every claim shows.
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	q, err := d.PendingQueue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Claims) != len(items) {
		t.Errorf("the queue shows %d claims; want %d", len(q.Claims), len(items))
	}
}

func TestHandoffNotesFromTheCommandLine(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "handoff", "INC-2046"); r.code != 0 || !strings.Contains(r.stdout, "INC-2046 has no hand-off notes yet; \"signoff --as YOU handoff INC-2046 --note TEXT\" writes one") {
		t.Fatalf("empty list: %d %q", r.code, r.stdout)
	}
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "S3 waits for a second approval"); r.code != 0 {
		t.Fatalf("note: %s", r.stderr)
	}
	if r := signoff(t, path, "", "--as", "mallory", "handoff", "INC-2046", "--note", "hi"); r.code != 2 || !strings.Contains(r.stderr, "mallory is not a person of incident INC-2046") {
		t.Errorf("a stranger's note: %d %q", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "handoff", "INC-2046"); !strings.Contains(r.stdout, "alice: S3 waits for a second approval") {
		t.Errorf("list: %q", r.stdout)
	}
}

// A note's row edited outside signoff (its author made someone else's)
// listed the note as its entry holds it and exited 0, saying nothing: the
// listing is still its entry's, and handoff says on stderr that the row
// was altered, and exits 1.
func TestHandoffSaysWhenANotesRowWasAltered(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "S3 waits for a second approval"); r.code != 0 {
		t.Fatalf("note: %s", r.stderr)
	}
	tamperDB(t, path, "UPDATE handoff_notes SET person = 'dave'")
	r := signoff(t, path, "", "handoff", "INC-2046")
	if !strings.Contains(r.stdout, "alice: S3 waits for a second approval") || strings.Contains(r.stdout, "dave") {
		t.Errorf("list: %q; want alice's note, as recorded", r.stdout)
	}
	if r.code != 1 || !strings.Contains(r.stderr, "handoff_notes") || !strings.Contains(r.stderr, "(its author)") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming the altered row", r.code, r.stderr)
	}
}

func TestHostileTextInStatusAndNotesReachesNoTerminal(t *testing.T) {
	path := demoDB(t)
	evil := "done\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b]0;owned\x07\u202e"
	if r := signoff(t, path, "", "--as", "alice", "status", "INC-2046", "contained", "--rationale", evil); r.code != 0 {
		t.Fatalf("status: %s", r.stderr)
	}
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", evil); r.code != 0 {
		t.Fatalf("handoff: %s", r.stderr)
	}
	for _, args := range [][]string{{"status", "INC-2046"}, {"status", "INC-2046", "--json"}, {"handoff", "INC-2046"},
		{"report", "INC-2046"}, {"report", "INC-2046", "--format", "json"}, {"export", "INC-2046"}} {
		r := signoff(t, path, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d %s", args, r.code, r.stderr)
		}
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\u202e") {
			t.Errorf("%v wrote a character a terminal acts on: %q", args, r.stdout)
		}
	}
}
