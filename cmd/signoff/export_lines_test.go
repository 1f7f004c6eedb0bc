package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model/export/exporttest"
)

// The exports' own encoders write every line of every bundled incident,
// and of a generated one, byte for byte as the reflection encoder they
// replaced wrote it.
func TestExportLinesAreWhatTheReflectionEncoderWrote(t *testing.T) {
	path := demoDB(t)
	gen := filepath.Join(t.TempDir(), "gen.ndjson")
	var b bytes.Buffer
	if err := fixtures.Generate(&b, fixtures.GenOptions{Incidents: 1, Events: 3000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gen, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, path, "", "import", gen); r.code != 0 {
		t.Fatal(r.stderr)
	}
	ctx := context.Background()
	s, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Incidents(ctx)
	if err != nil || len(list) <= len(fixtures.Incidents()) {
		t.Fatalf("%d incidents, %v; want the bundled ones and the generated one", len(list), err)
	}
	var incidents []string
	for _, inc := range list {
		incidents = append(incidents, inc.Incident.ID)
	}
	a := &app{}
	for _, inc := range incidents {
		for _, format := range []string{"timesketch", "ocsf"} {
			n := 0
			err := a.exportLines(ctx, s, inc, format, func(l exportLine) error {
				n++
				got, err := l.AppendJSON(nil)
				want, werr := exporttest.Reflect(l)
				if err != nil || werr != nil || !bytes.Equal(got, want) {
					t.Fatalf("%s %s line %d:\n got %s (%v)\nwant %s (%v)", inc, format, n, got, err, want, werr)
				}
				return nil
			})
			if err != nil || n < 2 {
				t.Fatalf("%s %s: %d lines, %v", inc, format, n, err)
			}
		}
	}
}
