package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"testing"
)

// A schema of its own, migrated, for each test on PostgreSQL: creating one
// costs about a tenth of a second, mostly the server's, and five hundred
// tests each wait for theirs. A PostgreSQL database cannot be copied from a
// template for less (CREATE DATABASE … TEMPLATE took 0.6 s on the CI
// server), so the next schemas are made ahead, by the store's own Open,
// while the tests before run and the two cores are not both busy.
// A test's schema is dropped behind it, by dropBehind, not while the next
// test waits: on the loaded CI machine the 386 drops of a run took 22 s,
// and the making of the next schemas kept up with the tests (3 s of
// waiting in all).

// aheadDepth is how many migrated schemas wait for a test.
const aheadDepth = 2

var ahead struct {
	once  sync.Once
	ready chan aheadSchema
	stop  chan struct{}
	done  chan struct{}
	drop  chan string // schemas whose tests ended
	gone  chan struct{}
}

type aheadSchema struct {
	name string
	err  error
}

// migratedSchema takes a migrated schema for t, dropped when t ends, and
// returns its address.
func migratedSchema(t testing.TB) string {
	t.Helper()
	postgresAdmin(t)
	ahead.once.Do(func() {
		ahead.ready = make(chan aheadSchema, aheadDepth-1)
		ahead.stop = make(chan struct{})
		ahead.drop = make(chan string, 64)
		ahead.gone = make(chan struct{})
		ahead.done = make(chan struct{})
		go makeAhead()
		go dropBehind()
	})
	s := <-ahead.ready
	if s.err != nil {
		t.Fatalf("migrating a schema for the test: %v", s.err)
	}
	t.Cleanup(func() { ahead.drop <- s.name })
	return schemaAddress(t, s.name, false)
}

// makeAhead makes schemas until stopped, each waiting its turn in ready.
func makeAhead() {
	defer close(ahead.done)
	for {
		s := makeSchema()
		select {
		case ahead.ready <- s:
		case <-ahead.stop:
			if s.err == nil {
				admin.db.Exec("DROP SCHEMA " + s.name + " CASCADE")
			}
			return
		}
	}
}

// dropBehind drops the schemas of the tests that ended, until stopAhead
// closes drop.
func dropBehind() {
	defer close(ahead.gone)
	for name := range ahead.drop {
		admin.db.Exec("DROP SCHEMA " + name + " CASCADE")
	}
}

func makeSchema() aheadSchema {
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.db.Exec("CREATE SCHEMA " + name); err != nil {
		return aheadSchema{err: err}
	}
	d, err := Open(context.Background(), schemaURL(name))
	if err != nil {
		admin.db.Exec("DROP SCHEMA " + name + " CASCADE")
		return aheadSchema{err: err}
	}
	return aheadSchema{name: name, err: d.Close()}
}

// stopAhead ends the making, drops the schemas no test took, and waits
// for the drops of the tests' schemas.
func stopAhead() {
	if ahead.stop == nil {
		return
	}
	close(ahead.stop)
	<-ahead.done
	dropUntaken()
	close(ahead.drop)
	<-ahead.gone
}

// dropUntaken drops the schemas made for no test.
func dropUntaken() {
	for {
		select {
		case s := <-ahead.ready:
			if s.err == nil {
				admin.db.Exec("DROP SCHEMA " + s.name + " CASCADE")
			}
		default:
			return
		}
	}
}
