package db

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// tickingClock moves a second on at every reading, so a write that read
// the clock twice would record two different times.
func tickingClock() Option {
	var mu sync.Mutex
	n := 0
	return WithClock(func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		n++
		return clock.Add(time.Duration(n) * time.Second)
	})
}

// newestEntry is the time and payload of the newest chain entry.
func newestEntry(t *testing.T, d *DB) (time.Time, string) {
	t.Helper()
	var at int64
	var payload string
	if err := d.sql.QueryRow("SELECT at, payload FROM chain ORDER BY seq DESC LIMIT 1").Scan(&at, &payload); err != nil {
		t.Fatal(err)
	}
	return fromNanos(at), payload
}

func TestAVerdictAndItsChainEntryRecordTheSameMoment(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t, tickingClock())
		importDoc(t, d, sampleDoc())
		r, err := d.RecordReview(context.Background(), "INC-1", model.Review{Subject: "S2", Reviewer: "mara",
			Verdict: model.VerdictIgnored, OutcomeChanged: "no", AICorrect: "unknown"})
		if err != nil {
			t.Fatal(err)
		}
		entryAt, payload := newestEntry(t, d)
		var stored model.Review
		if err := json.Unmarshal([]byte(payload), &stored); err != nil {
			t.Fatal(err)
		}
		var rowAt int64
		if err := d.sql.QueryRow("SELECT at FROM reviews WHERE subject = 'S2'").Scan(&rowAt); err != nil {
			t.Fatal(err)
		}
		if !r.At.Equal(entryAt) || !stored.At.Equal(entryAt) || !fromNanos(rowAt).Equal(entryAt) {
			t.Errorf("the verdict says %v, its payload %v, its row %v, its chain entry %v; want one moment",
				r.At, stored.At, fromNanos(rowAt), entryAt)
		}
	})
}

func TestADecisionAndItsChainEntryRecordTheSameMoment(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t, tickingClock())
		loadFixture(t, d, "inc-2046-mcp-token-open-queue.json")
		res, err := decide(d, "alice", "S6", model.OutcomeRejected)
		if err != nil {
			t.Fatal(err)
		}
		entryAt, _ := newestEntry(t, d)
		if !res.Decision.At.Equal(entryAt) {
			t.Errorf("the decision says %v, its chain entry %v; want one moment", res.Decision.At, entryAt)
		}
		for _, a := range res.Decision.Approvals {
			if !a.At.Equal(entryAt) {
				t.Errorf("the approval by %s says %v, the chain entry %v", a.By, a.At, entryAt)
			}
		}
	})
}
