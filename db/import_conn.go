package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strconv"
)

// importCacheKiB is the page cache of an import's connection: large enough
// to hold the hot pages of the timeline's indexes, whose inserts land all
// over them, so a million-event import reads few pages back from disk.
const importCacheKiB = 16 << 10

// importTx begins a write transaction on a connection of its own with the
// larger page cache; done (after Commit or Rollback) gives the connection
// back to the pool with the usual cache.
func (d *DB) importTx(ctx context.Context) (tx *sql.Tx, done func(), err error) {
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	var before int64
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&before); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = "+strconv.Itoa(-importCacheKiB)); err != nil {
		conn.Close()
		return nil, nil, err
	}
	done = func() {
		// A connection that cannot shrink its cache back is not reused.
		if _, err := conn.ExecContext(context.Background(), "PRAGMA cache_size = "+strconv.FormatInt(before, 10)); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}
	if tx, err = conn.BeginTx(ctx, nil); err != nil {
		done()
		return nil, nil, err
	}
	return tx, done, nil
}
