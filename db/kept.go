package db

import (
	"context"
	"database/sql"
	"sync"
)

// keptStatements are statements the store prepares once and runs in any
// read, for the reads made at every key press (a step). SQLite parses
// and plans a statement each time it is prepared, and database/sql
// prepares each query anew: for a step's statements that was half
// the read's time. tx.StmtContext runs a kept statement on the
// transaction's connection, prepared there once and kept with it.
// (PostgreSQL's driver keeps its statements prepared by their text
// already; a kept statement there is its text.)
//
// A statement is prepared after the read that first met it has ended,
// outside any transaction: preparing on the pool takes a connection, and
// a read holding one while it waits for another could wait forever.
type keptStatements struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

// keptMax bounds the statements kept: a step's evidence statement has a
// shape per number of records cited and executions (each a power of two).
const keptMax = 64

// query runs query in tx, prepared if it is kept.
func (k *keptStatements) query(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	if s := k.stmt(query); s != nil {
		return tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, query, args...)
}

// stmt returns the kept statement for query, or nil, noting that it is
// wanted.
func (k *keptStatements) stmt(query string) *sql.Stmt {
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.stmts[query]
	if s == nil && len(k.stmts)+len(k.wanted) < keptMax {
		if k.wanted == nil {
			k.wanted = map[string]bool{}
		}
		k.wanted[query] = true
	}
	return s
}

// prepare prepares the statements wanted since it last ran. Call it with
// no transaction open. A statement that fails to prepare is not kept
// (running it will say why).
func (k *keptStatements) prepare(ctx context.Context, db *sql.DB) {
	k.mu.Lock()
	wanted := k.wanted
	k.wanted = nil
	k.mu.Unlock()
	for query := range wanted {
		s, err := db.PrepareContext(ctx, query)
		if err != nil {
			continue
		}
		k.mu.Lock()
		if k.stmts == nil {
			k.stmts = map[string]*sql.Stmt{}
		}
		if k.stmts[query] == nil {
			k.stmts[query] = s
			s = nil
		}
		k.mu.Unlock()
		if s != nil {
			s.Close() // another read prepared it meanwhile
		}
	}
}

func (k *keptStatements) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, s := range k.stmts {
		s.Close()
	}
	k.stmts, k.wanted = nil, nil
}

// keptQuery runs query in the reader's transaction, prepared if it is
// kept.
func (r *reader) keptQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if tx, ok := r.querier.(*sql.Tx); ok {
		return r.d.kept.query(ctx, tx, query, args...)
	}
	return r.QueryContext(ctx, query, args...)
}
