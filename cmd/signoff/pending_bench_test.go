package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
)

// BenchmarkPendingGated: `signoff pending --json` over 3,000 calls an
// agent asked for through signoff gate, pending in 30 open incidents (100
// each, a 200-character argument beside the address), the call read back
// whole for each.
func BenchmarkPendingGated(b *testing.B) {
	path := filepath.Join(b.TempDir(), "gated.db")
	s, err := db.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	if err := dbtest.GatedCalls(s, 30, 100, 200); err != nil {
		b.Fatal(err)
	}
	s.Close()
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--db", path, "pending", "--json"}, nil, &out, &errb); code != 0 {
		b.Fatalf("pending: exit %d: %s", code, errb.String())
	}
	var lines []pendingLine
	if err := json.Unmarshal(out.Bytes(), &lines); err != nil || len(lines) != 3000 || lines[2999].Call == "" {
		b.Fatalf("pending listed %d lines (%v), the last call %q; want 3000 gated calls", len(lines), err, lines[len(lines)-1].Call)
	}
	for b.Loop() {
		if code := run(context.Background(), []string{"--db", path, "pending", "--json"}, nil, io.Discard, &errb); code != 0 {
			b.Fatalf("pending: exit %d: %s", code, errb.String())
		}
	}
}
