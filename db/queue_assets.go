package db

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/signoff/signoff/model"
)

// assetKey names a target asset as a queue row does: its incident's seq
// and its id.
type assetKey struct {
	inc int64
	id  string
}

// targetAssetsOf reads and checks the entries of the assets the pending
// items of the incidents in list (a JSON array of seqs) name, each once.
// Entries after head are left out (0: no bound).
func targetAssetsOf(ctx context.Context, r *reader, list string, head int64) (map[assetKey]*model.Asset, error) {
	assets := map[assetKey]*model.Asset{}
	err := eachRow(ctx, r, r.d.sq.targetAssets, []any{list}, func(rows *sql.Rows) error {
		var k assetKey
		e, err := scanEntry(rows, &k.inc, &k.id)
		if err != nil {
			return err
		}
		if head > 0 && e.Seq > head {
			return nil
		}
		r.check(&e)
		a := &model.Asset{}
		assets[k] = a
		return json.Unmarshal([]byte(e.Payload), a)
	})
	return assets, err
}

// assetRead reads the target assets on a second read transaction while
// the queue's own reads its rows: the two use both cores. Asset entries
// are append-only, and the second transaction begins after the first
// read its chain head, so it sees every asset the first does; those
// recorded after that head are left out. A row whose target the second
// read did not cover (its item was decided in between) is read again on
// the first transaction.
type assetRead struct {
	started chan struct{} // closed once the transaction has begun
	done    chan struct{}
	cancel  context.CancelFunc
	assets  map[assetKey]*model.Asset
	err     error
}

func (d *DB) startAssetRead(ctx context.Context, list string, head int64) *assetRead {
	ctx, cancel := context.WithCancel(ctx)
	a := &assetRead{started: make(chan struct{}), done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(a.done)
		tx, err := d.readTx(ctx)
		if err != nil {
			a.err = err
			return
		}
		defer tx.Rollback()
		close(a.started)
		a.assets, a.err = targetAssetsOf(ctx, d.reader(tx), list, head)
	}()
	return a
}

// result is the second read's assets, or false when the caller must read
// them itself: the read failed, or had no connection yet (it is then
// called off, so a pool with no connection to spare never waits on the
// connection the caller holds).
func (a *assetRead) result() (map[assetKey]*model.Asset, bool) {
	defer a.cancel()
	select {
	case <-a.started:
	default:
		a.cancel()
	}
	<-a.done
	return a.assets, a.err == nil
}
