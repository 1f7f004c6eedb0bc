package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/signoff/signoff/db/dbtest"
)

// cancelOn is a stderr that cancels the command's context the first time
// it is told word: a copy stopped part way, as ctrl+c stops it.
type cancelOn struct {
	mu     sync.Mutex
	word   string
	cancel context.CancelFunc
	text   strings.Builder
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text.Write(p)
	if strings.Contains(string(p), c.word) {
		c.cancel()
	}
	return len(p), nil
}

// copyStopped runs signoff copy, stopped once it has copied the entries,
// before it commits them.
func copyStopped(t *testing.T, from, to string) result {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &cancelOn{word: "copied", cancel: cancel}
	var out strings.Builder
	code := run(ctx, []string{"copy", "--from", from, "--to", to}, strings.NewReader(""), &out, stderr)
	return result{code, out.String(), stderr.text.String()}
}

// filesAt lists what is at path and beside it (-wal, -shm, -journal),
// with each file's bytes.
func filesAt(path string) map[string]string {
	found := map[string]string{}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if data, err := os.ReadFile(path + suffix); err == nil {
			found[filepath.Base(path+suffix)] = string(data)
		}
	}
	return found
}

// A copy refused used to leave an empty, initialised SQLite file at --to,
// which a second try then took for a destination (and a person for a
// copy). A refusal leaves nothing behind: no file where there was none,
// and a file that was there exactly as it was.
func TestARefusedCopyLeavesNothingBehind(t *testing.T) {
	t.Run("a source that does not verify makes no file at --to", func(t *testing.T) {
		path := closedAndChecked(t)
		cutLast(t, path)
		to := filepath.Join(t.TempDir(), "copy.db")
		r := signoff(t, "", "", "copy", "--from", path, "--to", to)
		if r.code != 1 || !strings.Contains(r.stderr, "was not copied") {
			t.Errorf("copy: exit %d, %q; want it refused", r.code, r.stderr)
		}
		if got := filesAt(to); len(got) != 0 {
			t.Errorf("the refused copy left %d files at --to", len(got))
		}
	})
	t.Run("a copy stopped part way makes no file at --to", func(t *testing.T) {
		to := filepath.Join(t.TempDir(), "copy.db")
		r := copyStopped(t, demoDB(t), to)
		if r.code != 2 || !strings.Contains(r.stderr, "stopped before it finished") {
			t.Errorf("copy: exit %d, %q; want it stopped", r.code, r.stderr)
		}
		if got := filesAt(to); len(got) != 0 {
			t.Errorf("the stopped copy left %d files at --to", len(got))
		}
		if left, _ := filepath.Glob(to + ".incomplete-copy-*"); len(left) != 0 {
			t.Errorf("the stopped copy left %v beside --to", left)
		}
	})
	t.Run("a copy stopped part way leaves an empty database as it was", func(t *testing.T) {
		to := filepath.Join(t.TempDir(), "empty.db")
		if r := signoff(t, to, "", "init"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		before := filesAt(to)
		if r := copyStopped(t, demoDB(t), to); r.code != 2 {
			t.Errorf("copy: exit %d, %q; want it stopped", r.code, r.stderr)
		}
		if after := filesAt(to); !sameFiles(before, after) {
			t.Errorf("the empty database changed under the stopped copy")
		}
	})
	t.Run("a destination that holds a record is left as it was", func(t *testing.T) {
		to := demoDB(t)
		before := filesAt(to)
		r := signoff(t, "", "", "copy", "--from", demoDB(t), "--to", to)
		if r.code != 2 || !strings.Contains(r.stderr, "already holds a record") {
			t.Errorf("copy: exit %d, %q; want the destination refused", r.code, r.stderr)
		}
		if after := filesAt(to); !sameFiles(before, after) {
			t.Errorf("the destination changed under the refused copy")
		}
	})
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if b[name] != data {
			return false
		}
	}
	return true
}

// On a server, a refused copy leaves the schema as it was: before, the
// destination was opened (and a record made in a schema that held none)
// before the source was checked.
func TestARefusedCopyLeavesAServersSchemaAsItWas(t *testing.T) {
	server := os.Getenv("SIGNOFF_TEST_POSTGRES")
	if server == "" {
		t.Skip("set SIGNOFF_TEST_POSTGRES to run it (.ci/postgres starts a server)")
	}
	tables := func(t *testing.T, address string) int {
		t.Helper()
		conn, err := sql.Open("pgx", address)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var n int
		if err := conn.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Run("a source that does not verify makes nothing in a schema holding nothing", func(t *testing.T) {
		path := closedAndChecked(t)
		cutLast(t, path)
		to := dbtest.FreshSchema(t)
		r := signoff(t, "", "", "copy", "--from", path, "--to", to)
		if r.code != 1 || !strings.Contains(r.stderr, "was not copied") {
			t.Errorf("copy: exit %d, %q; want it refused", r.code, r.stderr)
		}
		if n := tables(t, to); n != 0 {
			t.Errorf("the refused copy made %d tables in the schema", n)
		}
	})
	t.Run("a copy stopped part way leaves an empty record empty", func(t *testing.T) {
		to := dbtest.FreshSchema(t)
		if r := signoff(t, to, "", "init"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		n := tables(t, to)
		if r := copyStopped(t, demoDB(t), to); r.code != 2 {
			t.Errorf("copy: exit %d, %q; want it stopped", r.code, r.stderr)
		}
		if r := signoff(t, to, "", "verify"); r.code != 0 || !strings.Contains(r.stdout, ": 0 entries") || tables(t, to) != n {
			t.Errorf("after the stopped copy: %q %q", r.stdout, r.stderr)
		}
	})
}
