package db

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Goroutines of one process opening one new path at once each made the
// database there, and all but one refused the file they found half made.
// Each builds its own and only one takes the path; every one of them
// opens that one, and it verifies.
func TestGoroutinesCreatingOnePathOpenOneDatabase(t *testing.T) {
	const openers = 8
	ctx := context.Background()
	for round := range 3 {
		dir := t.TempDir()
		path := filepath.Join(dir, "new.db")
		stores := make([]*DB, openers)
		errs := make([]error, openers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range openers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				stores[i], errs[i] = Open(ctx, path, fixedClock)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, opener %d: %v; want the one database opened", round, i, err)
				continue
			}
			if res, err := stores[i].Verify(ctx); err != nil || !res.Intact {
				t.Errorf("round %d, opener %d: the database does not verify: %v, %v", round, i, res, err)
			}
		}
		if errs[0] == nil {
			// What one of them writes, all of them read: one database.
			importDoc(t, stores[0], sampleDoc())
			for i, s := range stores {
				if s == nil {
					continue
				}
				if _, err := s.IncidentSummary(ctx, "INC-1"); err != nil {
					t.Errorf("round %d, opener %d does not read what opener 0 imported: %v", round, i, err)
				}
			}
		}
		for _, s := range stores {
			if s != nil {
				s.Close()
			}
		}
		if names := dirNames(t, dir); len(names) != 1 || names[0] != "new.db" {
			t.Errorf("round %d: the folder holds %v; want new.db alone", round, names)
		}
	}
}

// A -wal left where no database is (the file removed without it) holds
// another database's pages, and SQLite would apply them to a new file put
// at that path. Nothing is made there: the open says which files to move
// away, and leaves them as they are.
func TestANewDatabaseIsNotMadeBesideALeftOverWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	d, err := Open(ctx, old, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	wal, err := os.ReadFile(old + "-wal")
	d.Close()
	if err != nil || len(wal) == 0 {
		t.Fatalf("the open database's -wal: %d bytes, %v; want its pages", len(wal), err)
	}
	path := filepath.Join(dir, "new.db")
	if err := os.WriteFile(path+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path, fixedClock)
	if err == nil {
		res, verr := s.Verify(ctx)
		s.Close()
		t.Fatalf("a database was made beside the left-over -wal (it verifies as %v, %v); want it refused", res, verr)
	}
	if !strings.Contains(err.Error(), path+"-wal") {
		t.Errorf("the refusal %q does not name %s", err, path+"-wal")
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file was left at %s: %v", path, err)
	}
	if got, err := os.ReadFile(path + "-wal"); err != nil || len(got) != len(wal) {
		t.Errorf("the left-over -wal was changed: %d bytes, %v; want its %d", len(got), err, len(wal))
	}
}

// A -journal left where no database is would be rolled back into a new
// file put at that path, if hot: by hand, a killed transaction's journal
// put beside a new path left the new database "malformed". Nothing is made
// there while one with content lies there.
func TestANewDatabaseIsNotMadeBesideALeftOverJournal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	journal := []byte("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7 a rollback journal's header")
	if err := os.WriteFile(path+"-journal", journal, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path, fixedClock)
	if err == nil {
		s.Close()
		t.Fatal("a database was made beside the left-over -journal; want it refused")
	}
	if !strings.Contains(err.Error(), path+"-journal") {
		t.Errorf("the refusal %q does not name %s", err, path+"-journal")
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "new.db-journal" {
		t.Errorf("the folder holds %v; want the -journal alone", names)
	}
}

// A database that cannot be made is said of the path the person gave,
// not of the name it would have been built under.
func TestACreateThatCannotBeginNamesThePathGiven(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-folder", "new.db")
	_, err := Open(context.Background(), path, fixedClock)
	if err == nil {
		t.Fatal("a database was made in a folder that is not there")
	}
	if want := "cannot create the database " + path + ": "; !strings.Contains(err.Error(), want) {
		t.Errorf("the refusal %q does not say %q", err, want)
	}
	if strings.Contains(err.Error(), incompleteNew) {
		t.Errorf("the refusal %q names the file the database would be built in", err)
	}
}

// A link to where there is no file names something: nothing is made
// through it, and the refusal says where it points (it used to say
// "cannot create the database …: file exists").
func TestNoDatabaseIsMadeThroughALinkToNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	if err := os.Symlink("gone.db", path); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	d, err := Open(context.Background(), path, fixedClock)
	if err == nil {
		d.Close()
		t.Fatal("a database opened through a link to nothing; want it refused")
	}
	if want := "symbolic link to " + filepath.Join(dir, "gone.db"); !strings.Contains(err.Error(), want) {
		t.Errorf("the refusal %q does not say %q", err, want)
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "new.db" {
		t.Errorf("the folder holds %v; want the link alone", names)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
