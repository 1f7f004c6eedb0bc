package db

import (
	"bytes"
	"context"
	"testing"
)

// An export stopped between the raw connection's opening and its read
// (here its context cancelled) closes it: left open, its read would hold
// back every checkpoint of the WAL for as long as the process lives (a
// workstation, a serve) (review F3).
func TestAnExportStoppedBeforeItsRawReadClosesTheConnection(t *testing.T) {
	d := sqliteOnly(t)
	importDoc(t, d, sampleDoc())
	if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
		t.Fatal(err) // INC-9 after INC-1: its export reads the entry before it
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer func(opened func()) { rawOpened = opened }(rawOpened)
	began := false
	rawOpened = func() { began = true; cancel() }
	if err := d.Export(ctx, "INC-9", &bytes.Buffer{}); err == nil {
		t.Fatal("the export went on with its context cancelled")
	}
	if !began {
		t.Fatal("no raw connection began")
	}
	var busy, log, done int
	if err := d.sql.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &log, &done); err != nil {
		t.Fatal(err)
	}
	if busy != 0 {
		t.Error("a checkpoint was held back after the export ended: its raw connection is still reading")
	}
}
