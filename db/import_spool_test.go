package db

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// incidentLast moves a document's "incident" member to its end, where a
// tool that sorts keys (jq -S, Python's sort_keys) puts it.
func incidentLast(t testing.TB, text string) string {
	t.Helper()
	i := strings.Index(text, "\n  \"incident\": {")
	j := strings.Index(text[i+1:], "\n  },") + i + 1
	end := strings.LastIndex(text, "\n}")
	if i < 0 || j <= i || end < j {
		t.Fatal("the document is not shaped as docJSON writes it")
	}
	block := text[i : j+len("\n  }")]
	return text[:i] + text[j+len("\n  },"):end] + "," + block + text[end:]
}

// spoolFiles makes the early records spill to a file past bound bytes,
// and returns the files made, each checked to be its owner's alone.
func spoolFiles(t *testing.T, bound int) *[]string {
	t.Helper()
	t.Setenv("TMPDIR", t.TempDir())
	made := &[]string{}
	oldMemory, oldCreate := spoolMemory, createSpool
	t.Cleanup(func() { spoolMemory, createSpool = oldMemory, oldCreate })
	spoolMemory = bound
	createSpool = func() (*os.File, error) {
		f, err := oldCreate()
		if err == nil {
			*made = append(*made, f.Name())
			if info, err := f.Stat(); err != nil || info.Mode().Perm() != 0o600 {
				t.Errorf("the early records' file has mode %v (%v); want 0600", info.Mode().Perm(), err)
			}
		}
		return f, err
	}
	return made
}

func wantGone(t *testing.T, files []string) {
	t.Helper()
	for _, f := range files {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the early records' file %s is still there (%v)", f, err)
		}
	}
}

// manyNotes is the sample document with n more notes.
func manyNotes(n int) model.Document {
	doc := sampleDoc()
	for i := range n {
		doc.Events = append(doc.Events, model.Event{ID: fmt.Sprintf("N%d", 100+i), At: ts("2026-02-10T10:00:00Z"),
			Kind: model.KindNote, Actor: "alice", Summary: "still watching"})
	}
	return doc
}

// chainOf is every chain entry's kind, subject and payload, in order.
func chainOf(t *testing.T, d *DB) string {
	t.Helper()
	rows, err := d.sql.Query("SELECT kind, subject, payload FROM chain ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var kind, subject, payload string
		if err := rows.Scan(&kind, &subject, &payload); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(&b, kind, subject, payload)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A document whose incident comes last is held record by record as its
// bytes, past a bound in a file, and imports to the same record as the
// same document with its incident first: the same chain, the same
// export. The file is gone once the import ends.
func TestADocumentWithItsIncidentLastImportsAsWithItFirst(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		first := docJSON(t, manyNotes(600))
		last := incidentLast(t, first)
		for _, c := range []struct {
			name  string
			bound int
			files int
		}{
			{"held in memory", 1 << 20, 0},
			{"spilled to a file", 4 << 10, 1},
		} {
			t.Run(c.name, func(t *testing.T) {
				made := spoolFiles(t, c.bound)
				var exports, chains [2]string
				for i, text := range []string{first, last} {
					d := openTest(t)
					res, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(text), "importer")
					if err != nil {
						t.Fatal(err)
					}
					if res.Counts["events"] != 607 {
						t.Errorf("imported %d events; want 607", res.Counts["events"])
					}
					var out bytes.Buffer
					if err := d.Export(context.Background(), "INC-1", &out); err != nil {
						t.Fatal(err)
					}
					exports[i], chains[i] = out.String(), chainOf(t, d)
					if v, err := d.Verify(context.Background()); err != nil || !v.Intact {
						t.Errorf("verify: %s, %v", v, err)
					}
				}
				if exports[1] != exports[0] {
					t.Error("the document with its incident last exports differently from the one with it first")
				}
				if chains[1] != chains[0] {
					t.Errorf("the chains differ:\n%s\nwant\n%s", chains[1], chains[0])
				}
				if len(*made) != c.files {
					t.Errorf("%d files were made for the early records; want %d", len(*made), c.files)
				}
				wantGone(t, *made)
			})
		}
	})
}

// A problem with a record held in the file is refused in the words, and
// at the line and column, that decoding the whole document gives, and
// the file is gone.
func TestAnEarlyRecordRefusedAfterTheSpillNamesItsLine(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		text := incidentLast(t, docJSON(t, manyNotes(600)))
		last := `"id": "N699",`
		if !strings.Contains(text, last) {
			t.Fatal("no last note")
		}
		// The note opens on the line before its id's.
		line := strings.Count(text[:strings.Index(text, last)], "\n")
		for name, c := range map[string]struct{ old, new, at string }{
			"a reference to an unknown record": {`"actor": "alice",
      "summary": "still watching"
    }
  ],`, `"actor": "alice",
      "summary": "still watching",
      "evidence": ["EV-404"]
    }
  ],`, fmt.Sprintf("line %d:", line)},
			"the same id twice":        {`"id": "N699"`, `"id": "N100"`, fmt.Sprintf("line %d:", line)},
			"a field the format lacks": {`"id": "N699",`, `"id": "N699", "colour": "red",`, fmt.Sprintf("line %d column 21:", line+1)},
		} {
			t.Run(name, func(t *testing.T) {
				made := spoolFiles(t, 4<<10)
				broken := strings.Replace(text, c.old, c.new, 1)
				_, want := format.DecodeDocument("sample.json", strings.NewReader(broken))
				if want == nil || !strings.Contains(want.Error(), c.at) {
					t.Fatalf("decoding the whole document says %v; want an error at %q", want, c.at)
				}
				d := openTest(t)
				before := stateOf(t, d)
				_, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(broken), "importer")
				if code(err) != code(want) || model.ErrorMessage(err) != model.ErrorMessage(want) {
					t.Errorf("the import said\n  %v\nthe whole document's check says\n  %v", err, want)
				}
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
				if len(*made) != 1 {
					t.Errorf("%d files were made for the early records; want 1", len(*made))
				}
				wantGone(t, *made)
			})
		}
	})
}

// waiting is input that never comes: it reads nothing until the test ends.
type waiting struct{ end <-chan struct{} }

func (w waiting) Read([]byte) (int, error) {
	<-w.end
	return 0, io.EOF
}

// An import stopped (ctrl+c) while records wait in the file, and the rest
// of the document is slow to come, returns at once and removes the file.
func TestAStoppedImportRemovesTheEarlyRecordsFile(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		made := spoolFiles(t, 4<<10)
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		create := createSpool
		createSpool = func() (*os.File, error) {
			stop()
			return create()
		}
		text := incidentLast(t, docJSON(t, manyNotes(600)))
		end := make(chan struct{})
		defer close(end)
		in := io.MultiReader(strings.NewReader(text[:len(text)/2]), waiting{end})
		d := openTest(t)
		_, err := d.ImportDocument(ctx, "sample.json", in, "importer")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the stopped import said %v; want context.Canceled", err)
		}
		if len(*made) != 1 {
			t.Errorf("%d files were made for the early records; want 1", len(*made))
		}
		wantGone(t, *made)
	})
}

// A temporary folder that cannot take the early records (full, read-only)
// refuses the import in a sentence saying where and what to do, and
// writes nothing.
func TestEarlyRecordsThatCannotBeHeldAreSaid(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		spoolFiles(t, 4<<10)
		createSpool = func() (*os.File, error) { return nil, errors.New("no space left on device") }
		d := openTest(t)
		before := stateOf(t, d)
		text := incidentLast(t, docJSON(t, manyNotes(600)))
		_, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(text), "importer")
		if code(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), "sample.json: the records listed before its incident could not be held in a temporary file in "+os.TempDir()+" (no space left on device)") {
			t.Errorf("the import said %v (%s)", err, code(err))
		}
		if after := stateOf(t, d); after != before {
			t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
		}
	})
}
