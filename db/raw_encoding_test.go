package db

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// A store whose file keeps its text as UTF-16 (made so by converting a
// file, `PRAGMA encoding`; signoff never makes one) is read by database/sql
// as UTF-8; the raw connections read stored bytes, so they are not used on
// it: verify says intact, and the export is the transaction's.
func TestAUTF16FileIsNotReadOnRawConnections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u16.db")
	f, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Exec(fmt.Sprintf("PRAGMA encoding = 'UTF-16le'; PRAGMA application_id = %d; CREATE TABLE made_utf16 (x); DROP TABLE made_utf16", applicationID)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	d := openAt(t, path)
	if _, ok := d.eng.(*sqliteFile); !ok {
		t.Skip("raw connections read only a SQLite file")
	}
	var enc string
	if err := d.sql.QueryRow("PRAGMA encoding").Scan(&enc); err != nil || enc != "UTF-16le" {
		t.Fatalf("encoding %q, %v: the test's file is not UTF-16", enc, err)
	}
	importDoc(t, d, sampleDoc())
	got, opened, _ := verifyWith(t, d, true)
	if !strings.Contains(got, "the audit chain is intact") || opened != 0 {
		t.Errorf("verify of a UTF-16 store: %s, %d raw connections began; want intact, none", got, opened)
	}
	want, _, _ := verifyWith(t, d, false)
	if got != want {
		t.Errorf("verify read raw: %s\nread on its transactions: %s", got, want)
	}
	var a, b bytes.Buffer
	if err := d.Export(context.Background(), "INC-1", &a); err != nil {
		t.Fatal(err)
	}
	defer func(was bool) { readRaw = was }(readRaw)
	readRaw = false
	if err := d.Export(context.Background(), "INC-1", &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the export of a UTF-16 store differs with and without the raw read")
	}
}
