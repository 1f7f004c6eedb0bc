package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
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

// stopOnWrite is a terminal whose person presses ctrl+c once the first
// lines are on screen.
type stopOnWrite struct {
	bytes.Buffer
	stop func()
}

func (s *stopOnWrite) Write(p []byte) (int, error) {
	s.stop()
	return s.Buffer.Write(p)
}

// An export stopped midway has printed part of its lines: the sentence
// says that output is incomplete, not that nothing is half-written (a
// partial OCSF file would otherwise be shipped as whole).
func TestAnInterruptedExportSaysItsOutputIsIncomplete(t *testing.T) {
	path := tempDB(t)
	stream := filepath.Join(t.TempDir(), "g.ndjson")
	if r := signoff(t, path, "", "gen", "--events", "3000", "-o", stream); r.code != 0 {
		t.Fatalf("gen: %d %s", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "import", stream); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	out := &stopOnWrite{stop: stop}
	var errb bytes.Buffer
	code := run(ctx, []string{"--db", path, "export", "SYN-1-1", "--format", "ocsf"}, strings.NewReader(""), out, &errb)
	if code != exitUsage || out.Len() == 0 || errb.String() != "signoff: "+interruptedOutput+"\n" {
		t.Errorf("exit %d after %d bytes, said %q; want %d and that the output is incomplete", code, out.Len(), errb.String(), exitUsage)
	}
}
