package db

import (
	"context"
	"encoding/hex"
	"testing"
)

// A check since the last that stops at a remembered hash still says the
// chain's head, as a whole check does: the report states it, and "none"
// reads as a chain with no entries.
func TestACheckSinceTheLastStatesTheHeadItFound(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		v := remembered(t, d)
		tamper(t, d.Address(), "DELETE FROM reviews", "DELETE FROM chain WHERE kind = 'review'")
		var want []byte
		if err := d.sql.QueryRow("SELECT hash FROM chain ORDER BY seq DESC LIMIT 1").Scan(&want); err != nil {
			t.Fatal(err)
		}
		res, _, err := d.VerifySince(context.Background(), v)
		if err != nil || res.Intact {
			t.Fatalf("%s, %v; want the entries cut off found", res, err)
		}
		if res.Head != hex.EncodeToString(want) {
			t.Errorf("head %q; want %x, the last entry's hash", res.Head, want)
		}
	})
}
