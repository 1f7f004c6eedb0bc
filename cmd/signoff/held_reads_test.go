package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cutLast deletes the record's newest entry with its row, as an insider
// with a sqlite3 shell could: the triggers dropped and made again, so the
// chain left is internally intact and only this machine's memory of a
// longer one shows what is missing.
func cutLast(t *testing.T, path string) {
	t.Helper()
	const last = `(SELECT max(seq) FROM chain)`
	tamperDB(t, path,
		`DELETE FROM status_changes WHERE seq = `+last,
		`DELETE FROM handoff_notes WHERE seq = `+last,
		`DELETE FROM chain WHERE seq = `+last)
}

// closedAndChecked is the demo with INC-2041 closed by alice, the record
// then checked by verify, so this machine remembers the closing.
func closedAndChecked(t *testing.T) string {
	t.Helper()
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "alice", "status", "INC-2041", "closed", "--rationale", "review done"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatalf("verify: %s", r.stderr)
	}
	return path
}

// onAnotherMachine runs a command line as a machine that remembers no
// check of the record would.
func onAnotherMachine(t *testing.T, path string, args ...string) result {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	return signoff(t, path, "", args...)
}

// Every command that states what the record holds consults what this
// machine remembers of it: an export of a record cut short since this
// machine checked it exited 0 and said nothing, and the auditor it was
// handed to got a shorter record than the one recorded.
func TestEveryReadingOfARecordCutShortSaysWhatThisMachineRemembers(t *testing.T) {
	commands := [][]string{
		{"export", "INC-2041"},
		{"export", "INC-2041", "--format", "timesketch"},
		{"export", "INC-2041", "--format", "ocsf"},
		{"findings", "INC-2041"},
		{"findings", "INC-2041", "--json"},
		{"report", "INC-2041"},
		{"report", "INC-2041", "--format", "json"},
		{"pending"},
		{"pending", "--json"},
		{"incidents"},
		{"incidents", "--json"},
		{"status", "INC-2041"},
		{"status", "INC-2041", "--json"},
		{"handoff", "INC-2041"},
	}
	for _, args := range commands {
		name := strings.Join(args, " ")
		t.Run(name+" is whole, and exits 1 naming what is missing and how to accept a restore", func(t *testing.T) {
			path := closedAndChecked(t)
			cutLast(t, path)
			r := signoff(t, path, "", args...)
			if r.code != 1 || !strings.Contains(r.stderr, "so entries were cut off the end") || !strings.Contains(r.stderr, "signoff verify --forget") {
				t.Errorf("exit %d, stderr %q; want exit 1 naming the entries cut off and signoff verify --forget", r.code, r.stderr)
			}
			if args[0] == "report" {
				// A report states the chain's status itself, in its body,
				// for people and for tools alike.
				if !strings.Contains(r.stdout, "so entries were cut off the end") || !strings.Contains(r.stdout, "signoff verify --forget") {
					t.Errorf("the report does not state the fault and the way to accept a restore")
				}
				return
			}
			if args[0] == "pending" {
				// Its ages move on between two runs; what it lists does not.
				if !strings.Contains(r.stdout, "S5") {
					t.Errorf("pending did not list what is pending: %q", r.stdout)
				}
				return
			}
			elsewhere := onAnotherMachine(t, path, args...)
			if r.stdout != elsewhere.stdout || r.stdout == "" {
				t.Errorf("what it wrote differs from what it writes on a machine that remembers nothing (%d bytes, %d there)", len(r.stdout), len(elsewhere.stdout))
			}
		})
	}
	t.Run("an export of a chain rewritten since exits 1 naming the rewrite", func(t *testing.T) {
		path := closedAndChecked(t)
		tamperDB(t, path, `UPDATE chain SET at = at + 1000000000 WHERE seq = (SELECT max(seq) FROM chain)`,
			`UPDATE status_changes SET at = at + 1000000000 WHERE seq = (SELECT max(seq) FROM chain)`)
		rechainDB(t, path)
		r := signoff(t, path, "", "export", "INC-2041")
		if r.code != 1 || !strings.Contains(r.stderr, "rewritten since") {
			t.Errorf("export: exit %d, %q; want the rewrite named", r.code, r.stderr)
		}
	})
	t.Run("an intact record exports the same bytes as before, saying nothing", func(t *testing.T) {
		path := closedAndChecked(t)
		for _, args := range commands[:3] {
			r := signoff(t, path, "", args...)
			if r.code != 0 || r.stderr != "" {
				t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
			}
			if elsewhere := onAnotherMachine(t, path, args...); r.stdout != elsewhere.stdout {
				t.Errorf("%v: the export differs from the one a machine that remembers nothing writes", args)
			}
		}
		for _, args := range commands[7:] {
			if r := signoff(t, path, "", args...); r.code != 0 || r.stderr != "" {
				t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
			}
		}
	})
	t.Run("a backup restored on purpose is accepted with verify --forget", func(t *testing.T) {
		path := closedAndChecked(t)
		cutLast(t, path)
		if r := signoff(t, path, "", "verify", "--forget"); r.code != 0 {
			t.Fatalf("verify --forget: exit %d, %s", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "export", "INC-2041"); r.code != 0 || r.stderr != "" {
			t.Errorf("export after verify --forget: exit %d, %q", r.code, r.stderr)
		}
	})
}

// decisions hands the record on to be acted upon: an executor that
// resumes on a record cut short since this machine checked it would wait
// for seqs it already handled, and carry out decisions made over them as
// if none were missing. It is refused before a line is printed.
func TestDecisionsOfARecordCutShortAreRefused(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "S5 blocked"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cutLast(t, path)
	for _, args := range [][]string{{"decisions"}, {"decisions", "--follow"}} {
		// A --follow that is not refused follows until the deadline.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var out, errb bytes.Buffer
		code := run(ctx, append([]string{"--db", path}, args...), strings.NewReader(""), &out, &errb)
		cancel()
		r := result{code, out.String(), errb.String()}
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "cut off the end") || !strings.Contains(r.stderr, "signoff verify --forget") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want it refused, naming the entries cut off", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := onAnotherMachine(t, path, "decisions"); r.code != 0 || !strings.Contains(r.stdout, "D-S5") {
		t.Errorf("decisions where nothing is remembered: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

// A --follow already running when the record is cut short under it stops
// at the next change, before it prints from the shorter record.
func TestAFollowStopsWhenTheRecordIsCutShortUnderIt(t *testing.T) {
	path := demoDB(t)
	for _, args := range [][]string{
		{"--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"},
		{"--as", "alice", "handoff", "INC-2046", "--note", "S5 blocked"},
		{"verify"},
	} {
		if r := signoff(t, path, "", args...); r.code != 0 {
			t.Fatalf("%v: %s", args, r.stderr)
		}
	}
	// The deadline only ends a follow that was not stopped.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"--db", path, "decisions", "--follow"}, strings.NewReader(""), &out, &errb)
	}()
	for !strings.Contains(out.String(), `"decision":"D-S5"`) {
		select {
		case code := <-done:
			t.Fatalf("the follow ended (exit %d) before printing D-S5: %q", code, errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cutLast(t, path)
	if code := <-done; code != 1 || !strings.Contains(errb.String(), "cut off the end") {
		t.Errorf("follow: exit %d, %q; want it stopped, naming the entries cut off", code, errb.String())
	}
}

// An executor resumes with --since the last seq it handled. On a record
// that no longer reaches that seq (a backup restored, whether or not this
// machine checked the longer one) the decisions recorded next were skipped
// without a word, until their seqs passed it.
func TestDecisionsSinceASeqPastTheRecordsEndAreRefused(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := signoff(t, path, "", "decisions", "--since", "100000")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "--since 100000 is past the record's last entry") {
		t.Errorf("exit %d, %q %q; want it refused", r.code, r.stdout, r.stderr)
	}
	if r := signoff(t, path, "", "decisions", "--since", "1"); r.code != 0 || !strings.Contains(r.stdout, "D-S5") {
		t.Errorf("--since 1: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

// The auditor's machine remembers no check of the record; the checkpoint
// the team keeps elsewhere is what shows a record cut short there. An
// export given it holds the record to it, and says so either way.
func TestAnExportHeldToACheckpointOnAMachineThatRemembersNothing(t *testing.T) {
	path := closedAndChecked(t)
	cp := signoff(t, path, "", "checkpoint")
	if cp.code != 0 {
		t.Fatal(cp.stderr)
	}
	file := filepath.Join(t.TempDir(), "audit.txt")
	if err := os.WriteFile(file, []byte(cp.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	whole := onAnotherMachine(t, path, "export", "INC-2041", "--checkpoint", file)
	if whole.code != 0 || whole.stderr != "" {
		t.Fatalf("export --checkpoint of the record it was taken of: exit %d, %q", whole.code, whole.stderr)
	}
	if plain := onAnotherMachine(t, path, "export", "INC-2041"); plain.stdout != whole.stdout {
		t.Errorf("--checkpoint changed the bytes exported")
	}
	cutLast(t, path)
	r := onAnotherMachine(t, path, "export", "INC-2041", "--format", "ocsf", "--checkpoint", file)
	if r.code != 1 || r.stdout == "" || !strings.Contains(r.stderr, "cut off") {
		t.Errorf("export --checkpoint of the record cut short: exit %d, %d bytes, %q; want it written, exit 1 naming the cut", r.code, len(r.stdout), r.stderr)
	}
}

// copy verifies the record in its new place whole; that check was not
// remembered, so the copy (a team's new server) could be cut short before
// anyone ran verify there, and export from it said nothing.
func TestACopyIsRememberedAsItWasVerifiedInItsNewPlace(t *testing.T) {
	path := closedAndChecked(t)
	dst := filepath.Join(t.TempDir(), "moved.db")
	if r := signoff(t, "", "", "copy", "--from", path, "--to", dst); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cutLast(t, dst)
	if r := signoff(t, dst, "", "export", "INC-2041"); r.code != 1 || !strings.Contains(r.stderr, "so entries were cut off the end") {
		t.Errorf("export of the copy cut short: exit %d, %q; want the cut named", r.code, r.stderr)
	}
}

// An entry of the incident edited in place stops the import format's
// export at it; the cut the check found before the first byte was then
// dropped from what the person was told.
func TestAnExportStoppedByAnEditedEntryStillNamesTheCut(t *testing.T) {
	path := closedAndChecked(t)
	cutLast(t, path)
	tamperDB(t, path, `UPDATE chain SET payload = replace(payload, 'Paged Alice', 'Paged Alicf') WHERE incident = 'INC-2041' AND subject = 'E2'`)
	r := signoff(t, path, "", "export", "INC-2041")
	if r.code != 1 || !strings.Contains(r.stderr, "export stopped at the record of entry") || !strings.Contains(r.stderr, "so entries were cut off the end") {
		t.Errorf("exit %d, %q; want the edited entry and the cut both named", r.code, r.stderr)
	}
}
