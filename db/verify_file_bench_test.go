package db

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// BenchmarkVerifyFile verifies the database named by SIGNOFF_BENCH_DB, so
// verify can be profiled on a large record without importing it again.
func BenchmarkVerifyFile(b *testing.B) {
	path := os.Getenv("SIGNOFF_BENCH_DB")
	if path == "" {
		b.Skip("SIGNOFF_BENCH_DB names no database to verify")
	}
	benchVerify(b, path)
}

// BenchmarkVerifySinceFile is the workstation's background check on the
// database named by SIGNOFF_BENCH_DB (a copy: it is written to): a whole
// check once, remembered, then in each iteration another connection
// records a review (timer stopped) and the check goes through what was
// appended since the last, as each open of the workstation does.
func BenchmarkVerifySinceFile(b *testing.B) {
	path := os.Getenv("SIGNOFF_BENCH_DB")
	if path == "" {
		b.Skip("SIGNOFF_BENCH_DB names no database to verify")
	}
	ctx := context.Background()
	d, err := Open(ctx, path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	w, err := Open(ctx, path, fixedClock)
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	res, err := d.Verify(ctx)
	if err != nil || !res.Intact {
		b.Fatalf("%s, %v", res, err)
	}
	v := chain.Verified{Address: path, First: res.First, Entries: res.Entries, Head: res.Head, Checked: clock, Whole: clock, Marks: res.Marks}
	var inc, subject, person string
	if err := d.sql.QueryRow(`SELECT i.id, e.id, p.id FROM events e JOIN incidents i ON i.seq = e.inc JOIN people p ON p.inc = e.inc
		WHERE e.kind = 'suggestion' ORDER BY e.seq DESC LIMIT 1`).Scan(&inc, &subject, &person); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := w.RecordReview(ctx, inc, model.Review{Subject: subject, Reviewer: person, Verdict: model.VerdictIgnored,
			OutcomeChanged: "unknown", AICorrect: "unknown", Note: fmt.Sprintf("bench %d", i)}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		got, same, err := d.VerifySince(ctx, v)
		if err != nil || !same || !got.Intact || got.Entries != v.Entries+1 {
			b.Fatalf("%s, same %v, %v", got, same, err)
		}
		v.Entries, v.Head = got.Entries, got.Head
	}
}
