package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
)

// A command that reads or adds to a record, given a schema with none in
// it (a restored database's address without its search_path lands in
// public), says so and makes nothing there, as it does for a SQLite path
// with no file: verify had answered with a fresh empty record, "cut
// short" against the checkpoint, and left signoff's tables in public.
func TestASchemaWithNoRecordIsSaidAndNotMadeOne(t *testing.T) {
	ctx := context.Background()
	admin := server(t)
	var b [5]byte
	rand.Read(b[:])
	schema := "t_none_" + hex.EncodeToString(b[:])
	exec(t, admin, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	address := as(t, userOf(t), schema)

	_, err := db.OpenExisting(ctx, address)
	if model.ErrorCode(err) != model.ENOTFOUND || !strings.Contains(model.ErrorMessage(err), "there is no signoff record in the schema "+schema) {
		t.Fatalf("got %v", err)
	}
	if tables := catalog(t, admin, schema); tables != "" {
		t.Errorf("the schema holds %s after the refusal", tables)
	}
	// signoff init makes one; then it opens.
	d, err := db.Open(ctx, address)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d, err = db.OpenExisting(ctx, address)
	if err != nil {
		t.Fatalf("the record init made: %v", err)
	}
	d.Close()
}
