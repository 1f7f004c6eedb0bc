package db

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/signoff/signoff/model/chain"
)

// The triggers refusing UPDATE and DELETE are the record's first guard,
// and the ones keeping the derived tables make the screens true. Someone
// with the file can drop one, edit, and make it again: the chain finds
// the edit. Left dropped, replaced by one that refuses nothing, or joined
// by one of their own (that changes what signoff writes next), the chain
// still verifies and nothing said so. The whole check of a SQLite file
// compares its triggers with those signoff's migrations make.

// madeTriggers are the triggers the migrations make, by name, their SQL
// with its white space folded; made once, on a database in memory.
var madeTriggers = sync.OnceValues(func() (map[string]string, error) {
	ctx := context.Background()
	mem, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	conn, err := mem.Conn(ctx) // one connection: each has its own memory
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	for _, m := range migrations() {
		if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
			return nil, fmt.Errorf("migration %s in memory: %w", m.Name, err)
		}
	}
	return triggersOf(ctx, conn)
})

// triggersOf reads a database's triggers.
func triggersOf(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name string
		var stmt sql.NullString
		if err := rows.Scan(&name, &stmt); err != nil {
			return nil, err
		}
		out[name] = strings.Join(strings.Fields(stmt.String), " ")
	}
	return out, rows.Err()
}

// triggerFaults compares the record's triggers, read in tx, with those
// signoff makes, on either engine; a fault names the trigger (it stands
// for no entry).
func (d *DB) triggerFaults(ctx context.Context, tx *sql.Tx) ([]chain.Fault, error) {
	switch e := d.eng.(type) {
	case *sqliteFile:
		return fileTriggerFaults(ctx, tx)
	case interface {
		TriggerFaults(context.Context, *sql.Tx) ([]chain.Fault, error)
	}:
		return e.TriggerFaults(ctx, tx)
	}
	return nil, nil
}

// fileTriggerFaults compares the file's triggers, read in tx, with those
// signoff makes; a fault names the trigger (it stands for no entry).
func fileTriggerFaults(ctx context.Context, tx *sql.Tx) ([]chain.Fault, error) {
	want, err := madeTriggers()
	if err != nil {
		return nil, err
	}
	have, err := triggersOf(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []chain.Fault
	bad := func(name, reason string) {
		out = append(out, chain.Fault{Table: "schema", Subject: "trigger " + name, Reason: reason})
	}
	for name, stmt := range want {
		switch got, ok := have[name]; {
		case !ok:
			bad(name, "it is missing, so what it enforced (a table append-only, or a derived table kept in step) no longer holds; it was dropped outside signoff")
		case got != stmt:
			bad(name, "it is not the one signoff made, so it was replaced outside signoff")
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			bad(name, "signoff did not make it, so it was added outside signoff, and may change what signoff writes")
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	return out, nil
}
