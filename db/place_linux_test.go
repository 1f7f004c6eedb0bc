package db

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// PlaceNew linked the name and left the caller to unlink the file it was
// built under: a process killed between the two left a second name of the
// live database beside it. On Linux the file is moved in one step that
// fails when the name is taken, so only one name ever holds it.
func TestPlaceNewMovesInOneStepAndNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	temp, path := filepath.Join(dir, "built"), filepath.Join(dir, "placed")
	if err := os.WriteFile(temp, []byte("whole"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := PlaceNew(temp, path); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "whole" {
		t.Errorf("the placed file holds %q, %v; want %q", got, err, "whole")
	}
	if _, err := os.Lstat(temp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the file is still at the name it was built under (%v); want it moved", err)
	}

	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, []byte("second"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := PlaceNew(other, path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("placing over a file: %v; want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "whole" {
		t.Errorf("the file in place was replaced by %q", got)
	}
	if _, err := os.Lstat(other); err != nil {
		t.Errorf("the file that was not placed is gone: %v", err)
	}
}
