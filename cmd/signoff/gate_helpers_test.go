package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// The gate's tests run signoff as the frameworks do: a process of its
// own that blocks, while other processes decide. The binary is built once.

var testBin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func signoffBinary(t testing.TB) string {
	t.Helper()
	testBin.once.Do(func() {
		testBin.dir, testBin.err = os.MkdirTemp("", "signoff-gate-test-")
		if testBin.err != nil {
			return
		}
		// Every user may run it: a test runs it as another user too.
		if testBin.err = os.Chmod(testBin.dir, 0o755); testBin.err != nil {
			return
		}
		testBin.path = filepath.Join(testBin.dir, "signoff")
		out, err := exec.Command("go", "build", "-o", testBin.path, ".").CombinedOutput()
		if err != nil {
			testBin.err = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if testBin.err != nil {
		t.Fatal(testBin.err)
	}
	return testBin.path
}

func TestMain(m *testing.M) {
	// What the checks remember (chain_memory.go) goes to a directory of
	// the run's own, not the home of whoever runs the tests.
	state, err := os.MkdirTemp("", "signoff-state-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", state)
	code := m.Run()
	os.RemoveAll(state)
	if testBin.dir != "" {
		os.RemoveAll(testBin.dir)
	}
	os.Exit(code)
}

// gateDB is a database holding the gate's test incident, INC-7.
func gateDB(t *testing.T) string {
	t.Helper()
	path := tempDB(t)
	if r := signoff(t, path, "", "import", "testdata/gate/incident.ndjson"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	return path
}

// running is a signoff process started in the background.
type running struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan struct{}
	err            error
}

// start runs signoff with stdin from the file named (or text, when the
// name is not a file) against the database at path.
func start(t *testing.T, path, stdin string, args ...string) *running {
	t.Helper()
	input := []byte(stdin)
	if b, err := os.ReadFile(stdin); err == nil {
		input = b
	}
	r := &running{done: make(chan struct{})}
	r.cmd = exec.Command(signoffBinary(t), append([]string{"--db", path}, args...)...)
	r.cmd.Stdin = bytes.NewReader(input)
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.err = r.cmd.Wait(); close(r.done) }()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			r.cmd.Process.Kill()
			<-r.done
		}
	})
	return r
}

// wait waits for the process to end and returns its exit status.
func (r *running) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(60 * time.Second):
		t.Fatalf("signoff %v did not end; stderr: %s", r.cmd.Args, r.stderr.String())
	}
	var exit *exec.ExitError
	if errors.As(r.err, &exit) {
		return exit.ExitCode()
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	return 0
}

// exited reports whether the process has ended.
func (r *running) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// pendingIDs lists the pending suggestions of INC-7, as a script would.
func pendingIDs(t *testing.T, path string) []string {
	t.Helper()
	r := signoff(t, path, "", "pending", "--incident", "INC-7", "--json")
	if r.code != 0 {
		t.Fatalf("pending: %s", r.stderr)
	}
	var lines []pendingLine
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil {
		t.Fatalf("pending --json: %v in %s", err, r.stdout)
	}
	var ids []string
	for _, l := range lines {
		ids = append(ids, l.ID)
	}
	return ids
}

// awaitPending waits until the gate has recorded suggestion id.
func awaitPending(t *testing.T, path string, g *running, id string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !slices.Contains(pendingIDs(t, path), id) {
		if g.exited() || time.Now().After(deadline) {
			t.Fatalf("%s never became pending; the gate wrote %q and %q", id, g.stdout.String(), g.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// decideIn runs approve, reject or defer as another process.
func decideIn(t *testing.T, path string, args ...string) {
	t.Helper()
	out, err := exec.Command(signoffBinary(t), append([]string{"--db", path}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("signoff %v: %v: %s", args, err, out)
	}
}

func golden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/gate", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
