//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A file this user may only read, opened while no signoff that may write
// it had it open, is read as it stood (access.go): a --follow on it would
// print the backlog and then nothing, whatever was decided. It prints the
// backlog and stops, saying why.
func TestFollowingADatabaseReadAsItStoodStopsSayingWhy(t *testing.T) {
	path := filepath.Join(sharedDir(t), "team.db")
	if r := signoff(t, path, "", "demo", "--no-open"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	uid := otherUser(t, path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, signoffBinary(t), "--db", path, "decisions", "--follow")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if uid >= 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("--follow on a file read as it stood kept waiting for writes it cannot see: %q %q", out.String(), errb.String())
	}
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 || !strings.Contains(errb.String(), "later writes cannot be seen") {
		t.Errorf("--follow on a file read as it stood: %v, %q", err, errb.String())
	}
	if !strings.Contains(out.String(), `"suggestion":"S5"`) {
		t.Errorf("the backlog was not printed first: %q", out.String())
	}
}
