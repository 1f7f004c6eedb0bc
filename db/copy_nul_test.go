package db

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/signoff/signoff/model"
)

// A file's record holding a NUL cannot move to PostgreSQL, whose text has
// none: the copy says which entry holds it, since nobody can take it out of
// an append-only record to "write it again".
func TestACopyOntoPostgreSQLNamesTheEntryHoldingANUL(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, address, _ string) {
		ctx := context.Background()
		src := openAt(t, filepath.Join(t.TempDir(), "source.db"))
		doc := sampleDoc()
		doc.Events[4].Summary = "gist\x00removed"
		importDoc(t, src, doc)
		dst := openAt(t, address)
		_, err := Copy(ctx, src, dst, nil)
		wantError(t, err, model.EINVALID, "was not copied: entry 11 (event N1 of INC-1) holds the character U+0000 (NUL)")
		if n, _, _ := dst.ChainHead(ctx); n != 0 {
			t.Errorf("the destination holds %d entries", n)
		}
		for name, c := range map[string]struct {
			edit func(d *model.Document)
			want string
		}{
			"in a suggestion's rationale": {func(d *model.Document) { d.Events[1].Rationale = "a\x00b" }, "(event S1 of INC-1)"},
			"in a review's note":          {func(d *model.Document) { d.Reviews[0].Note = "a\x00b" }, "(review S1 of INC-1)"},
		} {
			t.Run(name, func(t *testing.T) {
				src := openAt(t, filepath.Join(t.TempDir(), "source.db"))
				doc := sampleDoc()
				c.edit(&doc)
				importDoc(t, src, doc)
				_, err := Copy(ctx, src, openAt(t, freshAddress(t)), nil)
				wantError(t, err, model.EINVALID, c.want+" holds the character U+0000 (NUL)")
			})
		}
		t.Run("in a record whose text lives in the chain alone", func(t *testing.T) {
			// An incident's summary and a person's name are rows of ids on
			// the server, their text the chain's escaped payload: an import
			// takes them, and so must a copy.
			src := openAt(t, filepath.Join(t.TempDir(), "source.db"))
			doc := sampleDoc()
			doc.Incident.Summary = "a\x00b"
			doc.People[0].Name = "c\x00d"
			importDoc(t, src, doc)
			if _, err := Copy(ctx, src, openAt(t, freshAddress(t)), nil); err != nil {
				t.Errorf("got %v; want the copy made", err)
			}
		})
		file := openAt(t, filepath.Join(t.TempDir(), "copy.db"))
		if _, err := Copy(ctx, src, file, nil); err != nil {
			t.Errorf("a file holds a NUL, but the copy into one was refused: %v", err)
		}
	})
}
