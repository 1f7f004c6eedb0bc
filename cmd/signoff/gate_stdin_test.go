package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model/gate"
)

// A framework writes its request and closes the gate's standard input; one
// that leaves it open (half a request written) held the gate, and the
// agent waiting on it, without limit. The read is bounded by --wait: then
// the gate refuses, as for a request it cannot read, and records nothing.
func TestGateDoesNotWaitWithoutLimitForItsRequest(t *testing.T) {
	path := gateDB(t)
	in, w := io.Pipe()
	defer w.Close()
	go w.Write([]byte(`{"hook_event_name":"PreToolUse","tool_name":"Bash",`))
	var out, errb bytes.Buffer
	ended := make(chan int, 1)
	go func() {
		ended <- run(context.Background(), append([]string{"--db", path}, gateArgs("claude", gate.ClaudeCode, "--wait", "300ms")...), in, &out, &errb)
	}()
	var code int
	select {
	case code = <-ended:
	case <-time.After(60 * time.Second):
		t.Fatal("the gate still reads a request whose standard input stays open, long past --wait")
	}
	if code != exitUsage || !strings.Contains(errb.String(), "the request on standard input did not end within --wait (300ms)") {
		t.Errorf("exit %d, stderr %q; want %d saying the request did not end within --wait", code, errb.String(), exitUsage)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q; want nothing, as for any request the gate could not read", out.String())
	}
	if ids := pendingIDs(t, path); len(ids) != 0 {
		t.Errorf("pending after the refusal: %v", ids)
	}
}

// A --wait that would end past the last storable time is a usage error on
// the flag, said before the request is read, not a fault in a "line 2"
// the gate made up from the request.
func TestAWaitPastTheLastStorableTimeIsRefusedAsTheFlags(t *testing.T) {
	path := gateDB(t)
	var out, errb bytes.Buffer
	req := golden(t, "claude-code/pretooluse-bash.json")
	code := run(context.Background(), append([]string{"--db", path}, gateArgs("claude", gate.ClaudeCode, "--wait", "2562047h")...), strings.NewReader(req), &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "--wait 2562047h0m0s would end after 2262-04-11, the last time signoff can store") || strings.Contains(errb.String(), "line 2") {
		t.Errorf("exit %d, stderr %q; want %d naming --wait and the last storable date", code, errb.String(), exitUsage)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q; want nothing", out.String())
	}
	if ids := pendingIDs(t, path); len(ids) != 0 {
		t.Errorf("pending after the refusal: %v", ids)
	}
}
