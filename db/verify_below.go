package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/signoff/signoff/model/chain"
)

// belowOne finds chain entries and record rows numbered 0 or below. The
// chain begins at entry 1 and signoff never writes another number there,
// so such a row was put in outside signoff; the walk, which reads from
// entry 1 on, would never see it, and a reader of the table would.
func (d *DB) belowOne(ctx context.Context, tx *sql.Tx, f *faults) error {
	tables := []string{"chain"}
	for table := range recordTables {
		tables = append(tables, table)
	}
	slices.Sort(tables[1:])
	for _, table := range tables {
		rows, err := tx.QueryContext(ctx, "SELECT seq FROM "+table+" WHERE seq <= 0 ORDER BY seq LIMIT ?", chain.MaxFaults)
		if err != nil {
			return d.fail(err)
		}
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				rows.Close()
				return d.fail(err)
			}
			f.add(chain.Fault{Seq: seq, Table: table, Reason: fmt.Sprintf("it is numbered %d, but the chain begins at entry 1 and signoff writes no other number, so it was put in outside signoff", seq)})
		}
		if err := rows.Close(); err != nil {
			return d.fail(err)
		}
		if err := rows.Err(); err != nil {
			return d.fail(err)
		}
	}
	return nil
}
