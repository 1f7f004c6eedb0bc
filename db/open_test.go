package db

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestOpenCreatesAPrivateStampedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	d, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode is %o; want 600", perm)
	}
	d, err = Open(context.Background(), path, fixedClock)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer d.Close()
	var id, version int64
	if err := d.sql.QueryRow("SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)").Scan(&id, &version); err != nil {
		t.Fatal(err)
	}
	if id != applicationID || version != latestVersion() {
		t.Errorf("stamp is %x/%d; want %x/%d", id, version, applicationID, latestVersion())
	}
	if _, err := d.IncidentSummary(context.Background(), "INC-1"); err != nil {
		t.Errorf("the incident did not survive reopening: %v", err)
	}
}

// plainDB writes a SQLite file without signoff, as another program would.
func plainDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesWhatIsNotASignoffDatabase(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"a text file is not SQLite", func(t *testing.T, path string) {
			os.WriteFile(path, []byte("id,title\nINC-1,leak\n"), 0o600)
		}, "is not a SQLite database"},
		{"an empty file is refused", func(t *testing.T, path string) {
			os.WriteFile(path, nil, 0o600)
		}, "is an empty file"},
		{"a truncated database is refused", func(t *testing.T, path string) {
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			importDoc(t, d, sampleDoc())
			d.Close()
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)/2], 0o600)
		}, "is a truncated SQLite database: its header promises"},
		{"a truncated database says what to do", func(t *testing.T, path string) {
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			importDoc(t, d, sampleDoc())
			d.Close()
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)/2], 0o600)
		}, "restore it from a backup, then run signoff verify"},
		{"a database stamped by a newer signoff is refused", func(t *testing.T, path string) {
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
			plainDB(t, path, "PRAGMA user_version = 999")
		}, "was written by a newer signoff (schema version 999"},
		{"a database whose migrations table records a newer migration is refused", func(t *testing.T, path string) {
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
			plainDB(t, path, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 'x')")
		}, "was written by a newer signoff (its migrations table records schema version 99"},
		{"a database whose header version was lowered is refused", func(t *testing.T, path string) {
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
			plainDB(t, path, "PRAGMA user_version = 3")
		}, "has an inconsistent schema: its header says version 3, but its migrations table records"},
		{"a database missing a migration row is refused", func(t *testing.T, path string) {
			d, err := Open(context.Background(), path, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
			plainDB(t, path, "DELETE FROM schema_migrations WHERE version = 2")
		}, "has an inconsistent schema"},
		{"another program's database is refused", func(t *testing.T, path string) {
			plainDB(t, path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')")
		}, "without the signoff stamp"},
		{"a database with another application_id is refused", func(t *testing.T, path string) {
			plainDB(t, path, "PRAGMA application_id = 42", "CREATE TABLE t (x)")
		}, "of another application (application_id 0x0000002A)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			c.make(t, path)
			before, _ := os.ReadFile(path)
			d, err := Open(context.Background(), path, fixedClock)
			if err == nil {
				d.Close()
			}
			wantError(t, err, model.EINVALID, c.want)
			wantError(t, err, model.EINVALID, path)
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the refused file was modified")
			}
			for _, side := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("opening left a %s file beside the refused one", side)
				}
			}
		})
	}
}

func TestOpenRefusesADirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir, fixedClock)
	wantError(t, err, model.EINVALID, "is a folder, not a signoff database")
}

func TestOpenTwiceInOneProcessSharesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	a, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(context.Background(), path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	importDoc(t, a, sampleDoc())
	if _, err := b.IncidentSummary(context.Background(), "INC-1"); err != nil {
		t.Errorf("the second handle does not see the first one's write: %v", err)
	}
}
