//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"syscall"
	"testing"
)

// process runs the built binary (signoffBinary); uid names a user to run it
// as, -1 the test's own.
func process(t *testing.T, uid int, args ...string) result {
	t.Helper()
	cmd := exec.Command(signoffBinary(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if uid >= 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	}
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}
