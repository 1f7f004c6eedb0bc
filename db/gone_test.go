package db

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A database whose disk is unmounted (lazily, as umount -l does while the
// file is open), or whose folder is moved or removed, stays open in the
// process: writes used to be "saved" into a file nobody could reach again,
// lost once the workstation quit. Moving the folder stands in for the
// unmount, which needs root.
func TestAWriteToADatabaseNoLongerAtItsPathIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	d := openAt(t, filepath.Join(dir, "signoff.db"))
	importDoc(t, d, sampleDoc())
	if err := os.Rename(dir, dir+"-elsewhere"); err != nil {
		t.Fatal(err)
	}
	doc := sampleDoc()
	doc.Incident.ID = "INC-2"
	_, err := d.ImportDocument(t.Context(), "next.json", strings.NewReader(docJSON(t, doc)), "importer")
	if code(err) != model.EINVALID || !strings.Contains(err.Error(), "or its disk unmounted") {
		t.Fatalf("a write after the database's folder went away: %v; want it refused, saying the file is no longer there", err)
	}
}
