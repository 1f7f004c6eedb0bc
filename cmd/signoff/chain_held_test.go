package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What this machine remembers of a record is a checkpoint no writer of the
// database can edit. A whole check (verify, checkpoint, copy's check of its
// source) holds the chain to it too: before, a rewrite the workstation had
// named passed signoff verify, which then remembered the rewritten chain
// in its place, and checkpoint and copy carried it on as the record.
func TestAWholeCheckHoldsTheChainToWhatThisMachineRemembers(t *testing.T) {
	// rewritten is a record this machine verified, then the older of its
	// entries rewritten and the chain recomputed after them.
	rewritten := func(t *testing.T) string {
		path := demoDB(t)
		if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Fatalf("verify: %s", r.stderr)
		}
		// The approval's entry moved a second on: nothing the whole check
		// holds a row to, so only the remembered hashes show it.
		tamperDB(t, path, `UPDATE chain SET at = at + 1000000000 WHERE subject = 'D-S5'`)
		rechainDB(t, path)
		return path
	}
	t.Run("verify names the rewrite and keeps the memory", func(t *testing.T) {
		path := rewritten(t)
		before, _ := os.ReadFile(memoryFor(path).path)
		r := signoff(t, path, "", "verify")
		if r.code != 1 || !strings.Contains(r.stderr, "the chain was rewritten since") || !strings.Contains(r.stderr, "verify --forget") {
			t.Errorf("verify: exit %d, %q; want the rewrite named, and the way to accept it", r.code, r.stderr)
		}
		if after, _ := os.ReadFile(memoryFor(path).path); string(after) != string(before) {
			t.Errorf("verify replaced what this machine remembers")
		}
		if r := signoff(t, path, "", "metrics"); r.code != 1 {
			t.Errorf("metrics after verify: exit %d; the rewrite was forgotten", r.code)
		}
	})
	t.Run("no checkpoint is taken of it", func(t *testing.T) {
		path := rewritten(t)
		r := signoff(t, path, "", "checkpoint")
		if r.code == 0 || strings.Contains(r.stdout, "signoff audit checkpoint") || !strings.Contains(r.stderr, "rewritten since") {
			t.Errorf("checkpoint: exit %d, %q; want none taken", r.code, r.stderr)
		}
	})
	t.Run("it is not copied", func(t *testing.T) {
		path := rewritten(t)
		dst := filepath.Join(t.TempDir(), "copy.db")
		r := signoff(t, "", "", "copy", "--from", path, "--to", dst)
		if r.code == 0 || !strings.Contains(r.stderr, "was not copied") || !strings.Contains(r.stderr, "rewritten since") {
			t.Errorf("copy: exit %d, %q; want the source refused", r.code, r.stderr)
		}
		if _, err := os.Stat(dst); !os.IsNotExist(err) {
			t.Errorf("the refused copy left a file at the destination (%v)", err)
		}
	})
	t.Run("verify --forget accepts a record restored on purpose", func(t *testing.T) {
		path := rewritten(t)
		if r := signoff(t, path, "", "verify", "--forget"); r.code != 0 {
			t.Fatalf("verify --forget: exit %d, %s", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "metrics"); r.code != 0 {
			t.Errorf("metrics after verify --forget: exit %d, %q; want the record remembered as it is now", r.code, r.stderr)
		}
	})
	t.Run("a database made again is still checked whole and remembered", func(t *testing.T) {
		path := demoDB(t)
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		tamperDB(t, path, `UPDATE chain SET at = at + 1 WHERE seq = 1`)
		rechainDB(t, path)
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Errorf("verify: exit %d, %q; another record at the address is judged whole (docs/DECISIONS.md)", r.code, r.stderr)
		}
	})
}

// A daily checkpoint job is a machine that checks the record whole: it
// remembers what it checked, so the next day's checkpoint is not taken of
// an older backup restored over the record in between.
func TestACheckpointIsNotTakenOfAnOlderBackupRestoredSinceTheLast(t *testing.T) {
	path := demoDB(t)
	older := filepath.Join(t.TempDir(), "older.db")
	if r := signoff(t, "", "", "copy", "--from", path, "--to", older); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, note := range []string{"before the backup was restored", "and once more"} {
		if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", note); r.code != 0 {
			t.Fatal(r.stderr)
		}
	}
	if r := signoff(t, path, "", "checkpoint"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// The older backup put in the record's place, and written to since,
	// so it holds more entries than the last checkpoint recorded.
	data, err := os.ReadFile(older)
	if err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// Written to on a machine that remembers nothing of the record: this
	// one records nothing on it (docs/DECISIONS.md, "Writes held to this
	// machine's memory").
	t.Run("written to elsewhere", func(t *testing.T) {
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		for _, note := range []string{"one", "two", "three"} {
			if r := signoff(t, path, "", "--as", "tomas", "handoff", "INC-2046", "--note", note); r.code != 0 {
				t.Fatal(r.stderr)
			}
		}
	})
	r := signoff(t, path, "", "checkpoint")
	if r.code == 0 || strings.Contains(r.stdout, "signoff audit checkpoint") || !strings.Contains(r.stderr, "rewritten since") {
		t.Errorf("checkpoint: exit %d, %q; want none taken of the restored record", r.code, r.stderr)
	}
}

// A record of 64 entries or fewer has its first entry among the marks of
// a whole check; the memory of it was refused when read back, so such a
// record was never remembered and a rewrite of it passed every check.
func TestASmallRecordIsRemembered(t *testing.T) {
	gen := signoff(t, "", "", "gen", "--incidents", "1", "--events", "20")
	path := tempDB(t)
	if r := signoff(t, path, gen.stdout, "--as", "alice", "import", "-"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 || !strings.Contains(r.stdout, "59 entries") {
		t.Fatalf("verify: %q %q", r.stdout, r.stderr)
	}
	if _, ok := memoryFor(path).load(path); !ok {
		t.Errorf("the check of a 59-entry record is not remembered")
	}
	tamperDB(t, path, `UPDATE chain SET at = at + 1000000000 WHERE seq = 30`)
	rechainDB(t, path)
	if r := signoff(t, path, "", "verify"); r.code != 1 || !strings.Contains(r.stderr, "rewritten since") {
		t.Errorf("verify: exit %d, %q; want the rewrite named", r.code, r.stderr)
	}
}
