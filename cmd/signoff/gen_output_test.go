package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gen -o used to open its file with O_TRUNC: a wrong path destroyed a
// signoff database and gen exited 0 (review finding 2).
func TestGenNeverWritesOverADatabaseAndReplacesAFileOnlyWithForce(t *testing.T) {
	record := demoDB(t)
	before := signoff(t, record, "", "incidents").stdout
	dir := t.TempDir()
	gen := func(dbPath string, args ...string) result {
		return signoff(t, dbPath, "", append([]string{"gen", "--events", "5"}, args...)...)
	}
	refused := func(t *testing.T, r result, want string) {
		t.Helper()
		if r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("exit %d, stderr %q; want exit 2 saying %q", r.code, r.stderr, want)
		}
	}

	t.Run("a SQLite database is refused even with --force, and still holds its record", func(t *testing.T) {
		refused(t, gen(tempDB(t), "-o", record, "--force"), "is a SQLite database")
		if after := signoff(t, record, "", "incidents"); after.code != 0 || after.stdout != before {
			t.Errorf("after gen: exit %d, %q %q", after.code, after.stdout, after.stderr)
		}
	})
	t.Run("a database's side file is refused even where there is none yet", func(t *testing.T) {
		refused(t, gen(tempDB(t), "-o", record+"-wal", "--force"), "side file")
		if _, err := os.Stat(record + "-wal"); err == nil {
			t.Errorf("gen made %s-wal", record)
		}
	})
	t.Run("the database --db names is refused though there is no file yet", func(t *testing.T) {
		named := filepath.Join(dir, "fresh.db")
		refused(t, gen(named, "-o", named, "--force"), "--db or $SIGNOFF_DB")
		if _, err := os.Stat(named); err == nil {
			t.Errorf("gen made %s", named)
		}
	})
	t.Run("the database $SIGNOFF_DB names is refused", func(t *testing.T) {
		named := filepath.Join(dir, "env.db")
		t.Setenv("SIGNOFF_DB", named)
		var stderr strings.Builder
		code := run(t.Context(), []string{"gen", "--events", "5", "-o", named}, strings.NewReader(""), &strings.Builder{}, &stderr)
		refused(t, result{code: code, stderr: stderr.String()}, "--db or $SIGNOFF_DB")
		if _, err := os.Stat(named); err == nil {
			t.Errorf("gen made %s", named)
		}
	})

	file := filepath.Join(dir, "stream.ndjson")
	t.Run("a new file is made with mode 0600 and nothing else is left beside it", func(t *testing.T) {
		if r := gen(tempDB(t), "-o", file); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		info, err := os.Stat(file)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("stat %v, mode %v; want 0600", err, info.Mode().Perm())
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".stream.ndjson.gen-*")); len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
	t.Run("an existing file is refused and kept as it was", func(t *testing.T) {
		os.WriteFile(file, []byte("keep me\n"), 0o644)
		refused(t, gen(tempDB(t), "-o", file), "already exists")
		if b, _ := os.ReadFile(file); string(b) != "keep me\n" {
			t.Errorf("the file now holds %.40q", b)
		}
	})
	t.Run("--force replaces an existing file", func(t *testing.T) {
		if r := gen(tempDB(t), "-o", file, "--force"); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if b, _ := os.ReadFile(file); !strings.HasPrefix(string(b), `{"record":"incident"`) {
			t.Errorf("the file holds %.40q", b)
		}
	})
}
