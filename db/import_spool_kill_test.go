package db

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
)

// An import killed (SIGKILL, a power cut) runs no deferred removal: a
// 100 MB document with its incident last left 95 MB of incident records
// in $TMPDIR. The early records' file is removed from its folder as soon
// as it is made, and read through its open handle, so nothing of it can
// outlive the import.
func TestTheEarlyRecordsFileHasNoNameWhileItIsUsed(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows cannot remove an open file")
	}
	made := spoolFiles(t, 4<<10)
	create := createSpool
	named := 0
	createSpool = func() (*os.File, error) {
		f, err := create()
		if err == nil {
			if _, serr := os.Stat(f.Name()); !errors.Is(serr, os.ErrNotExist) {
				named++
			}
		}
		return f, err
	}
	text := incidentLast(t, docJSON(t, manyNotes(600)))
	d := openTest(t)
	if _, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(text), "importer"); err != nil {
		t.Fatal(err)
	}
	if len(*made) != 1 {
		t.Fatalf("%d files were made for the early records; want 1", len(*made))
	}
	if named != 0 {
		t.Errorf("the early records' file could be found in its folder while the import read it; want it nameless")
	}
	entries, err := os.ReadDir(os.Getenv("TMPDIR"))
	if err != nil || len(entries) != 0 {
		t.Errorf("the temporary folder holds %d entries (%v); want none", len(entries), err)
	}
}
