package db

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// What a server's connections going away does to the store: a restart,
// a failover, a network that drops. (SQLite has no connection to lose.)

// onlyPostgres runs test on PostgreSQL alone, on a fresh schema whose
// connections carry an application name of their own, so the test can
// cut them.
func onlyPostgres(t *testing.T, test func(t *testing.T, address, app string)) {
	if os.Getenv(postgresEnv) == "" {
		t.Skip(postgresSkip)
	}
	onPostgres.Store(t.Name(), true)
	defer onPostgres.Delete(t.Name())
	u, err := url.Parse(freshAddress(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	app := "signoff_" + q.Get("search_path")
	q.Set("application_name", app)
	u.RawQuery = q.Encode()
	test(t, u.String(), app)
}

// cut ends every connection the store holds, as a server restart does,
// once one of them is inside a transaction when busy is true.
func cut(t *testing.T, app string, busy bool) {
	t.Helper()
	admin := postgresAdmin(t)
	for deadline := time.Now().Add(20 * time.Second); busy; {
		var n int
		if err := admin.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL
			AND state <> 'idle'`, app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no transaction of the store was seen running")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", app); err != nil {
		t.Fatal(err)
	}
}

// A connection that drops in the middle of an import's transaction takes
// the whole import with it: nothing of it is written, the sentence says
// what happened, and the store writes again on a new connection.
func TestAConnectionDroppedMidWriteWritesNothingPartial(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, address, app string) {
		ctx := context.Background()
		d := openAt(t, address)
		importDoc(t, d, sampleDoc())
		before := stateOf(t, d)
		var buf bytes.Buffer
		if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: 50000, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := d.ImportStream(ctx, "feed.ndjson", &buf, "importer")
			done <- err
		}()
		cut(t, app, true)
		err := <-done
		if model.ErrorCode(err) != model.EUNAVAILABLE {
			t.Fatalf("the import cut short says %v (%s); want the server's sentence (%s)", err, model.ErrorCode(err), model.EUNAVAILABLE)
		}
		if after := stateOf(t, d); after != before {
			t.Errorf("the record changed: %+v, was %+v", after, before)
		}
		if res, err := d.Verify(ctx); err != nil || !res.Intact {
			t.Errorf("after the cut: %s, %v", res, err)
		}
		if _, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-1", By: "alice", Text: "back"}); err != nil {
			t.Errorf("the store does not write again: %v", err)
		}
	})
}

// When its connections go away (a server restart), a reader learns it
// from the data version, which comes back, moved, once the store has
// reconnected: every screen reads again.
func TestTheDataVersionRecoversAfterTheConnectionsDrop(t *testing.T) {
	onlyPostgres(t, func(t *testing.T, address, app string) {
		ctx := context.Background()
		d := openAt(t, address)
		importDoc(t, d, sampleDoc())
		v0, err := d.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cut(t, app, false)
		var v int64
		for deadline := time.Now().Add(10 * time.Second); ; {
			v, err = d.DataVersion(ctx)
			if err != nil && model.ErrorCode(err) != model.EUNAVAILABLE {
				t.Fatalf("while away the data version says %v (%s)", err, model.ErrorCode(err))
			}
			if err == nil && v != v0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("ten seconds after the drop the data version is %d (was %d), %v", v, v0, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if _, err := d.Incidents(ctx); err != nil {
			t.Errorf("reading after the drop: %v", err)
		}
		// A write by another connection still moves it.
		other := openAt(t, address)
		if _, err := other.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-1", By: "alice", Text: "from another host"}); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if now, err := d.DataVersion(ctx); err == nil && now != v {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("a write by another connection did not move the data version within five seconds")
			}
		}
	})
}
