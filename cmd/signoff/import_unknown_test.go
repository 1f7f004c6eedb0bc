package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A document with a field it does not have ("colour" beside "incident")
// is refused for that field, with its line and column, wherever it stands:
// not for the first of its records this version reads differently (its
// incident's opened_at, in a new user's trial), nor for the incident being
// stored already. Without the field, the record's own problem is named.
func TestAnUnknownTopLevelFieldIsTheFirstErrorOfADocument(t *testing.T) {
	fixture, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "incidents", "inc-2041-ide-extension-token-theft.json"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(fixture)
	end := strings.LastIndex(text, "}")
	colourLast := strings.TrimRight(text[:end], " \n") + ",\n  \"colour\": 1\n}\n"
	line := strings.Count(colourLast[:strings.Index(colourLast, `"colour"`)], "\n") + 1
	unknown := "colour.json line " + strconv.Itoa(line) + " column 3: document: unknown field \"colour\""

	stored := tempDB(t)
	if r := signoff(t, stored, "", "import", filepath.Join("..", "..", "fixtures", "incidents", "inc-2041-ide-extension-token-theft.json")); r.code != 0 {
		t.Fatalf("importing the fixture: exit %d, %s", r.code, r.stderr)
	}
	const opened = `"opened_at": "2026-03-10T09:02:30Z"`
	if !strings.Contains(text, opened) {
		t.Fatalf("the fixture has no %s", opened)
	}
	for _, c := range []struct {
		name, db, doc, want string
	}{
		{"at the top, into a new database", tempDB(t), strings.Replace(text, "{", "{\n  \"colour\": 1,", 1), "colour.json line 2 column 3: document: unknown field \"colour\""},
		{"at the end, into a new database", tempDB(t), colourLast, unknown},
		{"at the end, after an opened_at that is no time", tempDB(t), strings.Replace(colourLast, opened, `"opened_at": "2026-03-40T09:02:30Z"`, 1), unknown},
		{"at the end, after an opened_at in 2099", tempDB(t), strings.Replace(colourLast, opened, `"opened_at": "2099-03-10T09:02:30Z"`, 1), unknown},
		{"at the end, of an incident stored already", stored, colourLast, unknown},
		{"nowhere, after an opened_at that is no time", tempDB(t), strings.Replace(text, opened, `"opened_at": "2026-03-40T09:02:30Z"`, 1), `field "opened_at"`},
		{"nowhere, of an incident stored already", stored, text, "incident INC-2041 already exists"},
	} {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "colour.json")
			if err := os.WriteFile(file, []byte(c.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			r := signoff(t, c.db, "", "import", file)
			first, _, _ := strings.Cut(r.stderr, "\n")
			if r.code != exitUsage || !strings.Contains(first, c.want) {
				t.Errorf("exit %d, first error %q; want exit %d and %q", r.code, first, exitUsage, c.want)
			}
		})
	}
}
