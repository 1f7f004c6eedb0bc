package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// slowInput gives its text, then nothing until the test ends: an import
// from a pipe that a person stops with ctrl+c.
type slowInput struct {
	r   io.Reader
	end <-chan struct{}
}

func (s slowInput) Read(p []byte) (int, error) {
	if n, err := s.r.Read(p); err != io.EOF {
		return n, err
	}
	<-s.end
	return 0, io.EOF
}

// A command stopped by ctrl+c says so, not "internal error", and exits 2.
func TestAnInterruptedCommandSaysSo(t *testing.T) {
	path := demoDB(t)
	ctx, stop := context.WithCancel(context.Background())
	end := make(chan struct{})
	defer close(end)
	stream := `{"record":"incident","format":"signoff.incident/v1","id":"INC-S","title":"slow","severity":"sev3","status":"open","opened_at":"2026-11-30T08:00:00Z"}` + "\n"
	in := slowInput{strings.NewReader(stream), end}
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"--db", path, "import", "-"}, in, &out, &errb) }()
	stop()
	if code := <-done; code != exitUsage || errb.String() != "signoff: "+interrupted+"\n" {
		t.Errorf("exit %d, said %q; want %d and the interrupted sentence", code, errb.String(), exitUsage)
	}
	if r := signoff(t, path, "", "status", "INC-S"); r.code != 2 || !strings.Contains(r.stderr, "INC-S") {
		t.Errorf("the interrupted import left INC-S: %d %s", r.code, r.stdout)
	}
}
