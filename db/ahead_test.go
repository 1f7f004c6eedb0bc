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

// aheadDepth is how many migrated schemas wait for a test.
const aheadDepth = 2

var ahead struct {
	once  sync.Once
	ready chan aheadSchema
	stop  chan struct{}
	done  chan struct{}
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
		ahead.done = make(chan struct{})
		go makeAhead()
	})
	s := <-ahead.ready
	if s.err != nil {
		t.Fatalf("migrating a schema for the test: %v", s.err)
	}
	t.Cleanup(func() { admin.db.Exec("DROP SCHEMA " + s.name + " CASCADE") })
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

// stopAhead ends the making and drops the schemas no test took.
func stopAhead() {
	if ahead.stop == nil {
		return
	}
	close(ahead.stop)
	<-ahead.done
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
