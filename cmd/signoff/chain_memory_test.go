package main

import (
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// rechainDB recomputes every hash of the chain, as a careful forger would
// after editing an entry.
func rechainDB(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer dropTriggers(t, db)()
	rows, err := db.Query("SELECT seq, at, actor, kind, incident, subject, payload FROM chain ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	var entries []model.ChainEntry
	for rows.Next() {
		var e model.ChainEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload); err != nil {
			t.Fatal(err)
		}
		e.At = time.Unix(0, at).UTC()
		entries = append(entries, e)
	}
	rows.Close()
	prev := model.GenesisHash
	for _, e := range entries {
		e.Prev = prev
		e.Hash = chain.Hash(e)
		p, _ := hex.DecodeString(e.Prev)
		h, _ := hex.DecodeString(e.Hash)
		if _, err := db.Exec("UPDATE chain SET prev = ?, hash = ? WHERE seq = ?", p, h, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
}

// The workstation's and metrics' check goes on from the last check this
// machine remembers. A chain rewritten before that point is caught by the
// hashes it remembered; an entry edited in place before it is not, and
// signoff verify, which always checks the whole record, catches it.
func TestTheRememberedCheckAndWhatOnlyVerifyFinds(t *testing.T) {
	const (
		editD5 = `UPDATE chain SET payload = replace(payload, '"block_ip"', '"unblock_ip"') WHERE subject = 'D-S5'`
		rowD5  = `UPDATE events SET action = 'unblock_ip' WHERE id = 'D-S5'`
	)
	prepare := func(t *testing.T) string {
		path := demoDB(t)
		if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Fatalf("verify: %s", r.stderr)
		}
		if _, ok := memoryFor(path).load(path); !ok {
			t.Fatal("verify remembered nothing")
		}
		// A write after the check: the next check goes through it.
		if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "watch S3 overnight"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		return path
	}
	t.Run("an intact record passes and the memory moves on", func(t *testing.T) {
		path := prepare(t)
		before, _ := memoryFor(path).load(path)
		if r := signoff(t, path, "", "metrics"); r.code != 0 {
			t.Fatalf("metrics: exit %d, %s", r.code, r.stderr)
		}
		after, _ := memoryFor(path).load(path)
		if after.Entries != before.Entries+1 || after.Whole != before.Whole {
			t.Errorf("remembered %d entries (whole check %s); want %d, %s", after.Entries, after.Whole, before.Entries+1, before.Whole)
		}
	})
	t.Run("an old entry rewritten and the chain recomputed is caught", func(t *testing.T) {
		path := prepare(t)
		tamperDB(t, path, editD5, rowD5)
		rechainDB(t, path)
		r := signoff(t, path, "", "metrics")
		if r.code != 1 || !strings.Contains(r.stderr, "the chain was rewritten since") {
			t.Errorf("metrics: exit %d, %q; want the rewrite named", r.code, r.stderr)
		}
	})
	t.Run("an old entry edited in place is verify's to find", func(t *testing.T) {
		path := prepare(t)
		tamperDB(t, path, editD5)
		if r := signoff(t, path, "", "metrics"); r.code != 0 {
			t.Errorf("metrics: exit %d, %q; the check since the last was not meant to look before it", r.code, r.stderr)
		}
		r := signoff(t, path, "", "verify")
		if r.code != 1 || !strings.Contains(r.stderr, "D-S5") {
			t.Errorf("verify: exit %d, %q; want the edit of D-S5 found", r.code, r.stderr)
		}
	})
	t.Run("a chain recomputed from its first entry is caught", func(t *testing.T) {
		path := prepare(t)
		tamperDB(t, path, `UPDATE chain SET at = at + 1 WHERE seq = 1`)
		rechainDB(t, path)
		if r := signoff(t, path, "", "metrics"); r.code != 1 || !strings.Contains(r.stderr, "first entry is not the one this machine checked") {
			t.Errorf("metrics: exit %d, %q; want the first entry named", r.code, r.stderr)
		}
	})
	t.Run("a database file put in its place is named until verify checks it whole", func(t *testing.T) {
		path := prepare(t)
		other, err := os.ReadFile(demoDB(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		if err := os.WriteFile(path, other, 0o600); err != nil {
			t.Fatal(err)
		}
		if r := signoff(t, path, "", "metrics"); r.code != 1 || !strings.Contains(r.stderr, "made again at this address") {
			t.Errorf("metrics: exit %d, %q; want the other record named", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Fatalf("verify: exit %d, %s", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "metrics"); r.code != 0 {
			t.Errorf("metrics after verify: exit %d, %q; want the new record remembered", r.code, r.stderr)
		}
	})
	// A database deleted and made again by signoff itself (a demo folder
	// cleared) cannot be a forged file: nothing was there when signoff
	// made it. Comparing it with the old record called it tampered; it
	// starts its own memory, and the person is told the old one is gone.
	t.Run("a database signoff makes again where none was starts anew, saying so", func(t *testing.T) {
		path := prepare(t)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		r := signoff(t, path, "", "demo", "--no-open")
		if r.code != 0 || !strings.Contains(r.stderr, "this machine had checked a record there") {
			t.Fatalf("demo made again: exit %d, %q; want a note that the record checked there is gone", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "metrics"); r.code != 0 {
			t.Errorf("metrics on the new record: exit %d, %q", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "demo", "--no-open"); strings.Contains(r.stderr, "note:") {
			t.Errorf("a demo run again over its own record notes %q", r.stderr)
		}
	})
	t.Run("a memory edited into nonsense costs a whole check", func(t *testing.T) {
		path := prepare(t)
		if err := os.WriteFile(memoryFor(path).path, []byte(`{"entries": 99999999}`), 0o600); err != nil {
			t.Fatal(err)
		}
		tamperDB(t, path, editD5)
		if r := signoff(t, path, "", "metrics"); r.code != 1 || !strings.Contains(r.stderr, "D-S5") {
			t.Errorf("metrics: exit %d, %q; want the whole check's finding", r.code, r.stderr)
		}
	})
}

// Two files of one name in two folders are two records, however the path
// was written: the memory is kept by absolute path.
func TestTheMemoryOfARelativePathIsItsFolders(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	t.Chdir(a)
	inA := memoryFor("signoff.db").path
	t.Chdir(b)
	if inB := memoryFor("signoff.db").path; inA == inB {
		t.Errorf("signoff.db in %s and in %s share the memory %s", a, b, inA)
	}
	if got := memoryFor(b + "/signoff.db").path; got != memoryFor("signoff.db").path {
		t.Errorf("the absolute and relative paths of one file have two memories")
	}
}
