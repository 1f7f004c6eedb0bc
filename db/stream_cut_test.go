package db

import (
	"fmt"
	"testing"

	"github.com/signoff/signoff/model"
)

// cutSizes are stream lengths (notes after feed) that end one entry before,
// at and one after the first and the second cut of a batch: feed leaves
// two entries pending (its review and evidence), so the first batch is
// full after batchRows-2 notes.
func cutSizes() []int {
	var sizes []int
	for _, cut := range []int{batchRows - 2, 2*batchRows - 2} {
		sizes = append(sizes, cut-1, cut, cut+1)
	}
	return sizes
}

// Wherever a stream ends against a batch's cut, every row is recorded
// once, verify passes, and the chain's head is the same on both engines.
func TestImportStreamRecordsEveryRowAtEachBatchCut(t *testing.T) {
	heads := map[int]string{} // notes -> SQLite's head, to compare PostgreSQL's with
	eachEngine(t, func(t *testing.T) {
		for _, n := range cutSizes() {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				d := openTest(t)
				results, err := importStream(t, d, "feed.ndjson", notes(n))
				res := only(t, results, err)
				if res.Counts["events"] != n+2 {
					t.Errorf("result %+v; want %d events", res, n+2)
				}
				s, err := d.IncidentSummary(t.Context(), "INC-9")
				if err != nil {
					t.Fatal(err)
				}
				if s.Events != n+2 {
					t.Errorf("the incident holds %d events; want %d", s.Events, n+2)
				}
				v, err := d.Verify(t.Context())
				if err != nil || !v.Intact {
					t.Fatalf("verify: %s, %v", v, err)
				}
				// incident, person, agent, two events, asset, review,
				// evidence, then the notes: one entry each.
				entries, head, err := d.ChainHead(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if entries != int64(n+8) {
					t.Errorf("%d chain entries; want %d", entries, n+8)
				}
				if want, ok := heads[n]; ok && head != want {
					t.Errorf("chain head %s; SQLite's for the same stream is %s", head, want)
				} else if !ok {
					heads[n] = head
				}
			})
		}
	})
}

// A stream refused in the middle of a batch, after whole batches were
// inserted, leaves the database as it was: the refusal is named at its
// line, whether the decoder finds it or the insert of the batch does.
func TestImportStreamRefusedMidBatchLeavesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		n := batchRows + batchRows/2 // one batch inserted, half of the next pending
		line := 10 + n               // the line after the notes (N1 is line 10)
		dupOfPending := fmt.Sprintf(`{"record": "event", "id": "N%d", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob", "summary": "again"}`+"\n", n-3)
		dupOfInserted := fmt.Sprintf(`{"record": "event", "id": "N%d", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob", "summary": "again"}`+"\n", 3)
		bad := `{"record": "event", "id": "N999999", "at": "2026-02-12T09:00:00Z", "kind": "note", "actor": "bob"}` + "\n"
		cases := []struct {
			name, text, code, want string
		}{
			{"a record the decoder refuses", notes(n) + bad, model.EINVALID,
				fmt.Sprintf("feed.ndjson line %d:", line)},
			{"an id taken in the batch being filled", notes(n) + dupOfPending, model.EINVALID,
				fmt.Sprintf("feed.ndjson line %d: event N%d: the id is already used by an earlier record of this stream", line, n-3)},
			{"an id taken in a batch already inserted", notes(n) + dupOfInserted, model.EINVALID,
				fmt.Sprintf("feed.ndjson line %d: event N3: the id is already used by an earlier record of this stream", line)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantStreamRefused(t, "feed.ndjson", c.text, c.code, c.want) })
		}
	})
}
