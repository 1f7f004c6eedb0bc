package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestServeRefusesAsAndNeedsTheRoster(t *testing.T) {
	path := tempDB(t)
	if r := signoff(t, path, "", "--as", "alice", "serve", "--signers", "x"); r.code != 2 || !strings.Contains(r.stderr, "--as has no meaning for serve") {
		t.Errorf("--as: exit %d, %q", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "serve"); r.code != 2 || !strings.Contains(r.stderr, "serve needs --signers FILE") {
		t.Errorf("no roster: exit %d, %q", r.code, r.stderr)
	}
	dir := t.TempDir()
	bad := writeFile(t, dir, "allowed_signers", "alice ssh-ed25519 nonsense\n")
	if r := signoff(t, path, "", "serve", "--signers", bad, "--host-key", filepath.Join(dir, "hk")); r.code != 2 || !strings.Contains(r.stderr, "allowed signers file "+bad+", line 1") {
		t.Errorf("a bad roster: exit %d, %q", r.code, r.stderr)
	}
}

func TestServeRereadsTheRosterOnSIGHUP(t *testing.T) {
	dir := t.TempDir()
	_, alice := keyFile(t, dir, "alice")
	_, dave := keyFile(t, dir, "dave")
	signers := writeFile(t, dir, "allowed_signers", alice+"\n")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--db", tempDB(t), "serve", "--listen", addr, "--signers", signers,
			"--host-key", filepath.Join(dir, "host_key")}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	}()
	waitFor := func(text string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(stderr.String(), text) {
			if time.Now().After(deadline) {
				t.Fatalf("the server never logged %q:\n%s", text, stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("serving the workstation over SSH")
	waitFor("host key created")
	if info, err := os.Stat(filepath.Join(dir, "host_key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("host key: %v, %v", info, err)
	}
	os.WriteFile(signers, []byte(alice+"\n"+dave+"\n"), 0o600)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	waitFor("allowed signers re-read")
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", stderr.String())
	}
}
