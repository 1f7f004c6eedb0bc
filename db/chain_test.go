package db

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

func TestDecisionsCannotBeChangedOrDeleted(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		for _, stmt := range []string{
			"UPDATE events SET actor = 'mallory' WHERE kind = 'decision'",
			"DELETE FROM events WHERE kind = 'decision'",
			"UPDATE reviews SET verdict = 'followed'",
			"DELETE FROM reviews",
			"UPDATE chain SET actor = 'mallory'",
			"DELETE FROM chain",
		} {
			t.Run(stmt, func(t *testing.T) {
				before := stateOf(t, d)
				_, err := d.sql.Exec(stmt)
				if err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Fatalf("got %v; want the append-only refusal", err)
				}
				wantError(t, d.fail(err), model.EFORBIDDEN, "append-only")
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused statement changed the database")
				}
			})
		}
	})
}

func TestTheChainLinksEveryWrite(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
			t.Fatal(err)
		}
		if _, err := d.RecordReview(context.Background(), "INC-1", model.Review{Subject: "S2", Reviewer: "mara",
			Verdict: model.VerdictIgnored, OutcomeChanged: "no", AICorrect: "unknown"}); err != nil {
			t.Fatal(err)
		}
		rows, err := d.sql.Query("SELECT seq, at, actor, kind, incident, subject, payload, prev, hash FROM chain ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		prev, n := model.GenesisHash, int64(0)
		for rows.Next() {
			var e model.ChainEntry
			var at int64
			var p, h []byte
			if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload, &p, &h); err != nil {
				t.Fatal(err)
			}
			n++
			e.At, e.Prev, e.Hash = fromNanos(at), hex.EncodeToString(p), hex.EncodeToString(h)
			if e.Seq != n || e.Prev != prev || chain.Hash(e) != e.Hash {
				t.Fatalf("entry %d (%s %s) does not link: prev %s, want %s", e.Seq, e.Kind, e.Subject, e.Prev, prev)
			}
			prev = e.Hash
		}
		// 1 incident + 2 people + 1 agent + 1 asset + 1 evidence + 7 events + 1 review,
		// the stream's 8 records, and the verdict just recorded.
		var rowsTotal int64
		d.sql.QueryRow("SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM people) + (SELECT count(*) FROM agents) + (SELECT count(*) FROM assets) + (SELECT count(*) FROM events) + (SELECT count(*) FROM reviews)").Scan(&rowsTotal)
		if n != 14+8+1 || rowsTotal != n {
			t.Errorf("%d chain entries for %d rows; want 23 of each", n, rowsTotal)
		}
		entries, head, err := d.ChainHead(context.Background())
		if err != nil || entries != n || head != prev {
			t.Errorf("ChainHead = %d, %s, %v; want %d, %s", entries, head, err, n, prev)
		}
	})
}

func TestTheReviewerOfARecordedVerdictIsTheChainActor(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		r, err := d.RecordReview(context.Background(), "INC-1", model.Review{Subject: "D2", Reviewer: "mara",
			Verdict: model.VerdictNone, OutcomeChanged: "no", AICorrect: "unknown"})
		if err != nil {
			t.Fatal(err)
		}
		if !r.At.Equal(clock) {
			t.Errorf("recorded at %v; want the store's clock %v", r.At, clock)
		}
		var actor, kind string
		d.sql.QueryRow("SELECT actor, kind FROM chain ORDER BY seq DESC LIMIT 1").Scan(&actor, &kind)
		if actor != "mara" || kind != recReview {
			t.Errorf("last entry is a %s by %s; want a review by mara", kind, actor)
		}
	})
}
