package db

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// manyIncidents imports n open incidents of three pending items each:
// enough for the queue's first read to take the assets on a second
// transaction.
func manyIncidents(t *testing.T, d *DB, n int) {
	t.Helper()
	var text strings.Builder
	if err := writeQueueStream(&text, n, 3); err != nil {
		t.Fatal(err)
	}
	asOfSamples(d, func() {
		if _, err := importStream(t, d, "many.ndjson", text.String()); err != nil {
			t.Fatal(err)
		}
	})
}

// wholeQueueOnOneTx is the queue's items read on one transaction, the
// assets too.
func wholeQueueOnOneTx(t *testing.T, d *DB) []model.PendingItem {
	t.Helper()
	ctx := context.Background()
	tx, err := d.readTx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	r := d.reader(tx)
	incs, err := openIncidentsOf(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	items, err := pendingItems(ctx, r, incs, 0, nil, d.sq.pendingAll)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestQueueAssetsOnASecondTransactionAsOnOne(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		manyIncidents(t, d, parallelFrom)
		want := wholeQueueOnOneTx(t, d)
		q, err := d.PendingQueue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Items) != 3*parallelFrom || q.Items[0].Target == nil {
			t.Fatalf("%d items, first target %v", len(q.Items), q.Items[0].Target)
		}
		if !reflect.DeepEqual(q.Items, want) {
			t.Fatalf("the queue read with a second transaction differs from one read on one")
		}
	})
}

// A pool with no connection to spare: the second read is called off and
// the first reads the assets itself, instead of waiting for ever on the
// connection it holds.
func TestQueueAssetsWithNoConnectionToSpare(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		manyIncidents(t, d, parallelFrom)
		want := wholeQueueOnOneTx(t, d)
		d.Close()
		d = openAt(t, d.Address())
		// SQLite keeps one connection of its pool for its data version;
		// the queue's read takes the other.
		d.sql.SetMaxOpenConns(2)
		if postgresTest(t) {
			d.sql.SetMaxOpenConns(1)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		q, err := d.PendingQueue(ctx)
		if ctx.Err() != nil {
			t.Fatal("the read waited for a connection the pool could not give")
		}
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(q.Items, want) {
			t.Fatalf("the queue read with no connection to spare differs from one read on one")
		}
	})
}

// An item the second read did not see (decided between the two
// transactions' snapshots) has its target read on the first.
func TestQueueAssetsMissedByTheSecondReadAreReadAgain(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		manyIncidents(t, d, 2)
		want := wholeQueueOnOneTx(t, d)
		ctx := context.Background()
		tx, err := d.readTx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		r := d.reader(tx)
		incs, err := openIncidentsOf(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		// A second read that covered nothing, as if every item of the
		// second incident had been decided in between.
		early := &assetRead{started: make(chan struct{}), done: make(chan struct{}), cancel: func() {}, assets: map[assetKey]*model.Asset{}}
		close(early.started)
		close(early.done)
		got, err := pendingItems(ctx, r, incs, 0, early, d.sq.pendingAll)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("targets the second read missed were not read again")
		}
	})
}
