package serve

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The roster is re-read every couple of seconds, so it must be a file
// that reads the same each time. A pipe (--signers <(curl …)) read once
// is empty the next time, which revoked every key two seconds after the
// start; a FIFO with nobody writing held the re-read up for good.
func TestTheRosterMustBeAFileThatReadsTheSameEachTime(t *testing.T) {
	t.Run("a pipe is refused at the start", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		w.WriteString(rosterLine("p01", newKey(t)))
		w.Close()
		path := "/dev/fd/" + strconv.Itoa(int(r.Fd()))
		_, err = New(Config{HostKey: filepath.Join(t.TempDir(), "host_key"), Signers: path})
		if err == nil || !strings.Contains(err.Error(), "is not a regular file") {
			t.Fatalf("a roster in a pipe: %v", err)
		}
	})
	t.Run("a FIFO put in its place keeps the roster, and the next file is read", func(t *testing.T) {
		f := start(t, 1, 2, nil)
		tm := f.open("p02", 80, 24)
		tm.must(wait, "signoff · p02 (")
		fifo := filepath.Join(f.dir, "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(fifo, f.signers); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, func() bool { return strings.Contains(f.log.String(), "is not a regular file") })
		tm.send("P")
		tm.must(wait, "deciding as p02")
		if err := os.WriteFile(fifo, []byte(rosterLine("p01", f.keys["p01"])), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(fifo, f.signers); err != nil {
			t.Fatal(err)
		}
		if code, err := tm.exit(wait); err != nil || code != 1 || !strings.Contains(tm.errs.String(), "no longer speaks for p02") {
			t.Fatalf("revoked after a FIFO stood in for the roster: exit %d, %v, stderr %q", code, err, tm.errs.String())
		}
	})
}

// The roster says which key is whom: a file anyone on the host may write
// lets anyone list their own key as any person, as sshd's StrictModes
// knows of authorized_keys.
func TestARosterAnyoneMayWriteIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "allowed_signers")
	if err := os.WriteFile(path, []byte(rosterLine("p01", newKey(t))), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{HostKey: filepath.Join(dir, "host_key"), Signers: path})
	if err == nil || !strings.Contains(err.Error(), "may be written by anyone (mode 0666); run chmod o-w") {
		t.Fatalf("a roster anyone may write: %v", err)
	}

	t.Run("made so while serving, it keeps the roster as it was", func(t *testing.T) {
		f := start(t, 1, 2, nil)
		tm := f.open("p02", 80, 24)
		tm.must(wait, "signoff · p02 (")
		if err := os.Chmod(f.signers, 0o646); err != nil {
			t.Fatal(err)
		}
		// Whoever wrote this line is not to be believed.
		if err := os.WriteFile(f.signers, []byte(rosterLine("p01", f.keys["p01"])+rosterLine("p02", newKey(t))), 0o600); err != nil {
			t.Fatal(err)
		}
		waitUntil(t, func() bool { return strings.Contains(f.log.String(), "may be written by anyone") })
		tm.send("P")
		tm.must(wait, "deciding as p02")
	})
}
