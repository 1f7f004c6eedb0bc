package db

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// openPair opens the same SQLite file twice, as a waiting reader and
// another process's writer would, with the sample incident in it.
func openPair(t *testing.T) (reader, writer *DB, path string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "x.db")
	ctx := context.Background()
	reader, err := Open(ctx, path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	writer, err = Open(ctx, path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { writer.Close() })
	importDoc(t, writer, sampleDoc())
	return reader, writer, path
}

// age sets both files' modification time an hour back, as if nothing had
// written for that long.
func age(t *testing.T, path string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for _, p := range []string{path, path + "-wal"} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

func note(t *testing.T, d *DB, text string) {
	t.Helper()
	if _, err := d.AddHandoffNote(context.Background(), model.HandoffNote{Incident: "INC-1", By: "alice", Text: text}); err != nil {
		t.Fatal(err)
	}
}

// A reader of a database quiet for a while learns that nothing moved from
// a stat, without the driver (here the connection it would ask is gone),
// and still sees the next write by another connection.
func TestDataVersionOfAQuietDatabaseIsReadWithoutTheDriver(t *testing.T) {
	reader, writer, path := openPair(t)
	ctx := context.Background()
	age(t, path)
	before, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := reader.eng.(*sqliteFile)
	s.dv.Close()
	if v, err := reader.DataVersion(ctx); err != nil || v != before {
		t.Fatalf("with the files unchanged the data version read %d, %v; want %d from the stat alone", v, err, before)
	}
	s.dv, err = s.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	note(t, writer, "from another process")
	if v, err := reader.DataVersion(ctx); err != nil || v == before {
		t.Errorf("after another connection wrote, the data version read %d, %v; want it moved from %d", v, err, before)
	}
}

// A commit can leave the files looking as they did: one that overwrites a
// reset WAL in the same tick of the file system's clock keeps its size and
// time. A look taken while the files had just moved is not trusted.
func TestDataVersionSeesAWriteThatLeavesTheFilesLookingTheSame(t *testing.T) {
	reader, writer, path := openPair(t)
	ctx := context.Background()
	before, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	note(t, writer, "a write the stat cannot tell from the one before")
	// The reader took its look just before; make it the look of now,
	// as if the write had left size and time as they were.
	s := reader.eng.(*sqliteFile)
	if s.dvSeen.look, err = lookAt(path); err != nil {
		t.Fatal(err)
	}
	if v, err := reader.DataVersion(ctx); err != nil || v == before {
		t.Errorf("after a write that left the files looking the same, the data version read %d, %v; want it moved from %d", v, err, before)
	}
}
