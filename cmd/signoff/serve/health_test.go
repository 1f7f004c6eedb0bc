package serve

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// awayStore is a store whose server can be taken away and given back.
type awayStore struct {
	model.Store
	away *atomic.Bool
}

func (a awayStore) DataVersion(ctx context.Context) (int64, error) {
	if a.away.Load() {
		return 0, model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at db.example cannot be reached")
	}
	return a.Store.DataVersion(ctx)
}

func TestTheLogSaysWhenTheDatabaseGoesAndComesBack(t *testing.T) {
	away := &atomic.Bool{}
	f := start(t, 1, 1, func(c *Config) {
		c.Store = awayStore{Store: c.Store, away: away}
		c.StoreCheck = 20 * time.Millisecond
	})
	logged := func(text string, n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for strings.Count(f.log.String(), text) < n {
			if time.Now().After(deadline) {
				t.Fatalf("the log does not say %q %d times:\n%s", text, n, f.log.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	away.Store(true)
	logged("the database cannot be reached", 1)
	logged("db.example cannot be reached", 1)
	time.Sleep(200 * time.Millisecond) // ten looks more, still away
	away.Store(false)
	logged("the database is reachable again", 1)
	time.Sleep(200 * time.Millisecond)
	if n := strings.Count(f.log.String(), "cannot be reached;"); n != 1 {
		t.Errorf("one outage logged %d times; only the change belongs in the log:\n%s", n, f.log.String())
	}
	if n := strings.Count(f.log.String(), "reachable again"); n != 1 {
		t.Errorf("one return logged %d times:\n%s", n, f.log.String())
	}
}
