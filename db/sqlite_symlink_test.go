package db

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// openThroughLink makes a database in one folder and opens it, for
// reading, through a symbolic link in another (/var/lib/signoff pointing
// at a data disk, say), and for writing by its own path. SQLite follows
// the link: it keeps the -wal and -shm beside the file, not the link.
func openThroughLink(t *testing.T) (reader, writer *DB, file string) {
	t.Helper()
	file = filepath.Join(t.TempDir(), "x.db")
	writer = openAt(t, file)
	importDoc(t, writer, sampleDoc())
	link := filepath.Join(t.TempDir(), "signoff.db")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	return openAt(t, link), writer, file
}

// The watch listens for writes to the file and its -wal where SQLite
// keeps them: opened through a link, it still hears another process's
// write without its fallback read (put an hour away).
func TestASQLiteStoreOpenedThroughALinkHearsWrites(t *testing.T) {
	probe, cancel := context.WithCancel(context.Background())
	defer cancel()
	if heard, _ := fileEvents(probe, filepath.Join(t.TempDir(), "probe.db")); heard == nil {
		t.Skip("this system cannot tell of writes to a file")
	}
	quiet := watchQuiet
	watchQuiet = time.Hour
	defer func() { watchQuiet = quiet }()
	reader, writer, _ := openThroughLink(t)
	changed := reader.Changed()
	note(t, writer, "written beside the file, not the link")
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("a write to a database opened through a link went unheard")
	}
}

// The stat that spares a read of the data version looks at the -wal
// SQLite writes, not at one beside the link that never exists.
func TestDataVersionThroughALinkSeesTheNextWrite(t *testing.T) {
	reader, writer, file := openThroughLink(t)
	ctx := context.Background()
	age(t, file)
	before, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	note(t, writer, "from another process")
	if v, err := reader.DataVersion(ctx); err != nil || v == before {
		t.Errorf("after another connection wrote, the data version read through a link read %d, %v; want it moved from %d", v, err, before)
	}
}
