package db

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A store whose file is moved away, removed, or replaced by another file
// (a restore that moves a copy over it) while it is open still reads and
// writes the old file through the connections it holds, which no one else
// reads: it says so at its next look for writes, and refuses to write.
func TestAStoreWhoseFileIsMovedOrReplacedSaysSoAndWritesNothing(t *testing.T) {
	cases := []struct {
		name string
		move func(t *testing.T, path string)
	}{
		{"replaced by a copy", func(t *testing.T, path string) {
			copy := filepath.Join(t.TempDir(), "restored.db")
			c, err := Open(context.Background(), copy, fixedClock)
			if err != nil {
				t.Fatal(err)
			}
			importDoc(t, c, sampleDoc())
			c.Close()
			if err := os.Rename(copy, path); err != nil {
				t.Fatal(err)
			}
		}},
		{"moved away", func(t *testing.T, path string) {
			if err := os.Rename(path, path+".old"); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "x.db")
			d := openAt(t, path)
			importDoc(t, d, sampleDoc())
			if _, err := d.DataVersion(ctx); err != nil {
				t.Fatal(err)
			}
			tc.move(t, path)
			_, err := d.DataVersion(ctx)
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "moved, removed or replaced") {
				t.Errorf("the data version after the file was %s: %v", tc.name, err)
			}
			_, err = d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-1", By: "alice", Text: "into a file nobody reads"})
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(model.ErrorMessage(err), "moved, removed or replaced") {
				t.Errorf("a write after the file was %s: %v", tc.name, err)
			}
		})
	}
}
